// Linear by construction, checked in CI: on generated meshes of both shapes (bench/generate.ts) at N,
// 2N and 4N resources, no stage (loading, any analyzer, gateway or sidecar derivation and rendering,
// explain) may grow by more than ~2.3× per doubling, and findings stay O(resources). Work is the
// bytes a stage allocates, not time (bench/scaling.ts says why: deterministic within a few percent
// however loaded the machine is, and a pairwise stage grows ~4× per doubling). Bounded: ~10 s of CPU
// per shape at N = 500, and a child that has not finished in 4 minutes fails the test.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { allocatedBytes, perDoubling, type ScalingResult } from '../../bench/scaling.js';
import { repoRoot } from '../helpers/paths.js';
import type { Shape } from '../../bench/generate.js';

const N = 500;
const MAX_PER_DOUBLING = 2.3;
/**
 * A stage fails when it allocates more than MAX_PER_DOUBLING² times its N allocation at 4N, by more
 * than this: the excess of small stages over their allowance is JIT and GC noise (a stage of ~1 MB
 * moves ±10% from run to run), while a pairwise stage's excess is many megabytes and grows 4× per
 * doubling.
 */
const MIN_EXCESS_BYTES = 1_000_000;
const CHILD_TIMEOUT_MS = 240_000;

test('the allocation measure sees quadratic work as ~4× per doubling and linear work as ~2×', () => {
  let sink = 0;
  // What pairwise code tends to do: a key per pair, kept (escape analysis cannot remove it).
  const pairs = (n: number) => () => {
    const seen = new Set<string>();
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) seen.add(`${i}/${j}`);
    sink += seen.size;
  };
  const items = (n: number) => () => {
    const seen = new Set<string>();
    for (let i = 0; i < 40 * n; i++) seen.add(`${i}/${i}`);
    sink += seen.size;
  };
  for (const n of [100, 200, 400]) {
    allocatedBytes(pairs(n));
    allocatedBytes(items(n));
  }
  const quadratic = perDoubling([100, 200, 400].map((n) => allocatedBytes(pairs(n))));
  const linear = perDoubling([100, 200, 400].map((n) => allocatedBytes(items(n))));
  assert.ok(sink > 0);
  // A pairwise loop that allocates nothing at all (a bare comparison) is invisible to this measure:
  // the stages below rely on pairwise code building keys, lists or sets per pair, as it does here.
  assert.ok(quadratic > 3.5, `quadratic work measured ${quadratic.toFixed(2)}× per doubling`);
  assert.ok(linear < 2.3, `linear work measured ${linear.toFixed(2)}× per doubling`);
});

for (const shape of ['A', 'B'] as Shape[]) {
  test(`shape ${shape}: doubling the mesh costs at most ${MAX_PER_DOUBLING}× the work in every stage, findings stay O(resources)`, () => {
    // In a child process with a collected heap before each measurement, no background threads and a
    // warm-up of every stage (bench/scaling.ts): what a stage allocates is then the same, within a
    // few percent, from run to run.
    const child = spawnSync(process.execPath, ['--expose-gc', '--single-threaded', path.join(repoRoot, 'dist', 'bench', 'scaling.js'), shape, String(N), '--repeats', '1', '--no-cpu', '--json'], {
      encoding: 'utf8',
      maxBuffer: 16 << 20,
      timeout: CHILD_TIMEOUT_MS,
    });
    assert.equal(child.error, undefined, `the scaling child did not finish in ${CHILD_TIMEOUT_MS / 1000} s: ${String(child.error)}`);
    assert.equal(child.status, 0, child.stderr);
    const r = JSON.parse(child.stdout) as ScalingResult;
    const over: string[] = [];
    for (const [name, st] of Object.entries(r.stages)) {
      const first = st.bytes[0] ?? 0;
      const last = st.bytes[st.bytes.length - 1] ?? 0;
      const growth = perDoubling(st.bytes);
      if (growth > MAX_PER_DOUBLING && last - first * MAX_PER_DOUBLING ** (st.bytes.length - 1) > MIN_EXCESS_BYTES) {
        over.push(`${name}: ${st.bytes.map((b) => `${(b / 1e6).toFixed(2)} MB`).join(' → ')} (${growth.toFixed(2)}× per doubling)`);
      }
    }
    assert.deepEqual(over, [], `stages growing faster than linear at ${r.sizes.join(' / ')} resources`);
    assert.ok(Object.keys(r.stages).length > 20, 'every analyzer and derivation stage was measured');
    const findingGrowth = perDoubling(r.findings);
    assert.ok(findingGrowth <= MAX_PER_DOUBLING, `findings ${r.findings.join(' → ')} grow ${findingGrowth.toFixed(2)}× per doubling: ${JSON.stringify(r.byCode)}`);
    r.sizes.forEach((size, i) => {
      assert.ok((r.findings[i] ?? 0) <= size, `${r.findings[i]} findings for ${size} resources: ${JSON.stringify(r.byCode[i])}`);
    });
  });
}
