// Outbound clusters as istiod builds them (cluster.go buildOutboundClusters, convertResolution;
// cluster_builder.go buildCluster, applyDestinationRule, buildSubsetCluster; cluster_traffic_policy.go
// applyTrafficPolicy; cluster_tls.go), for gateways and sidecars alike. Every cluster also gets a
// ClusterInfo: the service, DestinationRule, merged policy and TLS decision behind it, which explain
// reads instead of parsing the Envoy object back.
import type { ConfigIndex } from '../../model/configIndex.js';
import { isWildcard } from '../../model/hosts.js';
import { meshOf, type MeshConfig } from '../../model/mesh.js';
import type { ConsistentHash } from '../../schema/kinds/destinationRule.js';
import type { Cluster, ClusterLoadAssignment, ClusterType, LbEndpoint, TypedConfig } from '../envoy.js';
import type { ClusterInfo } from '../proxyConfig.js';
import type { MeshPort, MeshService } from '../sidecar/registry.js';
import type { Protocol } from '../sidecar/protocol.js';
import { destinationRuleConfigPath, type DestinationRuleIndex, type ResolvedDestinationRule } from './destinationRules.js';
import { autoMtlsMatches, EDS_CONFIG, HTTP_PROTOCOL_OPTIONS, HTTP_PROTOCOL_OPTIONS_TYPE, MAX_UINT32, METADATA_EXCHANGE_FILTER, sdsSecretConfig, tlsSocket } from './envoyParts.js';
import { clusterPolicy, type ClusterPolicy } from './policy.js';
import { credentialSecret, providerSdsConfig } from './credentials.js';
import { upstreamTls, type TlsDecision, type UpstreamTls } from './tls.js';

export interface ClusterProxy {
  mode: 'gateway' | 'sidecar';
  namespace: string;
  labels: Readonly<Record<string, string>>;
  ip?: string;
}

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

export interface OutboundInput {
  index: ConfigIndex;
  proxy: ClusterProxy;
  drs: DestinationRuleIndex;
  services: readonly MeshService[];
  /** Endpoints of a DNS cluster for (service, port), narrowed to a subset's labels when given. */
  dnsEndpoints?(svc: MeshService, port: MeshPort, subsetLabels: Readonly<Record<string, string>> | undefined): StaticEndpoint[];
  /** Identities (spiffe URIs) of the service's workloads. */
  serviceAccounts?(svc: MeshService): readonly string[];
}

export interface BuiltClusters {
  clusters: Cluster[];
  info: ClusterInfo[];
}

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

const isHttp2 = (p: Protocol): boolean => p === 'HTTP2' || p === 'GRPC' || p === 'GRPC-Web';
const isHttp = (p: Protocol): boolean => isHttp2(p) || p === 'HTTP' || p === 'HTTP_PROXY';

/** HttpProtocolOptions being assembled (upstreams.http.v3), keys in proto order at the end. */
interface HttpOptions {
  commonHttpProtocolOptions?: Record<string, unknown>;
  upstreamHttpProtocolOptions?: { autoSni?: boolean; autoSanValidation?: boolean };
  explicitHttpConfig?: { httpProtocolOptions?: Record<string, never>; http2ProtocolOptions?: Record<string, unknown> };
  useDownstreamProtocolConfig?: { httpProtocolOptions: Record<string, never>; http2ProtocolOptions: Record<string, never> };
}

interface Wrapper {
  cluster: Cluster;
  http?: HttpOptions;
}

function setH2(w: Wrapper): void {
  w.http ??= {};
  if (!w.http.explicitHttpConfig && !w.http.useDownstreamProtocolConfig) w.http.explicitHttpConfig = { http2ProtocolOptions: {} };
}

function setUseDownstream(w: Wrapper): void {
  w.http ??= {};
  delete w.http.explicitHttpConfig;
  w.http.useDownstreamProtocolConfig = { httpProtocolOptions: {}, http2ProtocolOptions: {} };
}

