// Envoy xDS objects in the JSON shape `istioctl proxy-config -o json` prints (protojson: lowerCamelCase,
// zero values omitted). Builders MUST insert keys in .proto declaration order (spec §9.1) so that
// JSON.stringify gives istioctl's output byte for byte. Only what gwctl derives is modelled.

// ---------- route.proto / route_components.proto ----------

export interface StringMatcher {
  exact?: string;
  prefix?: string;
  suffix?: string;
  safeRegex?: { regex: string };
  contains?: string;
  ignoreCase?: boolean;
}

export interface HeaderMatcher {
  name: string;
  presentMatch?: boolean;
  stringMatch?: StringMatcher;
  invertMatch?: boolean;
  treatMissingHeaderAsEmpty?: boolean;
}

export interface QueryParameterMatcher {
  name: string;
  stringMatch?: StringMatcher;
  presentMatch?: boolean;
}

export interface RouteMatch {
  prefix?: string;
  path?: string;
  safeRegex?: { regex: string };
  pathSeparatedPrefix?: string;
  caseSensitive?: boolean;
  headers?: HeaderMatcher[];
  queryParameters?: QueryParameterMatcher[];
  dynamicMetadata?: unknown[];
}

export interface WeightedClusterEntry {
  name: string;
  weight: number;
  requestHeadersToAdd?: HeaderValueOption[];
  requestHeadersToRemove?: string[];
  responseHeadersToAdd?: HeaderValueOption[];
  responseHeadersToRemove?: string[];
  hostRewriteLiteral?: string;
}

export interface RetryPolicy {
  retryOn?: string;
  numRetries?: number;
  perTryTimeout?: string;
  retryPriority?: { name: string; typedConfig: Record<string, unknown> };
  retryHostPredicate?: { name: string; typedConfig: Record<string, unknown> }[];
  hostSelectionRetryMaxAttempts?: string;
  retriableStatusCodes?: number[];
  retryBackOff?: { baseInterval: string };
}

export interface RequestMirrorPolicy {
  cluster: string;
  runtimeFraction?: { defaultValue: { numerator?: number; denominator?: 'HUNDRED' | 'TEN_THOUSAND' | 'MILLION' } };
  traceSampled?: boolean;
  /** istiod sets it from DISABLE_SHADOW_HOST_SUFFIX (default true). */
  disableShadowHostSuffixAppend?: boolean;
}

export interface RouteAction {
  cluster?: string;
  weightedClusters?: { clusters: WeightedClusterEntry[] };
  clusterNotFoundResponseCode?: string;
  prefixRewrite?: string;
  regexRewrite?: { pattern: { regex: string }; substitution: string };
  hostRewriteLiteral?: string;
  timeout?: string;
  retryPolicy?: RetryPolicy;
  requestMirrorPolicies?: RequestMirrorPolicy[];
  hashPolicy?: unknown[];
  maxGrpcTimeout?: string;
  /** Inbound routes: no stream limit (`0s`), grpc-timeout headers ignored. */
  maxStreamDuration?: { maxStreamDuration: string; grpcTimeoutHeaderMax: string };
}

export interface RedirectAction {
  httpsRedirect?: boolean;
  schemeRedirect?: string;
  hostRedirect?: string;
  portRedirect?: number;
  pathRedirect?: string;
  prefixRewrite?: string;
  regexRewrite?: { pattern: { regex: string }; substitution: string };
  responseCode?: 'FOUND' | 'SEE_OTHER' | 'TEMPORARY_REDIRECT' | 'PERMANENT_REDIRECT';
  stripQuery?: boolean;
}

export interface DirectResponseAction {
  status: number;
  body?: { inlineString?: string; inlineBytes?: string };
}

export interface HeaderValueOption {
  /** `value` is omitted by protojson when empty. */
  header: { key: string; value?: string };
  appendAction?: 'APPEND_IF_EXISTS_OR_ADD' | 'ADD_IF_ABSENT' | 'OVERWRITE_IF_EXISTS_OR_ADD' | 'OVERWRITE_IF_EXISTS';
}

