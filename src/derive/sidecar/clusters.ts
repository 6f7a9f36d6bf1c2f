// Sidecar clusters (cluster.go buildClusters for a SidecarProxy): the outbound clusters of every
// service in scope (src/derive/cluster), then BlackHoleCluster, PassthroughCluster, the dynamic DNS
// cluster of ALLOW_ANY_DYNAMIC_DNS, the inbound clusters and InboundPassthroughCluster.
import type { ConfigIndex } from '../../model/configIndex.js';
import type { Shaped } from '../../model/sharedParts.js';
import { meshOf } from '../../model/mesh.js';
import { buildOutboundClusters, clusterItemsByName, clusterSummaries, clustersByName, eachPlannedCluster, type ClusterProxy, type ClusterSummary, type OutboundInput } from '../cluster/build.js';
import { blackHoleCluster, inboundPassthroughCluster, passthroughCluster } from '../cluster/specialClusters.js';
import type { DestinationRuleIndex } from '../cluster/destinationRules.js';
import { serviceEntryDnsEndpoints } from '../cluster/dnsEndpoints.js';
import type { Cluster } from '../envoy.js';
import type { ClusterInfo } from '../proxyConfig.js';
import { DYNAMIC_DNS_CLUSTER } from './catchAll.js';
import type { MeshService } from './registry.js';
import type { OutboundMode } from './scope.js';

export type { ResolvedDestinationRule } from '../cluster/destinationRules.js';

export interface SidecarClusters {
  clusters: Cluster[];
  info: ReadonlyMap<string, ClusterInfo>;
}

/** The clusters besides the services' outbound ones, in the order buildClusters appends them. */
function otherClusters(index: ConfigIndex, proxy: ClusterProxy, mode: OutboundMode, inbound: readonly Cluster[]): Cluster[] {
  const mesh = meshOf(index.options);
  const out: Cluster[] = [blackHoleCluster(mesh), passthroughCluster(mesh)];
  if (mode === 'ALLOW_ANY_DYNAMIC_DNS') out.push({ name: DYNAMIC_DNS_CLUSTER, altStatName: `${DYNAMIC_DNS_CLUSTER};`, lbPolicy: 'CLUSTER_PROVIDED' });
  out.push(...inbound, inboundPassthroughCluster(mesh, proxy.ip?.includes(':') === true));
  return out;
}

function outboundInput(index: ConfigIndex, proxy: ClusterProxy, services: readonly MeshService[], drs: DestinationRuleIndex): OutboundInput {
  return { index, proxy, drs, services, dnsEndpoints: (svc, port, labels) => serviceEntryDnsEndpoints(index, svc, port, labels) };
}

export function buildSidecarClusters(
  index: ConfigIndex,
  proxy: ClusterProxy,
  services: readonly MeshService[],
  drs: DestinationRuleIndex,
  mode: OutboundMode,
  inbound: readonly Cluster[] = [],
): SidecarClusters {
  const built = buildOutboundClusters(outboundInput(index, proxy, services, drs));
  return { clusters: [...built.clusters, ...otherClusters(index, proxy, mode, inbound)], info: new Map(built.info.map((i) => [i.name, i])) };
}

/**
 * The same clusters sorted by name (a stable sort: equal names keep buildSidecarClusters' order), each
 * outbound one built when it is read and not kept: `proxy-config cluster` of a sidecar that sees a
 * big mesh never holds them all.
 */
export function sidecarClustersByName(index: ConfigIndex, proxy: ClusterProxy, services: readonly MeshService[], drs: DestinationRuleIndex, mode: OutboundMode, inbound: readonly Cluster[] = []): Iterable<Cluster> {
  return clustersByName(outboundInput(index, proxy, services, drs), otherClusters(index, proxy, mode, inbound));
}

/** The same clusters' table summaries (outbound then the others, in buildSidecarClusters' order), the outbound ones not built. */
export function sidecarClusterSummaries(index: ConfigIndex, proxy: ClusterProxy, services: readonly MeshService[], drs: DestinationRuleIndex, mode: OutboundMode, inbound: readonly Cluster[] = []): Iterable<ClusterSummary> {
  return clusterSummaries(eachPlannedCluster(outboundInput(index, proxy, services, drs)), otherClusters(index, proxy, mode, inbound));
}

/** The same clusters sorted by name as JSON writers take them (some written from their shape's template, not built). */
export function sidecarClusterItemsByName(index: ConfigIndex, proxy: ClusterProxy, services: readonly MeshService[], drs: DestinationRuleIndex, mode: OutboundMode, inbound: readonly Cluster[] = []): Iterable<Cluster | Shaped<Cluster>> {
  return clusterItemsByName(outboundInput(index, proxy, services, drs), otherClusters(index, proxy, mode, inbound));
}
