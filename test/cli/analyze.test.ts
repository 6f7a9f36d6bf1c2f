// `gwctl analyze` end to end: the seed scenario, exit codes equal across formats, SARIF structure,
// suppression, and goldens for every output format.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertGolden } from '../helpers/golden.js';
import { runCli } from '../helpers/runCli.js';

interface JsonRecord {
  code: string;
  resource: { kind: string; namespace: string; name: string } | null;
  line: number | null;
  file: string | null;
}

test('seed scenario: IST0132 on default/httpbin-virtual-service at the line of its hosts', async () => {
  const run = await runCli(['analyze', 'fixtures/httpbin', '-o', 'json']);
  const records = JSON.parse(run.stdout) as JsonRecord[];
  const hit = records.find((r) => r.code === 'IST0132');
  assert.deepEqual(hit?.resource, { kind: 'VirtualService', namespace: 'default', name: 'httpbin-virtual-service' });
  assert.equal(hit?.file, 'fixtures/httpbin/vs.yaml');
  assert.equal(hit?.line, 7, 'line of spec.hosts');
});

test('exit codes depend on the threshold, never on the output format', async () => {
  for (const dir of ['fixtures/httpbin', 'fixtures/httpbin-fixed', 'fixtures/analyzers/destinationrule/subset-selects-pods']) {
    for (const threshold of ['error', 'warning', 'info']) {
      const codes = new Set<number>();
      for (const o of ['log', 'json', 'yaml', 'sarif', 'github']) {
        codes.add((await runCli(['analyze', dir, '-o', o, '--failure-threshold', threshold])).code);
      }
      assert.equal(codes.size, 1, `${dir} --failure-threshold ${threshold}: ${[...codes].join(', ')}`);
    }
  }
  assert.equal((await runCli(['analyze', 'fixtures/httpbin', '--failure-threshold', 'warning'])).code, 1);
  // A port that can only answer 404 (GW0203) is an error: the broken seed fails CI by default; the fixed one passes.
  assert.equal((await runCli(['analyze', 'fixtures/httpbin', '--failure-threshold', 'error'])).code, 1);
  assert.equal((await runCli(['analyze', 'fixtures/httpbin'])).code, 1);
  assert.equal((await runCli(['analyze', 'fixtures/httpbin-fixed'])).code, 0);
  assert.equal((await runCli(['analyze', 'fixtures/httpbin', '--failure-threshold', 'bogus'])).code, 2);
  assert.equal((await runCli(['analyze', 'no/such/path'])).code, 2);
});

