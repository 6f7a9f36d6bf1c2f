// node:crypto takes 6-17 ms to load: a command loads it only when a certificate Secret is read
// (src/load/nodeCrypto.ts). Each row runs main() in a fresh ES module process (`node -e` would load
// crypto itself) and reads whether the built-in was loaded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { repoRoot } from '../helpers/paths.js';

const ROWS: { argv: string[]; loads: boolean }[] = [
  { argv: ['analyze', 'fixtures/httpbin'], loads: false },
  { argv: ['validate', 'fixtures/httpbin'], loads: false },
  { argv: ['proxy-config', 'route', 'deploy/istio-ingressgateway.istio-system', '-f', 'fixtures/httpbin'], loads: false },
  { argv: ['explain', 'http://httpbin.example.com/status/200', '-f', 'fixtures/httpbin'], loads: false },
  // A Gateway API listener's certificate Secret is checked, so crypto is loaded then.
  { argv: ['analyze', 'fixtures/gateway-api/ingress'], loads: true },
];

const SCRIPT = `
const { main } = await import('./dist/src/cli/main.js');
const { processIo } = await import('./dist/src/cli/io.js');
const loaded = () => process.moduleLoadList.includes('NativeModule crypto');
const before = loaded();
await main(JSON.parse(process.argv[1]), processIo());
process.stderr.write('\\n' + JSON.stringify({ before, after: loaded() }) + '\\n');
`;

for (const { argv, loads } of ROWS) {
  test(`gwctl ${argv.join(' ')} ${loads ? 'loads' : 'does not load'} node:crypto`, () => {
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', SCRIPT, JSON.stringify(argv)], { cwd: repoRoot, encoding: 'utf8' });
    const last = run.stderr.trim().split('\n').at(-1) ?? '';
    assert.deepEqual(JSON.parse(last), { before: false, after: loads }, run.stderr);
  });
}
