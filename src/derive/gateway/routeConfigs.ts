// Gateway route configurations (spec §5.1–5.4, buildGatewayHTTPRouteConfig): per RDS name, the
// servers owning it in merge order, their Gateways' VirtualServices in VirtualServicesForGateway
// order, host intersection, merging, httpsRedirect, collapsing, sorting, blackhole.
import { compareMoreSpecific, hostIntersection, serverHostsForNamespace } from '../../model/hosts.js';
import type { NormalizedVirtualService } from '../../model/virtualServices.js';
import type { Route, RouteConfiguration, VirtualHost } from '../envoy.js';
import type { ResourceKey, RouteOrigin, VirtualHostOrigin } from '../proxyConfig.js';
import type { MergedGateway, ServerEntry } from './mergeServers.js';
import { gatewayRouteContext, type GatewayRouteScope } from './routeContext.js';
import type { RouteTranslator, VsRoutes } from './routeTranslator.js';
import { virtualServicesForGateway, type VirtualServiceIndex } from './vsIndex.js';

export const MAX_DIRECT_RESPONSE_BODY_SIZE_BYTES = 1048576;

export interface RouteConfigsResult {
  routeConfigs: RouteConfiguration[];
  routeOrigins: Map<Route, RouteOrigin>;
  virtualHostOrigins: VirtualHostOrigin[];
  /** Every (route config, gateway, VS) translation, including those whose every rule was filtered. */
  built: { routeConfig: string; vs: NormalizedVirtualService; server: ServerEntry; routes: VsRoutes }[];
  /** VS → servers it reached with a non-empty host intersection. */
  reached: Map<NormalizedVirtualService, Set<ServerEntry>>;
  /** Whether a merged vhost's VS order was decided by name (equal timestamps). */
  vsOrderByName: boolean;
}

interface VhostDraft {
  host: string;
  name: string;
  domains: string[];
  routes: Route[];
  requireTls: boolean;
  servers: ServerEntry[];
  virtualServices: NormalizedVirtualService[];
}

const refOf = (vs: NormalizedVirtualService): ResourceKey => ({ namespace: vs.vs.namespace, name: vs.vs.name });