export interface Route {
  name?: string;
  match: RouteMatch;
  route?: RouteAction;
  redirect?: RedirectAction;
  directResponse?: DirectResponseAction;
  metadata?: { filterMetadata: { istio: { config: string } } };
  decorator?: { operation: string };
  typedPerFilterConfig?: Record<string, unknown>;
  requestHeadersToAdd?: HeaderValueOption[];
  requestHeadersToRemove?: string[];
  responseHeadersToAdd?: HeaderValueOption[];
  responseHeadersToRemove?: string[];
  statPrefix?: string;
}

export interface VirtualHost {
  name: string;
  domains: string[];
  routes?: Route[];
  requireTls?: 'ALL' | 'EXTERNAL_ONLY';
  includeRequestAttemptCount?: boolean;
}

export interface RouteConfiguration {
  name?: string;
  virtualHosts: VirtualHost[];
  validateClusters?: boolean;
  maxDirectResponseBodySizeBytes?: number;
  ignorePortInHostMatching?: boolean;
}

/**
 * A RouteConfiguration whose virtual hosts are made when read, one at a time (`proxy-config route
 * -o json` of a big gateway writes each as it is made): the same members in the same order.
 */
export type StreamedRouteConfiguration = Omit<RouteConfiguration, 'virtualHosts'> & { virtualHosts: () => Iterable<VirtualHost> };

// ---------- listener.proto (only what the tables and explain read) ----------

export interface FilterChainMatch {
  destinationPort?: number;
  prefixRanges?: { addressPrefix: string; prefixLen: number }[];
  serverNames?: string[];
  transportProtocol?: string;
  applicationProtocols?: string[];
}

/** A network filter, reduced to what gwctl derives: an HCM (RDS or inline routes) or a tcp_proxy. */
export type NetworkFilter =
  | { name: 'envoy.filters.network.http_connection_manager'; typedConfig: HttpConnectionManager }
  | { name: 'envoy.filters.network.tcp_proxy'; typedConfig: TcpProxy };

export interface HttpConnectionManager {
  '@type': 'type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager';
  statPrefix: string;
  rds?: { configSource: { ads: Record<string, never>; initialFetchTimeout: string; resourceApiVersion: 'V3' }; routeConfigName: string };
  routeConfig?: RouteConfiguration;
}

export interface TcpProxy {
  '@type': 'type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy';
  statPrefix: string;
  cluster?: string;
  weightedClusters?: { clusters: { name: string; weight: number }[] };
}

export interface TransportSocket {
  name: 'envoy.transport_sockets.tls';
  typedConfig: {
    '@type': 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext';
    commonTlsContext: { tlsParams?: Record<string, unknown>; tlsCertificateSdsSecretConfigs?: { name: string; sdsConfig?: Record<string, unknown> }[]; combinedValidationContext?: Record<string, unknown>; alpnProtocols?: string[] };
    requireClientCertificate?: boolean;
  };
}

export interface FilterChain {
  filterChainMatch?: FilterChainMatch;
  filters: NetworkFilter[];
  transportSocket?: TransportSocket;
  name?: string;
}

export interface SocketAddress {
  socketAddress: { address: string; portValue: number };
}

/** ListenerFilterChainMatchPredicate, reduced to what istiod builds: destination port ranges ([start, end)), their OR and NOT. */
export type ListenerFilterPredicate =
  | { destinationPortRange: { start: number; end: number } }
  | { orMatch: { rules: ListenerFilterPredicate[] } }
  | { notMatch: ListenerFilterPredicate };

export interface ListenerFilter {
  name: string;
  /** The filter is skipped for connections this predicate matches (per-port inspectors). */
  filterDisabled?: ListenerFilterPredicate;
}

/** Whether a listener filter runs for a connection to this destination port. */
export function listenerFilterEnabled(f: ListenerFilter, port: number): boolean {
  const matches = (p: ListenerFilterPredicate): boolean =>
    'destinationPortRange' in p ? port >= p.destinationPortRange.start && port < p.destinationPortRange.end : 'orMatch' in p ? p.orMatch.rules.some(matches) : !matches(p.notMatch);
  return f.filterDisabled === undefined || !matches(f.filterDisabled);
}

export interface Listener {
  name: string;
  address: SocketAddress;
  additionalAddresses?: { address: SocketAddress }[];
  filterChains: FilterChain[];
  /** virtualOutbound hands connections to the listener of their original destination. */
  useOriginalDst?: boolean;
  /** Used when no filter chain matches (sidecar outbound listeners: passthrough or the match-all chain). */
  defaultFilterChain?: FilterChain;
  listenerFilters?: ListenerFilter[];
  /** mesh protocolDetectionTimeout (inbound listeners). */
  listenerFiltersTimeout?: string;
  continueOnListenerFiltersTimeout?: boolean;
  trafficDirection?: 'OUTBOUND' | 'INBOUND';
}

