// Typed resources: what leaves the schemas. Everything downstream reads these, never raw YAML.
import type { Path } from '../load/sourceMap.js';
import type { Metadata } from '../schema/common.js';
import type { GatewaySpec } from '../schema/kinds/gateway.js';
import type { VirtualServiceSpec } from '../schema/kinds/virtualService.js';
import type { DestinationRuleSpec } from '../schema/kinds/destinationRule.js';
import type { ServiceEntrySpec } from '../schema/kinds/serviceEntry.js';
import type { SidecarSpec } from '../schema/kinds/sidecar.js';
import type { ServiceSpec } from '../schema/kinds/service.js';
import type { PodSpec, WorkloadSpec } from '../schema/kinds/workload.js';
import type { EndpointSliceSpec } from '../schema/kinds/endpointSlice.js';
import type { SecretSpec } from '../schema/kinds/secret.js';
import type { PolicySpec } from '../schema/kinds/policies.js';
import type {
  GatewayClassSpec,
  GrpcRouteSpec,
  HttpRouteSpec,
  KubernetesGatewaySpec,
  ListenerSetSpec,
  ReferenceGrantSpec,
  TcpRouteSpec,
  TlsRouteSpec,
} from '../schema/kinds/gatewayApi.js';
import type { ConfigMapSpec } from '../schema/kinds/configMap.js';
import type { IngressClassSpec, IngressSpec } from '../schema/kinds/ingress.js';
import type { ResourceRef } from '../diagnostics/ref.js';

/** Where a resource came from: file, document index, and its path inside the document. */
export interface Origin {
  file: string;
  doc: number;
  base: Path;
}

interface Base<K extends string, S> {
  kind: K;
  apiVersion: string;
  name: string;
  /** metadata.namespace, or the default namespace when the document has none. */
  namespace: string;
  metadata: Metadata;
  spec: S;
  origin: Origin;
  /** The webhook would reject it (IST0106): istiod never sees it. */
  rejected: boolean;
  /** Raw `status`, kept for the analyzers that read it. */
  status?: unknown;
  /**
   * Set on resources an overlay (src/convert) derives from another object, as istiod does (a Gateway
   * from an Ingress, a VirtualService from an HTTPRoute): the object the user wrote, so that tables
   * and findings can name it. `origin` then points into that object's document.
   */
  derivedFrom?: ResourceRef;
}

export type Gateway = Base<'Gateway', GatewaySpec>;
export type VirtualService = Base<'VirtualService', VirtualServiceSpec>;
export type DestinationRule = Base<'DestinationRule', DestinationRuleSpec>;
export type ServiceEntry = Base<'ServiceEntry', ServiceEntrySpec>;
export type Sidecar = Base<'Sidecar', SidecarSpec>;
export type Service = Base<'Service', ServiceSpec>;
export type Pod = Base<'Pod', PodSpec>;
export type Deployment = Base<'Deployment', WorkloadSpec>;
export type StatefulSet = Base<'StatefulSet', WorkloadSpec>;
export type DaemonSet = Base<'DaemonSet', WorkloadSpec>;
export type Namespace = Base<'Namespace', Record<string, unknown>>;
export type EndpointSlice = Base<'EndpointSlice', EndpointSliceSpec>;
export type Secret = Base<'Secret', SecretSpec>;
export type Node = Base<'Node', Record<string, unknown>>;
export type CustomResourceDefinition = Base<'CustomResourceDefinition', Record<string, unknown>>;
export type WorkloadEntry = Base<'WorkloadEntry', Record<string, unknown>>;
export type AuthorizationPolicy = Base<'AuthorizationPolicy', PolicySpec>;
export type RequestAuthentication = Base<'RequestAuthentication', PolicySpec>;
export type Telemetry = Base<'Telemetry', PolicySpec>;
export type WasmPlugin = Base<'WasmPlugin', PolicySpec>;
/** A Gateway API (gateway.networking.k8s.io) Gateway: never an Istio Gateway; printed as `Gateway`. */
export type KubernetesGateway = Base<'KubernetesGateway', KubernetesGatewaySpec>;
export type GatewayClass = Base<'GatewayClass', GatewayClassSpec>;
export type HTTPRoute = Base<'HTTPRoute', HttpRouteSpec>;
export type GRPCRoute = Base<'GRPCRoute', GrpcRouteSpec>;
export type TCPRoute = Base<'TCPRoute', TcpRouteSpec>;
export type TLSRoute = Base<'TLSRoute', TlsRouteSpec>;
export type ListenerSet = Base<'ListenerSet', ListenerSetSpec>;
export type ReferenceGrant = Base<'ReferenceGrant', ReferenceGrantSpec>;
export type ConfigMap = Base<'ConfigMap', ConfigMapSpec>;
export type Ingress = Base<'Ingress', IngressSpec>;
export type IngressClass = Base<'IngressClass', IngressClassSpec>;

export type Resource =
  | Gateway
  | VirtualService
  | DestinationRule
  | ServiceEntry
  | Sidecar
  | Service
  | Pod
  | Deployment
  | StatefulSet
  | DaemonSet
  | Namespace
  | EndpointSlice
  | Secret
  | Node
  | CustomResourceDefinition
  | WorkloadEntry
  | AuthorizationPolicy
  | RequestAuthentication
  | Telemetry
  | WasmPlugin
  | KubernetesGateway
  | GatewayClass
  | HTTPRoute
  | GRPCRoute
  | TCPRoute
  | TLSRoute
  | ListenerSet
  | ReferenceGrant
  | ConfigMap
  | Ingress
  | IngressClass;

export type Kind = Resource['kind'];
export type ResourceOf<K extends Kind> = Extract<Resource, { kind: K }>;

export const CLUSTER_SCOPED: ReadonlySet<string> = new Set(['Namespace', 'Node', 'CustomResourceDefinition', 'GatewayClass', 'IngressClass']);

/** Internal kind names that print differently: findings name the kind as istioctl does. */
const DISPLAY_KIND: Readonly<Record<string, string>> = { KubernetesGateway: 'Gateway' };

export const displayKind = (kind: string): string => DISPLAY_KIND[kind] ?? kind;

export function refOf(r: Resource): ResourceRef {
  return { kind: displayKind(r.kind), namespace: CLUSTER_SCOPED.has(r.kind) ? '' : r.namespace, name: r.name };
}
