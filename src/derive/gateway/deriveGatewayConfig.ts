// Entry point: what istiod pushes to one gateway workload, with provenance, drops and misses
// (spec Appendix A steps 2–3). Pure: index and workload in, ProxyConfig out.
import type { ConfigStore } from '../../convert/index.js';
import type { ConfigIndex } from '../../model/configIndex.js';
import type { Service } from '../../model/resource.js';
import { buildHttpRoutes, deferred, hasHttpRoutes, matchOnly, sortVirtualHostRoutes, streamHttpRoutes } from '../route/index.js';
import type { Cluster, Listener, RouteConfiguration } from '../envoy.js';
import type { ClusterLookup, ProxyConfig, ProxyNote, ProxyWorkload, ServiceTargetPort, VirtualServiceMiss } from '../proxyConfig.js';
import { buildGatewayClusters, gatewayClusterItemsByName, gatewayClusterLookup, gatewayClusterSummaries, gatewayClustersByName } from './clusters.js';
import type { Shaped } from '../../model/sharedParts.js';
import { summaryOf, type ClusterSummary } from '../cluster/build.js';
import { defaultGatewayOf, defaultGatewayTargets, type DefaultGateway } from './defaultGateway.js';
import { buildGatewayListeners } from './listeners.js';
import { mergeGateways } from './mergeServers.js';
import { missesOf } from './misses.js';
import { buildGatewayRouteConfigs, type RouteConfigsResult } from './routeConfigs.js';
import type { RouteTranslator } from './routeTranslator.js';
import { gatewaysForProxy, orderDecidedByName } from './selectGateways.js';
import { kubeServiceHostname } from '../../model/hosts.js';
import type { MeshService } from '../sidecar/registry.js';
import { serviceTargets } from './serviceTargets.js';
import { credentialSecret, SDS_EXTERNAL_PREFIX } from '../cluster/credentials.js';
import { virtualServiceIndex } from './vsIndex.js';
import { containerPorts, describeWorkload } from './workloads.js';
import { convertKubernetesProtocol } from '../sidecar/protocol.js';

export const defaultRouteTranslator: RouteTranslator = { buildHttpRoutes, streamHttpRoutes, hasHttpRoutes, sortVirtualHostRoutes };
/** Routes with their name and match only (route/buildRoutes.ts matchOnly), for the route analyzers. */
export const matchOnlyRouteTranslator: RouteTranslator = { buildHttpRoutes: (vs, ctx) => buildHttpRoutes(vs, ctx, matchOnly), hasHttpRoutes, sortVirtualHostRoutes };
/** Routes of name and match, each completed to the whole route by route/buildRoutes.ts completeRoute (explain completes those it walks). */
export const deferredRouteTranslator: RouteTranslator = { buildHttpRoutes: (vs, ctx) => buildHttpRoutes(vs, ctx, deferred), hasHttpRoutes, sortVirtualHostRoutes };

/** The assumed chart Service, so that its clusters appear as on a real cluster (spec §10.4). */
function assumedGatewayService(domainSuffix: string, g: DefaultGateway): MeshService {
  const source: Service = {
    kind: 'Service',
    apiVersion: 'v1',
    name: g.name,
    namespace: g.namespace,
    metadata: { name: g.name, namespace: g.namespace },
    spec: { selector: { ...g.workload.labels }, ports: g.ports.map((p) => ({ ...p })) },
    origin: { file: '', doc: 0, base: [] },
    rejected: false,
  };
  return {
    hostname: kubeServiceHostname(g.name, g.namespace, domainSuffix),
    name: g.name,
    namespace: g.namespace,
    registry: 'Kubernetes',
    resolution: 'ClientSideLB',
    // The chart's port names: status-port is TCP, http2 is HTTP2, https is HTTPS.
    ports: g.ports.map((p) => ({ name: p.name, port: p.port, protocol: convertKubernetesProtocol(p.port, p.name, 'TCP', undefined) })),
    defaultAddress: '0.0.0.0',
    addresses: [],
    exportTo: new Set(['*']),
    aliases: [],
    source,
    created: 0,
    meshExternal: false,
    assumed: true,
  };
}

/** The Service ports that select the workload, resolved as istiod does (its container ports name target ports). */
export function targetsFor(index: ConfigIndex, workload: ProxyWorkload): ServiceTargetPort[] {
  if (workload.assumed) return defaultGatewayTargets(index.options.domainSuffix, defaultGatewayOf(workload));
  const r = index.get(workload.kind, workload.namespace, workload.name);
  const ports = r && r.kind === workload.kind ? containerPorts(describeWorkload(r)) : new Map<string, number>();
  return serviceTargets(index, { namespace: workload.namespace, labels: workload.labels, containerPorts: ports, ip: workload.ip });
}

const sortedByName = (clusters: readonly Cluster[]): Cluster[] => [...clusters].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

export interface GatewayDeriveOptions {
  /**
   * `lazy`: the virtual hosts are decided without building a route (`proxy-config cluster` prints
   * none) and each one's routes are built when first read (`virtualHostRoutes: 'when-read'`), or made
   * one at a time by `routeConfigsStreamed` (`proxy-config route -o json`). Default `eager`.
   */
  routes?: 'eager' | 'lazy';
  /**
   * `deferred`: routes carry their name and match; route/buildRoutes.ts completeRoute fills in the
   * rest of each route read (explain reads the routes of one virtual host). Default `eager`.
   */
  routeActions?: 'eager' | 'deferred';
  /**
   * `when-read`: virtual hosts are decided without building a route and each one's routes are built
   * when first read (routeConfigs.ts RouteConfigsOptions): explain reads one virtual host's. Default `eager`.
   */
  virtualHostRoutes?: 'eager' | 'when-read';
}