// ---------- cluster.proto ----------
// Keys in the order cluster.proto declares them (transport_socket_matches comes first).

export type ClusterType = 'EDS' | 'STATIC' | 'STRICT_DNS' | 'LOGICAL_DNS' | 'ORIGINAL_DST';

export type LbPolicy = 'ROUND_ROBIN' | 'LEAST_REQUEST' | 'RING_HASH' | 'RANDOM' | 'MAGLEV' | 'CLUSTER_PROVIDED';

/** An Any: `@type` first, then the message's fields. */
export type TypedConfig = { '@type': string } & Record<string, unknown>;

export interface UpstreamTransportSocket {
  name: string;
  typedConfig: TypedConfig;
}

export interface TransportSocketMatch {
  name: string;
  match?: Record<string, string>;
  transportSocket?: UpstreamTransportSocket;
}

export interface SocketAddressValue {
  socketAddress?: { address: string; portValue: number };
  pipe?: { path: string };
}

export interface LbEndpoint {
  endpoint: { address: SocketAddressValue };
  healthStatus?: 'HEALTHY' | 'UNHEALTHY' | 'DRAINING' | 'TIMEOUT' | 'DEGRADED';
  metadata?: { filterMetadata: Record<string, Record<string, unknown>> };
  loadBalancingWeight?: number;
}

export interface LocalityLbEndpoints {
  locality?: { region?: string; zone?: string; subZone?: string };
  lbEndpoints: LbEndpoint[];
  loadBalancingWeight?: number;
}

export interface ClusterLoadAssignment {
  clusterName: string;
  endpoints: LocalityLbEndpoints[];
}

export interface CircuitBreakerThresholds {
  maxConnections?: number;
  maxPendingRequests?: number;
  maxRequests?: number;
  maxRetries?: number;
  retryBudget?: { budgetPercent?: { value: number }; minRetryConcurrency?: number; budgetInterval?: string };
  trackRemaining?: boolean;
}

export interface Cluster {
  transportSocketMatches?: TransportSocketMatch[];
  name: string;
  altStatName?: string;
  type?: ClusterType;
  clusterType?: { name: string; typedConfig: TypedConfig };
  edsClusterConfig?: { edsConfig: { ads: Record<string, never>; initialFetchTimeout: string; resourceApiVersion: 'V3' }; serviceName: string };
  connectTimeout?: string;
  lbPolicy?: LbPolicy;
  loadAssignment?: ClusterLoadAssignment;
  circuitBreakers?: { thresholds: CircuitBreakerThresholds[] };
  typedExtensionProtocolOptions?: Record<string, TypedConfig>;
  dnsRefreshRate?: string;
  dnsJitter?: string;
  respectDnsTtl?: boolean;
  dnsLookupFamily?: 'V4_ONLY' | 'V6_ONLY' | 'V4_PREFERRED' | 'ALL';
  typedDnsResolverConfig?: { name: string; typedConfig: TypedConfig };
  outlierDetection?: Record<string, unknown>;
  cleanupInterval?: string;
  upstreamBindConfig?: Record<string, unknown>;
  ringHashLbConfig?: { minimumRingSize?: string };
  maglevLbConfig?: { tableSize?: string };
  originalDstLbConfig?: { upstreamPortOverride?: number };
  leastRequestLbConfig?: Record<string, unknown>;
  roundRobinLbConfig?: Record<string, unknown>;
  commonLbConfig?: { healthyPanicThreshold?: { value?: number }; localityWeightedLbConfig?: Record<string, never> };
  transportSocket?: UpstreamTransportSocket;
  metadata?: { filterMetadata: { istio: { config?: string; services?: { host: string; name: string; namespace: string }[]; external?: boolean; subset?: string; alpn_override?: string } } };
  upstreamConnectionOptions?: { tcpKeepalive: { keepaliveProbes?: number; keepaliveTime?: number; keepaliveInterval?: number } };
  filters?: { name: string; typedConfig: TypedConfig }[];
}
