// Gateway route configurations (spec §5.1–5.4, buildGatewayHTTPRouteConfig): per RDS name, the
// servers owning it in merge order, their Gateways' VirtualServices in VirtualServicesForGateway
// order, host intersection, merging, httpsRedirect, collapsing, sorting, blackhole.
import { hostIntersection, serverHostsForNamespace } from '../../model/hosts.js';
import type { NormalizedVirtualService } from '../../model/virtualServices.js';
import type { Route, RouteConfiguration, StreamedRouteConfiguration, VirtualHost } from '../envoy.js';
import type { FilteredRule, ResourceKey, RouteOrigin, VirtualHostOrigin } from '../proxyConfig.js';
import type { RouteBuildContext } from '../route/context.js';
import type { MergedGateway, ServerEntry } from './mergeServers.js';
import { gatewayRouteContext, type GatewayRouteScope } from './routeContext.js';
import type { RouteTranslator, VsRoutes } from './routeTranslator.js';
import { virtualServicesForGateway, type VirtualServiceIndex } from './vsIndex.js';
import { groupsInMoreSpecificOrder, sortByName } from './hostOrder.js';

export const MAX_DIRECT_RESPONSE_BODY_SIZE_BYTES = 1048576;

export interface RouteConfigsResult {
  routeConfigs: RouteConfiguration[];
  /**
   * Where each route came from. With `virtualHostRoutes: 'when-read'`, a route's origin is there once
   * its virtual host's routes were read; iterating the map (or reading its size) reads them all first.
   */
  routeOrigins: Map<Route, RouteOrigin>;
  virtualHostOrigins: VirtualHostOrigin[];
  /** Every (route config, gateway, VS) translation that gave no route (every rule filtered), with its drops. */
  dropped: { routeConfig: string; vs: NormalizedVirtualService; server: ServerEntry; filtered: FilteredRule[] }[];
  /** VS → servers it reached with a non-empty host intersection. */
  reached: Map<NormalizedVirtualService, Set<ServerEntry>>;
  /** Whether a merged vhost's VS order was decided by name (equal timestamps). */
  vsOrderByName: boolean;
  /**
   * The names of the route configs whose only virtual host is the blackhole (no VirtualService host
   * reaches their servers), in routeConfigs' order: known without making any virtual host.
   */
  blackholeRouteNames: readonly string[];
  /**
   * The virtual hosts merged from two VirtualServices or more, in virtualHostOrigins' order: each one's
   * origin (equal to its entry there) and its routes (the same objects as its virtual host's in
   * routeConfigs), without making the other virtual hosts or their origins.
   */
  mergedVirtualHosts(): MergedVirtualHost[];
  /**
   * The same route configs (sorted by name), each one's virtual hosts made one at a time as they are
   * read, with their routes, and not kept: no virtual host's routes, no translation and no route
   * origin stays behind once the next one is made (`proxy-config route -o json` writes each virtual
   * host as it is made). Virtual hosts read already, or built eagerly, are given as they are.
   */
  streamed(): StreamedRouteConfiguration[];
}

export interface RouteConfigsOptions {
  /**
   * `when-read`: virtual hosts, their domains, their merging and collapsing are decided without
   * building a route; each virtual host's `routes` are built when first read (a getter that then
   * becomes the plain value), so readers of a few virtual hosts (explain, the route analyzers) do
   * not translate every VirtualService. Whether a VirtualService gives a gateway any route is
   * decided by the translator's `hasHttpRoutes` (the rules and matches it keeps), and virtual hosts
   * collapse when they hold the same (Gateway, VirtualService) translations in the same order: one
   * translation's routes are its own objects and never empty, so that is exactly when their route
   * lists are the same objects (test/derive/gateway/deferred.test.ts). Default `eager`.
   */
  virtualHostRoutes?: 'eager' | 'when-read';
  /**
   * `merged`: only what the route analyzers read is kept once the plan is made (blackholeRouteNames,
   * mergedVirtualHosts, reached, dropped, and routeOrigins by route): the virtual host drafts of a
   * route config none of whose hosts holds two translations are dropped, and so are a route config's
   * single-translation drafts (a host merged from several VirtualServices holds two translations or
   * more, and collapses only with hosts of the same translations). Kept for the whole analysis, they
   * were copied by young-generation collections until promoted. Reading routeConfigs,
   * virtualHostOrigins or streamed, or walking routeOrigins, then throws. Needs `when-read`. Default `all`.
   */
  keep?: 'all' | 'merged';
}

