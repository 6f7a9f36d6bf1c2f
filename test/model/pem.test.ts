// pemMatches finds exactly what the regexes it replaced found (a differential fuzzer over the
// characters that matter), and a Secret made of BEGIN lines costs linear time, not seconds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mulberry32 } from '../../bench/prng.js';
import { pemMatches } from '../../src/model/pem.js';

const REGEX = {
  crInType: /-----BEGIN ([^\n-]*)-----\r?\n([\s\S]*?)-----END \1-----/g,
  noCrInType: /-----BEGIN ([^\r\n-]*)-----\r?\n([\s\S]*?)-----END \1-----/g,
};

function byRegex(text: string, crInType: boolean): { type: string; body: string }[] {
  const re = new RegExp(crInType ? REGEX.crInType : REGEX.noCrInType);
  const out: { type: string; body: string }[] = [];
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) out.push({ type: m[1] ?? '', body: m[2] ?? '' });
  return out;
}

const CASES: { name: string; text: string; blocks: { type: string; body: string }[] | 'crInType' }[] = [
  { name: 'one block', text: '-----BEGIN CERTIFICATE-----\nQUJD\n-----END CERTIFICATE-----\n', blocks: [{ type: 'CERTIFICATE', body: 'QUJD\n' }] },
  { name: 'CRLF lines', text: '-----BEGIN A-----\r\nQQ==\r\n-----END A-----', blocks: [{ type: 'A', body: 'QQ==\r\n' }] },
  { name: 'an END of another type is skipped', text: '-----BEGIN A-----\nx-----END B-----y-----END A-----', blocks: [{ type: 'A', body: 'x-----END B-----y' }] },
  { name: 'a BEGIN without its END is passed over', text: '-----BEGIN A-----\n-----BEGIN B-----\nz-----END B-----', blocks: [{ type: 'B', body: 'z' }] },
  { name: 'two blocks in order', text: '-----BEGIN A-----\n1-----END A-----\n-----BEGIN B-----\n2-----END B-----', blocks: [{ type: 'A', body: '1' }, { type: 'B', body: '2' }] },
  { name: 'a BEGIN overlapping the END before it is not found', text: '-----BEGIN A-----\n1-----END A-----BEGIN A-----\n2-----END A-----', blocks: [{ type: 'A', body: '1' }] },
  { name: 'a carriage return in the type', text: '-----BEGIN A\r-----\nb-----END A\r-----', blocks: 'crInType' as const },
  { name: 'an empty type', text: '-----BEGIN -----\nb-----END -----', blocks: [{ type: '', body: 'b' }] },
  { name: 'no line break after the BEGIN line', text: '-----BEGIN A-----x-----END A-----', blocks: [] },
  { name: 'a type name with a dash never matches', text: '-----BEGIN A-B-----\nx-----END A-B-----', blocks: [] },
];

for (const { name, text, blocks } of CASES) {
  test(`pemMatches: ${name}`, () => {
    for (const crInType of [true, false]) {
      // 'crInType': one block of type "A\r" when a carriage return may be part of the type, else none.
      const expected = blocks === 'crInType' ? (crInType ? [{ type: 'A\r', body: 'b' }] : []) : blocks;
      assert.deepEqual([...pemMatches(text, crInType)], expected);
      assert.deepEqual(byRegex(text, crInType), expected, 'the table agrees with the regex');
    }
  });
}

test('pemMatches equals the regexes on 20,000 random texts of PEM fragments', () => {
  const random = mulberry32(0x9e3779b9);
  const pieces = ['-----BEGIN ', '-----END ', '-----', '-', 'A', 'B', 'AB', '\n', '\r', '\r\n', 'x', ' ', ':'];
  for (let i = 0; i < 20_000; i++) {
    let text = '';
    const n = 1 + Math.floor(random() * 24);
    for (let j = 0; j < n; j++) text += pieces[Math.floor(random() * pieces.length)];
    for (const crInType of [true, false]) {
      assert.deepEqual([...pemMatches(text, crInType)], byRegex(text, crInType), JSON.stringify({ text, crInType }));
    }
  }
});

test('a Secret of 40,000 BEGIN lines is scanned in linear time (the regex took ~8 s)', () => {
  for (const line of ['-----BEGIN X-----\n', '-----BEGIN X-----\n-----END Y-----', '-----BEGIN ']) {
    const text = line.repeat(40_000);
    const started = process.cpuUsage();
    const found = [...pemMatches(text, false)].length;
    const { user, system } = process.cpuUsage(started);
    assert.equal(found, 0);
    // ~10 ms when linear; a quadratic scan of 720 KB takes seconds.
    assert.ok(user + system < 2_000_000, `${(user + system) / 1000} ms of CPU for ${JSON.stringify(line)}`);
  }
});
