// Which rows of the whole-process bench are not evidence (bench/report.ts): a bare parse whose rounds
// disagree, or one that ran slow for the whole row (every process slow, so the spread does not show
// it and ratios to it look better than they are).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Shape } from '../../bench/generate.js';
import { spread } from '../../bench/harness.js';
import { unsteadyRows, type SizeResult } from '../../bench/report.js';

const NODE_MS = 140;

/** A row with the bare parse's wall times in ms and the mesh's size in MB. */
function row(shape: Shape, size: number, mb: number, bareMs: number[]): SizeResult {
  return { shape, size, files: 1, mb, runs: bareMs.length, results: { bare: { wall: spread(bareMs), exit: '0' } } };
}

const cases: { name: string; rows: SizeResult[]; unsteady: Record<string, RegExp> }[] = [
  {
    name: 'a steady run (per-MB cost falls a little with size) flags nothing',
    rows: [row('A', 5000, 2.3, [390, 395, 400]), row('A', 20_000, 9.4, [590, 600, 610]), row('A', 50_000, 23.5, [1160, 1170, 1180]), row('A', 100_000, 47.2, [2050, 2060, 2070])],
    unsteady: {},
  },
  {
    name: 'rounds that disagree by more than 15% flag their row',
    rows: [row('A', 20_000, 9.4, [570, 600, 800]), row('A', 50_000, 23.5, [1160, 1170, 1180])],
    unsteady: { 'A 20000': /bare parse ranged 570 ms–800 ms/ },
  },
  {
    name: 'a row slow throughout (steady within itself) is flagged against the shape’s fastest size',
    // Session 10's full run: 802 ms at A 20k and 1.85 s at A 50k, against 0.60 s and 1.17 s otherwise.
    rows: [row('A', 20_000, 9.4, [800, 802, 805]), row('A', 50_000, 23.5, [1840, 1850, 1860]), row('A', 100_000, 47.2, [2050, 2060, 2070])],
    unsteady: { 'A 20000': /70 ms\/MB against 41 ms\/MB/, 'A 50000': /73 ms\/MB/ },
  },
  {
    name: 'shapes are compared with themselves only, and 5k (start-up dominated) only by its spread',
    rows: [row('A', 5000, 2.3, [390, 395, 400]), row('A', 20_000, 9.4, [590, 600, 610]), row('B', 20_000, 10.3, [850, 860, 870]), row('B', 50_000, 25.9, [2100, 2120, 2130])],
    unsteady: {},
  },
];

for (const c of cases) {
  test(`unsteady bench rows: ${c.name}`, () => {
    const got = unsteadyRows(c.rows, NODE_MS);
    const flagged = Object.fromEntries([...got].map(([r, why]) => [`${r.shape} ${r.size}`, why]));
    assert.deepEqual(Object.keys(flagged).sort(), Object.keys(c.unsteady).sort(), JSON.stringify(flagged));
    for (const [k, re] of Object.entries(c.unsteady)) assert.match(flagged[k] ?? '', re);
  });
}
