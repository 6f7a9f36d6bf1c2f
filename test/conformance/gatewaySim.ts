// A minimal gateway traffic lookup over derived config, after the corpus README's simulator
// (pilot/pkg/simulation/traffic.go): listener by port, filter chain by SNI, TLS checks, the HCM's
// route config, vhost by Envoy domain precedence, first route by path, its cluster.
import type { FilterChain, Listener, Route, RouteConfiguration, VirtualHost } from '../../src/derive/envoy.js';

export interface GatewayCall {
  address?: string;
  port: number;
  protocol?: string;
  tls?: string;
  sni?: string;
  hostHeader?: string;
  path?: string;
  mtlsSecretConfigName?: string;
}

export interface GatewaySimResult {
  error: string | null;
  listenerMatched?: string;
  filterChainMatched?: string;
  routeConfigMatched?: string;
  virtualHostMatched?: string;
  routeMatched?: string;
  clusterMatched?: string;
}

/** Exact server name beats wildcards; among wildcards the longest wins; none matching → chains without names. */
function pickChain(chains: readonly FilterChain[], sni: string | undefined): FilterChain[] {
  const named = chains.filter((c) => (c.filterChainMatch?.serverNames?.length ?? 0) > 0);
  if (named.length === 0) return [...chains];
  const score = (c: FilterChain): number => {
    let best = -1;
    for (const n of c.filterChainMatch?.serverNames ?? []) {
      if (sni === undefined) continue;
      if (n === sni) best = Math.max(best, 1e6);
      else if (n.startsWith('*') && sni.endsWith(n.slice(1))) best = Math.max(best, n.length);
    }
    return best;
  };
  const scored = named.map((c) => ({ c, s: score(c) })).filter((x) => x.s >= 0);
  if (scored.length > 0) {
    const top = Math.max(...scored.map((x) => x.s));
    return scored.filter((x) => x.s === top).map((x) => x.c);
  }
  return chains.filter((c) => (c.filterChainMatch?.serverNames?.length ?? 0) === 0);
}

export function pickVirtualHost(rc: RouteConfiguration, hostHeader: string): VirtualHost | undefined {
  let host = hostHeader.toLowerCase();
  if (rc.ignorePortInHostMatching) {
    const m = /^(\[[^\]]+\]|[^:]+):\d+$/.exec(host);
    if (m?.[1]) host = m[1];
  }
  let best: { vh: VirtualHost; rank: number; len: number } | undefined;
  for (const vh of rc.virtualHosts) {
    for (const d of vh.domains.map((x) => x.toLowerCase())) {
      let rank = -1;
      if (d === host) rank = 4;
      else if (d === '*') rank = 1;
      else if (d.startsWith('*') && d.length <= host.length && host.endsWith(d.slice(1))) rank = 3;
      else if (d.endsWith('*') && d.length <= host.length && host.startsWith(d.slice(0, -1))) rank = 2;
      if (rank < 0) continue;
      if (!best || rank > best.rank || (rank === best.rank && d.length > best.len)) best = { vh, rank, len: d.length };
    }
  }
  return best?.vh;
}

function routeMatches(r: Route, path: string): boolean {
  const m = r.match;
  if (m.prefix !== undefined) return path.startsWith(m.prefix);
  if (m.pathSeparatedPrefix !== undefined) return path.startsWith(m.pathSeparatedPrefix);
  if (m.path !== undefined) return path === m.path;
  if (m.safeRegex !== undefined) return new RegExp(m.safeRegex.regex).test(path);
  return false;
}

export function simulateGateway(call: GatewayCall, listeners: readonly Listener[], routeConfigs: readonly RouteConfiguration[]): GatewaySimResult {
  const address = call.address ?? '1.3.3.7';
  const listener = listeners.find((l) => l.name === `${address}_${call.port}`) ?? listeners.find((l) => l.name === `0.0.0.0_${call.port}`);
  if (!listener) return { error: 'ErrNoListener' };
  const out: GatewaySimResult = { error: null, listenerMatched: listener.name };
  const tls = call.tls ?? 'plaintext';
  const inspector = (listener.listenerFilters ?? []).some((f) => f.name === 'envoy.filters.listener.tls_inspector');
  const sni = inspector && tls === 'tls' ? (call.sni ?? call.hostHeader) : inspector && tls === 'mtls' ? call.sni : undefined;
  const chains = pickChain(listener.filterChains, sni);
  if (chains.length > 1) return { ...out, error: 'ErrMultipleFilterChain' };
  const chain = chains[0];
  if (!chain) return { ...out, error: 'ErrNoFilterChain' };
  if (chain.name) out.filterChainMatched = chain.name;
  const ts = chain.transportSocket;
  if (ts) {
    if (tls === 'plaintext') return { ...out, error: 'ErrTLSError' };
    const first = ts.typedConfig.commonTlsContext.tlsCertificateSdsSecretConfigs?.[0]?.name;
    const requiresMtls = first === (call.mtlsSecretConfigName ?? 'default') && ts.typedConfig.requireClientCertificate === true;
    if (requiresMtls !== (tls === 'mtls')) return { ...out, error: 'ErrMTLSError' };
  }
  for (const f of chain.filters) {
    if (f.name === 'envoy.filters.network.tcp_proxy') {
      if (f.typedConfig.cluster) out.clusterMatched = f.typedConfig.cluster;
      return out;
    }
    if (f.name !== 'envoy.filters.network.http_connection_manager') continue;
    if ((tls !== 'plaintext' && !ts) || call.protocol === 'tcp') return { ...out, error: 'ErrProtocolError' };
    let rc = f.typedConfig.routeConfig;
    const rds = f.typedConfig.rds?.routeConfigName;
    if (rds !== undefined) {
      out.routeConfigMatched = rds;
      rc = routeConfigs.find((r) => r.name === rds);
    }
    if (!rc) return { ...out, error: 'ErrNoVirtualHost' };
    const vh = pickVirtualHost(rc, call.hostHeader ?? '');
    if (!vh) return { ...out, error: 'ErrNoVirtualHost' };
    out.virtualHostMatched = vh.name;
    if (vh.requireTls === 'ALL' && tls === 'plaintext') return { ...out, error: 'ErrTLSRedirect' };
    const route = (vh.routes ?? []).find((r) => routeMatches(r, call.path ?? '/'));
    if (!route) return { ...out, error: 'ErrNoRoute' };
    if (route.name) out.routeMatched = route.name;
    if (route.route?.cluster) out.clusterMatched = route.route.cluster;
    return out;
  }
  return out;
}
