// What every explain stage and cause finder sees (as AnalysisContext is what an analyzer sees): the
// config store and one proxy's derived config, indexed once per derivation so that each request
// costs a few map lookups (the benchmark runs 1,000 requests on one context).
import type { Cluster, Listener, Route, RouteConfiguration, VirtualHost } from '../derive/envoy.js';
import type { ClusterInfo, ProxyConfig } from '../derive/proxyConfig.js';
import { completeRoute } from '../derive/route/index.js';
import type { ConfigStore } from '../convert/index.js';
import { clusterEndpoints, type ClusterEndpoints } from '../derive/endpoints.js';
import { hostRuleLookups } from '../derive/cluster/destinationRules.js';
import type { Finding } from '../diagnostics/finding.js';
import { indexListeners, type ListenerIndex } from './stages/listener.js';
import { indexVirtualHosts, type VirtualHostIndex } from './stages/virtualHost.js';

export interface ExplainContext {
  index: ConfigStore;
  config: ProxyConfig;
  /** What the overlays report about the objects they converted (Gateway API status conditions), for causes. */
  conversionFindings: readonly Finding[];
  listeners: ListenerIndex;
  routeConfigs: Map<string, RouteConfiguration>;
  /** Whether the proxy has this cluster (only the clusters asked about are built, when the derivation can). */
  hasCluster(name: string): boolean;
  /** The ClusterInfo of an outbound service cluster. */
  clusterInfo(name: string): ClusterInfo | undefined;
  /** The virtual host explain walks, its routes completed (a gateway's are derived with their actions deferred). */
  walked(vh: VirtualHost): VirtualHost;
  virtualHostIndex(rc: RouteConfiguration): VirtualHostIndex;
  /** Listeners by port, whatever their address (for "which ports do exist" hints). */
  listenerPorts: Map<number, Listener[]>;
  /** The Envoy route -> the VirtualService config path it names in its metadata. */
  routeOf: (vh: VirtualHost, route: Route) => string | undefined;
  /** The domains of a route config's virtual hosts, listed once per route config (not per request). */
  domainsOf(rc: RouteConfiguration): RouteConfigDomains;
  /** What EDS would push for an outbound service cluster (undefined: not one), computed once per cluster. */
  endpoints(cluster: string): ClusterEndpoints | undefined;
}

export interface RouteConfigDomains {
  /** Every domain, in virtual host order. */
  all: readonly string[];
  /** Bare name -> the first `*.<bare name>` domain. */
  wildcardOf: ReadonlyMap<string, string>;
}

function listDomains(rc: RouteConfiguration): RouteConfigDomains {
  const all = rc.virtualHosts.flatMap((v) => v.domains);
  const wildcardOf = new Map<string, string>();
  for (const d of all) if (d.startsWith('*.') && !wildcardOf.has(d.slice(2))) wildcardOf.set(d.slice(2), d);
  return { all, wildcardOf };
}

export function createExplainContext(index: ConfigStore, config: ProxyConfig, conversionFindings: readonly Finding[] = []): ExplainContext {
  const routeConfigs = new Map<string, RouteConfiguration>();
  for (const rc of config.routeConfigs) if (rc.name !== undefined) routeConfigs.set(rc.name, rc);
  // The whole list only when the derivation cannot look one cluster up (sidecars).
  let clusters: Map<string, Cluster> | undefined;
  const lookup = (name: string): { info: ClusterInfo | undefined } | undefined => {
    if (config.clusterNamed) return config.clusterNamed(name);
    clusters ??= new Map(config.clusters.map((c) => [c.name, c]));
    return clusters.has(name) ? { info: config.clusterInfo.get(name) } : undefined;
  };
  const vhIndexes = new WeakMap<RouteConfiguration, VirtualHostIndex>();
  const domainLists = new WeakMap<RouteConfiguration, RouteConfigDomains>();
  const listenerPorts = new Map<number, Listener[]>();
  for (const l of config.listeners) {
    const port = l.address.socketAddress.portValue;
    const list = listenerPorts.get(port);
    if (list) list.push(l);
    else listenerPorts.set(port, [l]);
  }
  const endpointMemo = new Map<string, ClusterEndpoints | undefined>();
  // A subset's labels from its host's DestinationRules (a request reaches a cluster or two), not the whole index.
  const rulesFor = hostRuleLookups(index);
  const ctx: ExplainContext = {
    index,
    config,
    conversionFindings,
    listeners: indexListeners(config.listeners),
    routeConfigs,
    hasCluster: (name) => lookup(name) !== undefined,
    clusterInfo: (name) => (config.clusterNamed ? config.clusterNamed(name)?.info : config.clusterInfo.get(name)),
    walked(vh) {
      for (const r of vh.routes ?? []) completeRoute(r);
      return vh;
    },
    listenerPorts,
    virtualHostIndex(rc) {
      let vi = vhIndexes.get(rc);
      if (!vi) vhIndexes.set(rc, (vi = indexVirtualHosts(rc)));
      return vi;
    },
    routeOf: (_vh, route) => route.metadata?.filterMetadata.istio.config,
    domainsOf(rc) {
      let d = domainLists.get(rc);
      if (!d) domainLists.set(rc, (d = listDomains(rc)));
      return d;
    },
    endpoints(cluster) {
      if (endpointMemo.has(cluster)) return endpointMemo.get(cluster);
      const info = ctx.clusterInfo(cluster);
      const e = info ? clusterEndpoints(index, info, config.proxy, rulesFor) : undefined;
      endpointMemo.set(cluster, e);
      return e;
    },
  };
  return ctx;
}