/** `index`: the config store, so that Ingress (and later Gateway API) resources are there already. */
export function deriveGatewayConfig(index: ConfigStore, workload: ProxyWorkload, given?: RouteTranslator, opts: GatewayDeriveOptions = {}): ProxyConfig {
  const translator = given ?? (opts.routeActions === 'deferred' ? deferredRouteTranslator : defaultRouteTranslator);
  const notes: ProxyNote[] = [];
  if (workload.assumed) notes.push({ code: 'assumed-default-gateway', message: defaultGatewayOf(workload).message });
  const targets = targetsFor(index, workload);
  const bindings = gatewaysForProxy(index, workload.labels, targets);
  const gateways = bindings.map((b) => b.gateway);
  const merged = mergeGateways(bindings);
  const vsIndex = virtualServiceIndex(index);
  const scope = { index, proxyNamespace: workload.namespace, proxyLabels: workload.labels };
  // `lazy`: virtual hosts are decided now (the note below needs that), each one's routes built when
  // read, as the whole config or streamed; so the route configs are planned once, whoever reads them.
  const routes: RouteConfigsResult = buildGatewayRouteConfigs(merged, vsIndex, scope, translator, { virtualHostRoutes: opts.routes === 'lazy' ? 'when-read' : (opts.virtualHostRoutes ?? 'eager') });
  const extra = workload.assumed ? [assumedGatewayService(index.options.domainSuffix, defaultGatewayOf(workload))] : [];
  const proxy = { mode: 'gateway' as const, namespace: workload.namespace, labels: workload.labels, ...(workload.ip !== undefined ? { ip: workload.ip } : {}) };
  // Listeners, clusters and misses are built when first read: `proxy-config route` prints none of
  // them, and explain reads misses only when a request is not routed (issue 16, "do only what is
  // printed"). Each is built at most once; reading them all gives what building them eagerly did.
  let listeners: Listener[] | undefined;
  let misses: VirtualServiceMiss[] | undefined;
  let builtClusters: ReturnType<typeof buildGatewayClusters> | undefined;
  const clustersOnce = (): ReturnType<typeof buildGatewayClusters> => (builtClusters ??= buildGatewayClusters(index, proxy, extra));
  let named: ((name: string) => ClusterLookup | undefined) | undefined;

  if (gateways.length === 0) notes.push({ code: 'no-gateways', message: 'no Gateway selects this workload: it has zero listeners' });
  if (merged.dropped.length > 0 && orderDecidedByName(gateways)) {
    notes.push({ code: 'order-by-name', message: 'Gateways without distinct creationTimestamps were ordered by name, then namespace; that order decided which server won a port' });
  }
  // credentialName sds://<name> with an SDS extension provider istiod cannot resolve: no certificate is pushed.
  const sdsProblems = new Set<string>();
  for (const b of bindings) {
    for (const server of b.gateway.spec.servers ?? []) {
      const cred = server.tls?.credentialName ?? server.tls?.credentialNames?.[0];
      const problem = cred?.startsWith(SDS_EXTERNAL_PREFIX) ? credentialSecret(index, cred).unresolved : undefined;
      if (problem !== undefined) sdsProblems.add(`${cred ?? ''}: ${problem}`);
    }
  }
  for (const p of sdsProblems) notes.push({ code: 'sds-provider-unresolved', message: `credentialName ${p}; istiod pushes no certificate for it` });
  // Which VirtualServices merge, and in which order, is decided without building a route.
  if (routes.vsOrderByName) {
    notes.push({ code: 'order-by-name', message: 'VirtualServices merged into one virtual host were ordered by name, then namespace (equal creationTimestamps)' });
  }
  return {
    proxy: workload,
    serviceTargets: targets,
    get listeners(): Listener[] {
      return (listeners ??= buildGatewayListeners(index, merged, vsIndex, scope).listeners);
    },
    get routeConfigs(): RouteConfiguration[] {
      return routes.routeConfigs;
    },
    routeConfigsStreamed: () => routes.streamed(),
    get clusters(): Cluster[] {
      return clustersOnce().clusters;
    },
    clustersByName: (): Iterable<Cluster> => (builtClusters ? sortedByName(builtClusters.clusters) : gatewayClustersByName(index, proxy, extra)),
    clusterItemsByName: (): Iterable<Cluster | Shaped<Cluster>> => (builtClusters ? sortedByName(builtClusters.clusters) : gatewayClusterItemsByName(index, proxy, extra)),
    clusterSummaries: (): Iterable<ClusterSummary> => (builtClusters ? builtClusters.clusters.map(summaryOf) : gatewayClusterSummaries(index, proxy, extra)),
    get clusterInfo(): ProxyConfig['clusterInfo'] {
      return clustersOnce().info;
    },
    clusterNamed: (name: string): ClusterLookup | undefined => {
      if (!named) {
        // Built already: read the list; else build only the clusters asked for (the same ones).
        const built = builtClusters;
        const names = built ? new Set(built.clusters.map((c) => c.name)) : undefined;
        named = built && names ? (n) => (names.has(n) ? { info: built.info.get(n) } : undefined) : gatewayClusterLookup(index, proxy, extra);
      }
      return named(name);
    },
    servers: merged.servers,
    droppedServers: merged.dropped,
    gateways: gateways.map((g) => ({ namespace: g.namespace, name: g.name })),
    get misses(): VirtualServiceMiss[] {
      return (misses ??= missesOf(index, { merged, gateways, vsIndex, routes, proxyNamespace: workload.namespace }));
    },
    get routeOrigins(): ProxyConfig['routeOrigins'] {
      return routes.routeOrigins;
    },
    get virtualHostOrigins(): ProxyConfig['virtualHostOrigins'] {
      return routes.virtualHostOrigins;
    },
    notes,
  };
}
