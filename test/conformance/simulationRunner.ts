// Runs the Istio traffic-simulation calls (../shared/conformance/istio-simulation) through explain
// and compares error / listener / filter chain / route config / virtual host / route / cluster.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseRequest, prepareExplain, type Explainer } from '../../src/app/explain.js';
import { loadSources } from '../../src/app/load.js';
import type { ProxyWorkload } from '../../src/derive/proxyConfig.js';
import type { ExplainResult } from '../../src/explain/types.js';
import type { SimCall, SimResult as BaseResult } from './referenceSim.js';

export type { SimCall } from './referenceSim.js';
/** The corpus's expected result: the simulator's fields plus `strictMatch`. */
export type SimResult = BaseResult & { strictMatch?: boolean };
type SimCallWithMode = SimCall & { callMode?: string };
interface Expect {
  test: string;
  proxy: { type: 'router' | 'sidecar'; labels?: Record<string, string>; namespace: string; ip: string; other?: { configNamespace?: string } };
  options: { meshConfig?: { outboundTrafficPolicy?: { mode?: string } } & Record<string, unknown>; featureFlags?: Record<string, string> };
  calls: { name: string; call: SimCallWithMode; result: SimResult }[];
  tags?: string[];
}
interface IndexEntry {
  dir: string;
  proxy: string;
  calls: number;
  tags: string[];
}

export interface CallOutcome {
  id: string;
  scope: 'in' | 'out';
  /** Why the call is out of scope, or what differs when it fails. */
  reason?: string;
  ok?: boolean;
}

/** Calls explain does not model, with the reason (recorded, never run). */
export function outOfScope(e: Expect, c: SimCallWithMode): string | undefined {
  if (c.callMode === 'inbound') return 'inbound call: explain simulates requests entering a gateway or leaving a sidecar, not the inbound listener';
  if (c.protocol === 'tcp' || c.protocol === undefined) return 'raw TCP call: explain follows HTTP requests';
  if (c.tls === 'mtls') return 'Istio mTLS call: explain does not model mesh mTLS';
  if (e.proxy.type === 'sidecar' && c.tls === 'tls') return 'TLS originated by the application is opaque to the sidecar: no HTTP routing to explain';
  if (c.alpn !== undefined) return 'explicit ALPN: explain offers curl\'s ALPN';
  if (e.options.featureFlags && Object.keys(e.options.featureFlags).length > 0) return `istiod feature flags ${Object.keys(e.options.featureFlags).join(', ')} are not modelled`;
  return undefined;
}

const ERRORS: Partial<Record<ExplainResult['stop'], string>> = {
  'no-listener': 'ErrNoListener',
  'no-filter-chain': 'ErrNoFilterChain',
  'ambiguous-filter-chain': 'ErrMultipleFilterChain',
  'tls-required': 'ErrTLSError',
  'tls-unexpected': 'ErrProtocolError',
  'no-route-config': 'ErrNoRoute',
  'no-virtual-host': 'ErrNoVirtualHost',
  'require-tls': 'ErrTLSRedirect',
  'no-route': 'ErrNoRoute',
};

export function simulatorView(r: ExplainResult): SimResult {
  const single = r.routeClusters.length === 1 && r.routeClusters[0] ? r.routeClusters[0].name : undefined;
  const out: SimResult = { error: ERRORS[r.stop] ?? null };
  if (r.listener) out.listenerMatched = r.listener;
  if (r.filterChain && !r.filterChain.startsWith('#')) out.filterChainMatched = r.filterChain;
  if (r.routeConfig) out.routeConfigMatched = r.routeConfig;
  if (r.virtualHost) out.virtualHostMatched = r.virtualHost;
  if (r.route) out.routeMatched = r.route;
  // The simulator only reports a cluster for `route.cluster` (not weighted clusters) and tcp_proxy.
  if (single && (r.stop === 'forwarded' || r.stop === 'cluster-missing' || r.stop === 'tcp-cluster-missing' || r.stop === 'tcp-proxy') && (r.routeClusters[0]?.weight === 100)) out.clusterMatched = single;
  return out;
}

const FIELDS = ['listenerMatched', 'filterChainMatched', 'routeConfigMatched', 'virtualHostMatched', 'routeMatched', 'clusterMatched'] as const;

