// Peer suite: the sidecar derivation against Istio's own simulation tests (corpus under
// ../shared/conformance/istio-simulation). In-scope cases are compared with what gwctl derives; the
// known-failures list may only shrink: a listed case that passes, or an unlisted one that fails, fails.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { Cluster, Listener } from '../../src/derive/envoy.js';
import type { InboundTarget } from '../../src/derive/sidecar/inbound.js';
import { parseProtocol } from '../../src/derive/sidecar/protocol.js';
import { proxyConfig } from '../../src/app/proxyConfig.js';
import type { OutboundMode } from '../../src/derive/sidecar/scope.js';
import { loadSources } from '../../src/app/load.js';
import { repoRoot, sharedRoot } from '../helpers/paths.js';
import { simulate, type SimCall, type SimResult } from './referenceSim.js';

const corpus = path.join(sharedRoot, 'conformance', 'istio-simulation', 'cases');
const here = path.join(repoRoot, 'test', 'conformance');
const scope = JSON.parse(readFileSync(path.join(here, 'simulation-sidecar.scope.json'), 'utf8')) as { outOfScope: { prefix: string; reason: string }[] };
const knownFailures = JSON.parse(readFileSync(path.join(here, 'simulation-sidecar.known-failures.json'), 'utf8')) as Record<string, string>;

interface MemoryPort {
  name: string;
  port: number;
  protocol: string;
}

/** Istio's in-memory registry objects (TestInboundClusters): services, and instances of them on the proxy. */
interface MemoryRegistry {
  services: { hostname: string; ports: MemoryPort[] }[];
  instances: { service: string; servicePort: MemoryPort; endpoint: { addresses: string[]; endpointPort: number } }[];
}

interface Expect {
  proxy: { namespace: string; labels?: Record<string, string>; ip: string };
  options: {
    meshConfig?: { outboundTrafficPolicy?: { mode?: string }; inboundTrafficPolicy?: { mode?: string } };
    featureFlags?: Record<string, boolean | string>;
    memoryRegistry?: MemoryRegistry;
  };
  calls: { name: string; call: SimCall & { callMode?: string; customListenerValidations?: TlsCheck[] }; result: SimResult & { strictMatch?: boolean } }[];
  assertions: Assertion[];
}

/** customListenerValidations: the chosen chain's DownstreamTlsContext. */
interface TlsCheck {
  name: string;
  firstSdsSecretConfigName?: string;
  requireClientCertificate?: boolean;
}

interface Assertion {
  kind: string;
  routeConfig?: string;
  requireRouteConfig?: boolean;
  expected?: Record<string, string[] | null>;
  listener?: string;
  port?: number;
  atLeast?: number;
  equals?: number;
  prefixLen?: number;
  clusters?: Record<string, string[] | null>;
  telemetry?: Record<string, string[]>;
}

/** Listener-shape assertions (TestHeadlessServiceListenerShape), read as the corpus README describes them. */
const LISTENER_ASSERTIONS = new Set(['listenerExists', 'listenerCountOnPort', 'noFilterChainMatcher', 'prefixRangeChains', 'hasDefaultFilterChain']);

function checkListenerShape(a: Assertion, listeners: readonly Listener[]): string | undefined {
  const named = listeners.find((l) => l.name === a.listener);
  switch (a.kind) {
    case 'listenerExists':
      return named ? undefined : `listener ${a.listener} missing`;
    case 'listenerCountOnPort': {
      const n = listeners.filter((l) => l.name !== 'virtualOutbound' && l.address.socketAddress.portValue === a.port).length;
      if (a.equals !== undefined && n !== a.equals) return `port ${a.port}: ${n} listeners, want ${a.equals}`;
      if (a.atLeast !== undefined && n < a.atLeast) return `port ${a.port}: ${n} listeners, want at least ${a.atLeast}`;
      return undefined;
    }
    case 'noFilterChainMatcher':
      // gwctl's Listener type has no filter_chain_matcher field: only its existence is checked.
      return named ? undefined : `listener ${a.listener} missing`;
    case 'prefixRangeChains': {
      if (!named) return `listener ${a.listener} missing`;
      const ranged = named.filterChains.filter((c) => (c.filterChainMatch?.prefixRanges?.length ?? 0) > 0);
      if (ranged.length !== a.equals) return `${a.listener}: ${ranged.length} chains with prefix ranges, want ${a.equals}`;
      const bad = ranged.flatMap((c) => c.filterChainMatch?.prefixRanges ?? []).filter((r) => r.prefixLen !== a.prefixLen);
      return bad.length ? `${a.listener}: prefix lengths ${bad.map((r) => r.prefixLen).join(',')}, want ${a.prefixLen}` : undefined;
    }
    case 'hasDefaultFilterChain':
      return named?.defaultFilterChain ? undefined : `${a.listener}: no default filter chain`;
    default:
      return `unknown assertion ${a.kind}`;
  }
}

