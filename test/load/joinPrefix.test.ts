// The folder walk (readInputs.ts) names an entry by its folder's joinPrefix plus the entry's name,
// which must be exactly what path.join of the two gives, for every folder as the user may name it. A
// folder below takes its parent's prefix, its name and a separator as its own prefix (no path.join
// per folder): that too must be what path.join gives, at any depth. A folder's entries are sorted in
// place (insertion sort when few): the order Array#sort gives.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { inByteOrder, joinPrefix } from '../../src/load/readInputs.js';

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

test('a folder below: its prefix is its parent\'s, its name and a separator, as path.join gives at any depth', () => {
  const name = fc.string({ minLength: 1, maxLength: 5 }).filter((n) => n !== '.' && n !== '..' && !n.includes('/') && !n.includes('\0'));
  fc.assert(
    fc.property(fc.constantFrom(...FOLDERS), fc.array(name, { minLength: 1, maxLength: 4 }), name, (top, below, file) => {
      let shown = path.join(top, below[0] ?? 'x');
      let prefix = joinPrefix(top) + (below[0] ?? 'x') + path.sep;
      for (const folder of below.slice(1)) {
        shown = path.join(shown, folder);
        prefix = prefix + folder + path.sep;
      }
      return prefix + file === path.join(shown, file);
    }),
    { numRuns: 2000 },
  );
});

test('inByteOrder sorts entries as Array#sort by name does, few or many', () => {
  const names = fc.uniqueArray(fc.string({ maxLength: 4, unit: 'grapheme' }), { maxLength: 40 });
  fc.assert(
    fc.property(names, (list) => {
      const entries = list.map((name) => ({ name }));
      const expected = [...list].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      const sorted = inByteOrder(entries);
      return sorted === entries && sorted.map((e) => e.name).join('\0') === expected.join('\0');
    }),
    { numRuns: 2000 },
  );
  assert.deepEqual(inByteOrder(['b', 'a', 'B', 'é', '_', 'a.yaml', 'a-b'].map((name) => ({ name }))).map((e) => e.name), ['B', '_', 'a', 'a-b', 'a.yaml', 'b', 'é']);
});
