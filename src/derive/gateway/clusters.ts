// Gateway clusters (spec §7.1, §7.2): one per port of every Service visible to the pod namespace
// (UDP and ExternalName skipped), one per DestinationRule subset and port, and BlackHoleCluster.
import type { ConfigIndex } from '../../model/configIndex.js';
import type { Cluster } from '../envoy.js';
import { destinationRuleConfigPath, destinationRuleFor } from './destinationRules.js';
import { serviceRegistry, serviceVisible, type MeshService } from './services.js';

export function subsetClusterName(port: number, subset: string, host: string): string {
  return `outbound|${port}|${subset}|${host}`;
}

function edsCluster(name: string, type: Cluster['type'], svc: { hostname: string; name: string; namespace: string }, drPath: string | undefined): Cluster {
  const c: Cluster = { name, type: type ?? 'EDS' };
  if (c.type === 'EDS') {
    c.edsClusterConfig = { edsConfig: { ads: {}, initialFetchTimeout: '0s', resourceApiVersion: 'V3' }, serviceName: name };
  }
  c.connectTimeout = '10s';
  c.lbPolicy = 'LEAST_REQUEST';
  c.metadata = {
    filterMetadata: {
      istio: {
        ...(drPath !== undefined ? { config: drPath } : {}),
        services: [{ host: svc.hostname, name: svc.name, namespace: svc.namespace }],
      },
    },
  };
  return c;
}

export const BLACKHOLE_CLUSTER: Cluster = { name: 'BlackHoleCluster', type: 'STATIC', connectTimeout: '10s' };

/**
 * Clusters depend only on the inputs and the proxy's namespace: analyze derives every gateway
 * workload, usually all in one namespace, so they are built once per (index, namespace).
 */
const clustersByIndex = new WeakMap<ConfigIndex, Map<string, Cluster[]>>();

/** `extra` are services the inputs do not hold but the proxy sees (the assumed default gateway Service). */
export function buildGatewayClusters(index: ConfigIndex, proxyNamespace: string, extra: readonly MeshService[] = []): Cluster[] {
  if (extra.length > 0) return buildClusters(index, proxyNamespace, extra);
  let byNamespace = clustersByIndex.get(index);
  if (!byNamespace) clustersByIndex.set(index, (byNamespace = new Map()));
  let clusters = byNamespace.get(proxyNamespace);
  if (!clusters) byNamespace.set(proxyNamespace, (clusters = buildClusters(index, proxyNamespace, extra)));
  return [...clusters];
}

function buildClusters(index: ConfigIndex, proxyNamespace: string, extra: readonly MeshService[]): Cluster[] {
  const out: Cluster[] = [];
  const services = [...serviceRegistry(index).all, ...extra];
  for (const svc of services) {
    if (svc.alias || !serviceVisible(svc, proxyNamespace)) continue;
    const dr = destinationRuleFor(index, proxyNamespace, svc.hostname, svc.namespace);
    const drPath = dr ? destinationRuleConfigPath(dr.rule) : undefined;
    const attrs = { hostname: svc.hostname, name: svc.source.kind === 'Service' ? svc.source.name : svc.hostname, namespace: svc.namespace };
    for (const p of svc.ports) {
      if (p.protocol === 'UDP') continue;
      out.push(edsCluster(subsetClusterName(p.port, '', svc.hostname), svc.clusterType, attrs, drPath));
      for (const subset of dr?.subsets ?? []) {
        out.push(edsCluster(subsetClusterName(p.port, subset, svc.hostname), svc.clusterType, attrs, drPath));
      }
    }
  }
  out.push(BLACKHOLE_CLUSTER);
  return out;
}
