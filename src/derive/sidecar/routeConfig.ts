// Outbound HTTP route configurations of a sidecar (httproute.go buildSidecarOutboundHTTPRouteConfig,
// BuildSidecarOutboundVirtualHosts; route.go BuildSidecarVirtualHostWrapper, separateVSHostsAndServices).
import type { Route, RouteConfiguration, StreamedRouteConfiguration, VirtualHost } from '../envoy.js';
import { catchAllVirtualHost } from './catchAll.js';
import type { FilteredRule, RouteOrigin, VirtualHostOrigin, VirtualServiceMiss } from '../proxyConfig.js';
import type { NormalizedVirtualService } from '../../model/virtualServices.js';
import { dedupeDomains, serviceDomains } from './domains.js';
import { HostLookup } from './hostLookup.js';
import { isHttpOrSniffed } from './protocol.js';
import type { MeshService } from './registry.js';
import type { EgressListener, OutboundMode } from './scope.js';

/** What the sidecar needs from the VS → Envoy route translation for one port. */
export interface VsRoutes {
  routes: Route[];
  origins: Map<Route, RouteOrigin>;
  /** Rules dropped at generation time (match.port, gateways, sourceLabels...). */
  filtered: FilteredRule[];
}

export interface RouteBuilders {
  /** Routes of a mesh VS on `port`; `lookup` finds a destination service among those on that port. */
  vsRoutes(vs: NormalizedVirtualService, port: number, lookup: (host: string) => MeshService | undefined): VsRoutes;
  /** The route of a service without VirtualService. */
  defaultRoute(cluster: string, fqdn: string, port: number): Route;
  /** Whether `vsRoutes` gives any route, without building one (with `streamVsRoutes`: the route config can be streamed). */
  hasVsRoutes?(vs: NormalizedVirtualService, port: number, lookup: (host: string) => MeshService | undefined): boolean;
  /** `vsRoutes(...).routes` for a writer that drops them once written: no origins, nothing kept for later calls. */
  streamVsRoutes?(vs: NormalizedVirtualService, port: number, lookup: (host: string) => MeshService | undefined): Route[];
}

export interface RouteConfigResult {
  routeConfig: RouteConfiguration;
  origins: Map<Route, RouteOrigin>;
  virtualHostOrigins: VirtualHostOrigin[];
  misses: VirtualServiceMiss[];
}

interface Wrapper {
  port: number;
  services: MeshService[];
  vsHosts: string[];
  /** Its routes (never empty): built already (kept), or when its first virtual host is written (streamed). */
  routes: () => Route[];
  vs?: NormalizedVirtualService;
}

/** What a streamed plan asks of the builders instead of `vsRoutes`. */
type StreamBuilders = Required<Pick<RouteBuilders, 'hasVsRoutes' | 'streamVsRoutes'>>;

/** A virtual host before its routes: its wrapper gives them. */
interface PlannedHost {
  name: string;
  domains: string[];
  wrapper: Wrapper;
}

// The functions a plan keeps (a wrapper's routes, the service lookup they use) are made here, not
// inside planSidecarRouteConfig: a closure there would keep that function's whole context alive
// (its sets of every name and domain) for as long as the plan is streamed.

const exactIn =
  (lookup: HostLookup<MeshService>) =>
  (host: string): MeshService | undefined =>
    lookup.exact(host);

const keptRoutes =
  (routes: Route[]) =>
  (): Route[] =>
    routes;

const streamedRoutes =
  (stream: StreamBuilders['streamVsRoutes'], vs: NormalizedVirtualService, port: number, lookup: (host: string) => MeshService | undefined) =>
  (): Route[] =>
    stream(vs, port, lookup);

const defaultRoutes =
  (builders: RouteBuilders, cluster: string, hostname: string, port: number) =>
  (): Route[] => [builders.defaultRoute(cluster, hostname, port)];

const keyOf = (vs: NormalizedVirtualService): { namespace: string; name: string } => ({ namespace: vs.vs.namespace, name: vs.vs.name });

/** `selectVirtualServices`: keep VSes with a host that is, or overlaps, a service on this port. */
function selectVirtualServices(vses: readonly NormalizedVirtualService[], lookup: HostLookup<MeshService>): NormalizedVirtualService[] {
  return vses.filter((v) => v.hosts.some((h) => lookup.anyMatch(h.toLowerCase())));
}