const FIELDS = ['listenerMatched', 'filterChainMatched', 'routeConfigMatched', 'virtualHostMatched', 'routeMatched', 'clusterMatched'] as const;

function callInScope(c: Expect['calls'][number]['call']): boolean {
  // Inbound chains are matched on transport protocol and ALPN (TLS inspector modelled there).
  if (c.callMode === 'inbound') return true;
  if (c.tls === 'tls' || c.tls === 'mtls') return false;
  if (c.alpn !== undefined || c.sni !== undefined) return false;
  return c.callMode !== 'inbound' && c.port !== 15006;
}

/** Problems found in one case (empty = pass); undefined when nothing in it is in scope. */
function runCase(dir: string): string[] | undefined {
  const expect = JSON.parse(readFileSync(path.join(dir, 'expect.json'), 'utf8')) as Expect;
  const calls = expect.calls.filter((c) => callInScope(c.call));
  const assertions = (expect.assertions ?? []).filter((a) => a.kind === 'routeVirtualHosts');
  const inboundClusters = (expect.assertions ?? []).filter((a) => a.kind === 'inboundClusters');
  const shapes = (expect.assertions ?? []).filter((a) => LISTENER_ASSERTIONS.has(a.kind));
  if (calls.length === 0 && assertions.length === 0 && shapes.length === 0 && inboundClusters.length === 0) return undefined;
  // Harness quirk: Istio config documents get an empty domain suffix; Kubernetes Services keep cluster.local.
  const inboundMode = expect.options.meshConfig?.inboundTrafficPolicy?.mode;
  const ws = loadSources([{ name: 'config.yaml', bytes: existsSync(path.join(dir, 'config.yaml')) ? readFileSync(path.join(dir, 'config.yaml')) : Buffer.from('') }], {
    domainSuffix: '',
    strict: true,
    ...(inboundMode ? { meshConfig: { inboundTrafficPolicy: { mode: inboundMode } } } : {}),
  });
  const mode = expect.options.meshConfig?.outboundTrafficPolicy?.mode;
  const flag = (name: string): boolean => expect.options.featureFlags?.[name] === true || expect.options.featureFlags?.[name] === 'true';
  const memory = expect.options.memoryRegistry;
  const cfg = proxyConfig(ws, {
    workload: { kind: 'Pod', name: 'app', namespace: expect.proxy.namespace, labels: expect.proxy.labels ?? {}, mode: 'sidecar', assumed: false, ip: expect.proxy.ip },
    sidecar: {
      ...(mode ? { meshOutboundMode: mode as OutboundMode } : {}),
      ...(flag('PILOT_ENABLE_HEADLESS_FILTER_CHAIN_LISTENER') ? { headlessFilterChainListener: true } : {}),
      ...(flag('ENABLE_TLS_ON_SIDECAR_INGRESS') ? { tlsOnSidecarIngress: true } : {}),
      ...(memory ? { serviceTargets: memoryTargets(memory, expect.proxy.ip) } : {}),
    },
  }).config;
  const problems: string[] = [];
  for (const a of inboundClusters) problems.push(...checkInboundClusters(a, cfg.clusters));
  for (const a of shapes) {
    const p = checkListenerShape(a, cfg.listeners);
    if (p) problems.push(p);
  }
  for (const a of assertions) {
    const rc = cfg.routeConfigs.find((r) => r.name === a.routeConfig);
    if (!rc) {
      if (a.requireRouteConfig) problems.push(`route config ${a.routeConfig} missing`);
      continue;
    }
    const byDomain = new Map<string, string[]>();
    for (const vh of rc.virtualHosts) {
      const clusters = (vh.routes ?? []).flatMap((r) => (r.route?.cluster ? [r.route.cluster] : (r.route?.weightedClusters?.clusters ?? []).map((w) => w.name))).sort();
      for (const d of vh.domains) byDomain.set(d, clusters);
    }
    for (const [domain, want] of Object.entries(a.expected ?? {})) {
      const got = byDomain.get(domain);
      const norm = got && got.length > 0 ? got : null;
      if (JSON.stringify(norm) !== JSON.stringify(want)) problems.push(`${a.routeConfig} ${domain}: want ${JSON.stringify(want)}, got ${JSON.stringify(norm)}`);
    }
  }
  for (const [i, c] of expect.calls.entries()) {
    if (!callInScope(c.call)) continue;
    const got = simulate(c.call, cfg.listeners, cfg.routeConfigs);
    const want = c.result;
    const bad: string[] = [];
    for (const check of c.call.customListenerValidations ?? []) {
      const ctx = got.chain?.transportSocket?.typedConfig;
      const first = ctx?.commonTlsContext.tlsCertificateSdsSecretConfigs?.[0]?.name;
      if (got.error === null && (!ctx || first !== check.firstSdsSecretConfigName || (ctx.requireClientCertificate ?? false) !== (check.requireClientCertificate ?? false))) {
        got.error = `custom check ${check.name} failed: ${first ?? 'no TLS context'}`;
      }
    }
    if (want.error !== got.error) bad.push(`error ${String(want.error)} != ${String(got.error)}`);
    for (const f of FIELDS) {
      const w = want[f];
      if ((w !== undefined && w !== '') || want.strictMatch) if ((w ?? '') !== (got[f] ?? '')) bad.push(`${f} ${w ?? '""'} != ${got[f] ?? '""'}`);
    }
    if (bad.length) problems.push(`call #${i} ${c.name}: ${bad.join('; ')}`);
  }
  return problems;
}