export function compare(expected: SimResult, actual: SimResult): string[] {
  const diffs: string[] = [];
  if ((expected.error ?? null) !== actual.error) diffs.push(`error: expected ${expected.error ?? 'none'}, got ${actual.error ?? 'none'}`);
  for (const f of FIELDS) {
    const want = expected[f];
    const got = actual[f];
    if (want !== undefined && want !== '' && want !== got) diffs.push(`${f}: expected ${want}, got ${got ?? '(none)'}`);
    if (expected.strictMatch && (want === undefined || want === '') && got !== undefined && got !== '') diffs.push(`${f}: expected none (strict), got ${got}`);
  }
  return diffs;
}

export function runSimulationSuite(sharedRoot: string): CallOutcome[] {
  const root = path.join(sharedRoot, 'conformance', 'istio-simulation');
  const index = JSON.parse(readFileSync(path.join(root, 'index.json'), 'utf8')) as IndexEntry[];
  const out: CallOutcome[] = [];
  for (const entry of index) {
    if (entry.calls === 0) continue;
    const e = JSON.parse(readFileSync(path.join(root, entry.dir, 'expect.json'), 'utf8')) as Expect;
    const dirName = entry.dir.replace(/^cases\//, '');
    const scopes = e.calls.map((c) => outOfScope(e, c.call));
    if (scopes.every((s) => s !== undefined)) {
      e.calls.forEach((_, i) => out.push({ id: `${dirName}#${i}`, scope: 'out', reason: scopes[i] ?? '' }));
      continue;
    }
    const text = readFileSync(path.join(root, entry.dir, 'config.yaml'));
    // Istio's simulation harness: no domain suffix on ConfigString documents; Kubernetes objects get cluster.local.
    const domainSuffix = (entry.tags ?? []).includes('kubernetes-objects') ? 'cluster.local' : '';
    const loaded = loadSources([{ name: `${dirName}/config.yaml`, bytes: text }], { domainSuffix, strict: true });
    const gateway = e.proxy.type === 'router';
    const workload: ProxyWorkload = {
      kind: 'Pod',
      name: 'app',
      namespace: gateway ? e.proxy.namespace : (e.proxy.other?.configNamespace ?? e.proxy.namespace),
      labels: { ...(e.proxy.labels ?? {}) },
      mode: gateway ? 'gateway' : 'sidecar',
      assumed: false,
      ip: e.proxy.ip,
    };
    let explainer: Explainer;
    try {
      const mode = e.options.meshConfig?.outboundTrafficPolicy?.mode;
      explainer = prepareExplain(loaded, { workload, sidecar: mode === 'REGISTRY_ONLY' || mode === 'ALLOW_ANY_DYNAMIC_DNS' ? { meshOutboundMode: mode } : {} });
    } catch (err) {
      e.calls.forEach((_c, i) => out.push({ id: `${dirName}#${i}`, scope: scopes[i] ? 'out' : 'in', reason: scopes[i] ?? `derivation failed: ${(err as Error).message}`, ok: false }));
      continue;
    }
    e.calls.forEach((c, i) => {
      const id = `${dirName}#${i}`;
      const scope = scopes[i];
      if (scope !== undefined) {
        out.push({ id, scope: 'out', reason: scope });
        return;
      }
      const call = c.call;
      const tls = call.tls === 'tls';
      const host = call.hostHeader ?? call.address ?? '1.3.3.7';
      const p = call.path ?? '/';
      try {
        const req = parseRequest({
          url: `${tls ? 'https' : 'http'}://${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${call.port}${p.startsWith('/') ? p : `/${p}`}`,
          portMode: 'pod',
          ...(call.sni !== undefined ? { sni: call.sni } : {}),
          ...(call.address !== undefined ? { address: call.address } : gateway ? {} : { address: '1.3.3.7' }),
        });
        const r = explainer.explain(req);
        const diffs = compare(c.result, simulatorView(r));
        out.push({ id, scope: 'in', ok: diffs.length === 0, ...(diffs.length ? { reason: diffs.join('; ') } : {}) });
      } catch (err) {
        out.push({ id, scope: 'in', ok: false, reason: `explain threw: ${(err as Error).message}` });
      }
    });
  }
  return out;
}
