// Typed resources as the model names them. The types themselves derive from the one list of kinds
// (src/schema/kinds/index.ts, via src/schema/resource.ts); the aliases below are conveniences for the
// kinds the code names, not a list to keep in step: `ResourceOf<'X'>` names any kind.
import type { ResourceRef } from '../diagnostics/ref.js';
import { CLUSTER_SCOPED, displayKind, type ResourceOf, type Resource } from '../schema/resource.js';

export type { Kind, Origin, Placed, Resource, ResourceOf, RuleSource } from '../schema/resource.js';
export { CLUSTER_SCOPED, displayKind, isKind, MODELLED_KINDS, WEBHOOK_KINDS } from '../schema/resource.js';

export type Gateway = ResourceOf<'Gateway'>;
export type VirtualService = ResourceOf<'VirtualService'>;
export type DestinationRule = ResourceOf<'DestinationRule'>;
export type ServiceEntry = ResourceOf<'ServiceEntry'>;
export type Sidecar = ResourceOf<'Sidecar'>;
export type Service = ResourceOf<'Service'>;
export type Pod = ResourceOf<'Pod'>;
export type Deployment = ResourceOf<'Deployment'>;
export type StatefulSet = ResourceOf<'StatefulSet'>;
export type DaemonSet = ResourceOf<'DaemonSet'>;
export type Namespace = ResourceOf<'Namespace'>;
export type EndpointSlice = ResourceOf<'EndpointSlice'>;
export type Secret = ResourceOf<'Secret'>;
export type Node = ResourceOf<'Node'>;
export type CustomResourceDefinition = ResourceOf<'CustomResourceDefinition'>;
export type WorkloadEntry = ResourceOf<'WorkloadEntry'>;
export type AuthorizationPolicy = ResourceOf<'AuthorizationPolicy'>;
export type RequestAuthentication = ResourceOf<'RequestAuthentication'>;
export type Telemetry = ResourceOf<'Telemetry'>;
export type WasmPlugin = ResourceOf<'WasmPlugin'>;
export type PeerAuthentication = ResourceOf<'PeerAuthentication'>;
/** A Gateway API (gateway.networking.k8s.io) Gateway: never an Istio Gateway; printed as `Gateway`. */
export type KubernetesGateway = ResourceOf<'KubernetesGateway'>;
export type GatewayClass = ResourceOf<'GatewayClass'>;
export type HTTPRoute = ResourceOf<'HTTPRoute'>;
export type GRPCRoute = ResourceOf<'GRPCRoute'>;
export type TCPRoute = ResourceOf<'TCPRoute'>;
export type TLSRoute = ResourceOf<'TLSRoute'>;
export type ListenerSet = ResourceOf<'ListenerSet'>;
export type ReferenceGrant = ResourceOf<'ReferenceGrant'>;
export type ConfigMap = ResourceOf<'ConfigMap'>;
export type Ingress = ResourceOf<'Ingress'>;
export type IngressClass = ResourceOf<'IngressClass'>;

export function refOf(r: Resource): ResourceRef {
  return { kind: displayKind(r.kind), namespace: CLUSTER_SCOPED.has(r.kind) ? '' : r.namespace, name: r.name };
}
