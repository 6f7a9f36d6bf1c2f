// The key order of an Envoy cluster as cluster.proto declares it (istioctl prints that order).
import type { Cluster } from '../envoy.js';

const KEY_ORDER: readonly (keyof Cluster)[] = [
  'transportSocketMatches',
  'name',
  'altStatName',
  'type',
  'clusterType',
  'edsClusterConfig',
  'connectTimeout',
  'lbPolicy',
  'loadAssignment',
  'circuitBreakers',
  'typedExtensionProtocolOptions',
  'dnsRefreshRate',
  'dnsJitter',
  'respectDnsTtl',
  'dnsLookupFamily',
  'typedDnsResolverConfig',
  'outlierDetection',
  'cleanupInterval',
  'upstreamBindConfig',
  'ringHashLbConfig',
  'maglevLbConfig',
  'originalDstLbConfig',
  'leastRequestLbConfig',
  'roundRobinLbConfig',
  'commonLbConfig',
  'transportSocket',
  'metadata',
  'upstreamConnectionOptions',
  'filters',
];

/** The cluster with its keys in cluster.proto order (JSON.stringify then prints istioctl's order). */
export function inProtoOrder(c: Cluster): Cluster {
  const out: Partial<Cluster> = {};
  const copy = <K extends keyof Cluster>(k: K): void => {
    if (c[k] !== undefined) out[k] = c[k];
  };
  for (const k of KEY_ORDER) copy(k);
  // `name` is already in place: re-assigning it keeps its position.
  return { ...out, name: c.name };
}