/** The memory registry as the workload's service targets (every instance here is on the proxy IP). */
function memoryTargets(m: MemoryRegistry, ip: string): InboundTarget[] {
  return m.instances
    .filter((i) => i.endpoint.addresses.includes(ip))
    .map((i) => {
      const [name = '', namespace = ''] = i.service.split('.');
      return { hostname: i.service, serviceName: name, namespace, registry: 'Kubernetes' as const, meshExternal: false, port: i.servicePort.port, portName: i.servicePort.name, protocol: parseProtocol(i.servicePort.protocol), targetPort: i.endpoint.endpointPort };
    });
}

/** inboundClusters: exactly these inbound clusters, with these endpoints and telemetry hosts. */
function checkInboundClusters(a: Assertion, clusters: readonly Cluster[]): string[] {
  const problems: string[] = [];
  const inbound = clusters.filter((c) => c.name.startsWith('inbound'));
  const want = a.clusters ?? {};
  const names = inbound.map((c) => c.name).sort();
  if (JSON.stringify(names) !== JSON.stringify(Object.keys(want).sort())) problems.push(`inbound clusters ${JSON.stringify(names)}, want ${JSON.stringify(Object.keys(want).sort())}`);
  for (const c of inbound) {
    const eps = (c.loadAssignment?.endpoints ?? []).flatMap((l) => l.lbEndpoints.map((e) => {
      const addr = e.endpoint.address;
      return addr.pipe ? addr.pipe.path : `${addr.socketAddress?.address ?? ''}:${addr.socketAddress?.portValue ?? 0}`;
    }));
    const got = eps.length > 0 ? eps : null;
    if (c.name in want && JSON.stringify(got) !== JSON.stringify(want[c.name])) problems.push(`${c.name} endpoints ${JSON.stringify(got)}, want ${JSON.stringify(want[c.name])}`);
    const hosts = (c.metadata?.filterMetadata.istio.services ?? []).map((s) => s.host).sort();
    const wantHosts = a.telemetry?.[c.name];
    if (JSON.stringify(hosts.length > 0 ? hosts : undefined) !== JSON.stringify(wantHosts?.slice().sort())) problems.push(`${c.name} telemetry ${JSON.stringify(hosts)}, want ${JSON.stringify(wantHosts ?? [])}`);
  }
  return problems;
}

test('sidecar derivation vs Istio simulation corpus', { skip: !existsSync(corpus) && 'corpus not present' }, () => {
  const dirs = ['sidecar_simulation_test', 'serviceentry_simulation_test'].flatMap((f) =>
    readdirSync(path.join(corpus, f)).sort().map((d) => ({ id: d, dir: path.join(corpus, f, d) })),
  );
  let passed = 0;
  let failed = 0;
  let outOfScope = 0;
  const unexpected: string[] = [];
  for (const { id, dir } of dirs) {
    if (scope.outOfScope.some((s) => id.startsWith(s.prefix))) {
      outOfScope++;
      continue;
    }
    const problems = runCase(dir);
    if (problems === undefined) {
      outOfScope++;
      continue;
    }
    const listed = id in knownFailures;
    if (problems.length === 0) {
      passed++;
      if (listed) unexpected.push(`${id}: passes but is listed in known-failures (remove it)`);
    } else {
      failed++;
      if (!listed) unexpected.push(`${id}: ${problems.join(' | ')}`);
    }
  }
  console.log(`sidecar simulation: ${passed} passed, ${failed} failed (${outOfScope} out of scope)`);
  assert.deepEqual(unexpected, []);
});