/** `separateVSHostsAndServices`: registry services the VS claims, and the VS hosts that are not services. */
function separate(
  vs: NormalizedVirtualService,
  lookup: HostLookup<MeshService>,
  mostSpecific: ReadonlyMap<string, NormalizedVirtualService>,
): { hosts: string[]; services: MeshService[] } {
  const hosts: string[] = [];
  const services: MeshService[] = [];
  const wild: string[] = [];
  for (const raw of vs.hosts) {
    const h = raw.toLowerCase();
    if (h.startsWith('*')) {
      wild.push(h);
      continue;
    }
    const svc = lookup.exact(h);
    if (svc) services.push(svc);
    else hosts.push(raw);
  }
  for (const h of wild) {
    const matched = lookup.matching(h);
    for (const svc of matched) if (mostSpecific.get(svc.hostname) === vs) services.push(svc);
    if (matched.length === 0) hosts.push(h);
  }
  return { hosts, services };
}

export interface BuildArgs {
  listener: EgressListener;
  /** `"<port>"` or, for an auto-detected service port, `"<fqdn>:<port>"`. */
  routeName: string;
  port: number;
  proxyDomain: string;
  outboundMode: OutboundMode;
  builders: RouteBuilders;
}

/** Builds one sidecar outbound route configuration. */
export function buildSidecarRouteConfig(args: BuildArgs): RouteConfigResult {
  const plan = planSidecarRouteConfig(args, undefined);
  const virtualHosts = plan.hosts.map((p): VirtualHost => ({ name: p.name, domains: p.domains, routes: p.wrapper.routes(), includeRequestAttemptCount: true }));
  if (plan.catchAll) virtualHosts.push(plan.catchAll);
  return {
    routeConfig: routeConfigOf(args.routeName, virtualHosts),
    origins: plan.origins,
    virtualHostOrigins: plan.hosts.map((p): VirtualHostOrigin => ({ routeConfig: args.routeName, virtualHost: p.name, servers: [], virtualServices: p.wrapper.vs ? [keyOf(p.wrapper.vs)] : [] })),
    misses: plan.misses,
  };
}

/**
 * The same route configuration with its virtual hosts made one at a time as they are read
 * (`proxy-config route <sidecar> -o json`): each VirtualService's routes built when its first virtual
 * host is written and dropped after its last, no route origins or misses recorded. Undefined when
 * the builders cannot tell whether a VirtualService has routes without building them.
 */
export function streamSidecarRouteConfig(args: BuildArgs): StreamedRouteConfiguration | undefined {
  const { hasVsRoutes, streamVsRoutes } = args.builders;
  if (hasVsRoutes === undefined || streamVsRoutes === undefined) return undefined;
  const plan = planSidecarRouteConfig(args, { hasVsRoutes, streamVsRoutes });
  return routeConfigOf(args.routeName, () => streamHosts(plan.hosts, plan.catchAll));
}

function* streamHosts(hosts: readonly PlannedHost[], catchAll: VirtualHost | undefined): Generator<VirtualHost> {
  const left = new Map<Wrapper, number>();
  for (const p of hosts) left.set(p.wrapper, (left.get(p.wrapper) ?? 0) + 1);
  const built = new Map<Wrapper, Route[]>();
  for (const p of hosts) {
    const w = p.wrapper;
    let routes = built.get(w);
    if (routes === undefined) built.set(w, (routes = w.routes()));
    yield { name: p.name, domains: p.domains, routes, includeRequestAttemptCount: true };
    const n = (left.get(w) ?? 1) - 1;
    if (n > 0) left.set(w, n);
    else built.delete(w);
  }
  if (catchAll) yield catchAll;
}

/** A route configuration's members in the proto's order, whatever form its virtual hosts take. */
function routeConfigOf<V>(name: string, virtualHosts: V): { name: string; virtualHosts: V; validateClusters: boolean; maxDirectResponseBodySizeBytes: number; ignorePortInHostMatching: boolean } {
  return { name, virtualHosts, validateClusters: false, maxDirectResponseBodySizeBytes: 1048576, ignorePortInHostMatching: true };
}

interface SidecarRoutePlan {
  /** Sorted by name; the catch-all (not sniffed) comes after them. */
  hosts: PlannedHost[];
  catchAll?: VirtualHost;
  origins: Map<Route, RouteOrigin>;
  misses: VirtualServiceMiss[];
}

/**
 * The virtual hosts of one route configuration, each with the wrapper that gives its routes.
 * With `stream`: routes are built when read (each VirtualService's once, by streamVsRoutes), whether a
 * VirtualService has any is asked without building them (hasVsRoutes), and neither route origins
 * nor misses are recorded; which virtual hosts there are, their names, domains and order, are the same.
 */
