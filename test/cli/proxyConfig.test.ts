// Goldens for `gwctl proxy-config` (named by the command line under test/golden/), and the spec's
// worked example (§10.3, §10.4) checked byte for byte against the spec's own text.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { assertGolden, selected } from '../helpers/golden.js';
import { sharedRoot } from '../helpers/paths.js';
import { runCli } from '../helpers/runCli.js';

const GOLDEN_RUNS: string[][] = [];
for (const fixture of ['fixtures/httpbin', 'fixtures/httpbin-fixed']) {
  for (const type of ['route', 'listener', 'cluster']) {
    GOLDEN_RUNS.push(['proxy-config', type, '-f', fixture]);
    GOLDEN_RUNS.push(['proxy-config', type, '-f', fixture, '-o', 'json']);
  }
}
GOLDEN_RUNS.push(
  ['proxy-config', 'route', '-f', 'fixtures/httpbin-fixed', '-o', 'yaml'],
  ['proxy-config', 'all', '-f', 'fixtures/httpbin'],
  ['proxy-config', 'route', '-f', 'fixtures/httpbin-fixed', '--name', 'http.8080'],
  ['proxy-config', 'cluster', '-f', 'fixtures/httpbin-fixed', '--fqdn', 'httpbin-service', '--subset', 'v2'],
  ['proxy-config', 'listener', '-f', 'fixtures/httpbin', '--port', '8080'],
  ['pc', 'route', 'fixtures/bookinfo'],
  ['pc', 'route', 'fixtures/bookinfo', '-o', 'json'],
  ['pc', 'listener', 'fixtures/bookinfo'],
  ['pc', 'cluster', 'fixtures/bookinfo'],
  // the sidecar view of the same workloads
  ['pc', 'route', 'productpage-v1.default', '-f', 'fixtures/bookinfo'],
  ['pc', 'route', 'productpage-v1.default', '-f', 'fixtures/bookinfo', '-o', 'json'],
  ['pc', 'listener', 'productpage-v1.default', '-f', 'fixtures/bookinfo'],
  ['pc', 'cluster', 'productpage-v1.default', '-f', 'fixtures/bookinfo'],
  ['pc', 'cluster', 'productpage-v1.default', '-f', 'fixtures/bookinfo', '--direction', 'inbound', '-o', 'json'],
  ['pc', 'listener', 'productpage-v1.default', '-f', 'fixtures/bookinfo', '--port', '15006', '-o', 'json'],
  ['pc', 'endpoint', 'productpage-v1.default', '-f', 'fixtures/bookinfo'],
  ['pc', 'endpoint', 'productpage-v1.default', '-f', 'fixtures/bookinfo', '--cluster', 'outbound|9080|v1|reviews.default.svc.cluster.local', '-o', 'json'],
  ['pc', 'endpoint', '-f', 'fixtures/httpbin-fixed'],
  ['proxy-config', 'cluster', 'istio-egressgateway.istio-system', '-f', 'fixtures/httpbin-fixed'],
  ['proxy-config', 'listener', 'deploy/ingress.ingress', '-f', 'fixtures/https-gateway'],
  ['proxy-config', 'listener', 'deploy/ingress.ingress', '-f', 'fixtures/https-gateway', '-o', 'json'],
  ['proxy-config', 'route', 'ingress.ingress', '-f', 'fixtures/https-gateway'],
  ['proxy-config', 'route', 'ingress.ingress', '-f', 'fixtures/https-gateway', '-o', 'json'],
  ['proxy-config', 'cluster', 'ingress.ingress', '-f', 'fixtures/https-gateway'],
  ['proxy-config', 'route', '-f', 'fixtures/multi-vs-merge'],
  ['proxy-config', 'route', '-f', 'fixtures/multi-vs-merge', '-o', 'json'],
  ['proxy-config', 'listener', '-f', 'fixtures/tcp-passthrough'],
  ['proxy-config', 'listener', '-f', 'fixtures/tcp-passthrough', '-o', 'json'],
  ['proxy-config', 'route', 'deploy/nope.default', '-f', 'fixtures/httpbin'],
);

for (const args of GOLDEN_RUNS) {
  const name = args.join(' ');
  if (!selected(name)) continue;
  test(`golden: gwctl ${name}`, async () => {
    await assertGolden(args);
  });
}

/** The spec's ```json block in a section, up to its closing fence; it holds the dynamic part only. */
function specJson(section: string): string {
  const spec = readFileSync(path.join(sharedRoot, 'spec', 'istio-semantics.md'), 'utf8');
  const at = spec.indexOf(`### ${section}`);
  assert.ok(at >= 0, `spec section ${section} not found`);
  const start = spec.indexOf('```json\n', at);
  const end = spec.indexOf('\n```', start + 8);
  return spec.slice(start + 8, end + 1);
}

const EXAMPLES = [
  { section: '10.3 Gateway tables before the fix', fixture: 'fixtures/httpbin' },
  { section: '10.4 After adding `httpbin.local` to the VS hosts', fixture: 'fixtures/httpbin-fixed' },
];

for (const ex of EXAMPLES) {
  test(`route JSON equals spec §${ex.section.split(' ')[0]} byte for byte`, async () => {
    const run = await runCli(['proxy-config', 'route', '-f', ex.fixture, '-o', 'json']);
    assert.equal(run.code, 0);
    const expected = specJson(ex.section);
    // The spec prints the dynamic config and elides the static ones after "},".
    assert.ok(expected.endsWith('    },\n'), 'spec block shape changed');
    assert.equal(run.stdout.slice(0, expected.length), expected);
    assert.match(run.stdout.slice(expected.length), /^ {4}\{\n {8}"virtualHosts": \[/);
  });
}

test('the default ingress gateway assumption is said once, on stderr', async () => {
  const run = await runCli(['proxy-config', 'all', '-f', 'fixtures/httpbin']);
  assert.equal(run.stderr.match(/assuming Istio's default ingress gateway/g)?.length, 1);
  assert.doesNotMatch(run.stdout, /assuming/);
});

test('an unknown workload is a usage error (exit 2)', async () => {
  const run = await runCli(['proxy-config', 'route', 'deploy/nope.default', '-f', 'fixtures/httpbin']);
  assert.equal(run.code, 2);
  assert.match(run.stderr, /workload "deploy\/nope.default" not found/);
});
