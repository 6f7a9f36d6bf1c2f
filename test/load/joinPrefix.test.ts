// The folder walk (readInputs.ts) names an entry by its folder's joinPrefix plus the entry's name,
// which must be exactly what path.join of the two gives, for every folder as the user may name it.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { joinPrefix } from '../../src/load/readInputs.js';

const FOLDERS = ['.', './', './x', 'x', 'x/', 'x//y/', '/', '//', '/tmp/a/../b', '..', '../..', 'a/./b', './..', 'x/..', '/..', 'a\\b', ' sp ace ', 'é/ü'];
const NAMES = ['a.yaml', '_', '.hidden', '...', 'a b', 'x\\y', 'é€😀.yml', '-', '.yaml'];

test('joinPrefix(folder) + name is path.join(folder, name) for folders as named and entry names', () => {
  for (const folder of FOLDERS) {
    for (const name of NAMES) assert.equal(joinPrefix(folder) + name, path.join(folder, name), JSON.stringify([folder, name]));
  }
});

test('joinPrefix agrees with path.join on generated folders and names', () => {
  const segment = fc.constantFrom('.', '..', '', 'a', 'bb', '_', '.x', 'x.');
  const folder = fc.tuple(fc.boolean(), fc.array(segment, { maxLength: 6 })).map(([abs, parts]) => (abs ? '/' : '') + parts.join('/')).filter((f) => f !== '');
  const name = fc.string({ minLength: 1, maxLength: 6 }).filter((n) => n !== '.' && n !== '..' && !n.includes('/') && !n.includes('\0'));
  fc.assert(fc.property(folder, name, (f, n) => joinPrefix(f) + n === path.join(f, n)), { numRuns: 2000 });
});
