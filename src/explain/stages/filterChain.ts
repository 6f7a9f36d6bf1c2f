// Envoy filter-chain selection, in Envoy's order: destination port, destination IP prefix, server name
// (exact beats wildcard, longer wildcard first), transport protocol, application protocols. At each step
// a criterion nobody sets is skipped; if some chains match only the best stay; if none match only the
// chains that leave it unset stay. None left: the default chain (none in Istio's gateways).
import { ipFamily } from '../../schema/ip.js';
import type { FilterChain, Listener } from '../../derive/envoy.js';

export interface Connection {
  port: number;
  address?: string;
  /** SNI sent; only seen when the listener inspects TLS. */
  sni?: string;
  tls: boolean;
  /** ALPN offered (curl: h2,http/1.1 over TLS). */
  alpn: string[];
}

export type ChainChoice =
  | { ok: true; chain: FilterChain; index: number }
  | { ok: false; reason: 'no-match' | 'ambiguous'; candidates: number };

const TLS_INSPECTOR = 'envoy.filters.listener.tls_inspector';
const HTTP_INSPECTOR = 'envoy.filters.listener.http_inspector';

type Ranked = { chain: FilterChain; index: number };

/** Keep the best-ranked chains for one criterion (rank undefined = criterion unset, -1 = no match). */
function narrow(cands: Ranked[], rank: (c: Ranked) => number | undefined): Ranked[] {
  const ranks = cands.map(rank);
  if (ranks.every((r) => r === undefined)) return cands;
  const best = Math.max(...ranks.map((r) => (r === undefined ? -1 : r)));
  if (best >= 0) return cands.filter((_, i) => ranks[i] === best);
  return cands.filter((_, i) => ranks[i] === undefined);
}

function ipv4ToInt(a: string): number {
  return a.split('.').reduce((acc, p) => acc * 256 + Number(p), 0);
}

function prefixLenMatching(ranges: { addressPrefix: string; prefixLen: number }[], address: string | undefined): number {
  if (address === undefined || ipFamily(address) !== 4) return -1;
  let best = -1;
  for (const r of ranges) {
    if (ipFamily(r.addressPrefix) !== 4) continue;
    const len = r.prefixLen;
    const mask = len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0;
    if (((ipv4ToInt(r.addressPrefix) & mask) >>> 0) === ((ipv4ToInt(address) & mask) >>> 0)) best = Math.max(best, len);
  }
  return best;
}

/** Exact server name ranks above any wildcard; longer wildcards above shorter ones. */
function serverNameRank(names: string[], sni: string | undefined): number {
  if (sni === undefined) return -1;
  const host = sni.toLowerCase();
  let best = -1;
  for (const n of names) {
    const name = n.toLowerCase();
    if (name === host) return Number.MAX_SAFE_INTEGER;
    if (name.startsWith('*.') && host.length > name.length - 1 && host.endsWith(name.slice(1))) best = Math.max(best, name.length);
  }
  return best;
}

export function inspectsTls(listener: Listener): boolean {
  const filters = listener.listenerFilters ?? [];
  if (filters.some((f) => f.name === TLS_INSPECTOR)) return true;
  // Builders that omit listenerFilters still imply an inspector when a chain matches on TLS data.
  return listener.listenerFilters === undefined && listener.filterChains.some((c) => (c.filterChainMatch?.serverNames?.length ?? 0) > 0 || c.filterChainMatch?.transportProtocol === 'tls');
}

export function selectFilterChain(listener: Listener, conn: Connection): ChainChoice {
  const tlsSeen = inspectsTls(listener);
  const sni = tlsSeen && conn.tls ? conn.sni : undefined;
  const transport = tlsSeen && conn.tls ? 'tls' : 'raw_buffer';
  let alpn = tlsSeen && conn.tls ? conn.alpn : [];
  if (!conn.tls && (listener.listenerFilters ?? []).some((f) => f.name === HTTP_INSPECTOR)) alpn = ['http/1.1'];
  let cands: Ranked[] = listener.filterChains.map((chain, index) => ({ chain, index }));
  cands = narrow(cands, (c) => (c.chain.filterChainMatch?.destinationPort === undefined ? undefined : c.chain.filterChainMatch.destinationPort === conn.port ? 0 : -1));
  cands = narrow(cands, (c) => {
    const r = c.chain.filterChainMatch?.prefixRanges;
    return r === undefined || r.length === 0 ? undefined : prefixLenMatching(r, conn.address);
  });
  cands = narrow(cands, (c) => {
    const n = c.chain.filterChainMatch?.serverNames;
    return n === undefined || n.length === 0 ? undefined : serverNameRank(n, sni);
  });
  cands = narrow(cands, (c) => {
    const t = c.chain.filterChainMatch?.transportProtocol;
    return t === undefined || t === '' ? undefined : t === transport ? 0 : -1;
  });
  cands = narrow(cands, (c) => {
    const a = c.chain.filterChainMatch?.applicationProtocols;
    return a === undefined || a.length === 0 ? undefined : a.some((p) => alpn.includes(p)) ? 0 : -1;
  });
  const only = cands[0];
  if (cands.length === 1 && only) return { ok: true, chain: only.chain, index: only.index };
  if (cands.length === 0 && listener.defaultFilterChain) return { ok: true, chain: listener.defaultFilterChain, index: -1 };
  return { ok: false, reason: cands.length === 0 ? 'no-match' : 'ambiguous', candidates: cands.length };
}