export interface MergedVirtualHost {
  origin: VirtualHostOrigin;
  /** The virtual host's routes, built when first called (once: the same array as its virtual host's `routes`). */
  routes(): Route[];
}

/** One (Gateway, VirtualService) translation on one route config, shared by every host it serves. */
interface Translation {
  id: number;
  vs: NormalizedVirtualService;
  ctx: RouteBuildContext;
  /** Built now (eager) or when a virtual host holding it is read (when-read). */
  result?: VsRoutes;
}

interface VhostDraft {
  host: string;
  name: string;
  domains: string[];
  /** The translations whose routes the virtual host holds, in order (one may repeat). */
  parts: Translation[];
  requireTls: boolean;
  servers: ServerEntry[];
  virtualServices: NormalizedVirtualService[];
  /** Its routes once built (when-read and eager readers share them). */
  routes?: Route[];
}

/**
 * A host one translation reached so far (nearly every host): the draft is made from it when its
 * plan is read (keptOf), or when a second translation reaches the host. The route analyzers never
 * read most plans' hosts: one object per host, not a draft of four lists and a name.
 */
interface SingleDraft {
  host: string;
  part: Translation;
  server: ServerEntry;
  vs: NormalizedVirtualService;
  requireTls: boolean;
  parts?: undefined;
}

type Draft = VhostDraft | SingleDraft;

/** The draft a host's record stands for. */
function draftOf(d: Draft): VhostDraft {
  if (d.parts !== undefined) return d;
  return { host: d.host, name: domainName(d.host, d.server.port), domains: [d.host], parts: [d.part], requireTls: d.requireTls, servers: [d.server], virtualServices: [d.vs] };
}

const refOf = (vs: NormalizedVirtualService): ResourceKey => ({ namespace: vs.vs.namespace, name: vs.vs.name });