function finishHttp(w: Wrapper): void {
  const h = w.http;
  if (!h) return;
  if (!h.explicitHttpConfig && !h.useDownstreamProtocolConfig) h.explicitHttpConfig = { httpProtocolOptions: {} };
  const opts: TypedConfig = { '@type': HTTP_PROTOCOL_OPTIONS_TYPE };
  if (h.commonHttpProtocolOptions) opts['commonHttpProtocolOptions'] = h.commonHttpProtocolOptions;
  if (h.upstreamHttpProtocolOptions) opts['upstreamHttpProtocolOptions'] = h.upstreamHttpProtocolOptions;
  if (h.explicitHttpConfig) opts['explicitHttpConfig'] = h.explicitHttpConfig;
  if (h.useDownstreamProtocolConfig) opts['useDownstreamProtocolConfig'] = h.useDownstreamProtocolConfig;
  w.cluster.typedExtensionProtocolOptions = { [HTTP_PROTOCOL_OPTIONS]: opts };
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

/** buildCluster: the parts every cluster gets before its traffic policy. */
function baseCluster(name: string, type: ClusterType, endpoints: readonly StaticEndpoint[] | undefined, port: MeshPort, svc: MeshService, subset: string, ctx: Ctx): Wrapper | undefined {
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
  if (type === 'STRICT_DNS' || type === 'LOGICAL_DNS' || type === 'STATIC') {
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

interface Ctx {
  index: ConfigIndex;
  mesh: MeshConfig;
  proxy: ClusterProxy;
}

function seconds(d: string | undefined): number | undefined {
  if (d === undefined) return undefined;
  const m = /^(\d+(?:\.\d+)?)(h|m|s|ms|us|µs|ns)$/.exec(d);
  if (!m) return undefined;
  const v = Number(m[1]);
  const per: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 0.001, us: 1e-6, µs: 1e-6, ns: 1e-9 };
  return v * (per[m[2] ?? 's'] ?? 1);
}

const durations = new Map<string, string>();
const MAX_DURATIONS = 1_000;

/** protojson Duration: seconds with 0, 3, 6 or 9 fractional digits, e.g. "10s", "0.250s". */
export function protoDuration(d: string): string {
  let out = durations.get(d);
  if (out === undefined) {
    if (durations.size >= MAX_DURATIONS) durations.clear();
    durations.set(d, (out = formatDuration(d)));
  }
  return out;
}

function formatDuration(d: string): string {
  const s = seconds(d);
  if (s === undefined) return d;
  const nanos = Math.round(s * 1e9);
  const whole = Math.trunc(nanos / 1e9);
  const frac = nanos % 1e9;
  if (frac === 0) return `${whole}s`;
  let digits = String(frac).padStart(9, '0');
  if (digits.endsWith('000000')) digits = digits.slice(0, 3);
  else if (digits.endsWith('000')) digits = digits.slice(0, 6);
  return `${whole}.${digits}s`;
}

/** istiod's default thresholds, shared (frozen) by every cluster whose policy sets none. */
const DEFAULT_CIRCUIT_BREAKERS: NonNullable<Cluster['circuitBreakers']> = deepFreeze({
  thresholds: [{ maxConnections: MAX_UINT32, maxPendingRequests: MAX_UINT32, maxRequests: MAX_UINT32, maxRetries: MAX_UINT32 }],
});

function applyConnectionPool(w: Wrapper, policy: ClusterPolicy | undefined, ctx: Ctx, direction: 'outbound' | 'inbound'): void {
  if (policy?.connectionPool === undefined && policy?.retryBudget === undefined && ctx.mesh.tcpKeepalive === undefined) {
    // What the general case below gives without a connection pool, retry budget or keepalive (nearly every cluster).
    w.cluster.connectTimeout = protoDuration(ctx.mesh.connectTimeout);
    w.cluster.circuitBreakers = DEFAULT_CIRCUIT_BREAKERS;
    return;
  }
  const settings = policy?.connectionPool ?? {};
  const threshold: Record<string, unknown> = { maxConnections: MAX_UINT32, maxPendingRequests: MAX_UINT32, maxRequests: MAX_UINT32, maxRetries: MAX_UINT32 };
  const rb = policy?.retryBudget;
  if (rb) {
    threshold['retryBudget'] = {
      budgetPercent: { value: rb.percent ?? 20 },
      minRetryConcurrency: rb.minRetryConcurrency && rb.minRetryConcurrency > 0 ? rb.minRetryConcurrency : 3,
      ...(rb.budgetInterval ? { budgetInterval: protoDuration(rb.budgetInterval) } : {}),
    };
  }
  let idleTimeout: string | undefined;
  let maxRequestsPerConnection = 0;
  let maxConcurrentStreams = 0;
  let maxConnectionDuration: string | undefined;
  let keepalive: { interval?: string; timeout?: string } | undefined;
  const http = settings.http;
  if (http) {
    if ((http.http2MaxRequests ?? 0) > 0) threshold['maxRequests'] = http.http2MaxRequests;
    if ((http.http1MaxPendingRequests ?? 0) > 0) threshold['maxPendingRequests'] = http.http1MaxPendingRequests;
    if ((http.maxRetries ?? 0) > 0) threshold['maxRetries'] = http.maxRetries;
    idleTimeout = http.idleTimeout;
    maxRequestsPerConnection = http.maxRequestsPerConnection ?? 0;
    maxConcurrentStreams = http.maxConcurrentStreams ?? 0;
    keepalive = http.http2KeepAlive;
  }
  w.cluster.connectTimeout = protoDuration(ctx.mesh.connectTimeout);
  const tcp = settings.tcp;
  if (tcp) {
    if (tcp.connectTimeout) w.cluster.connectTimeout = protoDuration(tcp.connectTimeout);
    if ((tcp.maxConnections ?? 0) > 0) threshold['maxConnections'] = tcp.maxConnections;
    if (tcp.maxConnectionDuration) maxConnectionDuration = tcp.maxConnectionDuration;
    idleTimeout ??= tcp.idleTimeout;
  }
  // applyTCPKeepalive: the mesh's, overridden field by field by the DestinationRule's.
  const ka = [ctx.mesh.tcpKeepalive, tcp?.tcpKeepalive].filter((k) => k !== undefined);
  if (ka.length > 0) {
    const out: { keepaliveProbes?: number; keepaliveTime?: number; keepaliveInterval?: number } = {};
    for (const k of ka) {
      if ((k.probes ?? 0) > 0) out.keepaliveProbes = k.probes;
      const t = seconds(k.time);
      if (t !== undefined) out.keepaliveTime = Math.trunc(t);
      const iv = seconds(k.interval);
      if (iv !== undefined) out.keepaliveInterval = Math.trunc(iv);
    }
    w.cluster.upstreamConnectionOptions = { tcpKeepalive: out };
  }
  threshold['trackRemaining'] = undefined; // DISABLE_TRACK_REMAINING_CB_METRICS defaults to true
  w.cluster.circuitBreakers = { thresholds: [Object.fromEntries(Object.entries(threshold).filter(([, v]) => v !== undefined))] };
  if (maxConnectionDuration || idleTimeout || maxRequestsPerConnection > 0 || maxConcurrentStreams > 0 || keepalive) {
    w.http ??= {};
    const common: Record<string, unknown> = { ...(w.http.commonHttpProtocolOptions ?? {}) };
    if (idleTimeout) common['idleTimeout'] = protoDuration(idleTimeout);
    if (maxConnectionDuration) common['maxConnectionDuration'] = protoDuration(maxConnectionDuration);
    if (maxRequestsPerConnection > 0) common['maxRequestsPerConnection'] = maxRequestsPerConnection;
    // HttpProtocolOptions (core) order: idle_timeout, max_connection_duration, max_headers_count, ..., max_requests_per_connection
    w.http.commonHttpProtocolOptions = orderKeys(common, ['idleTimeout', 'maxConnectionDuration', 'maxRequestsPerConnection']);
    const h2 = w.http.explicitHttpConfig?.http2ProtocolOptions;
    if (h2 && maxConcurrentStreams > 0) h2['maxConcurrentStreams'] = maxConcurrentStreams;
    if (h2 && keepalive) h2['connectionKeepalive'] = { ...(keepalive.interval ? { interval: protoDuration(keepalive.interval) } : {}), ...(keepalive.timeout ? { timeout: protoDuration(keepalive.timeout) } : {}) };
  }
  if (http?.useClientProtocol) setUseDownstream(w);
  void direction;
}

function orderKeys(o: Record<string, unknown>, order: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of order) if (o[k] !== undefined) out[k] = o[k];
  for (const [k, v] of Object.entries(o)) if (!(k in out)) out[k] = v;
  return out;
}

function shouldH2Upgrade(port: MeshPort, policy: ClusterPolicy | undefined, mesh: MeshConfig): boolean {
  const http = policy?.connectionPool?.http;
  if (http) {
    if (http.useClientProtocol) return false;
    if (http.h2UpgradePolicy === 'UPGRADE') return true;
    if (http.h2UpgradePolicy === 'DO_NOT_UPGRADE') return false;
  }
  if (!isHttp(port.protocol)) return false;
  return mesh.h2UpgradePolicy === 'UPGRADE';
}

function applyOutlierDetection(c: Cluster, policy: ClusterPolicy | undefined): void {
  const o = policy?.outlierDetection;
  if (!o) return;
  const out: Record<string, unknown> = {};
  if (o.consecutive5xxErrors !== undefined) out['consecutive5xx'] = o.consecutive5xxErrors;
  if (o.interval) out['interval'] = protoDuration(o.interval);
  if (o.baseEjectionTime) out['baseEjectionTime'] = protoDuration(o.baseEjectionTime);
  if ((o.maxEjectionPercent ?? 0) > 0) out['maxEjectionPercent'] = o.maxEjectionPercent;
  if (o.consecutive5xxErrors !== undefined) out['enforcingConsecutive5xx'] = o.consecutive5xxErrors > 0 ? 100 : 0;
  out['enforcingSuccessRate'] = 0;
  if (o.consecutiveGatewayErrors !== undefined) {
    out['consecutiveGatewayFailure'] = o.consecutiveGatewayErrors;
    out['enforcingConsecutiveGatewayFailure'] = o.consecutiveGatewayErrors > 0 ? 100 : 0;
  }
  if (o.splitExternalLocalOriginErrors) {
    out['splitExternalLocalOriginErrors'] = true;
    if ((o.consecutiveLocalOriginFailures ?? 0) > 0) {
      out['consecutiveLocalOriginFailure'] = o.consecutiveLocalOriginFailures;
      out['enforcingConsecutiveLocalOriginFailure'] = 100;
    }
    out['enforcingLocalOriginSuccessRate'] = 0;
  }
  c.outlierDetection = out;
  // Panic threshold off (0%) unless minHealthPercent says otherwise.
  const min = o.minHealthPercent ?? 0;
  if (min >= 0) c.commonLbConfig = { ...(c.commonLbConfig ?? {}), healthyPanicThreshold: min === 0 ? {} : { value: min } };
}

function applyLoadBalancer(c: Cluster, policy: ClusterPolicy | undefined, ctx: Ctx): void {
  if (c.lbPolicy === 'CLUSTER_PROVIDED') return;
  const lb = policy?.loadBalancer;
  const locality = lb?.localityLbSetting;
  const localityEnabled = locality ? locality.enabled !== false : ctx.mesh.localityLbEnabled;
  if (localityEnabled) {
    const failoverConfigured = (locality?.failover?.length ?? 0) > 0 || (locality?.failoverPriority?.length ?? 0) > 0;
    const enableFailover = c.outlierDetection !== undefined;
    if ((enableFailover && failoverConfigured) || (locality?.distribute?.length ?? 0) > 0) {
      c.commonLbConfig = { ...(c.commonLbConfig ?? {}), localityWeightedLbConfig: {} };
    }
  }
  if (c.type === 'ORIGINAL_DST') {
    c.lbPolicy = 'CLUSTER_PROVIDED';
    return;
  }
  const warmup = lb?.warmup
    ? { slowStartConfig: { ...(lb.warmup.duration ? { slowStartWindow: protoDuration(lb.warmup.duration) } : {}), aggression: { defaultValue: lb.warmup.aggression ?? 1, runtimeKey: '(' }, minWeightPercent: { value: lb.warmup.minimumPercent ?? 10 } } }
    : lb?.warmupDurationSecs
      ? { slowStartConfig: { slowStartWindow: protoDuration(lb.warmupDurationSecs) } }
      : undefined;
  switch (lb?.simple) {
    case 'RANDOM':
      c.lbPolicy = 'RANDOM';
      break;
    case 'ROUND_ROBIN':
      delete c.lbPolicy; // ROUND_ROBIN is the enum's zero value: protojson omits it
      if (warmup) c.roundRobinLbConfig = warmup;
      break;
    case 'PASSTHROUGH':
      c.lbPolicy = 'CLUSTER_PROVIDED';
      c.type = 'ORIGINAL_DST';
      delete c.loadAssignment;
      delete c.edsClusterConfig;
      break;
    default:
      c.lbPolicy = 'LEAST_REQUEST';
      if (warmup) c.leastRequestLbConfig = warmup;
  }
  applyConsistentHash(c, lb?.consistentHash);
}

function applyConsistentHash(c: Cluster, ch: ConsistentHash | undefined): void {
  if (!ch) return;
  delete c.leastRequestLbConfig;
  delete c.roundRobinLbConfig;
  if (ch.maglev) {
    c.lbPolicy = 'MAGLEV';
    if ((ch.maglev.tableSize ?? 0) !== 0) c.maglevLbConfig = { tableSize: String(ch.maglev.tableSize) };
  } else if (ch.ringHash) {
    c.lbPolicy = 'RING_HASH';
    if ((ch.ringHash.minimumRingSize ?? 0) !== 0) c.ringHashLbConfig = { minimumRingSize: String(ch.ringHash.minimumRingSize) };
  } else {
    c.lbPolicy = 'RING_HASH';
    c.ringHashLbConfig = { minimumRingSize: String(ch.minimumRingSize && ch.minimumRingSize !== 0 ? ch.minimumRingSize : 1024) };
  }
}

const TLS_PARAMS = { tlsMinimumProtocolVersion: 'TLSv1_2', tlsMaximumProtocolVersion: 'TLSv1_3' } as const;
const exact = (sans: readonly string[]) => sans.map((s) => ({ exact: s }));

/**
 * Istio mTLS's CommonTlsContext depends only on the SANs and h2: one frozen object for each, shared by
 * every cluster that has it (auto mTLS gives one to almost every cluster: about 30 objects each).
 */
const istioMutualContexts = new Map<string, Readonly<Record<string, unknown>>>();
const MAX_SHARED_CONTEXTS = 10_000;

function istioMutualContext(subjectAltNames: readonly string[], h2: boolean): Readonly<Record<string, unknown>> {
  const key = `${h2 ? 'h2' : ''}\u0000${subjectAltNames.join('\u0000')}`;
  let common = istioMutualContexts.get(key);
  if (!common) {
    common = deepFreeze({
      tlsParams: TLS_PARAMS,
      tlsCertificateSdsSecretConfigs: [sdsSecretConfig('default')],
      combinedValidationContext: { defaultValidationContext: subjectAltNames.length > 0 ? { matchSubjectAltNames: exact(subjectAltNames) } : {}, validationContextSdsSecretConfig: sdsSecretConfig('ROOTCA') },
      alpnProtocols: h2 ? ['istio-peer-exchange', 'istio', 'h2'] : ['istio-peer-exchange', 'istio'],
    });
    if (istioMutualContexts.size >= MAX_SHARED_CONTEXTS) istioMutualContexts.clear();
    istioMutualContexts.set(key, common);
  }
  return common;
}

function deepFreeze<T extends object>(o: T): T {
  for (const v of Object.values(o)) if (typeof v === 'object' && v !== null) deepFreeze(v as object);
  return Object.freeze(o);
}

/** UpstreamTlsContext for a TLS decision (buildUpstreamClusterTLSContext). */
function tlsContext(t: UpstreamTls, w: Wrapper, ctx: Ctx): Record<string, unknown> {
  const h2 = w.http?.explicitHttpConfig?.http2ProtocolOptions !== undefined;
  if (t.mode === 'ISTIO_MUTUAL') {
    return { commonTlsContext: istioMutualContext(t.subjectAltNames, h2), ...(t.sni ? { sni: t.sni } : {}) };
  }
  // SIMPLE / MUTUAL (constructUpstreamTLS): auto SNI and SAN validation when the rule sets neither.
  const autoSni = !t.sni;
  const autoSan = autoSni && t.subjectAltNames.length === 0 && !t.insecureSkipVerify;
  if (autoSni || autoSan) {
    w.http ??= {};
    w.http.upstreamHttpProtocolOptions = { ...(autoSni ? { autoSni: true } : {}), ...(autoSan ? { autoSanValidation: true } : {}) };
  }
  const common: Record<string, unknown> = { tlsParams: TLS_PARAMS };
  if (t.credentialName) {
    // ConstructSdsSecretConfigForCredential: a Kubernetes Secret through istiod, or an SDS extension provider for `sds://`.
    const ads = (name: string) => {
      const secret = credentialSecret(ctx.index, name);
      return { name: secret.name, sdsConfig: secret.provider ? providerSdsConfig(secret.provider) : { ads: {}, resourceApiVersion: 'V3' } };
    };
    if (t.mode === 'MUTUAL') common['tlsCertificateSdsSecretConfigs'] = [ads(t.credentialName)];
    if (!t.insecureSkipVerify) {
      common['combinedValidationContext'] = { defaultValidationContext: t.subjectAltNames.length > 0 ? { matchSubjectAltNames: exact(t.subjectAltNames) } : {}, validationContextSdsSecretConfig: ads(`${t.credentialName}-cacert`) };
    }
  } else {
    const ca = t.caCertificates ?? 'system';
    if (t.insecureSkipVerify) common['validationContext'] = {};
    else {
      common['combinedValidationContext'] = {
        defaultValidationContext: t.subjectAltNames.length > 0 ? { matchSubjectAltNames: exact(t.subjectAltNames) } : {},
        validationContextSdsSecretConfig: sdsSecretConfig(`file-root:${ca}`),
      };
    }
  }
  if (h2) common['alpnProtocols'] = ['h2'];
  void ctx;
  return { commonTlsContext: common, ...(t.sni ? { sni: t.sni } : {}) };
}

function applyTls(w: Wrapper, decision: TlsDecision, ctx: Ctx): void {
  const t = decision.tls;
  if (!t) return;
  const socket = tlsSocket(tlsContext(t, w, ctx));
  if (t.source === 'auto-mtls' && w.cluster.type !== 'ORIGINAL_DST') w.cluster.transportSocketMatches = autoMtlsMatches(socket);
  else w.cluster.transportSocket = socket;
}

export interface Finished {
  cluster: Cluster;
  info: ClusterInfo;
}

function finish(w: Wrapper, info: ClusterInfo, dr: ResolvedDestinationRule | undefined, svc: MeshService, subset: string, alpnMode: string | undefined): Finished {
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

/**
 * One outbound cluster to build: its name now (clusters are listed sorted by name), the cluster and
 * its ClusterInfo when `build` is called. `undefined` when istiod drops it (a DNS subset without endpoints).
 */
export interface PlannedCluster {
  name: string;
  build(): Finished | undefined;
}

/**
 * The outbound clusters in istiod's order, not yet built: `proxy-config cluster` on a big mesh builds
 * each when it writes it and keeps none (a cluster is ~6 KB of JSON; 400,000 of them do not fit).
 */
export function planOutboundClusters(input: OutboundInput): PlannedCluster[] {
  const ctx: Ctx = { index: input.index, mesh: meshOf(input.index.options), proxy: input.proxy };
  const plans: PlannedCluster[] = [];
  for (const svc of input.services) {
    if (svc.resolution === 'Alias') continue;
    if (svc.resolution === 'DynamicDNS' && isWildcard(svc.hostname)) continue; // dynamic forward proxy clusters are not modelled
    const dr = input.drs.lookup(input.proxy, svc);
    const sas = input.serviceAccounts?.(svc) ?? [];
    for (const port of svc.ports) {
      if (port.protocol === 'UDP') continue;
      const type = discoveryType(svc, ctx.proxy.mode);
      const dns = type === 'STRICT_DNS' || type === 'LOGICAL_DNS';
      // A DNS cluster without endpoints is dropped with its subsets: known before any is built.
      const endpoints = dns ? (input.dnsEndpoints?.(svc, port, undefined) ?? []) : undefined;
      if (endpoints !== undefined && endpoints.length === 0) continue;
      const name = `outbound|${port.port}||${svc.hostname}`;
      plans.push({
        name,
        build: () => {
          const w = baseCluster(name, type, endpoints, port, svc, '', ctx);
          if (!w) return undefined;
          const policy = clusterPolicy(dr, port.port, '');
          const decision = applyPolicy(w, policy, svc, port, '', dr, sas, ctx);
          return finish(w, clusterInfo(name, svc, port, '', dr, policy, decision), dr, svc, '', policy?.tls?.mode);
        },
      });
      for (const subset of dr?.subsets ?? []) {
        const subsetName = `outbound|${port.port}|${subset}|${svc.hostname}`;
        plans.push({
          name: subsetName,
          build: () => {
            const spec = dr?.subsetSpecs.get(subset);
            const subsetPolicy = clusterPolicy(dr, port.port, subset);
            const passthrough = subsetPolicy?.loadBalancer?.simple === 'PASSTHROUGH';
            const subsetType: ClusterType = passthrough ? 'ORIGINAL_DST' : type;
            const needsEndpoints = !passthrough && subsetType !== 'EDS';
            const sw = baseCluster(subsetName, subsetType, needsEndpoints ? (input.dnsEndpoints?.(svc, port, spec?.labels ?? {}) ?? []) : undefined, port, svc, subset, ctx);
            if (!sw) return undefined;
            const sd = applyPolicy(sw, subsetPolicy, svc, port, subset, dr, sas, ctx);
            return finish(sw, clusterInfo(subsetName, svc, port, subset, dr, subsetPolicy, sd), dr, svc, subset, subsetPolicy?.tls?.mode);
          },
        });
      }
    }
  }
  return plans;
}

export function buildOutboundClusters(input: OutboundInput): BuiltClusters {
  const clusters: Cluster[] = [];
  const info: ClusterInfo[] = [];
  for (const plan of planOutboundClusters(input)) {
    const f = plan.build();
    if (!f) continue;
    clusters.push(f.cluster);
    info.push(f.info);
  }
  return { clusters, info };
}

const byName = (a: { name: string }, b: { name: string }): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/**
 * The planned clusters and the `built` ones (BlackHoleCluster...) sorted by name, as proxy-config
 * lists them; each planned one is built when it is read, and not kept.
 */
export function* clustersByName(plans: readonly PlannedCluster[], built: readonly Cluster[] = []): Generator<Cluster> {
  const all: (PlannedCluster | Cluster)[] = [...plans, ...built];
  all.sort(byName);
  for (const x of all) {
    if (!('build' in x)) {
      yield x;
      continue;
    }
    const f = x.build();
    if (f) yield f.cluster;
  }
}

function clusterInfo(name: string, svc: MeshService, port: MeshPort, subset: string, dr: ResolvedDestinationRule | undefined, policy: ClusterPolicy | undefined, tls: TlsDecision): ClusterInfo {
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
function applyPolicy(w: Wrapper, policy: ClusterPolicy | undefined, svc: MeshService, port: MeshPort, subset: string, dr: ResolvedDestinationRule | undefined, sas: readonly string[], ctx: Ctx): TlsDecision {
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

/** BlackHoleCluster (STATIC, no endpoints; ROUND_ROBIN, the zero value, is not printed). */
export function blackHoleCluster(mesh: MeshConfig): Cluster {
  return { name: 'BlackHoleCluster', altStatName: 'BlackHoleCluster;', type: 'STATIC', connectTimeout: protoDuration(mesh.connectTimeout) };
}

const PASSTHROUGH_HTTP_OPTIONS: TypedConfig = {
  '@type': HTTP_PROTOCOL_OPTIONS_TYPE,
  commonHttpProtocolOptions: { idleTimeout: '300s' },
  useDownstreamProtocolConfig: { httpProtocolOptions: {}, http2ProtocolOptions: {} },
};

const defaultThresholds = () => ({ thresholds: [{ maxConnections: MAX_UINT32, maxPendingRequests: MAX_UINT32, maxRequests: MAX_UINT32, maxRetries: MAX_UINT32 }] });

/** PassthroughCluster (ORIGINAL_DST, sidecars only). */
export function passthroughCluster(mesh: MeshConfig): Cluster {
  return inProtoOrder({
    name: 'PassthroughCluster',
    altStatName: 'PassthroughCluster;',
    type: 'ORIGINAL_DST',
    connectTimeout: protoDuration(mesh.connectTimeout),
    lbPolicy: 'CLUSTER_PROVIDED',
    circuitBreakers: defaultThresholds(),
    typedExtensionProtocolOptions: { [HTTP_PROTOCOL_OPTIONS]: PASSTHROUGH_HTTP_OPTIONS },
    filters: [METADATA_EXCHANGE_FILTER],
  });
}

/** InboundPassthroughCluster: the passthrough cluster bound to 127.0.0.6 (and ::6 for dual-stack proxies). */
export function inboundPassthroughCluster(mesh: MeshConfig, ipv6Only = false): Cluster {
  return inProtoOrder({
    name: 'InboundPassthroughCluster',
    altStatName: 'InboundPassthroughCluster;',
    type: 'ORIGINAL_DST',
    connectTimeout: protoDuration(mesh.connectTimeout),
    lbPolicy: 'CLUSTER_PROVIDED',
    circuitBreakers: defaultThresholds(),
    typedExtensionProtocolOptions: { [HTTP_PROTOCOL_OPTIONS]: PASSTHROUGH_HTTP_OPTIONS },
    upstreamBindConfig: { sourceAddress: { address: ipv6Only ? '::6' : '127.0.0.6', portValue: 0 } },
  });
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
