// A deliberately small traffic lookup over derived listeners and route configs, written after the
// simulator the istio-simulation corpus README describes (Istio's pilot/pkg/simulation/traffic.go):
// listener → filter chain (Envoy's narrowing order) → TLS checks → route config → vhost → route.
// It is independent of explain on purpose: the peer suites compare the derived tables, not the walk.
import { listenerFilterEnabled, type FilterChain, type Listener, type Route, type RouteConfiguration, type VirtualHost } from '../../src/derive/envoy.js';

export interface SimCall {
  address?: string;
  port: number;
  protocol?: string;
  tls?: string;
  alpn?: string;
  sni?: string;
  hostHeader?: string;
  path?: string;
  mtlsSecretConfigName?: string;
  /** `inbound`: redirected to the inbound capture port, so the virtualInbound listener whatever the address. */
  callMode?: string;
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

/** The result, plus the filter chain chosen (for the corpus's custom TLS checks). */
export function simulate(call: SimCall, listeners: readonly Listener[], routeConfigs: readonly RouteConfiguration[]): SimResult & { chain?: FilterChain } {
  const address = call.address ?? '1.3.3.7';
  const byName = new Map(listeners.map((l) => [l.name, l]));
  const listener = call.callMode === 'inbound' ? byName.get('virtualInbound') : (byName.get(`${address}_${call.port}`) ?? byName.get(`0.0.0.0_${call.port}`) ?? byName.get('virtualOutbound'));
  if (!listener) return { error: 'ErrNoListener' };
  const out: SimResult & { chain?: FilterChain } = { error: null, listenerMatched: listener.name };

  const tls = call.tls ?? 'plaintext';
  // Inspectors may be switched off for some destination ports (filter_disabled).
  const filters = new Set((listener.listenerFilters ?? []).filter((f) => listenerFilterEnabled(f, call.port)).map((f) => f.name));
  const tlsInspector = filters.has('envoy.filters.listener.tls_inspector');
  // Without a TLS inspector Envoy sees neither SNI nor ALPN, and every connection is raw bytes.
  const transport = tlsInspector && tls !== 'plaintext' ? 'tls' : 'raw_buffer';
  const sni = tlsInspector ? (tls === 'tls' ? (call.sni ?? call.hostHeader) : tls === 'mtls' ? call.sni : undefined) : undefined;
  const alpn = offeredAlpn(call, tls, tlsInspector, filters.has('envoy.filters.listener.http_inspector'));

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
  cands = narrow(cands, (c) => (c.filterChainMatch?.serverNames?.length ?? 0) > 0, (c) => serverNameScore(c, sni));
  cands = narrow(cands, (c) => c.filterChainMatch?.transportProtocol !== undefined, (c) => (c.filterChainMatch?.transportProtocol === transport ? 1 : undefined));
  cands = narrow(cands, (c) => (c.filterChainMatch?.applicationProtocols?.length ?? 0) > 0, (c) => (alpn && c.filterChainMatch?.applicationProtocols?.includes(alpn) ? 1 : undefined));
  if (cands.length > 1) return { ...out, error: 'ErrMultipleFilterChain' };
  const chain = cands[0] ?? listener.defaultFilterChain;
  if (!chain) return { ...out, error: 'ErrNoFilterChain' };
  out.filterChainMatched = chain.name ?? '';
  out.chain = chain;

  const socket = chain.transportSocket;
  if (socket) {
    if (tls === 'plaintext') return { ...out, error: 'ErrTLSError' };
    const first = socket.typedConfig.commonTlsContext.tlsCertificateSdsSecretConfigs?.[0]?.name;
    const requiresMtls = first === (call.mtlsSecretConfigName ?? 'default') && socket.typedConfig.requireClientCertificate === true;
    if (requiresMtls !== (tls === 'mtls')) return { ...out, error: 'ErrMTLSError' };
  }
  for (const f of chain.filters) {
    if (f.name === 'envoy.filters.network.tcp_proxy') return { ...out, clusterMatched: f.typedConfig.cluster };
    if (f.name !== 'envoy.filters.network.http_connection_manager') continue;
    if ((tls !== 'plaintext' && !socket) || call.protocol === 'tcp') return { ...out, error: 'ErrProtocolError' };
    const rds = f.typedConfig.rds?.routeConfigName;
    if (rds !== undefined) out.routeConfigMatched = rds;
    const rc = rds !== undefined ? routeConfigs.find((r) => r.name === rds) : f.typedConfig.routeConfig;
    if (!rc) return { ...out, error: 'ErrNoVirtualHost' };
    const vh = pickVirtualHost(rc, call.hostHeader ?? '');
    if (!vh) return { ...out, error: 'ErrNoVirtualHost' };
    out.virtualHostMatched = vh.name;
    if (vh.requireTls === 'ALL' && tls === 'plaintext') return { ...out, error: 'ErrTLSRedirect' };
    const route = (vh.routes ?? []).find((r) => pathMatches(r, call.path ?? '/'));
    if (!route) return { ...out, error: 'ErrNoRoute' };
    out.routeMatched = route.name ?? '';
    if (route.route?.cluster) out.clusterMatched = route.route.cluster;
    return out;
  }
  return out;
}

/** The corpus README's ALPN defaults: mTLS offers Istio's ALPNs, TLS the protocol's, an HTTP inspector sniffs plaintext. */
function offeredAlpn(call: SimCall, tls: string, tlsInspector: boolean, httpInspector: boolean): string | undefined {
  if (tls === 'plaintext') return httpInspector ? (call.protocol === 'http' ? 'http/1.1' : call.protocol === 'http2' ? 'h2c' : undefined) : undefined;
  if (!tlsInspector) return undefined;
  if (call.alpn) return call.alpn;
  if (tls === 'mtls') return call.protocol === 'http' ? 'istio-http/1.1' : call.protocol === 'http2' ? 'istio-h2' : 'istio';
  return call.protocol === 'http' ? 'http/1.1' : call.protocol === 'http2' ? 'h2' : undefined;
}

/**
 * One narrowing step: when no chain sets the criterion it is skipped; otherwise the best-scoring
 * chains stay, or, when none matches, the chains that leave the criterion empty.
 */
function narrow(cands: FilterChain[], has: (c: FilterChain) => boolean, score: (c: FilterChain) => number | undefined): FilterChain[] {
  if (!cands.some(has)) return cands;
  const scored = cands.filter(has).map((c) => ({ c, s: score(c) })).filter((x): x is { c: FilterChain; s: number } => x.s !== undefined);
  if (scored.length > 0) {
    const best = Math.max(...scored.map((x) => x.s));
    return scored.filter((x) => x.s === best).map((x) => x.c);
  }
  return cands.filter((c) => !has(c));
}

/** An exact server name beats any wildcard; among wildcards the longest wins. */
function serverNameScore(c: FilterChain, sni: string | undefined): number | undefined {
  if (sni === undefined) return undefined;
  let best: number | undefined;
  for (const n of c.filterChainMatch?.serverNames ?? []) {
    const s = n === sni ? 1e6 : n.startsWith('*') && sni.endsWith(n.slice(1)) ? n.length : undefined;
    if (s !== undefined && (best === undefined || s > best)) best = s;
  }
  return best;
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

/** Envoy's vhost precedence: exact, longest suffix wildcard, longest prefix wildcard, then `*`. */
export function pickVirtualHost(rc: RouteConfiguration, hostHeader: string): VirtualHost | undefined {
  let host = hostHeader.toLowerCase();
  if (rc.ignorePortInHostMatching) {
    const m = /^(\[[^\]]+\]|[^:]+):\d+$/.exec(host);
    if (m?.[1]) host = m[1];
  }
  const all = rc.virtualHosts.flatMap((vh) => vh.domains.map((d) => ({ vh, d: d.toLowerCase() })));
  const exact = all.find((x) => x.d === host);
  if (exact) return exact.vh;
  const longest = (xs: typeof all) => xs.sort((a, b) => b.d.length - a.d.length)[0];
  const suffix = longest(all.filter((x) => x.d.startsWith('*') && x.d !== '*' && x.d.length - 1 <= host.length && host.endsWith(x.d.slice(1))));
  if (suffix) return suffix.vh;
  const prefix = longest(all.filter((x) => x.d.endsWith('*') && x.d !== '*' && host.startsWith(x.d.slice(0, -1))));
  if (prefix) return prefix.vh;
  return all.find((x) => x.d === '*')?.vh;
}

/** The simulator matches paths only, and regexes with Go's unanchored search (the README says so). */
function pathMatches(r: Route, path: string): boolean {
  const m = r.match;
  if (m.prefix !== undefined) return path.startsWith(m.prefix);
  if (m.pathSeparatedPrefix !== undefined) return path.startsWith(m.pathSeparatedPrefix);
  if (m.path !== undefined) return path === m.path;
  if (m.safeRegex !== undefined) return new RegExp(m.safeRegex.regex).test(path);
  return false;
}
