// Node built-ins cost every start that loads them (compiling Node's own modules behind them), and so
// do js-yaml and picomatch (their initialisation): a run of the built CLI (bin/gwctl.js and its
// bundle) loads only those its command and inputs need (src/load/builtins.ts, bin/heapTuning.js,
// scripts/bundle.mjs for commander's and chalk's built-ins and for js-yaml and picomatch). Each row
// runs gwctl in a fresh process that reports at exit which of them were loaded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../helpers/paths.js';

const WATCHED = ['child_process', 'crypto', 'net', 'os', 'tty', 'v8', 'worker_threads'] as const;
/** The bundle's modules loaded on first use (scripts/bundle.mjs notes them in this list when it exists). */
const ON_USE = ['js-yaml', 'picomatch'] as const;
type Watched = (typeof WATCHED)[number] | (typeof ON_USE)[number];

const PC_ROUTE = ['proxy-config', 'route', 'deploy/istio-ingressgateway.istio-system', '-o', 'json', '-f'];
const ROWS: { argv: string[]; env?: Record<string, string>; loads: Watched[] }[] = [
  // node:v8 sets the flags of the commands that tune V8 (src/cli/tiering.ts, bin/heapTuning.js).
  { argv: [...PC_ROUTE, 'fixtures/httpbin'], loads: ['v8'] },
  { argv: ['analyze', 'fixtures/httpbin'], loads: ['v8'] },
  { argv: ['explain', 'http://httpbin.example.com/status/200', '-f', 'fixtures/httpbin'], loads: ['v8'] },
  { argv: ['validate', 'fixtures/httpbin', '-o', 'json'], loads: ['v8'] },
  // An address in the inputs is checked with node:net's isIP (src/schema/ip.ts).
  { argv: ['analyze', 'fixtures/analyzers/serviceentry/duplicate-host'], loads: ['net', 'v8'] },
  // A Gateway API listener's certificate Secret is checked with node:crypto.
  { argv: ['analyze', 'fixtures/gateway-api/ingress'], loads: ['crypto', 'v8'] },
  // A document fastYaml.ts leaves to js-yaml (an alias); an --exclude glob (src/load/glob.ts).
  { argv: ['validate', 'fixtures/invalid/alias-bomb.yaml', '-o', 'json'], loads: ['v8', 'js-yaml'] },
  { argv: [...PC_ROUTE, 'fixtures/httpbin', '--exclude', '*.json'], loads: ['v8', 'picomatch'] },
  // Load workers asked for (src/load/workerPool.ts).
  { argv: ['validate', 'fixtures/httpbin', '-o', 'json'], env: { GWCTL_LOAD_WORKERS: '1' }, loads: ['v8', 'worker_threads'] },
];

// Preloaded with --import: the watched built-ins loaded when the process exits, written to the file
// GWCTL_TEST_LOADED names. gwctl's output goes to /dev/null: Node's stdout and stderr on a pipe are
// sockets, which load node:net whatever gwctl does.
const REPORT = `import { writeFileSync } from 'node:fs';
const onUse = (globalThis[Symbol.for('gwctl.loadedOnUse')] = []);
process.on('exit', () => writeFileSync(process.env.GWCTL_TEST_LOADED, JSON.stringify([...${JSON.stringify(WATCHED)}.filter((m) => process.moduleLoadList.includes('NativeModule ' + m)), ...onUse])));`;

for (const { argv, env, loads } of ROWS) {
  test(`gwctl ${argv.join(' ')}${env ? ` (${JSON.stringify(env)})` : ''} loads ${loads.join(', ')} of ${[...WATCHED, ...ON_USE].join(', ')}`, () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gwctl-builtins-'));
    try {
      const report = path.join(dir, 'loaded.json');
      const run = spawnSync(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(REPORT)}`, path.join(repoRoot, 'bin', 'gwctl.js'), ...argv], {
        cwd: repoRoot,
        stdio: 'ignore',
        env: { ...process.env, GWCTL_LOAD_WORKERS: '', GWCTL_TEST_LOADED: report, ...env },
      });
      assert.ok(run.status === 0 || run.status === 1, `exit ${run.status}`);
      assert.deepEqual(JSON.parse(fs.readFileSync(report, 'utf8')), loads);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}
