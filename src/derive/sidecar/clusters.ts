// Sidecar clusters (cluster.go buildClusters for a SidecarProxy): the outbound clusters of every
// service in scope (src/derive/cluster), then BlackHoleCluster, PassthroughCluster, the dynamic DNS
// cluster of ALLOW_ANY_DYNAMIC_DNS, the inbound clusters and InboundPassthroughCluster.
import type { ConfigIndex } from '../../model/configIndex.js';
import { meshOf } from '../../model/mesh.js';
import { buildOutboundClusters, type ClusterProxy } from '../cluster/build.js';
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

export function buildSidecarClusters(
  index: ConfigIndex,
  proxy: ClusterProxy,
  services: readonly MeshService[],
  drs: DestinationRuleIndex,
  mode: OutboundMode,
  inbound: readonly Cluster[] = [],
): SidecarClusters {
  const mesh = meshOf(index.options);
  const built = buildOutboundClusters({ index, proxy, drs, services, dnsEndpoints: (svc, port, labels) => serviceEntryDnsEndpoints(index, svc, port, labels) });
  const out: Cluster[] = [...built.clusters, blackHoleCluster(mesh), passthroughCluster(mesh)];
  if (mode === 'ALLOW_ANY_DYNAMIC_DNS') out.push({ name: DYNAMIC_DNS_CLUSTER, altStatName: `${DYNAMIC_DNS_CLUSTER};`, lbPolicy: 'CLUSTER_PROVIDED' });
  out.push(...inbound, inboundPassthroughCluster(mesh, proxy.ip?.includes(':') === true));
  return { clusters: out, info: new Map(built.info.map((i) => [i.name, i])) };
}
