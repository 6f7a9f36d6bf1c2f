// The Gateway API kinds gwctl models (the versions the v1.6.0 CRDs serve): schemas in
// gatewayApiSchemas.ts, the CRDs' CEL rules in gatewayApiValidation.ts, the defaults in
// gatewayApiDefaults.ts. The Gateway API Gateway is the internal kind 'KubernetesGateway' so that it
// can never be taken for an Istio Gateway; findings still print `Gateway`.
import { defineKind } from '../common.js';
import {
  GATEWAY_API_GROUP,
  gatewayClassSpec,
  grpcRouteSpec,
  httpRouteSpec,
  kubernetesGatewaySpec,
  listenerSetSpec,
  referenceGrantSpec,
  tcpRouteSpec,
  tlsRouteSpec,
} from './gatewayApiSchemas.js';
import {
  validateGateway,
  validateGatewayClass,
  validateGrpcRoute,
  validateHttpRoute,
  validateListenerSet,
  validateTcpRoute,
  validateTlsRoute,
} from './gatewayApiValidation.js';

export * from './gatewayApiSchemas.js';

export const kubernetesGatewayKind = defineKind({
  kind: 'KubernetesGateway',
  documentKind: 'Gateway',
  group: GATEWAY_API_GROUP,
  versions: ['v1', 'v1beta1'],
  spec: kubernetesGatewaySpec,
  strict: true,
  semantic: validateGateway,
});
export const gatewayClassKind = defineKind({
  kind: 'GatewayClass',
  clusterScoped: true,
  group: GATEWAY_API_GROUP,
  versions: ['v1', 'v1beta1'],
  spec: gatewayClassSpec,
  strict: true,
  semantic: validateGatewayClass,
});
export const httpRouteKind = defineKind({
  kind: 'HTTPRoute',
  group: GATEWAY_API_GROUP,
  versions: ['v1', 'v1beta1'],
  spec: httpRouteSpec,
  strict: true,
  semantic: validateHttpRoute,
});
export const grpcRouteKind = defineKind({ kind: 'GRPCRoute', group: GATEWAY_API_GROUP, versions: ['v1'], spec: grpcRouteSpec, strict: true, semantic: validateGrpcRoute });
export const tcpRouteKind = defineKind({ kind: 'TCPRoute', group: GATEWAY_API_GROUP, versions: ['v1', 'v1alpha2'], spec: tcpRouteSpec, strict: true, semantic: validateTcpRoute });
export const tlsRouteKind = defineKind({
  kind: 'TLSRoute',
  group: GATEWAY_API_GROUP,
  versions: ['v1', 'v1alpha3', 'v1alpha2'],
  spec: tlsRouteSpec,
  strict: true,
  semantic: validateTlsRoute,
});
export const listenerSetKind = defineKind({
  kind: 'ListenerSet',
  group: GATEWAY_API_GROUP,
  versions: ['v1'],
  spec: listenerSetSpec,
  strict: true,
  semantic: validateListenerSet,
});
export const referenceGrantKind = defineKind({ kind: 'ReferenceGrant', group: GATEWAY_API_GROUP, versions: ['v1', 'v1beta1'], spec: referenceGrantSpec, strict: true });
