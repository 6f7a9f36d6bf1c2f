// Entry point: what istiod pushes to one sidecar (the "mesh" gateway), with provenance and misses.
import type { ConfigStore } from '../../convert/index.js';
import { fullName } from '../../diagnostics/ref.js';
import type { Cluster, Route, RouteConfiguration } from '../envoy.js';
import type { ProxyConfig, ProxyWorkload, RouteOrigin, VirtualHostOrigin, VirtualServiceMiss } from '../proxyConfig.js';
import { destinationRuleIndex } from '../cluster/destinationRules.js';
import { meshOf } from '../../model/mesh.js';
import { buildSidecarClusters } from './clusters.js';
import { proxyDnsDomain } from './domains.js';
import { buildSidecarListeners } from './listeners.js';
import { buildSidecarRouteConfig, type RouteBuilders } from './routeConfig.js';
import { buildServiceRegistry } from './registry.js';
import { sidecarRouteBuilders } from './routeAdapter.js';
import { buildSidecarScope, type OutboundMode } from './scope.js';
import { servicesInScope } from './scopeServices.js';

export { buildServiceRegistry } from './registry.js';
export { buildSidecarScope } from './scope.js';

export interface SidecarOptions {
  /** Replaces the VS → route translation (tests). */
  builders?: RouteBuilders;
  /** Mesh `outboundTrafficPolicy.mode` (default ALLOW_ANY); a Sidecar resource's own policy wins. */
  meshOutboundMode?: OutboundMode;
  /** istiod's PILOT_ENABLE_HEADLESS_FILTER_CHAIN_LISTENER (default false). */
  headlessFilterChainListener?: boolean;
}

/** `index`: the config store (inputs plus overlays), as the gateway derivation reads it. */
export function deriveSidecarConfig(index: ConfigStore, workload: ProxyWorkload, options: SidecarOptions = {}): ProxyConfig {
  const { domainSuffix } = index.options;
  const registry = buildServiceRegistry(index);
  // The mesh config's outboundTrafficPolicy unless the caller (Istio's simulation harness) sets it.
  const scope = buildSidecarScope(index, registry, workload.namespace, workload.labels, options.meshOutboundMode ?? meshOf(index.options).outboundTrafficPolicy);
  const proxyDomain = proxyDnsDomain(workload.namespace, domainSuffix);
  // The SidecarScope's services (ServiceForHostname answers from these).
  const scoped = servicesInScope(scope.egress, registry, workload.namespace, domainSuffix);
  const byHostname = new Map(scoped.map((s) => [s.hostname, s]));
  const drIndex = destinationRuleIndex(index);
  const routeBuilders =
    options.builders ??
    sidecarRouteBuilders(index, workload, (host) => {
      const svc = byHostname.get(host);
      return svc ? drIndex.lookup(workload, svc) : undefined;
    });
  const { listeners, rds } = buildSidecarListeners(scope.egress, scope.outboundMode, {
    proxy: { namespace: workload.namespace, labels: workload.labels },
    domainSuffix,
    proxyDomain,
    serviceFor: (host) => byHostname.get(host),
    ...(options.headlessFilterChainListener ? { headlessFilterChainListener: true } : {}),
    ...(workload.ip !== undefined ? { proxyIp: workload.ip } : {}),
  });

  const routeConfigs: RouteConfiguration[] = [];
  const routeOrigins = new Map<Route, RouteOrigin>();
  const virtualHostOrigins: VirtualHostOrigin[] = [];
  const misses: VirtualServiceMiss[] = [];
  const missSeen = new Set<string>();
  const addMiss = (m: VirtualServiceMiss): void => {
    const key = JSON.stringify([m.virtualService, m.routeConfig, m.reason.code]);
    if (missSeen.has(key)) return;
    missSeen.add(key);
    misses.push(m);
  };
  for (const req of rds) {
    const r = buildSidecarRouteConfig({ listener: req.egress, routeName: req.routeName, port: req.port, proxyDomain, outboundMode: scope.outboundMode, builders: routeBuilders });
    routeConfigs.push(r.routeConfig);
    for (const [k, v] of r.origins) routeOrigins.set(k, v);
    virtualHostOrigins.push(...r.virtualHostOrigins);
    r.misses.forEach(addMiss);
  }
  routeConfigs.sort((a, b) => ((a.name ?? '') < (b.name ?? '') ? -1 : (a.name ?? '') > (b.name ?? '') ? 1 : 0));

  for (const nv of scope.invisibleVirtualServices) {
    addMiss({ virtualService: { namespace: nv.vs.namespace, name: nv.vs.name }, reason: { code: 'not-visible', exportTo: [...nv.exportTo], proxyNamespace: workload.namespace } });
  }
  if (scope.sidecar) {
    const sidecar = { namespace: scope.sidecar.namespace, name: scope.sidecar.name };
    for (const nv of scope.notImported) addMiss({ virtualService: { namespace: nv.vs.namespace, name: nv.vs.name }, reason: { code: 'not-imported', sidecar } });
  }

  const proxy = { mode: 'sidecar' as const, namespace: workload.namespace, labels: workload.labels, ...(workload.ip !== undefined ? { ip: workload.ip } : {}) };
  // Clusters are built when first read: `proxy-config route` and explain's routing never read them.
  let builtClusters: ReturnType<typeof buildSidecarClusters> | undefined;
  const clustersOnce = (): ReturnType<typeof buildSidecarClusters> => (builtClusters ??= buildSidecarClusters(index, proxy, scoped, drIndex, scope.outboundMode));
  const notes = scope.sidecar ? [{ code: 'sidecar-resource', message: `Sidecar ${fullName(scope.sidecar)} scopes this proxy` }] : [];
  return {
    proxy: workload,
    serviceTargets: [],
    listeners,
    routeConfigs,
    get clusters(): Cluster[] {
      return clustersOnce().clusters;
    },
    get clusterInfo(): ProxyConfig['clusterInfo'] {
      return clustersOnce().info;
    },
    servers: [],
    droppedServers: [],
    gateways: [],
    misses,
    routeOrigins,
    virtualHostOrigins,
    notes,
  };
}
