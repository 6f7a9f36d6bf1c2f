// A DestinationRule's traffic policy on a cluster (cluster_traffic_policy.go applyTrafficPolicy):
// connection pool, HTTP/2 upgrade, outlier detection, load balancing.
import type { MeshConfig } from '../../model/mesh.js';
import type { ConsistentHash } from '../../schema/kinds/destinationRule.js';
import type { Cluster } from '../envoy.js';
import type { MeshPort } from '../sidecar/registry.js';
import { sharedPart } from '../../model/sharedParts.js';
import { isHttp, setUseDownstream, type Ctx, type Wrapper } from './assembly.js';
import { protoDuration, seconds } from './durations.js';
import { MAX_UINT32 } from './envoyParts.js';
import type { ClusterPolicy } from './policy.js';

/** istiod's default thresholds, shared (frozen) by every cluster whose policy sets none. */
const DEFAULT_CIRCUIT_BREAKERS: NonNullable<Cluster['circuitBreakers']> = sharedPart({
  thresholds: [{ maxConnections: MAX_UINT32, maxPendingRequests: MAX_UINT32, maxRequests: MAX_UINT32, maxRetries: MAX_UINT32 }],
});

export function applyConnectionPool(w: Wrapper, policy: ClusterPolicy | undefined, ctx: Ctx, direction: 'outbound' | 'inbound'): void {
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

export function shouldH2Upgrade(port: MeshPort, policy: ClusterPolicy | undefined, mesh: MeshConfig): boolean {
  const http = policy?.connectionPool?.http;
  if (http) {
    if (http.useClientProtocol) return false;
    if (http.h2UpgradePolicy === 'UPGRADE') return true;
    if (http.h2UpgradePolicy === 'DO_NOT_UPGRADE') return false;
  }
  if (!isHttp(port.protocol)) return false;
  return mesh.h2UpgradePolicy === 'UPGRADE';
}

export function applyOutlierDetection(c: Cluster, policy: ClusterPolicy | undefined): void {
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

export function applyLoadBalancer(c: Cluster, policy: ClusterPolicy | undefined, ctx: Ctx): void {
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
