// Outbound HTTP route configurations of a sidecar (httproute.go buildSidecarOutboundHTTPRouteConfig,
// BuildSidecarOutboundVirtualHosts; route.go BuildSidecarVirtualHostWrapper, separateVSHostsAndServices).
import type { Route, RouteConfiguration, VirtualHost } from '../envoy.js';
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
  routes: Route[];
  vs?: NormalizedVirtualService;
}

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

  // Istio keeps VSes without service hosts only on port 80 ("to keep consistent with previous behavior").
  const vses = port === 80 ? [...listener.virtualServices] : selectVirtualServices(listener.virtualServices, onPort);
  const wrappers: Wrapper[] = [];
  const claimed = new Set<string>();
  for (const vs of vses) {
    const built = builders.vsRoutes(vs, port, (h) => onPort.exact(h));
    if (built.routes.length === 0) {
      misses.push({ virtualService: keyOf(vs), routeConfig: routeName, reason: { code: 'rules-filtered', gateway: 'mesh', rules: built.filtered } });
      continue;
    }
    for (const [r, o] of built.origins) origins.set(r, o);
    const { hosts, services } = separate(vs, onPort, listener.mostSpecificVs);
    const httpServices = services.filter((s) => s.ports.some((p) => isHttpOrSniffed(p.protocol)));
    if (httpServices.length > 0) wrappers.push({ port, services: httpServices, vsHosts: hosts, routes: built.routes, vs });
    else if (port === 80) wrappers.push({ port: 80, services: [], vsHosts: hosts, routes: built.routes, vs });
    for (const s of httpServices) claimed.add(s.hostname);
  }
  for (const svc of onPort.values()) {
    if (claimed.has(svc.hostname) || svc.resolution === 'Alias') continue;
    const p = svc.ports[0];
    if (!p || !isHttpOrSniffed(p.protocol)) continue;
    const cluster = `outbound|${p.port}||${svc.hostname}`;
    wrappers.push({ port: p.port, services: [svc], vsHosts: [], routes: [builders.defaultRoute(cluster, svc.hostname, p.port)] });
  }

  const knownFqdns = new Set<string>();
  for (const w of wrappers) for (const s of w.services) knownFqdns.add(`${s.hostname}:${w.port}`).add(s.hostname);

  const names = new Set<string>();
  const taken = new Set<string>();
  const vhostOrigins = new Map<VirtualHost, VirtualHostOrigin>();
  let vhosts: VirtualHost[] = [];
  const build = (hostname: string, w: Wrapper, svc: MeshService | undefined): void => {
    const name = `${hostname}:${w.port}`;
    if (names.has(name)) {
      // The first VirtualService (or the service) for a host wins; later ones are dropped.
      if (w.vs) {
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
    const vh: VirtualHost = { name, domains, routes: w.routes, includeRequestAttemptCount: true };
    vhosts.push(vh);
    vhostOrigins.set(vh, { routeConfig: routeName, virtualHost: name, servers: [], virtualServices: w.vs ? [keyOf(w.vs)] : [] });
  };
  for (const w of wrappers) {
    if (w.routes.length === 0 || w.port !== port) continue;
    for (const h of w.vsHosts) build(h.toLowerCase(), w, undefined);
    for (const s of w.services) build(s.hostname, w, s);
  }

  if (sniffed) {
    const fqdn = routeName.slice(0, routeName.lastIndexOf(':'));
    const mine = vhosts.filter((vh) => vh.domains.some((d) => d === routeName || d === fqdn));
    if (mine.length === 1 && mine[0]) mine[0].domains = ['*'];
    vhosts = mine;
  }
  vhosts.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (!sniffed) vhosts.push(catchAllVirtualHost(args.outboundMode));
  const virtualHostOrigins = vhosts.flatMap((vh) => {
    const o = vhostOrigins.get(vh);
    return o ? [o] : [];
  });
  return {
    routeConfig: { name: routeName, virtualHosts: vhosts, validateClusters: false, maxDirectResponseBodySizeBytes: 1048576, ignorePortInHostMatching: true },
    origins,
    virtualHostOrigins,
    misses,
  };
}
