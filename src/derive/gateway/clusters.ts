// Gateway clusters (spec §7.1, §7.2; cluster.go buildClusters for a Router): the outbound clusters of
// every service exported to the gateway pod's namespace (DefaultSidecarScopeForGateway: one service
// per host name, a Kubernetes Service before a ServiceEntry), built as for sidecars
// (src/derive/cluster), then BlackHoleCluster. Gateways have no PassthroughCluster.
import type { ConfigIndex } from '../../model/configIndex.js';
import { meshOf } from '../../model/mesh.js';
import { clusterItemsByName, clusterSummaries, clustersByName, eachPlannedCluster, planOutboundClusters, type ClusterProxy, type ClusterSummary, type OutboundInput } from '../cluster/build.js';
import { blackHoleCluster } from '../cluster/specialClusters.js';
import { destinationRuleIndex, fewThenWhole, hostRuleLookups, type DestinationRuleIndex } from '../cluster/destinationRules.js';
import { serviceEntryDnsEndpoints } from '../cluster/dnsEndpoints.js';
import type { Cluster } from '../envoy.js';
import type { Shaped } from '../../model/sharedParts.js';
import type { ClusterInfo, ClusterLookup } from '../proxyConfig.js';
import { buildServiceRegistry, servicesExportedTo, type MeshService, type ServiceRegistry } from '../sidecar/registry.js';
import { appendService } from '../sidecar/scopeServices.js';

export function subsetClusterName(port: number, subset: string, host: string): string {
  return `outbound|${port}|${subset}|${host}`;
}

export interface GatewayClusters {
  clusters: Cluster[];
  info: ReadonlyMap<string, ClusterInfo>;
}

const registries = new WeakMap<ConfigIndex, ServiceRegistry>();

/** The service registry of a config store, built once. */
export function gatewayServiceRegistry(index: ConfigIndex): ServiceRegistry {
  let r = registries.get(index);
  if (!r) registries.set(index, (r = buildServiceRegistry(index)));
  return r;
}

/** The services a gateway in `namespace` sees, one per host name. */
export function gatewayScopeServices(index: ConfigIndex, namespace: string, extra: readonly MeshService[] = []): MeshService[] {
  const out: MeshService[] = [];
  const at = new Map<string, number>();
  for (const s of [...servicesExportedTo(gatewayServiceRegistry(index), namespace), ...extra]) appendService(out, at, s);
  return out;
}

/**
 * `gatewayScopeServices` of these host names only, in its order, without building the whole
 * registry when it is not built yet: services of one host name merge only with each other
 * (appendService), so one host's are the same however many other hosts there are.
 */
export function gatewayScopeServicesOf(index: ConfigIndex, namespace: string, hosts: ReadonlySet<string>, extra: readonly MeshService[] = []): MeshService[] {
  const registry = registries.get(index) ?? buildServiceRegistry(index, hosts);
  const out: MeshService[] = [];
  const at = new Map<string, number>();
  for (const s of [...servicesExportedTo(registry, namespace), ...extra]) if (hosts.has(s.hostname)) appendService(out, at, s);
  return out;
}

/**
 * Clusters depend on the inputs and the proxy's namespace and labels (DestinationRule selectors):
 * analyze may derive every gateway workload, usually alike, so they are built once per (index, proxy).
 */
const cache = new WeakMap<ConfigIndex, Map<string, GatewayClusters>>();

function outboundInput(index: ConfigIndex, proxy: ClusterProxy, extra: readonly MeshService[], services?: MeshService[], drs?: DestinationRuleIndex): OutboundInput {
  return {
    index,
    proxy,
    drs: drs ?? destinationRuleIndex(index),
    services: services ?? gatewayScopeServices(index, proxy.namespace, extra),
    dnsEndpoints: (svc, port, labels) => serviceEntryDnsEndpoints(index, svc, port, labels),
  };
}

/** `extra` are services the inputs do not hold but the proxy sees (the assumed default gateway's Service). */
export function buildGatewayClusters(index: ConfigIndex, proxy: ClusterProxy, extra: readonly MeshService[] = []): GatewayClusters {
  const key = JSON.stringify([proxy.namespace, Object.entries(proxy.labels).sort(), proxy.ip ?? '', extra.map((s) => s.hostname)]);
  let byProxy = cache.get(index);
  if (!byProxy) cache.set(index, (byProxy = new Map()));
  const hit = byProxy.get(key);
  if (hit) return { clusters: [...hit.clusters], info: hit.info };
  const clusters: Cluster[] = [];
  const info = new Map<string, ClusterInfo>();
  for (const plan of planOutboundClusters(outboundInput(index, proxy, extra))) {
    const f = plan.build();
    if (!f) continue;
    clusters.push(f.cluster);
    info.set(f.info.name, f.info);
  }
  const out: GatewayClusters = { clusters: [...clusters, blackHoleCluster(meshOf(index.options))], info };
  byProxy.set(key, out);
  return { clusters: [...out.clusters], info: out.info };
}

