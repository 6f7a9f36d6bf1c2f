// The floors of src/ (docs/CONTRIBUTING.md, "Layout"): an import goes to the same folder or a lower
// floor, never up, never sideways between the two halves of a floor, and no files import each other
// in a cycle (types included). Allowed exceptions are listed below and may only shrink: an entry that
// no longer occurs fails too, so that it is deleted when its violation is fixed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { repoRoot } from '../helpers/paths.js';
import { cycles, importGraph, type Edge } from './importGraph.js';

/** Bottom to top. Folders on one floor (`analysis`, `explain`) may not import each other. */
const FLOORS: readonly (readonly string[])[] = [
  ['version.ts'],
  ['diagnostics'],
  ['load'],
  ['schema'],
  ['model'],
  ['convert'],
  ['derive'],
  ['analysis', 'explain'],
  ['diff'],
  ['report'],
  ['app'],
  ['cli'],
];

/** `from -> to` imports against the floors still waiting for a fix (none: keep it that way). */
const KNOWN_VIOLATIONS: readonly string[] = [];
/** Cycles still waiting for a fix, as their sorted files joined by ' <-> ' (none). */
const KNOWN_CYCLES: readonly string[] = [];

/** The top-level entry of src/ a file belongs to: `src/derive/route/x.ts` -> `derive`, `src/version.ts` -> `version.ts`. */
const unitOf = (file: string): string => file.split('/')[1] ?? file;

function floorOf(file: string): number {
  const unit = unitOf(file);
  const floor = FLOORS.findIndex((f) => f.includes(unit));
  assert.ok(floor >= 0, `${file}: src/${unit} is on no floor; add it to FLOORS (and to docs/CONTRIBUTING.md)`);
  return floor;
}

function violates(e: Edge): boolean {
  if (unitOf(e.from) === unitOf(e.to)) return false;
  const [a, b] = [floorOf(e.from), floorOf(e.to)];
  return b >= a;
}

const { files, edges } = importGraph(repoRoot);

test('the import graph is read: every floor has files and imports', () => {
  assert.ok(edges.length > 500, `only ${edges.length} imports found`);
  for (const floor of FLOORS) for (const unit of floor) assert.ok(files.some((f) => unitOf(f) === unit), `src/${unit} has no files`);
  assert.ok(edges.some((e) => e.from.startsWith('src/cli/') && e.to.startsWith('src/app/')), 'cli -> app imports are seen');
});

test('no import goes up a floor or across one', () => {
  const found = edges.filter(violates).map((e) => `${e.from} -> ${e.to}`);
  const unexpected = found.filter((v) => !KNOWN_VIOLATIONS.includes(v));
  const fixed = KNOWN_VIOLATIONS.filter((v) => !found.includes(v));
  assert.deepEqual(unexpected, [], `imports against the floors (${FLOORS.map((f) => f.join('|')).join(' < ')})`);
  assert.deepEqual(fixed, [], 'fixed: delete these from KNOWN_VIOLATIONS');
});

test('no import cycles, type-only imports included', () => {
  const found = cycles(files, edges).map((c) => c.join(' <-> '));
  assert.deepEqual(found.filter((c) => !KNOWN_CYCLES.includes(c)), [], 'import cycles');
  assert.deepEqual(KNOWN_CYCLES.filter((c) => !found.includes(c)), [], 'fixed: delete these from KNOWN_CYCLES');
});

test('the checks can fail: an upward import, a sideways one and a cycle are caught', () => {
  assert.ok(violates({ from: 'src/model/x.ts', to: 'src/derive/y.ts' }));
  assert.ok(violates({ from: 'src/explain/x.ts', to: 'src/analysis/y.ts' }));
  assert.ok(!violates({ from: 'src/cli/x.ts', to: 'src/app/y.ts' }));
  assert.ok(!violates({ from: 'src/report/x.ts', to: 'src/version.ts' }));
  const loop = cycles(['a', 'b', 'c'], [
    { from: 'a', to: 'b' },
    { from: 'b', to: 'c' },
    { from: 'c', to: 'a' },
  ]);
  assert.deepEqual(loop, [['a', 'b', 'c']]);
  assert.deepEqual(cycles(['a', 'b'], [{ from: 'a', to: 'b' }]), []);
});
