// The explain contract: what a request is, each stage of the walk, and the JSON result scripts rely on
// (documented in docs/explain-json.md; change it only additively).
import type { Finding } from '../diagnostics/finding.js';
import type { Text } from '../diagnostics/text.js';

export type Scheme = 'http' | 'https';

/** One simulated request, as curl would send it. Header names are lower-case. */
export interface ExplainRequest {
  url: string;
  scheme: Scheme;
  /** Host of the URL (what DNS resolves; the default SNI). */
  urlHost: string;
  /** The port the client connects to (URL port, else 80/443). */
  port: number;
  /** Path without the query string. */
  path: string;
  /** Raw query string without `?` ('' when none). */
  query: string;
  method: string;
  /** Request headers, lower-case names; `host` is always set (curl's Host, or the -H override). */
  headers: Record<string, string>;
  /** TLS server name for https (URL host unless --sni). */
  sni?: string;
  /**
   * How to read `port`: `auto` = a port of the gateway's Service if one matches (mapped to its
   * targetPort), else the pod port; `pod` = always the proxy's own port (the simulator's Call.port).
   */
  portMode: 'auto' | 'pod';
  /** Destination IP of the connection, when known (sidecar: the Service VIP). */
  address?: string;
}

/**
 * `connection-closed`: a TCP proxy (TCP server, TLS passthrough) accepted the connection and closed it
 * because its cluster does not exist; no HTTP exchange happens.
 */
export type Outcome = 'forwarded' | 'local-reply' | 'connection-refused' | 'tls-failure' | 'connection-closed';

/** Where the walk ended (docs/explain-json.md); what each stop means is the table in stops.ts. */
export type StopReason =
  | 'no-listener'
  | 'no-filter-chain'
  | 'ambiguous-filter-chain'
  | 'tls-required'
  | 'tls-unexpected'
  | 'tcp-proxy'
  | 'no-route-config'
  | 'no-virtual-host'
  | 'require-tls'
  | 'no-route'
  | 'route-action'
  | 'cluster-missing'
  | 'tcp-cluster-missing'
  | 'no-endpoints'
  | 'tcp-no-endpoints'
  | 'forwarded';

/** Where the connection lands on the proxy (spec §2.1). */
export interface PortResolution {
  requested: number;
  listenerPort: number;
  /**
   * `service-port`: a port of the gateway's Service, mapped to its targetPort; `pod-port`: the gateway
   * pod's own port (kubectl port-forward); `destination-port`: a sidecar's outbound port, as dialled.
   */
  via: 'service-port' | 'pod-port' | 'destination-port';
  service?: string;
}

export type StageName = 'port' | 'listener' | 'filterChain' | 'routeConfig' | 'virtualHost' | 'route' | 'action' | 'cluster';

export interface TraceStep {
  stage: StageName;
  ok: boolean;
  /** One short line for people. */
  detail: string;
}

export interface ClusterWeight {
  name: string;
  weight: number;
}

/** Header changes of a route (or of one weighted destination), in the order Envoy applies them. */
export interface HeaderChanges {
  /** Replaced or added (appendAction OVERWRITE_IF_EXISTS_OR_ADD). */
  set: { name: string; value: string }[];
  /** Appended (APPEND_IF_EXISTS_OR_ADD). */
  add: { name: string; value: string }[];
  remove: string[];
}

/** What the upstream connection speaks: the cluster's TLS origination. */
export interface UpstreamTlsSummary {
  /** `NONE`: plaintext. */
  mode: 'NONE' | 'SIMPLE' | 'MUTUAL' | 'ISTIO_MUTUAL';
  /** `destination-rule`: its trafficPolicy.tls; `auto-mtls`: Istio mTLS to endpoints that have a sidecar, plaintext to the others; null when plaintext. */
  source: 'destination-rule' | 'auto-mtls' | null;
  sni: string | null;
  subjectAltNames: string[];
  credentialName: string | null;
  caCertificates: string | null;
  insecureSkipVerify: boolean;
  /** `namespace/name` of the DestinationRule behind the cluster, if any. */
  destinationRule: string | null;
  /** Why a DestinationRule TLS setting is not applied, when it is not. */
  ignored: string | null;
}

/** One cluster the route sends to, with what differs per destination. */
export interface DestinationSummary {
  cluster: string;
  weight: number;
  /** Host/:authority the upstream receives (the route's, or this destination's rewrite). */
  authority: string;
  requestHeaders: HeaderChanges;
  responseHeaders: HeaderChanges;
  /** null when the cluster does not exist or is assumed (its TLS is unknown). */
  tls: UpstreamTlsSummary | null;
}

export interface RetrySummary {
  /** numRetries: attempts after the first one. */
  attempts: number;
  retryOn: string[];
  retriableStatusCodes: number[];
  perTryTimeout: string | null;
  /** retryRemoteLocalities (previous_priorities). */
  retryRemoteLocalities: boolean;
  /** Retries avoid hosts already tried (previous_hosts). */
  previousHosts: boolean;
  backoff: string | null;
}