/** The same clusters sorted by name, each built when it is read and not kept (a big mesh's clusters need not all be held at once). */
export function gatewayClustersByName(index: ConfigIndex, proxy: ClusterProxy, extra: readonly MeshService[] = []): Iterable<Cluster> {
  return clustersByName(outboundInput(index, proxy, extra), [blackHoleCluster(meshOf(index.options))]);
}

/** The same clusters sorted by name as JSON writers take them (some written from their shape's template, not built). */
export function gatewayClusterItemsByName(index: ConfigIndex, proxy: ClusterProxy, extra: readonly MeshService[] = []): Iterable<Cluster | Shaped<Cluster>> {
  return clusterItemsByName(outboundInput(index, proxy, extra), [blackHoleCluster(meshOf(index.options))]);
}

/** The same clusters' table summaries, in no particular order, none built (a big mesh's table needs only the type and DestinationRule of each). */
export function gatewayClusterSummaries(index: ConfigIndex, proxy: ClusterProxy, extra: readonly MeshService[] = []): Iterable<ClusterSummary> {
  return clusterSummaries(eachPlannedCluster(outboundInput(index, proxy, extra)), [blackHoleCluster(meshOf(index.options))]);
}

/**
 * buildGatewayClusters' clusters looked up by name, each built only when asked for (explain checks
 * the few clusters a route forwards to): the same names and ClusterInfo as the whole list, which
 * holds a planned cluster unless its build drops it, then BlackHoleCluster.
 */
export function gatewayClusterLookup(index: ConfigIndex, proxy: ClusterProxy, extra: readonly MeshService[] = []): (name: string) => ClusterLookup | undefined {
  // Clusters are planned per service, one service per host name (gatewayScopeServices): only the
  // services whose host name ends a cluster name asked for are planned, with the DestinationRules of
  // their hosts (neither the whole registry nor the whole rule index is built for a few names).
  // Each such lookup reads every Service and rule once: past a few names (`test` asks many requests),
  // the whole registry and index are built once instead, which answer the same.
  const byHostOf = (services: Iterable<MeshService>): Map<string, MeshService> => {
    const byHost = new Map<string, MeshService>();
    for (const s of services) byHost.set(s.hostname, s);
    return byHost;
  };
  const scopeServices = fewThenWhole(
    (hosts: ReadonlySet<string>) => byHostOf(gatewayScopeServicesOf(index, proxy.namespace, hosts, extra)),
    () => byHostOf(gatewayScopeServices(index, proxy.namespace, extra)),
  );
  const servicesNamed = (hosts: ReadonlySet<string>): MeshService[] => {
    const byHost = scopeServices(hosts);
    const out: MeshService[] = [];
    for (const h of hosts) {
      const s = byHost.get(h);
      if (s && !out.includes(s)) out.push(s);
    }
    return out;
  };
  const rulesOf = hostRuleLookups(index);
  const blackHole = blackHoleCluster(meshOf(index.options)).name;
  const memo = new Map<string, ClusterLookup | undefined>();
  return (name) => {
    if (memo.has(name)) return memo.get(name);
    let found: ClusterLookup | undefined;
    // `outbound|port|subset|host`: the host follows some `|` (any one, so a `|` in a subset cannot mislead).
    const hosts = new Set<string>();
    for (let i = name.indexOf('|'); i >= 0; i = name.indexOf('|', i + 1)) hosts.add(name.slice(i + 1));
    const services = servicesNamed(hosts);
    const input = outboundInput(index, proxy, extra, services, rulesOf(services.map((s) => s.hostname)));
    // The whole list keeps every plan that builds; its ClusterInfo map keeps the last one's.
    for (const p of planOutboundClusters(input)) {
      if (p.name !== name) continue;
      const f = p.build();
      if (f) found = { info: f.info };
    }
    if (found === undefined && name === blackHole) found = { info: undefined };
    memo.set(name, found);
    return found;
  };
}
