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

function put<K extends keyof Cluster>(out: Partial<Cluster>, c: Cluster, k: K): void {
  const v = c[k];
  if (v !== undefined) out[k] = v;
}

/** The cluster with its keys in cluster.proto order (JSON.stringify then prints istioctl's order). */
export function inProtoOrder(c: Cluster): Cluster {
  const out: Partial<Cluster> = {};
  for (const k of KEY_ORDER) put(out, c, k);
  // `name` is already in place (re-assigning it keeps its position), or goes last, as a spread would put it.
  out.name = c.name;
  return out as Cluster;
}
