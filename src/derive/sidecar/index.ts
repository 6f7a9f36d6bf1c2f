// Entry point: what istiod pushes to one sidecar (the "mesh" gateway), with provenance and misses.
import type { ConfigStore } from '../../convert/index.js';
import { fullName } from '../../diagnostics/ref.js';
import type { Cluster, Listener, Route, RouteConfiguration, StreamedRouteConfiguration } from '../envoy.js';
import type { ProxyConfig, ProxyWorkload, RouteOrigin, VirtualHostOrigin, VirtualServiceMiss } from '../proxyConfig.js';
import { destinationRuleIndex } from '../cluster/destinationRules.js';
import { meshOf } from '../../model/mesh.js';
import { buildSidecarClusters, sidecarClusterItemsByName, sidecarClusterSummaries, sidecarClustersByName } from './clusters.js';
import type { Shaped } from '../../model/sharedParts.js';
import { summaryOf, type ClusterSummary } from '../cluster/build.js';
import { proxyDnsDomain } from './domains.js';
import { buildSidecarListeners } from './listeners.js';
import { buildSidecarRouteConfig, streamSidecarRouteConfig, type RouteBuilders } from './routeConfig.js';
import { buildServiceRegistry } from './registry.js';
import { sidecarRouteBuilders } from './routeAdapter.js';
import { buildSidecarScope, type OutboundMode } from './scope.js';
import { servicesInScope } from './scopeServices.js';
import { serviceTargets } from '../gateway/serviceTargets.js';
import { containerPorts, describeWorkload } from '../gateway/workloads.js';
import { buildInboundClusters, buildInboundListeners, inboundChains, type InboundInput, type InboundTarget } from './inbound.js';
import { peerAuthnFor } from './peerAuthn.js';
import type { ServiceRegistry } from './registry.js';

export { buildServiceRegistry } from './registry.js';
export { buildSidecarScope } from './scope.js';

export interface SidecarOptions {
  /** Replaces the VS → route translation (tests). */
  builders?: RouteBuilders;
  /** Mesh `outboundTrafficPolicy.mode` (default ALLOW_ANY); a Sidecar resource's own policy wins. */
  meshOutboundMode?: OutboundMode;
  /** istiod's PILOT_ENABLE_HEADLESS_FILTER_CHAIN_LISTENER (default false). */
  headlessFilterChainListener?: boolean;
  /** istiod's ENABLE_TLS_ON_SIDECAR_INGRESS (default false): a Sidecar ingress port's `tls` terminates TLS. */
  tlsOnSidecarIngress?: boolean;
  /** The workload's service targets, when a harness states them (Istio's in-memory registry); otherwise found from the inputs. */
  serviceTargets?: readonly InboundTarget[];
}

/**
 * The ports of Services and ServiceEntries this workload backs (GetProxyServiceTargets): Services of
 * its namespace selecting its labels (target ports resolved against its container ports), and
 * ServiceEntry endpoints that are the pod; protocols as the sidecar registry converts them.
 */
function inboundTargets(index: ConfigStore, workload: ProxyWorkload, registry: ServiceRegistry): InboundTarget[] {
  const r = index.get(workload.kind, workload.namespace, workload.name);
  const ports = r && r.kind === workload.kind ? containerPorts(describeWorkload(r)) : new Map<string, number>();
  const out: InboundTarget[] = [];
  for (const t of serviceTargets(index, { namespace: workload.namespace, labels: workload.labels, containerPorts: ports, ip: workload.ip })) {
    const svc = registry.byHostAndNamespace.get(t.hostname ?? '')?.get(t.namespace ?? workload.namespace);
    const port = svc?.ports.find((p) => p.port === t.port);
    if (!svc || !port) continue;
    out.push({
      hostname: svc.hostname,
      serviceName: svc.name,
      namespace: svc.namespace,
      registry: svc.registry,
      meshExternal: svc.meshExternal,
      port: t.port,
      portName: port.name,
      protocol: port.protocol,
      targetPort: t.targetPort,
    });
  }
  return out;
}

