// CI runs the benchmark at its smallest size as a smoke test: it must still generate both mesh
// shapes, run every command as a whole process and print its tables. No timing is asserted (CI
// machines are shared and noisy); the scaling test (test/bench/scaling.test.ts) checks growth.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

test('npm run bench -- --sizes 1000 times every command on both shapes and prints the tables', () => {
  // This checkout is its own baseline here: the point is that the paired columns are made and filled.
  const r = spawnSync(process.execPath, [path.join(repoRoot, 'dist', 'bench', 'run.js'), '--sizes', '1000', '--runs', '1', '--cold-runs', '1', '--timeout-s', '120', '--baseline', repoRoot], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 300_000,
  });
  assert.equal(r.status, 0, r.stderr);
  for (const shape of ['A', 'B']) {
    const time = r.stdout.slice(r.stdout.indexOf(`### Shape ${shape}: time`));
    const row = time.split('\n').find((l) => l.startsWith('| 1,000 '));
    assert.ok(row, `no 1,000 row for shape ${shape} in:\n${r.stdout}`);
    // Eight measurements (bare parse and seven commands), each a time with its ratio; none failed.
    assert.equal(row.match(/\d+(\.\d+)? m?s \(\d+\.\d\d×\)/g)?.length, 7, row);
    assert.doesNotMatch(row, /n\/a|OOM|timeout|failed/, row);
    const rss = r.stdout.slice(r.stdout.indexOf(`### Shape ${shape}: peak RSS`)).split('\n').find((l) => l.startsWith('| 1,000 '));
    assert.ok(rss, `no 1,000 RSS row for shape ${shape}`);
    assert.equal(rss.match(/\d+ MB \(\d+\.\d\d×\)/g)?.length, 7, rss);
    // CPU time as each process read it, beside wall time; and the baseline build's ratio beside this build's.
    const cpu = r.stdout.slice(r.stdout.indexOf(`### Shape ${shape}: CPU time`)).split('\n').find((l) => l.startsWith('| 1,000 '));
    assert.equal(cpu?.match(/\d+(\.\d+)? m?s \(\d+\.\d\d×\)/g)?.length, 7, cpu);
    const paired = r.stdout.slice(r.stdout.indexOf(`### Shape ${shape}: this build / baseline`)).split('\n').find((l) => l.startsWith('| 1,000 '));
    assert.equal(paired?.match(/\d+\.\d\d× \/ \d+\.\d\d×, cpu [−+±]\d+%/g)?.length, 7, paired);
  }
  assert.match(r.stdout, /\| gwctl --version +\| +[\d.]+ m?s \|/);
  assert.match(r.stdout, /\| gwctl analyze fixtures\/httpbin +\| +[\d.]+ m?s \|/);
  // The targets table: one row per target of issue 16; sizes not run are said to be not measured.
  const targets = r.stdout.slice(r.stdout.indexOf('### Targets (issue 16)'));
  assert.match(targets, /\| analyze ≤ 2\.0× bare, 20k +\| not measured +\| not measured +\|/);
  assert.match(targets, /\| gwctl --version ≤ 1\.3× node -e 0 +\| +[\d.]+× (met|MISSED) /);
  assert.match(r.stdout, /load average \(1\/5\/15 min\) [\d.]+ \/ [\d.]+ \/ [\d.]+ at the start/);
});
