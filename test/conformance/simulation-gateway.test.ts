// Peer suite: the gateway derivation against every router case of Istio's gateway simulation tests
// (../shared/conformance/istio-simulation/cases/gateway_simulation_test). Harness per the corpus
// README: empty domain suffix, proxy in istio-system labelled istio=ingressgateway, documents without
// namespace in default, equal timestamps. Each call is looked up in the derived listeners and route
// configs. The known-failures list (case#call → reason) may only shrink.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { proxyConfig } from '../../src/app/proxyConfig.js';
import type { ProxyConfig, ProxyWorkload } from '../../src/derive/proxyConfig.js';
import { loadSources } from '../../src/app/load.js';
import { repoRoot, sharedRoot } from '../helpers/paths.js';
import { simulate, type SimCall, type SimResult } from './referenceSim.js';

const corpus = path.join(sharedRoot, 'conformance', 'istio-simulation', 'cases', 'gateway_simulation_test');
const knownFile = path.join(repoRoot, 'test', 'conformance', 'simulation-gateway.known-failures.json');
const knownFailures = JSON.parse(readFileSync(knownFile, 'utf8')) as Record<string, string>;

interface Expect {
  proxy: { type: string; namespace: string; labels?: Record<string, string>; ip?: string };
  /** `extensionProviders.appendToDefaults`: providers added to Istio's default ones. */
  options?: { meshConfig?: { extensionProviders?: { appendToDefaults?: unknown[] } } };
  calls: { name: string; call: SimCall; result: SimResult & { strictMatch?: boolean } }[];
  assertions?: { kind: string; listener?: string; min?: number; sdsSecretConfigName?: string; sdsGrpcCluster?: string }[];
}

const FIELDS = ['listenerMatched', 'filterChainMatched', 'routeConfigMatched', 'virtualHostMatched', 'routeMatched', 'clusterMatched'] as const;

function derive(dir: string, expect: Expect): ProxyConfig {
  const providers = expect.options?.meshConfig?.extensionProviders?.appendToDefaults;
  const ws = loadSources([{ name: 'config.yaml', bytes: readFileSync(path.join(dir, 'config.yaml')) }], {
    domainSuffix: '',
    strict: true,
    // ApplyMeshConfig appends providers to the defaults by name, as --mesh-config merges them.
    ...(providers ? { meshConfig: { extensionProviders: providers } } : {}),
  });
  const workload: ProxyWorkload = {
    kind: 'Pod',
    name: 'istio-ingressgateway',
    namespace: expect.proxy.namespace,
    labels: expect.proxy.labels ?? { istio: 'ingressgateway' },
    mode: 'gateway',
    assumed: false,
    ...(expect.proxy.ip !== undefined ? { ip: expect.proxy.ip } : {}),
  };
  return proxyConfig(ws, { workload }).config;
}

/** Check id → problem ('' = passed), per call (`case#i name`) or per case for assertion-only cases. */
function runCase(slug: string): Map<string, string> {
  const dir = path.join(corpus, slug);
  const expect = JSON.parse(readFileSync(path.join(dir, 'expect.json'), 'utf8')) as Expect;
  const results = new Map<string, string>();
  let cfg: ProxyConfig;
  try {
    cfg = derive(dir, expect);
  } catch (e) {
    const msg = `derivation threw: ${e instanceof Error ? e.message : String(e)}`;
    if (expect.calls.length === 0) results.set(slug, msg);
    expect.calls.forEach((c, i) => results.set(`${slug}#${i} ${c.name}`, msg));
    return results;
  }
  if (expect.calls.length === 0) {
    const problems: string[] = [];
    for (const a of expect.assertions ?? []) {
      const l = cfg.listeners.find((x) => x.name === a.listener);
      if (a.kind === 'listenerExists' && !l) problems.push(`listener ${a.listener} missing`);
      else if (a.kind === 'filterChainCountAtLeast' && (l?.filterChains.length ?? 0) < (a.min ?? 0)) problems.push(`fewer than ${a.min} chains on ${a.listener}`);
      else if (a.kind === 'firstFilterChainTls') {
        const secret = l?.filterChains[0]?.transportSocket?.typedConfig.commonTlsContext.tlsCertificateSdsSecretConfigs?.[0];
        const grpc = (secret?.sdsConfig?.['apiConfigSource'] as { grpcServices?: { envoyGrpc?: { clusterName?: string } }[] } | undefined)?.grpcServices?.[0]?.envoyGrpc?.clusterName;
        if (secret?.name !== a.sdsSecretConfigName) problems.push(`first chain SDS secret ${String(secret?.name)} != ${a.sdsSecretConfigName}`);
        else if (grpc !== a.sdsGrpcCluster) problems.push(`SDS grpc cluster ${String(grpc)} != ${a.sdsGrpcCluster}`);
      } else if (!['listenerExists', 'filterChainCountAtLeast', 'firstFilterChainTls'].includes(a.kind)) problems.push(`assertion ${a.kind} not evaluated`);
    }
    results.set(slug, problems.join('; '));
    return results;
  }
  expect.calls.forEach((c, i) => {
    const got = simulate(c.call, cfg.listeners, cfg.routeConfigs);
    const want = c.result;
    const bad: string[] = [];
    if (want.error !== got.error) bad.push(`error ${String(want.error)} != ${String(got.error)}`);
    for (const f of FIELDS) {
      const w = want[f];
      if ((w !== undefined && w !== '') || want.strictMatch) if ((w ?? '') !== (got[f] ?? '')) bad.push(`${f} ${w || '""'} != ${got[f] || '""'}`);
    }
    results.set(`${slug}#${i} ${c.name}`, bad.join('; '));
  });
  return results;
}

test('gateway simulation peer suite', () => {
  const slugs = readdirSync(corpus).sort();
  let passed = 0;
  let failed = 0;
  const unexpected: string[] = [];
  const fixed: string[] = [];
  const seen = new Set<string>();
  for (const slug of slugs) {
    for (const [id, problem] of runCase(slug)) {
      seen.add(id);
      if (problem === '') passed++;
      else failed++;
      const listed = knownFailures[id];
      if (problem !== '' && listed === undefined) unexpected.push(`${id}: ${problem}`);
      if (problem === '' && listed !== undefined) fixed.push(id);
    }
  }
  const stale = Object.keys(knownFailures).filter((k) => !seen.has(k));
  console.log(`gateway simulation: ${passed} passed, ${failed} failed`);
  assert.deepEqual(unexpected, [], 'new failures (fix them, or list them with a reason)');
  assert.deepEqual(fixed, [], 'listed as known failures but now pass: remove them from simulation-gateway.known-failures.json');
  assert.deepEqual(stale, [], 'known failures that name no check');
});