const sortedByName = (clusters: readonly Cluster[]): Cluster[] => [...clusters].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

/** Route configs by name (stable: equal names keep their order). */
const byRouteName = (a: { name?: string }, b: { name?: string }): number => ((a.name ?? '') < (b.name ?? '') ? -1 : (a.name ?? '') > (b.name ?? '') ? 1 : 0);

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
  // Outbound listeners and route configs are built when first read (`proxy-config cluster` reads
  // neither), each at most once; reading them gives what building them eagerly did.
  let outbound: ReturnType<typeof buildSidecarListeners> | undefined;
  const outboundOnce = (): ReturnType<typeof buildSidecarListeners> =>
    (outbound ??= buildSidecarListeners(scope.egress, scope.outboundMode, {
      proxy: { namespace: workload.namespace, labels: workload.labels },
      domainSuffix,
      proxyDomain,
      serviceFor: (host) => byHostname.get(host),
      ...(options.headlessFilterChainListener ? { headlessFilterChainListener: true } : {}),
      ...(workload.ip !== undefined ? { proxyIp: workload.ip } : {}),
    }));

  interface Routes {
    routeConfigs: RouteConfiguration[];
    routeOrigins: Map<Route, RouteOrigin>;
    virtualHostOrigins: VirtualHostOrigin[];
    misses: VirtualServiceMiss[];
  }
  let routes: Routes | undefined;
  const routesOnce = (): Routes => {
    if (routes) return routes;
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
    for (const req of outboundOnce().rds) {
      const r = buildSidecarRouteConfig({ listener: req.egress, routeName: req.routeName, port: req.port, proxyDomain, outboundMode: scope.outboundMode, builders: routeBuilders });
      routeConfigs.push(r.routeConfig);
      for (const [k, v] of r.origins) routeOrigins.set(k, v);
      virtualHostOrigins.push(...r.virtualHostOrigins);
      r.misses.forEach(addMiss);
    }
    routeConfigs.sort(byRouteName);

    for (const nv of scope.invisibleVirtualServices) {
      addMiss({ virtualService: { namespace: nv.vs.namespace, name: nv.vs.name }, reason: { code: 'not-visible', gateway: 'mesh', exportTo: [...nv.exportTo], proxyNamespace: workload.namespace } });
    }
    if (scope.sidecar) {
      const sidecar = { namespace: scope.sidecar.namespace, name: scope.sidecar.name };
      for (const nv of scope.notImported) addMiss({ virtualService: { namespace: nv.vs.namespace, name: nv.vs.name }, reason: { code: 'not-imported', sidecar } });
    }
    return (routes = { routeConfigs, routeOrigins, virtualHostOrigins, misses });
  };

  const mesh = meshOf(index.options);
  const inboundInput: InboundInput = {
    index,
    proxy: { namespace: workload.namespace, labels: workload.labels },
    targets: options.serviceTargets ?? inboundTargets(index, workload, registry),
    sidecar: scope.sidecar,
    peerAuthn: peerAuthnFor(index, workload.namespace, workload.labels),
    mesh,
    proxyIp: workload.ip,
    ...(options.tlsOnSidecarIngress ? { tlsOnSidecarIngress: true } : {}),
  };
  const inbound = inboundChains(inboundInput);
  let listeners: Listener[] | undefined;
  const listenersOnce = (): Listener[] => (listeners ??= [...outboundOnce().listeners, ...buildInboundListeners(inbound, inboundInput)]);

  const proxy = { mode: 'sidecar' as const, namespace: workload.namespace, labels: workload.labels, ...(workload.ip !== undefined ? { ip: workload.ip } : {}) };
  // Clusters are built when first read: `proxy-config route` and explain's routing never read them.
  let builtClusters: ReturnType<typeof buildSidecarClusters> | undefined;
  const clustersOnce = (): ReturnType<typeof buildSidecarClusters> => (builtClusters ??= buildSidecarClusters(index, proxy, scoped, drIndex, scope.outboundMode, buildInboundClusters(inbound, inboundInput)));
  const notes = scope.sidecar ? [{ code: 'sidecar-resource', message: `Sidecar ${fullName(scope.sidecar)} scopes this proxy` }] : [];
  for (const il of scope.sidecar?.spec.ingress ?? []) {
    const port = il.port.number ?? 0;
    const name = fullName(scope.sidecar ?? { namespace: '', name: '' });
    if (il.tls && !options.tlsOnSidecarIngress) {
      notes.push({ code: 'sidecar-ingress-tls-ignored', message: `Sidecar ${name} ingress port ${port} sets tls: istiod ignores it unless ENABLE_TLS_ON_SIDECAR_INGRESS is on (off by default), so the port does not terminate that TLS` });
    }
    if (workload.ip === undefined && /^(0\.0\.0\.0|\[?::\]?):\d+$/.test(il.defaultEndpoint ?? '')) {
      notes.push({ code: 'sidecar-ingress-pod-ip', message: `Sidecar ${name} ingress port ${port} sends to the pod IP (defaultEndpoint ${il.defaultEndpoint ?? ''}), which manifests do not carry: its cluster shows the address as written` });
    }
  }
  return {
    proxy: workload,
    serviceTargets: [],
    get listeners(): Listener[] {
      return listenersOnce();
    },
    get routeConfigs(): RouteConfiguration[] {
      return routesOnce().routeConfigs;
    },
    // `proxy-config route -o json`: each route config's virtual hosts (and their routes) made as they
    // are written, in the same order (sorted by name, stably, as routesOnce sorts them).
    routeConfigsStreamed: (): StreamedRouteConfiguration[] => {
      // Already built, or builders that cannot stream: the kept route configs.
      const kept = (): StreamedRouteConfiguration[] => routesOnce().routeConfigs.map((rc) => ({ ...rc, virtualHosts: () => rc.virtualHosts }));
      if (routes) return kept();
      const streamed: StreamedRouteConfiguration[] = [];
      for (const req of outboundOnce().rds) {
        const rc = streamSidecarRouteConfig({ listener: req.egress, routeName: req.routeName, port: req.port, proxyDomain, outboundMode: scope.outboundMode, builders: routeBuilders });
        if (rc === undefined) return kept();
        streamed.push(rc);
      }
      return streamed.sort(byRouteName);
    },
    get clusters(): Cluster[] {
      return clustersOnce().clusters;
    },
    clustersByName: (): Iterable<Cluster> =>
      builtClusters ? sortedByName(builtClusters.clusters) : sidecarClustersByName(index, proxy, scoped, drIndex, scope.outboundMode, buildInboundClusters(inbound, inboundInput)),
    clusterItemsByName: (): Iterable<Cluster | Shaped<Cluster>> =>
      builtClusters ? sortedByName(builtClusters.clusters) : sidecarClusterItemsByName(index, proxy, scoped, drIndex, scope.outboundMode, buildInboundClusters(inbound, inboundInput)),
    clusterSummaries: (): Iterable<ClusterSummary> =>
      builtClusters ? builtClusters.clusters.map(summaryOf) : sidecarClusterSummaries(index, proxy, scoped, drIndex, scope.outboundMode, buildInboundClusters(inbound, inboundInput)),
    get clusterInfo(): ProxyConfig['clusterInfo'] {
      return clustersOnce().info;
    },
    servers: [],
    droppedServers: [],
    gateways: [],
    get misses(): VirtualServiceMiss[] {
      return routesOnce().misses;
    },
    get routeOrigins(): ProxyConfig['routeOrigins'] {
      return routesOnce().routeOrigins;
    },
    get virtualHostOrigins(): ProxyConfig['virtualHostOrigins'] {
      return routesOnce().virtualHostOrigins;
    },
    notes,
  };
}
