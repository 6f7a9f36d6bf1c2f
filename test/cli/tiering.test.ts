// src/cli/tiering.ts: once analyze, proxy-config or explain has loaded its inputs, V8 optimises only the functions that are
// really hot. The effect is read in a fresh process (flags are process-wide): a flag V8 stopped
// honouring (a newer Node) fails here instead of silently costing CPU again.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { main } from '../../src/cli/main.js';
import type { CliIo } from '../../src/cli/io.js';
import { afterLoadingFlags, AFTER_LOADING_INTERRUPT_BUDGET } from '../../src/cli/tiering.js';
import { repoRoot } from '../helpers/paths.js';

const knownV8 = /^1[12]\./.test(process.versions.v8);

/** Whether a small loop function is optimised after `calls` calls, with or without the tuning (synchronous compiles: no race). */
function optimisedAfter(calls: number, tuned: boolean): boolean {
  const script = `
    const { tuneAfterLoading } = await import('./dist/src/cli/tiering.js');
    if (${tuned}) tuneAfterLoading();
    function f(n) { let s = 0; for (let i = 0; i < n; i++) s += (i * 7) % 13; return s; }
    let t = 0;
    for (let k = 0; k < ${calls}; k++) t += f(100);
    process.stdout.write(JSON.stringify({ optimised: (%GetOptimizationStatus(f) & 16) !== 0, t }));`;
  const r = spawnSync(process.execPath, ['--allow-natives-syntax', '--no-concurrent-recompilation', '--input-type=module', '-e', script], { cwd: repoRoot, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, '', 'no message from V8 about the flag');
  return (JSON.parse(r.stdout) as { optimised: boolean }).optimised;
}

test('after loading, warm functions stay unoptimised and hot ones are still optimised', { skip: knownV8 ? false : `V8 ${process.versions.v8}: the flag is not set` }, () => {
  assert.equal(optimisedAfter(100, false), true, 'V8 optimises the warm function by default');
  assert.equal(optimisedAfter(100, true), false, 'not once the threshold is raised');
  assert.equal(optimisedAfter(3000, true), true, 'a hot function still is');
});

test('the flag is set only on the V8 versions known to have it', () => {
  for (const [v8Version, expected] of [
    ['11.3.244.8', [`--interrupt-budget=${AFTER_LOADING_INTERRUPT_BUDGET}`]],
    ['12.4.254.21', [`--interrupt-budget=${AFTER_LOADING_INTERRUPT_BUDGET}`]],
    ['13.6.233.10', []],
    ['10.2.154.26', []],
  ] as const) {
    assert.deepEqual(afterLoadingFlags(v8Version), expected, `V8 ${v8Version}`);
  }
});

// Every command that works on the loaded inputs (analyze; proxy-config and explain, which derive a
// proxy's config once and write it) tells the process once, between reading and writing.
for (const args of [
  ['analyze', '-f', '-', '-o', 'json'],
  ['proxy-config', 'route', '-f', '-', '-o', 'json'],
  ['proxy-config', 'cluster', '-f', '-'],
  ['explain', 'http://a.default.svc.cluster.local/', '-f', '-'],
]) {
  test(`${args[0] === 'proxy-config' ? args.slice(0, 2).join(' ') : args[0]} tells the process its inputs are loaded once, after reading them and before writing`, async () => {
    const events: string[] = [];
    const io: CliIo = {
      stdout: () => void events.push('stdout'),
      stderr: () => undefined,
      readStdin: async () => {
        events.push('stdin');
        return Buffer.from('apiVersion: v1\nkind: Service\nmetadata: {name: a, namespace: default}\nspec: {ports: [{port: 80}]}\n');
      },
      isTTY: false,
      stdinPiped: () => true,
      env: {},
      cwd: repoRoot,
      inputsLoaded: () => void events.push('loaded'),
    };
    assert.ok([0, 1].includes(await main(args, io)), 'an answer, not a usage error');
    assert.deepEqual(events.filter((e, i) => e !== events[i - 1]), ['stdin', 'loaded', 'stdout']);
  });
}
