// analyze gives the fix explain gives for the same mistake (src/model/fixes.ts is their one source):
// which host to add to which VirtualService, or which server host excludes its namespace; a
// Gateway that cannot be found keeps the catalogue's remedy.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCli } from '../helpers/runCli.js';

interface Fixed {
  code: string;
  fix: string;
}

const analyzeFix = async (files: string[], code: string): Promise<string | undefined> => {
  const run = await runCli(['analyze', ...files, '-o', 'json']);
  return (JSON.parse(run.stdout) as Fixed[]).find((f) => f.code === code)?.fix;
};
const explainFix = async (url: string, files: string[], code: string): Promise<string | undefined> => {
  const run = await runCli(['explain', url, ...files.flatMap((f) => ['-f', f]), '-o', 'json']);
  return (JSON.parse(run.stdout) as { causes: Fixed[] }).causes.find((c) => c.code === code)?.fix;
};

/** Each row: inputs, a request explain traces, and the start both fixes share (hosts lists differ: analyze shows them as written). */
const ROWS: readonly { name: string; files: string[]; url: string; code: string; shared: RegExp }[] = [
  {
    name: 'hosts that do not intersect: the host to add, where',
    files: ['fixtures/httpbin'],
    url: 'http://httpbin.local/ip',
    code: 'IST0132',
    shared: /^add `httpbin\.local` to spec\.hosts of VirtualService default\/httpbin-virtual-service \(fixtures\/httpbin\/vs\.yaml:7\); its hosts \[[^\]]+\] do not intersect the server hosts \[httpbin\.local\] of Gateway default\/httpbin-gateway$/,
  },
  {
    name: 'a server host of another namespace: which one, and the two ways out',
    files: ['fixtures/explain/namespace-excluded.yaml', 'fixtures/explain/shop/service.yaml', 'fixtures/explain/shop/vs-bound.yaml'],
    url: 'http://shop.example.com/',
    code: 'IST0132',
    shared: /^server host `istio-system\/shop\.example\.com` of Gateway istio-system\/shop-gw \(fixtures\/explain\/namespace-excluded\.yaml:\d+\) only admits VirtualServices of namespace istio-system: change it to `shop\/shop\.example\.com` or `\*\/shop\.example\.com`, or move VirtualService shop\/cart to that namespace$/,
  },
];

for (const row of ROWS) {
  test(`analyze and explain give one fix: ${row.name}`, async () => {
    const a = await analyzeFix(row.files, row.code);
    const e = await explainFix(row.url, row.files, row.code);
    assert.match(a ?? '', row.shared, 'analyze');
    assert.match(e ?? '', row.shared, 'explain');
  });
}

test('analyze: a Gateway that is not in the inputs keeps the catalogue remedy for IST0132', async () => {
  const run = await runCli(['analyze', 'fixtures/explain/shop/vs-bound.yaml', '-o', 'json']);
  const f = (JSON.parse(run.stdout) as Fixed[]).find((x) => x.code === 'IST0132');
  assert.equal(f?.fix, 'Add the host to a server of the Gateway, or change the VirtualService hosts to ones the Gateway serves.');
});

test('text output prints a precise fix under every finding, not once per code', async () => {
  const run = await runCli(['analyze', 'fixtures/httpbin', 'fixtures/explain/namespace-excluded.yaml', 'fixtures/explain/shop/service.yaml', 'fixtures/explain/shop/vs-bound.yaml']);
  assert.match(run.stdout, /fix: add `httpbin\.local`/);
  assert.match(run.stdout, /fix: server host `istio-system\/shop\.example\.com`/);
});
