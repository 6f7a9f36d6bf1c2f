// The README's commands say what they print and how they exit: every `npx gwctl ...  # ... (exit N)`
// line in its sh blocks is run, and must exit N and print every finding code its comment names.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../helpers/paths.js';
import { runCli } from '../helpers/runCli.js';

interface Claim {
  line: number;
  args: string[];
  exit: number;
  codes: string[];
}

function claims(readme: string): Claim[] {
  const out: Claim[] = [];
  let inSh = false;
  for (const [i, text] of readme.split('\n').entries()) {
    if (/^```sh\s*$/.test(text)) inSh = true;
    else if (/^```\s*$/.test(text)) inSh = false;
    if (!inSh) continue;
    const m = /npx gwctl ([^#|&<>]+?)\s+#(.*)$/.exec(text);
    const exit = m ? /\(exit (\d)\)/.exec(m[2] ?? '') : null;
    if (!m || !exit) continue;
    out.push({ line: i + 1, args: (m[1] ?? '').trim().split(/\s+/), exit: Number(exit[1]), codes: (m[2] ?? '').match(/\b(?:GW|IST)\d{4}\b/g) ?? [] });
  }
  return out;
}

const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
const found = claims(readme);

test('the README opens with commands whose exit codes it states', () => {
  assert.ok(found.length >= 3, `${found.length} claims`);
  assert.deepEqual(found[0]?.args, ['analyze', 'fixtures/httpbin'], 'the first command is analyze on the seed');
});

for (const c of found) {
  test(`README.md:${c.line}: gwctl ${c.args.join(' ')} exits ${c.exit}${c.codes.length ? ` and reports ${c.codes.join(', ')}` : ''}`, async () => {
    const run = await runCli(c.args);
    assert.equal(run.code, c.exit, run.stdout + run.stderr);
    for (const code of c.codes) assert.ok((run.stdout + run.stderr).includes(code), `${code} in\n${run.stdout}${run.stderr}`);
  });
}
