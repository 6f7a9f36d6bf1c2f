// Duplicate keys in load/fastYaml.ts: js-yaml rejects a mapping that repeats a key (after the key's
// resolution: `1` and `01` are both "1"), so the fast reader must hand such a document back, and
// read every other one as js-yaml does. The reader counts a mapping's own keys once it ends rather
// than looking each key up: these cases fail if that count goes wrong either way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkDocument } from './fastYamlEquality.js';

const CASES: readonly { name: string; text: string; duplicate: boolean }[] = [
  { name: 'the same plain key twice', text: 'a: 1\nb: 2\na: 3\n', duplicate: true },
  { name: 'a key repeated after many others', text: `${Array.from({ length: 40 }, (_, i) => `k${i}: ${i}`).join('\n')}\nk7: again\n`, duplicate: true },
  { name: 'plain and quoted spellings of one key', text: 'name: a\n"name": b\n', duplicate: true },
  { name: 'an integer key and its octal spelling', text: '1: a\n01: b\n', duplicate: true },
  { name: '__proto__ twice', text: '__proto__: a\nx: 1\n__proto__: b\n', duplicate: true },
  { name: 'a duplicate in a nested mapping', text: 'spec:\n  ports:\n    - name: http\n      port: 80\n      name: web\n', duplicate: true },
  { name: 'a duplicate in a compact mapping of a sequence item', text: '- a: 1\n  a: 2\n', duplicate: true },
  { name: 'distinct keys', text: 'a: 1\nb: 2\nc:\n  a: 1\n  b: 2\n', duplicate: false },
  { name: 'keys that look alike', text: '1: a\n"01": b\n10: c\nconstructor: d\ntoString: e\n__proto__: f\n', duplicate: false },
  { name: 'the same keys in sibling mappings', text: '- name: a\n  port: 1\n- name: b\n  port: 2\n', duplicate: false },
  { name: 'many distinct keys', text: `${Array.from({ length: 40 }, (_, i) => `k${i}: ${i}`).join('\n')}\n`, duplicate: false },
];

for (const c of CASES) {
  test(`fastYaml duplicate keys: ${c.name}`, () => {
    const outcome = checkDocument(c.text, c.name);
    assert.equal(outcome.handled, !c.duplicate, c.duplicate ? 'read a mapping with a duplicate key' : 'handed back a mapping without duplicates');
    if (!outcome.handled) assert.equal(outcome.jsYamlError, true, 'js-yaml reads it: the fast reader should have');
  });
}
