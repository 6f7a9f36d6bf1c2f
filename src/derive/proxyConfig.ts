// What istiod would push to one proxy, plus why: the provenance of every virtual host and route and
// every near miss with a typed reason. proxy-config prints it, explain walks it, analyze reads it.
import type { Shaped } from '../model/sharedParts.js';
import type { ClusterPolicy } from './cluster/policy.js';
import type { TlsDecision } from './cluster/tls.js';
import type { Cluster, ClusterType, Listener, Route, RouteConfiguration, StreamedRouteConfiguration } from './envoy.js';

export interface ResourceKey {
  namespace: string;
  name: string;
}

/** The workload whose proxy is being derived. */
export interface ProxyWorkload {
  kind: 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'Pod';
  name: string;
  namespace: string;
  /** Pod labels (the Deployment's pod template labels). */
  labels: Record<string, string>;
  mode: 'gateway' | 'sidecar';
  /** Istio's default ingress gateway, assumed because the inputs hold no such workload. */
  assumed: boolean;
  /** Pod IP, which manifests never carry: unset from the CLI, set by harnesses so ServiceEntry endpoints match by address as istiod does. */
  ip?: string;
}

/** A port of a Service in the pod's namespace that selects the pod (spec §2.1). */
export interface ServiceTargetPort {
  service: string;
  port: number;
  /** targetPort resolved to a number (named ports resolved against container ports). */
  targetPort: number;
  name?: string;
  /** The Service/ServiceEntry hostname. */
  hostname?: string;
  /** The Service/ServiceEntry namespace. */
  namespace?: string;
  protocol?: string;
  /** Labelled `experimental.istio.io/disable-gateway-port-translation`: skipped by port translation. */
  portTranslationDisabled?: boolean;
}

/** A Gateway server as merged onto the proxy (spec §4.1). */
export interface MergedServer {
  gateway: ResourceKey;
  serverIndex: number;
  /** The Gateway's port number (80). */
  port: number;
  /** The listener port after translation (8080). */
  listenerPort: number;
  /** How the listener port was chosen ('service-reference': a Gateway bound through internal.istio.io/gateway-service). */
  translation: 'service-target-port' | 'no-service-port' | 'service-reference';
  protocol: string;
  bind: string;
  /** RDS name for HTTP/HTTPS-terminating servers, else undefined. */
  routeName?: string;
  hosts: string[];
}

export type ServerDropReason =
  | { code: 'protocol-conflict'; winner: MergedServer }
  | { code: 'duplicate-tls-host'; host: string; winner: MergedServer }
  | { code: 'duplicate-route-name'; winner: MergedServer }
  | { code: 'no-port' }
  | { code: 'unprivileged-port'; listenerPort: number };

export interface DroppedServer {
  gateway: ResourceKey;
  serverIndex: number;
  reason: ServerDropReason;
}

/** Why a VirtualService (or one of its rules) contributes nothing where a user may expect it. */
export type MissReason =
  /** spec.gateways (normalised) does not name this Gateway. */
  | { code: 'gateway-not-referenced'; gateway: ResourceKey; referenced: string[] }
  /** Bound to the Gateway, but no VS host intersects the server hosts. */
  | { code: 'no-host-intersection'; gateway: ResourceKey; serverIndex: number; vsHosts: string[]; serverHosts: string[] }
  /** A server host's `ns/` prefix excludes the VS namespace. */
  | { code: 'namespace-excluded'; gateway: ResourceKey; serverIndex: number; serverHost: string }
  /** exportTo hides the VS from the gateway pod's namespace. */
  | { code: 'not-visible'; gateway: ResourceKey | 'mesh'; exportTo: string[]; proxyNamespace: string }
  /** Every rule was filtered out at generation time (match.port, match.gateways, sourceLabels...). */
  | { code: 'rules-filtered'; gateway: ResourceKey | 'mesh'; rules: FilteredRule[] }
  /** The webhook would reject the VS. */
  | { code: 'rejected' }
  /** The Gateway it names selects no workload, or not this one. */
  | { code: 'gateway-not-on-proxy'; gateway: ResourceKey }
  /** Sidecar: an earlier VirtualService (or none, when `winner` is absent) already owns this host on the port. */
  | { code: 'duplicate-host'; host: string; winner?: ResourceKey }
  /** Sidecar: no egress `hosts` entry of the Sidecar resource imports any of the VS hosts. */
  | { code: 'not-imported'; sidecar: ResourceKey };

