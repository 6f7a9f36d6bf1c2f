// Every case shipped with gwctl agrees with `gwctl explain -o json` on the same request: the record a
// case carries is byte for byte what explain prints for its URL, method, headers and proxy, and each
// native expectation's verdict is recomputed here from explain's JSON alone.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCli } from '../helpers/runCli.js';

const SHOP = 'test/fixtures/route-tests/shop';

/** Every test file shipped (fixtures/route-tests, test fixtures), with the manifests it is written for. */
const SHIPPED: readonly { tests: string[]; manifests: string[]; args?: string[] }[] = [
  { tests: ['fixtures/route-tests/httpbin.yaml'], manifests: ['fixtures/httpbin'] },
  { tests: ['fixtures/route-tests/httpbin.yaml'], manifests: ['fixtures/httpbin-fixed'] },
  { tests: ['fixtures/route-tests/bookinfo.yaml', 'fixtures/route-tests/bookinfo-icv.yaml'], manifests: ['fixtures/bookinfo'] },
  { tests: ['fixtures/route-tests/bookinfo-mesh-icv.yaml'], manifests: ['fixtures/bookinfo'], args: ['--from', 'productpage-v1.default'] },
  { tests: [`${SHOP}/tests/icv.yaml`, `${SHOP}/tests/native.yaml`], manifests: [`${SHOP}/manifests.yaml`] },
];

interface Explained {
  proxy: { workload: string; mode: 'gateway' | 'sidecar' };
  request: { sni: string | null };
  outcome: string;
  status: number | null;
  clusters: { name: string; weight: number }[];
  virtualService: string | null;
  location: string | null;
  action?: { upstream: { path: string; authority: string } | null; timeout: string | null; retries: { attempts: number } | null } | null;
}

interface Case {
  file: string;
  line: number;
  name: string;
  passed: boolean;
  request: { method: string; url: string; headers: Record<string, string> };
  failures: { field: string }[];
  explain: Explained;
}

/** A native expectation's verdict from explain's JSON alone, or undefined for fields this table leaves to the runner. */
function verdict(field: string, expected: unknown, x: Explained): boolean | undefined {
  switch (field) {
    case 'outcome':
      return x.outcome === expected;
    case 'status':
      return x.status === expected;
    case 'cluster':
      return x.clusters.length === 1 && x.clusters[0]?.name === expected;
    case 'virtualService':
      return x.virtualService === expected;
    case 'location':
      return x.location === expected;
    case 'timeout':
      return x.action ? x.action.timeout === expected : undefined;
    default:
      return undefined;
  }
}

for (const s of SHIPPED) {
  const label = `${s.tests.join(' ')} -f ${s.manifests.join(' ')}${s.args ? ` ${s.args.join(' ')}` : ''}`;
  test(`every case agrees with gwctl explain -o json: ${label}`, async () => {
    const manifests = s.manifests.flatMap((m) => ['-f', m]);
    const run = await runCli(['test', ...s.tests, ...manifests, ...(s.args ?? []), '-o', 'json']);
    assert.notEqual(run.code, 2, run.stderr);
    const out = JSON.parse(run.stdout) as { files: { cases: Case[] }[] };
    const cases = out.files.flatMap((f) => f.cases);
    assert.ok(cases.length > 0);
    const { readFileSync } = await import('node:fs');
    const yaml = (await import('js-yaml')).default;
    let checked = 0;
    for (const c of cases) {
      const x = c.explain;
      const args = ['explain', c.request.url, ...manifests, x.proxy.mode === 'gateway' ? '--gateway' : '--from', x.proxy.workload, '-X', c.request.method];
      for (const [k, v] of Object.entries(c.request.headers)) args.push('-H', `${k}: ${v}`);
      if (x.request.sni !== null) args.push('--sni', x.request.sni);
      const explained = await runCli([...args, '-o', 'json']);
      assert.deepEqual(JSON.parse(explained.stdout), x, `${c.file}:${c.line} ${c.name}: the case's record is not what gwctl ${args.join(' ')} -o json prints`);
      // Native expectations: recompute each verdict from explain's JSON.
      const docs = yaml.loadAll(readFileSync(c.file, 'utf8')) as { kind?: string; spec?: { tests: { name: string; expect: Record<string, unknown> }[] } }[];
      const t = docs.flatMap((d) => (d?.kind === 'RouteTests' ? (d.spec?.tests ?? []) : [])).find((t) => t.name === c.name || c.name.startsWith(`${t.name} [`));
      if (!t) continue;
      for (const [field, expected] of Object.entries(t.expect)) {
        const v = verdict(field, expected, x);
        if (v === undefined) continue;
        assert.equal(!c.failures.some((f) => f.field === field), v, `${c.file}:${c.line} ${c.name}: ${field}`);
        checked++;
      }
    }
    if (s.tests.some((t) => !t.includes('icv'))) assert.ok(checked > 0, 'native verdicts were recomputed');
  });
}