function planSidecarRouteConfig(args: BuildArgs, stream: StreamBuilders | undefined): SidecarRoutePlan {
  const { listener, routeName, port, proxyDomain, builders } = args;
  const sniffed = routeName.includes(':');
  const misses: VirtualServiceMiss[] = [];
  const origins = new Map<Route, RouteOrigin>();

  // Services on this port, each trimmed to that one port (what Istio's servicesByName holds).
  const onPort = new HostLookup<MeshService>();
  for (const svc of listener.services) {
    const p = svc.ports.find((x) => x.port === port);
    if (p) onPort.add(svc.hostname.toLowerCase(), svc.ports.length === 1 ? svc : { ...svc, ports: [p] });
  }
  const lookup = exactIn(onPort);

  // Istio keeps VSes without service hosts only on port 80 ("to keep consistent with previous behavior").
  const vses = port === 80 ? [...listener.virtualServices] : selectVirtualServices(listener.virtualServices, onPort);
  const wrappers: Wrapper[] = [];
  const claimed = new Set<string>();
  for (const vs of vses) {
    let routes: () => Route[];
    if (stream) {
      if (!stream.hasVsRoutes(vs, port, lookup)) continue;
      routes = streamedRoutes(stream.streamVsRoutes, vs, port, lookup);
    } else {
      const built = builders.vsRoutes(vs, port, lookup);
      if (built.routes.length === 0) {
        misses.push({ virtualService: keyOf(vs), routeConfig: routeName, reason: { code: 'rules-filtered', gateway: 'mesh', rules: built.filtered } });
        continue;
      }
      for (const [r, o] of built.origins) origins.set(r, o);
      routes = keptRoutes(built.routes);
    }
    const { hosts, services } = separate(vs, onPort, listener.mostSpecificVs);
    const httpServices = services.filter((s) => s.ports.some((p) => isHttpOrSniffed(p.protocol)));
    if (httpServices.length > 0) wrappers.push({ port, services: httpServices, vsHosts: hosts, routes, vs });
    else if (port === 80) wrappers.push({ port: 80, services: [], vsHosts: hosts, routes, vs });
    for (const s of httpServices) claimed.add(s.hostname);
  }
  for (const svc of onPort.values()) {
    if (claimed.has(svc.hostname) || svc.resolution === 'Alias') continue;
    const p = svc.ports[0];
    if (!p || !isHttpOrSniffed(p.protocol)) continue;
    const cluster = `outbound|${p.port}||${svc.hostname}`;
    wrappers.push({ port: p.port, services: [svc], vsHosts: [], routes: stream ? defaultRoutes(builders, cluster, svc.hostname, p.port) : keptRoutes([builders.defaultRoute(cluster, svc.hostname, p.port)]) });
  }

  const knownFqdns = new Set<string>();
  for (const w of wrappers) for (const s of w.services) knownFqdns.add(`${s.hostname}:${w.port}`).add(s.hostname);

  const names = new Set<string>();
  const taken = new Set<string>();
  let hosts: PlannedHost[] = [];
  const build = (hostname: string, w: Wrapper, svc: MeshService | undefined): void => {
    const name = `${hostname}:${w.port}`;
    if (names.has(name)) {
      // The first VirtualService (or the service) for a host wins; later ones are dropped.
      if (w.vs && !stream) {
        const winner = wrappers.find((x) => x !== w && (x.vsHosts.includes(hostname) || x.services.some((s) => s.hostname === hostname)));
        misses.push({
          virtualService: keyOf(w.vs),
          routeConfig: routeName,
          reason: { code: 'duplicate-host', host: hostname, ...(winner?.vs ? { winner: keyOf(winner.vs) } : {}) },
        });
      }
      return;
    }
    names.add(name);
    const gen = svc ? serviceDomains(svc, proxyDomain) : { domains: [hostname], altHosts: [] };
    const domains = dedupeDomains(gen.domains, taken, gen.altHosts, knownFqdns);
    if (domains.length === 0) return;
    hosts.push({ name, domains, wrapper: w });
  };
  for (const w of wrappers) {
    if (w.port !== port) continue;
    for (const h of w.vsHosts) build(h.toLowerCase(), w, undefined);
    for (const s of w.services) build(s.hostname, w, s);
  }

  if (sniffed) {
    const fqdn = routeName.slice(0, routeName.lastIndexOf(':'));
    const mine = hosts.filter((p) => p.domains.some((d) => d === routeName || d === fqdn));
    if (mine.length === 1 && mine[0]) mine[0].domains = ['*'];
    hosts = mine;
  }
  hosts.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { hosts, ...(sniffed ? {} : { catchAll: catchAllVirtualHost(args.outboundMode) }), origins, misses };
}
