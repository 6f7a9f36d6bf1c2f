// A small outbound traffic simulator over derived sidecar config, after the corpus README's description
// of Istio's simulator (pilot/pkg/simulation/traffic.go): listener → filter chain → RDS → vhost → route.
// Plaintext outbound calls only; TLS, mTLS and inbound calls are out of scope and never reach here.
import type { FilterChain, Listener, RouteConfiguration, VirtualHost } from '../../../src/derive/envoy.js';

export interface Call {
  address?: string;
  port: number;
  protocol?: string;
  hostHeader?: string;
  path?: string;
}

export interface SimResult {
  error: string | null;
  listenerMatched?: string;
  filterChainMatched?: string;
  routeConfigMatched?: string;
  virtualHostMatched?: string;
  routeMatched?: string;
  clusterMatched?: string;
}

function ipToBigInt(ip: string): { v: bigint; bits: number } | undefined {
  if (ip.includes(':')) {
    const [head, tail] = ip.split('::');
    const h = head ? head.split(':') : [];
    const t = tail !== undefined ? (tail ? tail.split(':') : []) : [];
    const groups = tail !== undefined ? [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t] : h;
    if (groups.length !== 8) return undefined;
    return { v: groups.reduce((a, g) => (a << 16n) + BigInt(parseInt(g || '0', 16)), 0n), bits: 128 };
  }
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4) return undefined;
  return { v: parts.reduce((a, p) => (a << 8n) + BigInt(p), 0n), bits: 32 };
}

function inPrefix(addr: string, prefix: string, len: number): boolean {
  const a = ipToBigInt(addr);
  const p = ipToBigInt(prefix);
  if (!a || !p || a.bits !== p.bits) return false;
  const shift = BigInt(a.bits - len);
  return a.v >> shift === p.v >> shift;
}

function narrow<T>(cands: FilterChain[], has: (c: FilterChain) => boolean, score: (c: FilterChain) => number | undefined): FilterChain[] {
  if (!cands.some(has)) return cands;
  const scored = cands.filter(has).map((c) => ({ c, s: score(c) })).filter((x): x is { c: FilterChain; s: number } => x.s !== undefined);
  if (scored.length > 0) {
    const best = Math.max(...scored.map((x) => x.s));
    return scored.filter((x) => x.s === best).map((x) => x.c);
  }
  return cands.filter((c) => !has(c));
}

function pickVirtualHost(rc: RouteConfiguration, hostHeader: string): VirtualHost | undefined {
  let host = hostHeader.toLowerCase();
  if (rc.ignorePortInHostMatching) {
    const m = /^(\[[^\]]+\]|[^:]+):\d+$/.exec(host);
    if (m?.[1]) host = m[1];
  }
  const all = rc.virtualHosts.flatMap((vh) => vh.domains.map((d) => ({ vh, d: d.toLowerCase() })));
  const exact = all.find((x) => x.d === host);
  if (exact) return exact.vh;
  const suffix = all.filter((x) => x.d.startsWith('*') && x.d !== '*' && x.d.length - 1 <= host.length && host.endsWith(x.d.slice(1))).sort((a, b) => b.d.length - a.d.length)[0];
  if (suffix) return suffix.vh;
  const prefix = all.filter((x) => x.d.endsWith('*') && x.d !== '*' && host.startsWith(x.d.slice(0, -1))).sort((a, b) => b.d.length - a.d.length)[0];
  if (prefix) return prefix.vh;
  return all.find((x) => x.d === '*')?.vh;
}

export function simulate(call: Call, listeners: readonly Listener[], routeConfigs: readonly RouteConfiguration[]): SimResult {
  const address = call.address ?? '1.3.3.7';
  const byName = new Map(listeners.map((l) => [l.name, l]));
  const listener = byName.get(`${address}_${call.port}`) ?? byName.get(`0.0.0.0_${call.port}`) ?? byName.get('virtualOutbound');
  if (!listener) return { error: 'ErrNoListener' };
  const out: SimResult = { error: null, listenerMatched: listener.name };
  const httpInspector = (listener.listenerFilters ?? []).some((f) => f.name === 'envoy.filters.listener.http_inspector');
  const alpn = httpInspector ? (call.protocol === 'http' ? 'http/1.1' : call.protocol === 'http2' ? 'h2c' : undefined) : undefined;
  let cands = [...listener.filterChains];
  cands = narrow(cands, (c) => c.filterChainMatch?.destinationPort !== undefined, (c) => (c.filterChainMatch?.destinationPort === call.port ? 1 : undefined));
  cands = narrow(
    cands,
    (c) => (c.filterChainMatch?.prefixRanges?.length ?? 0) > 0,
    (c) => {
      const lens = (c.filterChainMatch?.prefixRanges ?? []).filter((r) => inPrefix(address, r.addressPrefix, r.prefixLen)).map((r) => r.prefixLen);
      return lens.length ? Math.max(...lens) : undefined;
    },
  );
  cands = narrow(cands, (c) => (c.filterChainMatch?.serverNames?.length ?? 0) > 0, () => undefined);
  cands = narrow(cands, (c) => c.filterChainMatch?.transportProtocol !== undefined, (c) => (c.filterChainMatch?.transportProtocol === 'raw_buffer' ? 1 : undefined));
  cands = narrow(cands, (c) => (c.filterChainMatch?.applicationProtocols?.length ?? 0) > 0, (c) => (alpn && c.filterChainMatch?.applicationProtocols?.includes(alpn) ? 1 : undefined));
  if (cands.length > 1) return { ...out, error: 'ErrMultipleFilterChain' };
  const chain = cands[0] ?? listener.defaultFilterChain;
  if (!chain) return { ...out, error: 'ErrNoFilterChain' };
  out.filterChainMatched = chain.name ?? '';
  const filter = chain.filters[chain.filters.length - 1];
  if (!filter) return out;
  if (filter.name === 'envoy.filters.network.tcp_proxy') return { ...out, clusterMatched: filter.typedConfig.cluster };
  if (call.protocol === 'tcp') return { ...out, error: 'ErrProtocolError' };
  const rdsName = filter.typedConfig.rds?.routeConfigName ?? '';
  out.routeConfigMatched = rdsName;
  const rc = filter.typedConfig.routeConfig ?? routeConfigs.find((r) => r.name === rdsName);
  if (!rc) return { ...out, error: 'ErrNoVirtualHost' };
  const vh = pickVirtualHost(rc, call.hostHeader ?? '');
  if (!vh) return { ...out, error: 'ErrNoVirtualHost' };
  out.virtualHostMatched = vh.name;
  const path = call.path ?? '/';
  const route = (vh.routes ?? []).find((r) => {
    const m = r.match;
    if (m.prefix !== undefined) return path.startsWith(m.prefix);
    if (m.pathSeparatedPrefix !== undefined) return path.startsWith(m.pathSeparatedPrefix);
    if (m.path !== undefined) return path === m.path;
    if (m.safeRegex) return new RegExp(m.safeRegex.regex).test(path);
    return false;
  });
  if (!route) return { ...out, error: 'ErrNoRoute' };
  out.routeMatched = route.name ?? '';
  if (route.route?.cluster) out.clusterMatched = route.route.cluster;
  return out;
}
