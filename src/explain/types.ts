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

export type Outcome = 'forwarded' | 'local-reply' | 'connection-refused' | 'tls-failure';

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

/** Why the request fails (or a warning): a catalogue finding plus a concrete fix, rendered by src/report. */
export interface Cause {
  finding: Finding;
  fix: Text;
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
  /** The stage that decided the outcome (see docs/explain-json.md). */
  stop: StopReason;
  /** What Envoy answers itself; null when forwarded or when no HTTP exchange happens. */
  status: number | null;
  outcome: Outcome;
  /** Redirect target for 3xx answers. */
  location: string | null;
  trace: TraceStep[];
  causes: Cause[];
}