/** IPv6 literals are bracketed in vhost names (util.DomainName). */
function domainName(host: string, port: number): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]:${port}` : `${host}:${port}`;
}

export function buildGatewayRouteConfigs(
  merged: MergedGateway,
  vsIndex: VirtualServiceIndex,
  scope: GatewayRouteScope,
  translator: RouteTranslator,
  opts: RouteConfigsOptions = {},
): RouteConfigsResult {
  const whenRead = opts.virtualHostRoutes === 'when-read';
  const mergedOnly = opts.keep === 'merged';
  if (mergedOnly && !whenRead) throw new Error("buildGatewayRouteConfigs: keep 'merged' needs virtualHostRoutes 'when-read'");
  const pendingHosts: (() => void)[] = [];
  // Virtual host objects and their origins are made when first read (from each route config's
  // plan): `proxy-config route -o json` streams virtual hosts and reads neither.
  const plans: RoutePlan[] = [];
  let routeConfigs: RouteConfiguration[] | undefined;
  let virtualHostOrigins: VirtualHostOrigin[] | undefined;
  const configs = (): RouteConfiguration[] => (routeConfigs ??= plans.map((p) => routeConfigOf(p.routeName, virtualHostsOf(notPartial(p)))).sort(byName));
  const routeOrigins: Map<Route, RouteOrigin> = whenRead
    ? new ReadAllFirstMap(() => {
        configs();
        for (const read of pendingHosts) read();
      })
    : new Map();
  const dropped: RouteConfigsResult['dropped'] = [];
  // The (VirtualService, server) pairs of `reached`, in order: its map is made when read (only the
  // misses read it), not one set per VirtualService on every derivation.
  const reachedVses: NormalizedVirtualService[] = [];
  const reachedServers: ServerEntry[] = [];
  let reached: Map<NormalizedVirtualService, Set<ServerEntry>> | undefined;
  const reachedMap = (): Map<NormalizedVirtualService, Set<ServerEntry>> => {
    if (reached) return reached;
    reached = new Map();
    for (let i = 0; i < reachedVses.length; i++) {
      const vs = reachedVses[i] as NormalizedVirtualService;
      const servers = reached.get(vs);
      if (servers) servers.add(reachedServers[i] as ServerEntry);
      else reached.set(vs, new Set([reachedServers[i] as ServerEntry]));
    }
    return reached;
  };
  let vsOrderByName = false;
  let nextId = 0;
  const translated = (t: Translation): VsRoutes => {
    if (t.result === undefined) {
      t.result = translator.buildHttpRoutes(t.vs, t.ctx);
      t.result.origins.forEach((origin, route) => routeOrigins.set(route, origin));
    }
    return t.result;
  };

  for (const [routeName, servers] of merged.serversByRouteName) {
    // Routes are cached per (Gateway, VS), as istiod does; a VS whose rules all drop is not cached.
    const cache = new Map<string, Map<NormalizedVirtualService, Translation>>();
    const vsesByGateway = new Map<string, NormalizedVirtualService[]>();
    const drafts = new Map<string, Draft>();
    // Whether some host holds two translations or more (only those can be merged from several VirtualServices).
    let multiPart = false;
    // Indexed loops: this runs once per derivation (cold), over every (server, VirtualService) pair.
    for (let si = 0; si < servers.length; si++) {
      const server = servers[si] as ServerEntry;
      const g = server.gatewayName;
      let vses = vsesByGateway.get(g);
      if (!vses) vsesByGateway.set(g, (vses = virtualServicesForGateway(vsIndex, scope.proxyNamespace, g)));
      const redirect = server.server.tls?.httpsRedirect === true;
      let serverCtx: RouteBuildContext | undefined;
      let perGateway = cache.get(g);
      if (!perGateway) cache.set(g, (perGateway = new Map()));
      // The server's hosts as VirtualServices of one namespace see them: a Gateway's VirtualServices
      // are mostly of one namespace, so this is made once per run of them.
      let hostsNamespace: string | undefined;
      let serverHosts: string[] = [];
      for (let vi = 0; vi < vses.length; vi++) {
        const vs = vses[vi] as NormalizedVirtualService;
        if (vs.vs.namespace !== hostsNamespace) {
          hostsNamespace = vs.vs.namespace;
          serverHosts = serverHostsForNamespace(server.hosts, server.gateway.namespace, hostsNamespace);
        }
        const inter = hostIntersection(serverHosts, vs.hosts);
        if (inter.length === 0) continue;
        reachedVses.push(vs);
        reachedServers.push(server);
        let part = perGateway.get(vs);
        if (part === undefined) {
          // One context per server: it depends on the server's port, Gateway and TLS, not on the VirtualService.
          const ctx = (serverCtx ??= gatewayRouteContext(scope, server.port, g, server.server.tls !== undefined));
          const t: Translation = { id: nextId++, vs, ctx };
          const some = whenRead && translator.hasHttpRoutes ? translator.hasHttpRoutes(vs, ctx) : translated(t).routes.length > 0;
          if (!some) {
            dropped.push({ routeConfig: routeName, vs, server, filtered: (t.result ?? translator.buildHttpRoutes(vs, ctx)).filtered });
            continue;
          }
          perGateway.set(vs, (part = t));
        }
        for (let hi = 0; hi < inter.length; hi++) {
          const host = (inter[hi] as string).toLowerCase();
          const found = drafts.get(host);
          if (found) {
            let d = found;
            if (d.parts === undefined) drafts.set(host, (d = draftOf(d)));
            d.parts.push(part);
            multiPart = true;
            if (redirect) d.requireTls = true;
            if (!d.servers.includes(server)) d.servers.push(server);
            if (!d.virtualServices.includes(vs)) {
              const prev = d.virtualServices[d.virtualServices.length - 1];
              if (prev && prev.vs.metadata.creationTimestamp === vs.vs.metadata.creationTimestamp) vsOrderByName = true;
              d.virtualServices.push(vs);
            }
          } else drafts.set(host, { host, part, server, vs, requireTls: redirect });
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
          drafts.set(host, { host, name: domainName(host, server.port), domains: [host], parts: [], requireTls: true, servers: [server], virtualServices: [] });
        }
      }
    }

    // Virtual hosts are collapsed and sorted when first read (keptOf): the route analyzers read
    // only whether there are any, and the hosts merged from several translations.
    if (drafts.size === 0) plans.push({ routeName, servers });
    else if (!mergedOnly) plans.push({ routeName, servers, drafts: [...drafts.values()], multiPart });
    else {
      const multi: VhostDraft[] = [];
      if (multiPart) for (const d of drafts.values()) if (d.parts !== undefined && d.parts.length >= 2) multi.push(d);
      plans.push({ routeName, servers, drafts: multi, multiPart, partial: true });
    }
  }
  /** A draft's routes, built once (its virtual host's and mergedVirtualHosts' are the same array). */
  function routesOf(d: VhostDraft): Route[] {
    return (d.routes ??= translator.sortVirtualHostRoutes(d.parts.flatMap((t) => translated(t).routes)));
  }
  /** A route config's virtual hosts: the blackhole, or one per kept draft, its routes built now (eager) or when read. */
  function virtualHostsOf(p: RoutePlan): VirtualHost[] {
    const kept = keptOf(p);
    if (!kept) return [blackholeOf(p)];
    return kept.map((d) => {
      const vh: VirtualHost = { name: d.name, domains: d.domains };
      if (d.parts.length > 0) {
        if (whenRead) pendingHosts.push(routesWhenRead(vh, () => routesOf(d)));
        else vh.routes = routesOf(d);
      }
      return virtualHostEnd(vh, d);
    });
  }
  // Built now (eager): streamed as they are; else made as they are read, from the translations read already, if any.
  const streamed = mergedOnly
    ? undefined
    : whenRead
      ? plans.map((p) => routeConfigOf(p.routeName, p.drafts ? streamOf(p) : () => [blackholeOf(p)])).sort(byName)
      : configs().map((rc) => routeConfigOf(rc.name ?? '', () => rc.virtualHosts));
  function streamOf(p: RoutePlan): () => Iterable<VirtualHost> {
    return () => streamVirtualHosts(keptOf(p) ?? [], translator);
  }
  const originOf = (p: RoutePlan, d: VhostDraft): VirtualHostOrigin => ({ routeConfig: p.routeName, virtualHost: d.name, servers: d.servers.map(serverRef), virtualServices: d.virtualServices.map(refOf) });
  const originsOf = (): VirtualHostOrigin[] =>
    plans.flatMap((p): VirtualHostOrigin[] =>
      p.drafts ? (keptOf(notPartial(p)) ?? []).map((d) => originOf(p, d)) : [{ routeConfig: p.routeName, virtualHost: blackholeOf(p).name, servers: p.servers.map(serverRef), virtualServices: [] }],
    );
  const mergedVirtualHosts = (): MergedVirtualHost[] => {
    const out: MergedVirtualHost[] = [];
    for (let i = 0; i < plans.length; i++) {
      const p = plans[i] as RoutePlan;
      // A host merged from two VirtualServices holds two translations: without such a host, none is merged.
      const kept = p.multiPart ? (keptOf(p) ?? []) : [];
      for (let j = 0; j < kept.length; j++) {
        const d = kept[j] as VhostDraft;
        if (d.virtualServices.length >= 2) out.push({ origin: originOf(p, d), routes: () => (d.parts.length > 0 ? routesOf(d) : []) });
      }
    }
    return out;
  };
  const blackholeRouteNames = plans.filter((p) => !p.drafts).map((p) => p.routeName).sort();
  return {
    get routeConfigs(): RouteConfiguration[] {
      return configs();
    },
    routeOrigins,
    get virtualHostOrigins(): VirtualHostOrigin[] {
      return (virtualHostOrigins ??= originsOf());
    },
    dropped,
    get reached(): Map<NormalizedVirtualService, Set<ServerEntry>> {
      return reachedMap();
    },
    vsOrderByName,
    blackholeRouteNames,
    mergedVirtualHosts,
    streamed: () => {
      if (streamed === undefined) throw new Error("buildGatewayRouteConfigs: keep 'merged' keeps no route config to stream");
      return streamed;
    },
  };
}

const hostOfDraft = (d: VhostDraft): string => d.host;
const nameOfDraft = (d: VhostDraft): string => d.name;

/** Equal for two drafts exactly when they hold the same translations in the same order, with the same TLS requirement. */
function signature(d: VhostDraft): string {
  const parts = d.parts;
  // One translation (nearly every host): its id, without building a list.
  if (parts.length === 1) return `${d.requireTls ? 1 : 0}|${(parts[0] as Translation).id}`;
  let ids = '';
  for (let i = 0; i < parts.length; i++) ids += i === 0 ? `${(parts[i] as Translation).id}` : `,${(parts[i] as Translation).id}`;
  return `${d.requireTls ? 1 : 0}|${ids}`;
}

/** One route config's servers and virtual host drafts (none: the blackhole), before any virtual host is made. */
interface RoutePlan {
  routeName: string;
  servers: readonly ServerEntry[];
  /** One per host, in the order first met; none: the blackhole only. */
  drafts?: Draft[];
  /** Whether some draft holds two translations or more. */
  multiPart?: boolean;
  /** The drafts collapsed and sorted by name (keptOf), once read. */
  kept?: VhostDraft[];
  /** Only the drafts of two translations or more are kept (RouteConfigsOptions `keep: 'merged'`). */
  partial?: boolean;
}

/** The plan, which must hold every draft: a partial one cannot make the route config's virtual hosts. */
function notPartial(p: RoutePlan): RoutePlan {
  if (p.partial) throw new Error(`route config ${p.routeName}: only its merged virtual hosts were kept (keep: 'merged')`);
  return p;
}

/**
 * A plan's virtual hosts (undefined: the blackhole only), collapsed and sorted when first asked
 * (collapseDuplicateRoutes): in MoreSpecific host order, identical route lists (same objects) merge;
 * a translation's routes are its own and never empty, so the same translations in order. The
 * primaries take the merged drafts' domains, servers and VirtualServices (once: this runs once per plan).
 */
function keptOf(p: RoutePlan): VhostDraft[] | undefined {
  if (p.kept || !p.drafts) return p.kept;
  const kept: VhostDraft[] = [];
  // Per signature, the drafts in MoreSpecific host order: the first is the primary, the rest merge into it.
  const groups = groupsInMoreSpecificOrder(p.drafts.map(draftOf), hostOfDraft, signature);
  for (let gi = 0; gi < groups.length; gi++) {
    const group = groups[gi] as VhostDraft[];
    const primary = group[0] as VhostDraft;
    for (let di = 1; di < group.length; di++) {
      const d = group[di] as VhostDraft;
      primary.domains.push(...d.domains);
      for (const s of d.servers) if (!primary.servers.includes(s)) primary.servers.push(s);
      for (const v of d.virtualServices) if (!primary.virtualServices.includes(v)) primary.virtualServices.push(v);
    }
    kept.push(primary);
  }
  // By name; equal names (IPv6 hosts with and without brackets) keep MoreSpecific host order, as
  // when every draft was sorted by host first.
  return (p.kept = sortByName(kept, nameOfDraft, hostOfDraft));
}

const serverRef = (s: ServerEntry): { gateway: ResourceKey; serverIndex: number } => ({ gateway: s.merged.gateway, serverIndex: s.serverIndex });

/** A route config with no virtual host of its own: everything answers 404. */
const blackholeOf = (p: RoutePlan): VirtualHost => ({ name: `blackhole:${p.servers[0]?.port ?? 0}`, domains: ['*'] });

const byName = (a: { name?: string }, b: { name?: string }): number => ((a.name ?? '') < (b.name ?? '') ? -1 : (a.name ?? '') > (b.name ?? '') ? 1 : 0);

/** A route configuration's members in the proto's order, whatever form its virtual hosts take. */
function routeConfigOf<V>(name: string, virtualHosts: V): { name: string; virtualHosts: V; validateClusters: boolean; maxDirectResponseBodySizeBytes: number; ignorePortInHostMatching: boolean } {
  return { name, virtualHosts, validateClusters: false, maxDirectResponseBodySizeBytes: MAX_DIRECT_RESPONSE_BODY_SIZE_BYTES, ignorePortInHostMatching: true };
}

/** The members after `routes`, in the proto's order. */
function virtualHostEnd(vh: VirtualHost, d: VhostDraft): VirtualHost {
  if (d.requireTls) vh.requireTls = 'ALL';
  vh.includeRequestAttemptCount = true;
  return vh;
}

/**
 * The virtual hosts of `kept` (sorted), each made with its routes when the reader reaches it: a
 * translation is built once, kept only until the last virtual host holding it is made (a
 * translation is usually one host's), and its route origins are not recorded. Translations read
 * already (when-read) are used as they are.
 */
function* streamVirtualHosts(kept: readonly VhostDraft[], translator: RouteTranslator): Generator<VirtualHost> {
  const left = new Map<Translation, number>();
  for (const d of kept) for (const t of d.parts) left.set(t, (left.get(t) ?? 0) + 1);
  const built = new Map<Translation, Route[]>();
  const routesOf = (t: Translation): Route[] => {
    let routes = t.result?.routes ?? built.get(t);
    if (routes === undefined) built.set(t, (routes = translator.streamHttpRoutes?.(t.vs, t.ctx) ?? translator.buildHttpRoutes(t.vs, t.ctx).routes));
    return routes;
  };
  for (const d of kept) {
    const vh: VirtualHost = { name: d.name, domains: d.domains };
    // One translation (nearly every host): its routes as they are, without flatMap's copy.
    if (d.parts.length === 1) vh.routes = translator.sortVirtualHostRoutes(routesOf(d.parts[0] as Translation));
    else if (d.parts.length > 1) vh.routes = translator.sortVirtualHostRoutes(d.parts.flatMap(routesOf));
    yield virtualHostEnd(vh, d);
    for (const t of d.parts) {
      const n = (left.get(t) ?? 1) - 1;
      if (n > 0) left.set(t, n);
      else built.delete(t);
    }
  }
}

/**
 * Gives `vh` a `routes` property (where the eager build puts it, so that key order is the same) that
 * builds them when first read and then becomes the plain value. Returns a function that reads it.
 */
function routesWhenRead(vh: VirtualHost, build: () => Route[]): () => void {
  Object.defineProperty(vh, 'routes', {
    configurable: true,
    enumerable: true,
    get(): Route[] {
      const routes = build();
      Object.defineProperty(vh, 'routes', { value: routes, writable: true, enumerable: true, configurable: true });
      return routes;
    },
    set(routes: Route[]): void {
      Object.defineProperty(vh, 'routes', { value: routes, writable: true, enumerable: true, configurable: true });
    },
  });
  return () => void vh.routes;
}

/**
 * Route origins whose routes are built as their virtual hosts are read: looking one route up needs
 * its route (so its virtual host was read), but walking the whole map first reads every virtual host.
 */
class ReadAllFirstMap<K, V> extends Map<K, V> {
  #readAll: (() => void) | undefined;
  constructor(readAll: () => void) {
    super();
    this.#readAll = readAll;
  }
  #ready(): void {
    const read = this.#readAll;
    if (read === undefined) return;
    this.#readAll = undefined;
    read();
  }
  override get size(): number {
    this.#ready();
    return super.size;
  }
  override entries(): MapIterator<[K, V]> {
    this.#ready();
    return super.entries();
  }
  override keys(): MapIterator<K> {
    this.#ready();
    return super.keys();
  }
  override values(): MapIterator<V> {
    this.#ready();
    return super.values();
  }
  override forEach(fn: (value: V, key: K, map: Map<K, V>) => void, thisArg?: unknown): void {
    this.#ready();
    super.forEach(fn, thisArg);
  }
  override [Symbol.iterator](): MapIterator<[K, V]> {
    this.#ready();
    return super[Symbol.iterator]();
  }
}
