// bin/heapTuning.js: `validate` runs with a young generation that stays at its first size; the other
// commands keep V8's defaults. The effect is checked in a fresh process (flags are process-wide): a
// flag V8 stopped honouring (a newer Node) fails here instead of silently costing memory and time.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { repoRoot } from '../helpers/paths.js';

const module = pathToFileURL(path.join(repoRoot, 'bin', 'heapTuning.js')).href;

interface Probe {
  flags: string[];
  newSpace: number;
}

/** Sets the flags for `args` in a fresh process, then allocates 2 M short-lived objects, keeping one in eight. */
function probe(args: string[], v8Version?: string): Probe {
  const script = `
    import v8 from 'node:v8';
    const { heapFlagsFor, tuneHeap } = await import(${JSON.stringify(module)});
    const args = ${JSON.stringify(args)};
    const flags = ${v8Version === undefined ? 'tuneHeap(args)' : `heapFlagsFor(args, ${JSON.stringify(v8Version)})`};
    const keep = [];
    for (let i = 0; i < 2e6; i++) { const o = { a: i, b: [i] }; if (i % 8 === 0) keep.push(o); }
    const newSpace = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size;
    process.stdout.write(JSON.stringify({ flags, newSpace }));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, '', 'no message from V8 about the flag');
  return JSON.parse(r.stdout) as Probe;
}

const MiB = 1024 * 1024;
const knownV8 = /^1[12]\./.test(process.versions.v8);

test('validate keeps a small young generation; analyze keeps V8 default growth', { skip: knownV8 ? false : `V8 ${process.versions.v8}: the flag is not set` }, () => {
  const validate = probe(['--no-color', 'validate', 'manifests/']);
  assert.deepEqual(validate.flags, ['--semi-space-growth-factor=1']);
  assert.ok(validate.newSpace <= 4 * MiB, `new space ${validate.newSpace}`);
  const analyze = probe(['analyze', 'manifests/']);
  assert.deepEqual(analyze.flags, []);
  assert.ok(analyze.newSpace > 8 * MiB, `new space ${analyze.newSpace}`);
});

test('the flag is set only for validate, and only on the V8 versions known to have it', () => {
  for (const [args, v8Version, expected] of [
    [['validate', 'x'], '11.3.244.8', ['--semi-space-growth-factor=1']],
    [['--debug', 'validate', 'x'], '12.4.254.21', ['--semi-space-growth-factor=1']],
    [['validate', 'x'], '13.6.233.10', []],
    [['analyze', 'validate'], '11.3.244.8', []],
    [['--config', 'ci.yaml', 'validate', 'x'], '11.3.244.8', ['--semi-space-growth-factor=1']],
    [['--config=ci.yaml', '--quiet', 'validate', 'x'], '11.3.244.8', ['--semi-space-growth-factor=1']],
    [['--no-config', 'validate'], '11.3.244.8', ['--semi-space-growth-factor=1']],
    [['--config', 'validate', 'analyze', 'x'], '11.3.244.8', []],
    [['--version'], '11.3.244.8', []],
  ] as const) {
    assert.deepEqual(probe([...args], v8Version).flags, expected, `${args.join(' ')} on V8 ${v8Version}`);
  }
});
