// One outbound cluster as istiod assembles it (cluster_builder.go buildCluster, convertResolution,
// applyTrafficPolicy; cluster_tls.go): its base, its traffic policy and TLS, its metadata and the
// ClusterInfo explain reads. Which clusters exist, and in what order, is build.ts's job.
import type { ConfigIndex } from '../../model/configIndex.js';
import { meshOf, type MeshConfig } from '../../model/mesh.js';
import type { Cluster, ClusterLoadAssignment, ClusterType, LbEndpoint } from '../envoy.js';
import type { ClusterInfo } from '../proxyConfig.js';
import type { MeshPort, MeshService } from '../sidecar/registry.js';
import type { Protocol } from '../sidecar/protocol.js';
import { finishHttp, isHttp2, setH2, setUseDownstream, type ClusterProxy, type Ctx, type Wrapper } from './assembly.js';
import { inProtoOrder } from './clusterOrder.js';
import { destinationRuleConfigPath, type ResolvedDestinationRule } from './destinationRules.js';
import { EDS_CONFIG, METADATA_EXCHANGE_FILTER } from './envoyParts.js';
import { clusterPolicy, type ClusterPolicy } from './policy.js';
import { upstreamTls, type TlsDecision } from './tls.js';
import { applyTls } from './tlsContexts.js';
import { applyConnectionPool, applyLoadBalancer, applyOutlierDetection, shouldH2Upgrade } from './trafficPolicy.js';

/** An endpoint of a DNS or STATIC cluster (loadAssignment): a ServiceEntry endpoint or its host. */
export interface StaticEndpoint {
  address: string;
  port: number;
  labels: Readonly<Record<string, string>>;
  namespace: string;
  /** Load balancing weight (1 unless the endpoint says otherwise). */
  weight: number;
  /** security.istio.io/tlsMode of the endpoint ('' when it has none). */
  tlsMode: string;
}

/** convertResolution. */
export function discoveryType(svc: MeshService, mode: ClusterProxy['mode']): ClusterType {
  switch (svc.resolution) {
    case 'DNSLB':
      return 'STRICT_DNS';
    case 'DNSRoundRobinLB':
      return 'LOGICAL_DNS';
    case 'Passthrough':
      // Gateways cannot use ORIGINAL_DST; PILOT_ENABLE_EDS_FOR_HEADLESS_SERVICES is off by default.
      return mode === 'gateway' ? 'EDS' : 'ORIGINAL_DST';
    default:
      return 'EDS';
  }
}

function loadAssignmentOf(name: string, endpoints: readonly StaticEndpoint[]): ClusterLoadAssignment | undefined {
  if (endpoints.length === 0) return undefined;
  const lbEndpoints: LbEndpoint[] = endpoints.map((e) => {
    const filterMetadata: Record<string, Record<string, unknown>> = {};
    if (e.tlsMode !== '' && e.tlsMode !== 'disabled') filterMetadata['envoy.transport_socket_match'] = { tlsMode: e.tlsMode };
    filterMetadata['istio'] = { workload: `;${e.namespace};;;Kubernetes` };
    return { endpoint: { address: { socketAddress: { address: e.address, portValue: e.port } } }, healthStatus: 'HEALTHY', metadata: { filterMetadata }, loadBalancingWeight: e.weight };
  });
  return { clusterName: name, endpoints: [{ locality: {}, lbEndpoints, loadBalancingWeight: endpoints.reduce((a, e) => a + e.weight, 0) }] };
}

/** istiod drops a cluster of these types when it has no endpoints. */
export const dropsWithoutEndpoints = (type: ClusterType): boolean => type === 'STRICT_DNS' || type === 'LOGICAL_DNS' || type === 'STATIC';

/** A subset cluster's policy and type: a PASSTHROUGH load balancer makes it ORIGINAL_DST, without endpoints. */
export function subsetClusterOf(dr: ResolvedDestinationRule | undefined, port: MeshPort, subset: string, type: ClusterType): { policy: ClusterPolicy | undefined; type: ClusterType; needsEndpoints: boolean } {
  const policy = clusterPolicy(dr, port.port, subset);
  const passthrough = policy?.loadBalancer?.simple === 'PASSTHROUGH';
  const subsetType: ClusterType = passthrough ? 'ORIGINAL_DST' : type;
  return { policy, type: subsetType, needsEndpoints: !passthrough && subsetType !== 'EDS' };
}

/** buildCluster: the parts every cluster gets before its traffic policy. */
export function baseCluster(name: string, type: ClusterType, endpoints: readonly StaticEndpoint[] | undefined, port: MeshPort, svc: MeshService, subset: string, ctx: Ctx): Wrapper | undefined {
  const c: Cluster = { name, altStatName: altStatName(name, svc, subset, port, ctx.mesh), type, commonLbConfig: {} };
  if (type === 'STRICT_DNS' || type === 'LOGICAL_DNS') {
    c.dnsLookupFamily = ctx.proxy.ip?.includes(':') ? 'V6_ONLY' : 'V4_ONLY';
    c.typedDnsResolverConfig = {
      name: 'envoy.network.dns_resolver.cares',
      typedConfig: { '@type': 'type.googleapis.com/envoy.extensions.network.dns_resolver.cares.v3.CaresDnsResolverConfig', udpMaxQueries: 100 },
    };
    c.dnsJitter = '0.100s';
    c.dnsRefreshRate = ctx.mesh.dnsRefreshRate;
    c.respectDnsTtl = true;
  }
  if (dropsWithoutEndpoints(type)) {
    // istiod drops a DNS or STATIC cluster without endpoints.
    const la = loadAssignmentOf(name, endpoints ?? []);
    if (!la) return undefined;
    c.loadAssignment = la;
  }
  const w: Wrapper = { cluster: c };
  // setUpstreamProtocol
  if (isHttp2(port.protocol)) setH2(w);
  else if (ctx.proxy.mode === 'sidecar' && port.protocol === 'UnsupportedProtocol') setUseDownstream(w);
  c.metadata = { filterMetadata: { istio: { services: [{ host: svc.hostname, name: svc.name, namespace: svc.namespace }] } } };
  return w;
}

