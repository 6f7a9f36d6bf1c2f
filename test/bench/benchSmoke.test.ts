// CI runs the benchmark at its smallest size as a smoke test: it must still generate, run every
// command and print its table. No timing is asserted (CI machines are shared and noisy).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

test('npm run bench -- --sizes 1000 measures every command and prints one table', () => {
  const r = spawnSync(process.execPath, ['--expose-gc', path.join(repoRoot, 'dist', 'bench', 'run.js'), '--sizes', '1000', '--runs', '1', '--cold-runs', '1'], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 240_000,
  });
  assert.equal(r.status, 0, r.stderr);
  const row = r.stdout.split('\n').find((l) => l.startsWith('| 1,000 '));
  assert.ok(row, `no 1,000 row in:\n${r.stdout}`);
  // baseline, analyze, proxy-config, explain and every RSS column hold a measurement, none is n/a.
  assert.doesNotMatch(row, /n\/a/, row);
  assert.match(r.stdout, /\| gwctl --version +\| +[\d.]+ m?s \|/);
  assert.match(r.stdout, /\| gwctl analyze fixtures\/httpbin +\| +[\d.]+ m?s \|/);
  // Every command ran with arguments it accepts (exit 2 is a usage error).
  assert.doesNotMatch(r.stderr, /exit 2|not available yet|threw/, r.stderr);
});