export interface FaultSummary {
  delay: { fixedDelay: string; percent: number; percentDefaulted: boolean } | null;
  /** A gRPC abort is a local reply with HTTP 200 and the grpc-status header. */
  abort: { httpStatus: number | null; grpcStatus: number | null; percent: number; percentDefaulted: boolean } | null;
}

export interface CorsSummary {
  /** The allowed origins, as matchers (`exact https://a.com`, `prefix https://`, `regex .*`). */
  allowOrigins: string[];
  allowMethods: string[];
  allowHeaders: string[];
  exposeHeaders: string[];
  maxAge: string | null;
  allowCredentials: boolean | null;
  /** Preflights whose origin is not allowed: forwarded upstream (Istio's default) or not. */
  unmatchedPreflights: 'forward' | 'ignore';
  /** For a preflight request (OPTIONS with Origin and Access-Control-Request-Method): who answers it. */
  preflight: 'answered-by-proxy' | 'forwarded' | null;
}

/** What the matched route does (docs/explain-json.md `action`). */
export interface ExplainAction {
  type: 'forward' | 'redirect' | 'direct-response' | 'fault-abort' | 'cors-preflight' | 'tcp-proxy' | 'none';
  /** The request as the proxy sends it upstream, after the route's rewrites; null when nothing is forwarded over HTTP. */
  upstream: { method: string; authority: string; path: string; query: string; rewrites: string[] } | null;
  redirect: { status: number; location: string } | null;
  directResponse: { status: number; body: string | null } | null;
  /** The route timeout as Envoy has it; "0s" means none (Istio turns Envoy's 15s default off). null when not forwarding. */
  timeout: string | null;
  /** null: no retries. */
  retries: RetrySummary | null;
  fault: FaultSummary | null;
  mirrors: { cluster: string; percent: number }[];
  requestHeaders: HeaderChanges;
  responseHeaders: HeaderChanges;
  cors: CorsSummary | null;
  destinations: DestinationSummary[];
}

/** Something gwctl took to exist, or to be true, that the inputs do not show. */
export interface Assumption {
  /** `host`: a destination host; `endpoints`: the workloads behind a cluster; `gateway`: a gateway workload and Service. */
  subject: 'host' | 'endpoints' | 'gateway';
  /** What was assumed, and what happens if it is false. */
  detail: string;
  /** The host, cluster or workload it is about. */
  name: string;
}

/** Why the request fails (or a warning): a catalogue finding plus a concrete fix, rendered by src/report. */
export interface Cause {
  finding: Finding;
  fix: Text;
}

/** A weighted destination whose share of the requests fails while the rest are forwarded. */
export interface FailingShare {
  cluster: string;
  weight: number;
  /** Its share of the requests, in percent of the route's total weight. */
  percent: number;
  /** `no-endpoints`: the cluster exists but no workload in the inputs backs it; `cluster-missing`: the cluster does not exist. */
  reason: 'no-endpoints' | 'cluster-missing';
  /** What those requests get: 503 (UH), or the route's cluster_not_found_response_code (NC); null for a TCP proxy (the connection is closed). */
  status: number | null;
  /** Envoy's response flag: UH (no healthy upstream) or NC (no cluster). */
  flag: 'UH' | 'NC';
}

export interface ExplainResult {
  request: { scheme: Scheme; host: string; port: number; path: string; query: string; method: string; headers: Record<string, string>; sni: string | null };
  proxy: { workload: string; mode: 'gateway' | 'sidecar'; assumed: boolean };
  port: PortResolution | null;
  listener: string | null;
  filterChain: string | null;
  routeConfig: string | null;
  virtualHost: string | null;
  /** Name of the matched Envoy route, when it has one. */
  route: string | null;
  /** `ns/name` of the VirtualService whose rule matched (null when the rule is a Gateway API route's). */
  virtualService: string | null;
  /** `ns/name` of the HTTPRoute or GRPCRoute whose rule matched, else null. */
  httpRoute: string | null;
  /** Index of the rule in spec.http (and of the match), when a VirtualService rule matched; in spec.rules (and its matches) for a Gateway API route. */
  rule: { http: number; match: number | null } | null;
  /** When the rule is a `delegate`: the delegate VirtualService and its rule that matched (Istio merges them). */
  delegate: { virtualService: string; rule: { http: number; match: number | null } } | null;
  clusters: ClusterWeight[];
  /** The clusters the matched route names, whether or not they exist (clusters is [] on a 503). */
  routeClusters: ClusterWeight[];
  /** When forwarded: the destinations whose share fails (no endpoint, or no cluster), so the request succeeds only for the rest. */
  failing: FailingShare[];
  /** The stage that decided the outcome (see docs/explain-json.md). */
  stop: StopReason;
  /** What Envoy answers itself; null when forwarded or when no HTTP exchange happens. */
  status: number | null;
  outcome: Outcome;
  /** Redirect target for 3xx answers. */
  location: string | null;
  /** The gRPC status of a gRPC local reply (a fault abort with grpcStatus: HTTP 200 + grpc-status). */
  grpcStatus: number | null;
  /** What the matched route does; null when no route matched. */
  action: ExplainAction | null;
  /** What gwctl assumed beyond the inputs to reach this answer. */
  assumptions: Assumption[];
  trace: TraceStep[];
  causes: Cause[];
}