export interface FilteredRule {
  rule: number;
  match?: number;
  why: 'port' | 'gateways' | 'sourceLabels' | 'sourceNamespace' | 'after-catch-all' | 'delegate-missing' | 'delegate-conflict';
  /** e.g. the match.port value and the port being built. */
  detail?: string;
  /** Set when the rule/match came from a delegate VirtualService (rule/match index into the delegate). */
  delegate?: ResourceKey & { rule: number; match?: number };
}

export interface VirtualServiceMiss {
  virtualService: ResourceKey;
  /** The route config it would have contributed to, when known. */
  routeConfig?: string;
  reason: MissReason;
}

/** Where one Envoy route came from. */
export interface RouteOrigin {
  virtualService: ResourceKey;
  /** Index into spec.http of the VS (for delegated routes, of the root VS). */
  rule: number;
  match?: number;
  /** Set when the rule came from a delegate VirtualService. */
  delegate?: ResourceKey & { rule: number; match?: number };
}

export interface VirtualHostOrigin {
  routeConfig: string;
  virtualHost: string;
  servers: { gateway: ResourceKey; serverIndex: number }[];
  virtualServices: ResourceKey[];
}

/** Why a cluster looks the way it does (the service, DestinationRule, merged policy and TLS behind it): explain reads it. */
export interface ClusterInfo {
  name: string;
  host: string;
  port: number;
  subset: string;
  /** Istio's protocol of the service port (HTTP, HTTP2, GRPC, TCP, UnsupportedProtocol...). */
  protocol: string;
  service: { hostname: string; name: string; namespace: string; registry: 'Kubernetes' | 'External'; meshExternal: boolean; assumed: boolean };
  destinationRule?: ResourceKey;
  /** The DestinationRule's traffic policy after port-level and subset merging. */
  policy?: ClusterPolicy;
  tls: TlsDecision;
  type: ClusterType;
}

export interface ProxyNote {
  /** e.g. 'assumed-default-gateway', 'order-by-name'. */
  code: string;
  message: string;
}

export interface ClusterLookup {
  info: ClusterInfo | undefined;
}

/** What `proxy-config cluster`'s table shows of a cluster: its name, type and DestinationRule (the `istio.config` metadata path). */
export interface ClusterSummary {
  name: string;
  type: ClusterType;
  config: string | undefined;
}

export interface ProxyConfig {
  proxy: ProxyWorkload;
  serviceTargets: ServiceTargetPort[];
  /** Dynamic listeners (static 15021/15090 are added by the views). */
  listeners: Listener[];
  /** Dynamic route configurations, sorted by name. */
  routeConfigs: RouteConfiguration[];
  /**
   * `routeConfigs` again, each one's virtual hosts made one at a time as they are read and not kept
   * (nor their routes, nor route origins), where the derivation can: what `proxy-config route -o
   * json` writes (a big gateway's routes need not all be held at once).
   */
  routeConfigsStreamed?(): StreamedRouteConfiguration[];
  clusters: Cluster[];
  /**
   * `clusters` sorted by name, built one at a time as they are read and not kept: what
   * `proxy-config cluster` writes (a big mesh's clusters are more than memory holds at once).
   */
  clustersByName?(): Iterable<Cluster>;
  /** `clustersByName` as JSON writers take them: some written from their shape's template, not built. */
  clusterItemsByName?(): Iterable<Cluster | Shaped<Cluster>>;
  /** What the cluster table shows of each of `clusters`, in no particular order, without building them. */
  clusterSummaries?(): Iterable<ClusterSummary>;
  /** ClusterInfo of the outbound service clusters, by cluster name. */
  clusterInfo: ReadonlyMap<string, ClusterInfo>;
  /**
   * Whether `clusters` has a cluster of this name (undefined: none), with its `clusterInfo`, building
   * only that cluster when the whole list is not built yet (explain reads the few it forwards to).
   */
  clusterNamed?(name: string): ClusterLookup | undefined;
  servers: MergedServer[];
  droppedServers: DroppedServer[];
  /** Gateways that apply to this proxy, in Istio's order. */
  gateways: ResourceKey[];
  misses: VirtualServiceMiss[];
  routeOrigins: Map<Route, RouteOrigin>;
  virtualHostOrigins: VirtualHostOrigin[];
  notes: ProxyNote[];
}