/** outboundClusterStatName (`%SERVICE%`, `%SERVICE_FQDN%`, ...) or the cluster name, with istiod's `;` delimiter. */
function altStatName(name: string, svc: MeshService, subset: string, port: MeshPort, mesh: MeshConfig): string {
  const pattern = mesh.outboundClusterStatName;
  if (!pattern) return `${name};`;
  const shortName = svc.hostname.split('.')[0] ?? svc.hostname;
  const out = pattern
    .replaceAll('%SERVICE%', shortName)
    .replaceAll('%SERVICE_FQDN%', svc.hostname)
    .replaceAll('%SERVICE_PORT%', String(port.port))
    .replaceAll('%SERVICE_PORT_NAME%', port.name)
    .replaceAll('%SUBSET_NAME%', subset)
    .replaceAll('%TARGET_PORT%', '0');
  return `${out};`;
}

export interface Finished {
  cluster: Cluster;
  info: ClusterInfo;
}

export function finish(w: Wrapper, info: ClusterInfo, dr: ResolvedDestinationRule | undefined, svc: MeshService, subset: string, alpnMode: string | undefined): Finished {
  const c = w.cluster;
  if (c.type === 'EDS') c.edsClusterConfig = { edsConfig: { ...EDS_CONFIG }, serviceName: c.name };
  c.filters = [METADATA_EXCHANGE_FILTER];
  const istio = { ...(c.metadata?.filterMetadata.istio ?? {}) };
  if (svc.registry === 'External' && svc.meshExternal) istio.external = true;
  if (dr) istio.config = destinationRuleConfigPath(dr.dr);
  if (subset !== '') istio.subset = subset;
  if (dr && (alpnMode === 'SIMPLE' || alpnMode === 'MUTUAL')) istio.alpn_override = 'false';
  const sorted: Record<string, unknown> = {};
  for (const k of Object.keys(istio).sort()) sorted[k] = istio[k as keyof typeof istio];
  c.metadata = { filterMetadata: { istio: sorted } };
  finishHttp(w);
  return { cluster: inProtoOrder(c), info: { ...info, type: c.type ?? 'STATIC' } };
}

function serviceInfo(svc: MeshService): ClusterInfo['service'] {
  return { hostname: svc.hostname, name: svc.name, namespace: svc.namespace, registry: svc.registry, meshExternal: svc.meshExternal, assumed: svc.assumed === true };
}

export function clusterInfo(name: string, svc: MeshService, port: MeshPort, subset: string, dr: ResolvedDestinationRule | undefined, policy: ClusterPolicy | undefined, tls: TlsDecision): ClusterInfo {
  return {
    name,
    host: svc.hostname,
    port: port.port,
    subset,
    protocol: port.protocol,
    service: serviceInfo(svc),
    ...(dr ? { destinationRule: { namespace: dr.dr.namespace, name: dr.dr.name } } : {}),
    ...(policy ? { policy } : {}),
    tls,
    type: 'EDS',
  };
}

/** applyTrafficPolicy (outbound): connection pool, h2 upgrade, outlier detection, load balancer, TLS. */
export function applyPolicy(w: Wrapper, policy: ClusterPolicy | undefined, svc: MeshService, port: MeshPort, subset: string, dr: ResolvedDestinationRule | undefined, sas: readonly string[], ctx: Ctx): TlsDecision {
  if (shouldH2Upgrade(port, policy, ctx.mesh)) setH2(w);
  applyConnectionPool(w, policy, ctx, 'outbound');
  applyOutlierDetection(w.cluster, policy);
  applyLoadBalancer(w.cluster, policy, ctx);
  const decision = upstreamTls({
    index: ctx.index,
    proxyMode: ctx.proxy.mode,
    policy,
    drWithSelector: dr?.selector !== undefined,
    meshExternal: svc.meshExternal,
    serviceNamespace: svc.namespace,
    passthrough: svc.resolution === 'Passthrough' || policy?.loadBalancer?.simple === 'PASSTHROUGH',
    port: port.port,
    subset,
    host: svc.hostname,
    serviceAccounts: sas,
  });
  applyTls(w, decision, ctx);
  if (w.cluster.type === 'ORIGINAL_DST') w.cluster.lbPolicy = 'CLUSTER_PROVIDED';
  return decision;
}

/**
 * buildInboundCluster's protocol options and traffic policy: HTTP/2 or the downstream protocol by
 * the service port, then only the connection pool (circuit breakers, connect timeout, keepalive,
 * HTTP options) — outlier detection, load balancing and TLS do not apply inbound.
 */
export function finishInboundCluster(index: ConfigIndex, c: Cluster, protocol: Protocol, policy: ClusterPolicy | undefined): Cluster {
  const ctx: Ctx = { index, mesh: meshOf(index.options), proxy: { mode: 'sidecar', namespace: '', labels: {} } };
  const w: Wrapper = { cluster: c };
  if (isHttp2(protocol)) setH2(w);
  else if (protocol === 'UnsupportedProtocol') setUseDownstream(w);
  applyConnectionPool(w, policy, ctx, 'inbound');
  if (c.type === 'ORIGINAL_DST') c.lbPolicy = 'CLUSTER_PROVIDED';
  finishHttp(w);
  return inProtoOrder(c);
}
