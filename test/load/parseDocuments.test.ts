import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chunkPosition } from '../../src/load/chunkPositions.js';
import { parseFile } from '../../src/load/parseDocuments.js';

const file = (name: string, text: string | Uint8Array) => ({ name, bytes: typeof text === 'string' ? Buffer.from(text) : text });

test('multi-document YAML: empty documents skipped, a broken one hides no other', () => {
  const p = parseFile(file('m.yaml', '---\nkind: A\n---\n---\nkind: [\n---\n# only a comment\n---\nkind: B\n...\n'));
  assert.deepEqual(p.documents.map((d) => (d.value as { kind: string }).kind), ['A', 'B']);
  assert.equal(p.findings.length, 1);
  assert.equal(p.findings[0]?.code, 'GW0001');
  assert.equal(p.findings[0]?.at?.position?.line, 6);
});

test('kind: List is expanded and each item keeps its path', () => {
  const p = parseFile(file('l.yaml', 'apiVersion: v1\nkind: List\nitems:\n- kind: A\n  metadata: {name: a}\n- kind: B\n'));
  assert.deepEqual(p.documents.map((d) => d.base), [['items', 0], ['items', 1]]);
  assert.deepEqual(chunkPosition(p.chunks, 0, ['items', 1, 'kind']), { line: 6, column: 3 });
});

test('JSON, BOM and CRLF', () => {
  const j = parseFile(file('x.json', '{"kind": "A", "items": 3}'));
  assert.equal((j.documents[0]?.value as { kind: string }).kind, 'A');
  const bad = parseFile(file('y.json', '{\n  "kind": "A",\n}'));
  assert.equal(bad.findings[0]?.code, 'GW0012');
  assert.equal(bad.findings[0]?.at?.position?.line, 3);
  const bom = parseFile(file('b.yaml', '\uFEFFkind: A\r\nmetadata:\r\n  name: x\r\n'));
  assert.deepEqual(bom.documents[0]?.value, { kind: 'A', metadata: { name: 'x' } });
  assert.deepEqual(chunkPosition(bom.chunks, 0, ['metadata', 'name']), { line: 3, column: 3 });
});

test('binary, non-UTF-8 and UTF-16 files are findings', () => {
  assert.equal(parseFile(file('bin.yaml', new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2]))).findings[0]?.code, 'GW0002');
  const latin1 = parseFile(file('l.yaml', new Uint8Array([...Buffer.from('a: 1\nb: caf'), 0xe9, 0x0a])));
  assert.equal(latin1.findings[0]?.code, 'GW0002');
  assert.equal(latin1.findings[0]?.at?.position?.line, 2);
  assert.equal(parseFile(file('u.yaml', new Uint8Array([0xff, 0xfe, 0x61, 0]))).findings[0]?.code, 'GW0002');
});

test('alias bombs stop at a budget, quickly', () => {
  const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < 10; i++) {
    const prev = String.fromCharCode(96 + i);
    const cur = String.fromCharCode(97 + i);
    lines.push(`${cur}: &${cur} [${Array(9).fill(`*${prev}`).join(',')}]`);
  }
  const started = Date.now();
  const p = parseFile(file('bomb.yaml', lines.join('\n') + '\n'));
  assert.ok(Date.now() - started < 1000);
  assert.equal(p.findings[0]?.code, 'GW0003');
  assert.equal(p.documents.length, 0);
});

test('deep nesting, tags and templates are findings, not crashes', () => {
  const deep = parseFile(file('d.yaml', 'a: ' + '['.repeat(10_000) + ']'.repeat(10_000) + '\n'));
  assert.equal(deep.findings[0]?.code, 'GW0001');
  assert.match(JSON.stringify(deep.findings[0]?.args), /nested deeper/);
  const tag = parseFile(file('t.yaml', 'a: !!js/function "function () {}"\n'));
  assert.match(JSON.stringify(tag.findings[0]?.args), /never evaluates/);
  const helm = parseFile(file('h.yaml', 'metadata:\n  name: {{ .Release.Name }}\n'));
  assert.equal(helm.findings[0]?.code, 'GW0004');
  const helmBroken = parseFile(file('h2.yaml', '{{- if .Values.enabled }}\nkind: A\n{{- end }}\n'));
  assert.equal(helmBroken.findings[0]?.code, 'GW0004');
});

test('__proto__ keys do not pollute prototypes', () => {
  parseFile(file('p.yaml', '__proto__: {polluted: yes}\nx:\n  <<: {__proto__: {polluted: yes}}\n'));
  assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
});