test('-o sarif is a structurally valid SARIF 2.1.0 log', async () => {
  const run = await runCli(['analyze', 'fixtures/analyzers/sidecar/selector', 'fixtures/httpbin', '-o', 'sarif']);
  const log = JSON.parse(run.stdout) as {
    version: string;
    $schema: string;
    runs: { tool: { driver: { name: string; rules: { id: string; shortDescription: { text: string } }[] } }; results: Record<string, unknown>[] }[];
  };
  assert.equal(log.version, '2.1.0');
  assert.match(log.$schema, /sarif-2\.1\.0/);
  assert.equal(log.runs.length, 1);
  const r0 = log.runs[0];
  assert.ok(r0 && r0.tool.driver.name === 'gwctl');
  const ids = r0.tool.driver.rules.map((r) => r.id);
  assert.equal(new Set(ids).size, ids.length, 'one rule per code');
  assert.ok(r0.results.length > 0);
  for (const res of r0.results) {
    const ruleIndex = res['ruleIndex'] as number;
    assert.equal(ids[ruleIndex], res['ruleId']);
    assert.ok(['error', 'warning', 'note', 'none'].includes(res['level'] as string));
    assert.equal(typeof (res['message'] as { text: string }).text, 'string');
    const loc = (res['locations'] as { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[])[0];
    assert.ok(loc, 'every result has a location');
    assert.ok(!loc.physicalLocation.artifactLocation.uri.startsWith('/'), 'relative uri');
    assert.ok(Number.isInteger(loc.physicalLocation.region.startLine) && loc.physicalLocation.region.startLine >= 1);
    assert.ok(loc.physicalLocation.region.startColumn >= 1);
  }
});

test('suppression by flag (globs) and by annotation; unknown codes warn', async () => {
  const base = JSON.parse((await runCli(['analyze', 'fixtures/httpbin', '-o', 'json'])).stdout) as JsonRecord[];
  assert.ok(base.some((r) => r.code === 'IST0132'));
  for (const s of ['IST0132=VirtualService default/httpbin-virtual-service', 'IST01*=VirtualService *', 'IST0132=VirtualService httpbin-virtual-service.default']) {
    const run = await runCli(['analyze', 'fixtures/httpbin', '-o', 'json', '-S', s]);
    assert.ok(!(JSON.parse(run.stdout) as JsonRecord[]).some((r) => r.code === 'IST0132'), s);
  }
  const unknown = await runCli(['analyze', 'fixtures/httpbin', '-S', 'IST9999=Gateway *']);
  assert.match(unknown.stderr, /unknown code IST9999/);
  const yaml = 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: v\n  namespace: default\n  annotations:\n    galley.istio.io/analyze-suppress: IST0101\n    gwctl.io/ignore: IST0132,GW0201,NOPE1\nspec:\n  hosts: [a]\n  gateways: [missing]\n  http:\n  - route:\n    - destination: {host: a}\n';
  const run = await runCli(['analyze', '-', '-o', 'json', '--analyzer', 'virtualservice/gateway-not-found', '--analyzer', 'virtualservice/bound-to-nothing'], { stdin: yaml });
  assert.deepEqual(JSON.parse(run.stdout), []);
  assert.match(run.stderr, /unknown code NOPE1/);
});

test('a -S rule that matches no finding is named in a note (dropped with -q); one that matches is not', async () => {
  const used = 'IST0132=VirtualService default/httpbin-virtual-service';
  const stale = 'IST0132=VirtualService default/renamed-long-ago';
  const typo = 'IST0132=VirtualServce *';
  const run = await runCli(['analyze', 'fixtures/httpbin', '-S', used, '-S', stale, '-S', typo]);
  assert.match(run.stderr, /note: --suppress "IST0132=VirtualService default\/renamed-long-ago" matched no finding/);
  assert.match(run.stderr, /note: --suppress "IST0132=VirtualServce \*" matched no finding/);
  assert.ok(!run.stderr.includes(`"${used}" matched`), run.stderr);
  // Two rules matching the same finding are both used.
  const both = await runCli(['analyze', 'fixtures/httpbin', '-S', used, '-S', 'IST01*=VirtualService *']);
  assert.ok(!both.stderr.includes('matched no finding'), both.stderr);
  const quiet = await runCli(['analyze', 'fixtures/httpbin', '-q', '-S', stale]);
  assert.ok(!quiet.stderr.includes('matched no finding'), quiet.stderr);
  assert.equal(quiet.code, run.code);
});

for (const o of ['log', 'json', 'yaml', 'sarif', 'github']) {
  test(`golden: analyze fixtures/httpbin -o ${o}`, async () => {
    await assertGolden(['analyze', 'fixtures/httpbin', '-o', o]);
  });
}
test('golden: analyze --list-analyzers', async () => {
  await assertGolden(['analyze', '--list-analyzers']);
});
test('analyze --list-analyzers -o json: per analyzer its codes, the istioctl analyzer or nearest codes, the Kiali codes', async () => {
  const run = await runCli(['analyze', '--list-analyzers', '-o', 'json']);
  assert.equal(run.code, 0);
  const list = JSON.parse(run.stdout) as { name: string; istio?: string; codes: string[]; kiali?: string[] }[];
  const byName = new Map(list.map((a) => [a.name, a]));
  assert.deepEqual(byName.get('virtualservice/gateway-not-found'), {
    name: 'virtualservice/gateway-not-found',
    description: 'Checks that each Gateway a VirtualService names exists and serves at least one of its hosts',
    istio: 'virtualservice.GatewayAnalyzer',
    codes: ['IST0101', 'IST0132', 'IST0165'],
    kiali: ['KIA1102'],
  });
  assert.ok(list.every((a) => a.codes.length > 0));
});

test('--skip-wildcard-gateway-hosts leaves out overlaps with a bare * and keeps the others (GW0303)', async () => {
  const file = 'fixtures/analyzers/gateway/overlapping-hosts/cases.yaml';
  const count = (out: string): number => out.split('\n').filter((l) => l.includes('[GW0303]')).length;
  const all = await runCli(['analyze', file]);
  const skipped = await runCli(['analyze', '--skip-wildcard-gateway-hosts', file]);
  assert.equal(count(all.stdout), 2);
  assert.equal(count(skipped.stdout), 1);
  assert.equal(all.code, skipped.code);
});
