// TCP, TLS-passthrough and TLS-terminate servers pick VirtualService tcp/tls rules (spec §4.2,
// buildGatewayNetworkFiltersFromTCPRoutes/TLSRoutes, pickMatchingGatewayHosts, l4SingleMatch).
import { hostMatches } from '../../model/hosts.js';
import { normalizeMatchGateways, type NormalizedVirtualService } from '../../model/virtualServices.js';
import type { RouteDestination } from '../../schema/kinds/virtualService.js';
import type { ServerEntry } from './mergeServers.js';
import { isPassthroughServer } from './protocol.js';

/** VS hosts overlapping a server host, after the server's `ns/` filter (symmetric Matches). */
export function pickMatchingGatewayHosts(serverHosts: readonly string[], vs: NormalizedVirtualService): string[] {
  const out: string[] = [];
  for (const vh of vs.hosts) {
    for (const raw of serverHosts) {
      let h = raw;
      const slash = raw.indexOf('/');
      if (slash >= 0) {
        if (raw.slice(0, slash) !== vs.vs.namespace) continue;
        h = raw.slice(slash + 1);
      }
      if (hostMatches(h, vh) && !out.includes(vh)) out.push(vh);
    }
  }
  return out;
}

interface L4Match {
  port?: number | undefined;
  gateways?: string[] | undefined;
}

function l4SingleMatch(m: L4Match, server: ServerEntry, vs: NormalizedVirtualService, domainSuffix: string): boolean {
  const portOk = m.port === undefined || m.port === 0 || m.port === server.port;
  const gws = normalizeMatchGateways(m.gateways, vs.vs.namespace, domainSuffix);
  return portOk && (gws === undefined || gws.includes(server.gatewayName));
}

export interface L4Pick {
  vs: NormalizedVirtualService;
  /** Which rule list `rule` indexes: `tcp`, or `tls` (passthrough, and TLSRoute-built VSes on terminating servers). */
  block: 'tcp' | 'tls';
  /** `tcp` or `tls` rule index, and match index for TLS. */
  rule: number;
  match?: number;
  route: RouteDestination[];
  sniHosts?: string[];
}

/** Set by Istio's Gateway API translation: the routes a VirtualService was built from (`TLSRoute/name.ns`). */
const PARENTS_ANNOTATION = 'internal.istio.io/parents';

/**
 * First `tcp` rule of the first VS that matches this server (opaque TCP or TLS termination). A VS
 * built from a TLSRoute has only `tls` rules: on any non-passthrough server its first matching TLS
 * match is used instead (buildGatewayNetworkFiltersFromTCPRoutes).
 */
export function pickTcpRoute(vses: readonly NormalizedVirtualService[], server: ServerEntry, domainSuffix: string): L4Pick | undefined {
  for (const vs of vses) {
    if (pickMatchingGatewayHosts(server.hosts, vs).length === 0) continue;
    const tcp = vs.vs.spec.tcp ?? [];
    for (let i = 0; i < tcp.length; i++) {
      const rule = tcp[i];
      if (!rule) continue;
      const matches = rule.match ?? [];
      const ok = matches.length === 0 || matches.some((m) => l4SingleMatch(m, server, vs, domainSuffix));
      if (!ok) continue;
      if ((rule.route ?? []).length === 0) continue;
      return { vs, block: 'tcp', rule: i, route: rule.route ?? [] };
    }
    const fromTlsRoute = vs.vs.metadata.annotations?.[PARENTS_ANNOTATION]?.startsWith('TLSRoute/') ?? false;
    if (!fromTlsRoute || isPassthroughServer(server.server)) continue;
    const tls = vs.vs.spec.tls ?? [];
    for (let i = 0; i < tls.length; i++) {
      const j = (tls[i]?.match ?? []).findIndex((m) => l4SingleMatch(m, server, vs, domainSuffix));
      if (j >= 0) return { vs, block: 'tls', rule: i, match: j, route: tls[i]?.route ?? [] };
    }
  }
  return undefined;
}

/** Every matching `tls` match of every VS, in order: one SNI filter chain each (passthrough). */
export function pickTlsRoutes(vses: readonly NormalizedVirtualService[], server: ServerEntry, domainSuffix: string): L4Pick[] {
  const out: L4Pick[] = [];
  for (const vs of vses) {
    if (pickMatchingGatewayHosts(server.hosts, vs).length === 0) continue;
    (vs.vs.spec.tls ?? []).forEach((rule, i) => {
      if ((rule.route ?? []).length === 0) return;
      rule.match.forEach((m, j) => {
        if (l4SingleMatch(m, server, vs, domainSuffix)) out.push({ vs, block: 'tls', rule: i, match: j, route: rule.route ?? [], sniHosts: m.sniHosts });
      });
    });
  }
  return out;
}