/** IPv6 literals are bracketed in vhost names (util.DomainName). */
function domainName(host: string, port: number): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]:${port}` : `${host}:${port}`;
}

let nextRouteId = 0;
const routeIds = new WeakMap<Route, number>();
function routeId(r: Route): number {
  let id = routeIds.get(r);
  if (id === undefined) routeIds.set(r, (id = nextRouteId++));
  return id;
}

function toVirtualHost(d: VhostDraft, sortRoutes: (r: Route[]) => Route[]): VirtualHost {
  const vh: VirtualHost = { name: d.name, domains: d.domains };
  const routes = sortRoutes(d.routes);
  if (routes.length > 0) vh.routes = routes;
  if (d.requireTls) vh.requireTls = 'ALL';
  vh.includeRequestAttemptCount = true;
  return vh;
}

export function buildGatewayRouteConfigs(
  merged: MergedGateway,
  vsIndex: VirtualServiceIndex,
  scope: GatewayRouteScope,
  translator: RouteTranslator,
): RouteConfigsResult {
  const routeOrigins = new Map<Route, RouteOrigin>();
  const virtualHostOrigins: VirtualHostOrigin[] = [];
  const built: RouteConfigsResult['built'] = [];
  const reached = new Map<NormalizedVirtualService, Set<ServerEntry>>();
  const routeConfigs: RouteConfiguration[] = [];
  let vsOrderByName = false;

  for (const [routeName, servers] of merged.serversByRouteName) {
    // Routes are cached per (Gateway, VS), as istiod does; a VS whose rules all drop is not cached.
    const cache = new Map<string, Map<NormalizedVirtualService, VsRoutes>>();
    const vsesByGateway = new Map<string, NormalizedVirtualService[]>();
    const drafts = new Map<string, VhostDraft>();
    for (const server of servers) {
      const g = server.gatewayName;
      let vses = vsesByGateway.get(g);
      if (!vses) vsesByGateway.set(g, (vses = virtualServicesForGateway(vsIndex, scope.proxyNamespace, g)));
      const redirect = server.server.tls?.httpsRedirect === true;
      for (const vs of vses) {
        const serverHosts = serverHostsForNamespace(server.hosts, server.gateway.namespace, vs.vs.namespace);
        const inter = hostIntersection(serverHosts, vs.hosts);
        if (inter.length === 0) continue;
        let reachedBy = reached.get(vs);
        if (!reachedBy) reached.set(vs, (reachedBy = new Set()));
        reachedBy.add(server);
        let perGateway = cache.get(g);
        if (!perGateway) cache.set(g, (perGateway = new Map()));
        let result = perGateway.get(vs);
        if (result === undefined) {
          const ctx = gatewayRouteContext(scope, server.port, g, server.server.tls !== undefined);
          const r = translator.buildHttpRoutes(vs, ctx);
          built.push({ routeConfig: routeName, vs, server, routes: r });
          r.origins.forEach((origin, route) => routeOrigins.set(route, origin));
          if (r.routes.length === 0) continue;
          perGateway.set(vs, (result = r));
        }
        for (const h of inter) {
          const host = h.toLowerCase();
          const d = drafts.get(host);
          if (d) {
            d.routes.push(...result.routes);
            if (redirect) d.requireTls = true;
            if (!d.servers.includes(server)) d.servers.push(server);
            if (!d.virtualServices.includes(vs)) {
              const prev = d.virtualServices[d.virtualServices.length - 1];
              if (prev && prev.vs.metadata.creationTimestamp === vs.vs.metadata.creationTimestamp) vsOrderByName = true;
              d.virtualServices.push(vs);
            }
          } else {
            drafts.set(host, {
              host,
              name: domainName(host, server.port),
              domains: [host],
              routes: [...result.routes],
              requireTls: redirect,
              servers: [server],
              virtualServices: [vs],
            });
          }
        }
      }
      if (redirect) {
        for (const raw of server.hosts) {
          const host = raw.toLowerCase();
          const d = drafts.get(host);
          if (d) {
            d.requireTls = true;
            continue;
          }
          drafts.set(host, { host, name: domainName(host, server.port), domains: [host], routes: [], requireTls: true, servers: [server], virtualServices: [] });
        }
      }
    }

    let vhosts: VirtualHost[];
    if (drafts.size === 0) {
      const first = servers[0];
      vhosts = [{ name: `blackhole:${first?.port ?? 0}`, domains: ['*'] }];
      virtualHostOrigins.push({
        routeConfig: routeName,
        virtualHost: vhosts[0]?.name ?? '',
        servers: servers.map((s) => ({ gateway: s.merged.gateway, serverIndex: s.serverIndex })),
        virtualServices: [],
      });
    } else {
      // collapseDuplicateRoutes: in MoreSpecific host order, identical route lists (same objects) merge.
      const primaries = new Map<string, VhostDraft>();
      const kept: VhostDraft[] = [];
      for (const host of [...drafts.keys()].sort(compareMoreSpecific)) {
        const d = drafts.get(host);
        if (!d) continue;
        const sig = `${d.requireTls ? 1 : 0}|${d.routes.map(routeId).join(',')}`;
        const primary = primaries.get(sig);
        if (primary) {
          primary.domains.push(...d.domains);
          for (const s of d.servers) if (!primary.servers.includes(s)) primary.servers.push(s);
          for (const v of d.virtualServices) if (!primary.virtualServices.includes(v)) primary.virtualServices.push(v);
        } else {
          primaries.set(sig, d);
          kept.push(d);
        }
      }
      kept.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      vhosts = kept.map((d) => toVirtualHost(d, (r) => translator.sortVirtualHostRoutes(r)));
      for (const d of kept) {
        virtualHostOrigins.push({
          routeConfig: routeName,
          virtualHost: d.name,
          servers: d.servers.map((s) => ({ gateway: s.merged.gateway, serverIndex: s.serverIndex })),
          virtualServices: d.virtualServices.map(refOf),
        });
      }
    }
    routeConfigs.push({
      name: routeName,
      virtualHosts: vhosts,
      validateClusters: false,
      maxDirectResponseBodySizeBytes: MAX_DIRECT_RESPONSE_BODY_SIZE_BYTES,
      ignorePortInHostMatching: true,
    });
  }
  routeConfigs.sort((a, b) => ((a.name ?? '') < (b.name ?? '') ? -1 : (a.name ?? '') > (b.name ?? '') ? 1 : 0));
  return { routeConfigs, routeOrigins, virtualHostOrigins, built, reached, vsOrderByName };
}
