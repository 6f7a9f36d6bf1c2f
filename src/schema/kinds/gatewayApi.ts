// The Gateway API kinds gwctl models (the versions the v1.6.0 CRDs serve): schemas in
// gatewayApiSchemas.ts, the CRDs' CEL rules in gatewayApiValidation.ts, the defaults in
// gatewayApiDefaults.ts. The Gateway API Gateway is the internal kind 'KubernetesGateway' so that it
// can never be taken for an Istio Gateway; findings still print `Gateway`.
import { defineKind } from '../common.js';
import { GATEWAY_API_GROUP, gatewayApiSchemas } from './gatewayApiSchemas.js';
import {
  validateGateway,
  validateGatewayClass,
  validateGrpcRoute,
  validateHttpRoute,
  validateListenerSet,
  validateTcpRoute,
  validateTlsRoute,
} from './gatewayApiValidation.js';

// The schemas are built when a document of one of these kinds is first validated (gatewayApiSchemas.ts).
export * from './gatewayApiSchemas.js';

export const kubernetesGatewayKind = defineKind({
  kind: 'KubernetesGateway',
  documentKind: 'Gateway',
  group: GATEWAY_API_GROUP,
  versions: ['v1', 'v1beta1'],
  get spec() {
    return gatewayApiSchemas().kubernetesGatewaySpec;
  },
  strict: true,
  semantic: validateGateway,
});
export const gatewayClassKind = defineKind({
  kind: 'GatewayClass',
  clusterScoped: true,
  group: GATEWAY_API_GROUP,
  versions: ['v1', 'v1beta1'],
  get spec() {
    return gatewayApiSchemas().gatewayClassSpec;
  },
  strict: true,
  semantic: validateGatewayClass,
});
export const httpRouteKind = defineKind({
  kind: 'HTTPRoute',
  group: GATEWAY_API_GROUP,
  versions: ['v1', 'v1beta1'],
  get spec() {
    return gatewayApiSchemas().httpRouteSpec;
  },
  strict: true,
  semantic: validateHttpRoute,
});
export const grpcRouteKind = defineKind({ kind: 'GRPCRoute', group: GATEWAY_API_GROUP, versions: ['v1'], get spec() {
    return gatewayApiSchemas().grpcRouteSpec;
  }, strict: true, semantic: validateGrpcRoute });
export const tcpRouteKind = defineKind({ kind: 'TCPRoute', group: GATEWAY_API_GROUP, versions: ['v1', 'v1alpha2'], get spec() {
    return gatewayApiSchemas().tcpRouteSpec;
  }, strict: true, semantic: validateTcpRoute });
export const tlsRouteKind = defineKind({
  kind: 'TLSRoute',
  group: GATEWAY_API_GROUP,
  versions: ['v1', 'v1alpha3', 'v1alpha2'],
  get spec() {
    return gatewayApiSchemas().tlsRouteSpec;
  },
  strict: true,
  semantic: validateTlsRoute,
});
export const listenerSetKind = defineKind({
  kind: 'ListenerSet',
  group: GATEWAY_API_GROUP,
  versions: ['v1'],
  get spec() {
    return gatewayApiSchemas().listenerSetSpec;
  },
  strict: true,
  semantic: validateListenerSet,
});
export const referenceGrantKind = defineKind({ kind: 'ReferenceGrant', group: GATEWAY_API_GROUP, versions: ['v1', 'v1beta1'], get spec() {
    return gatewayApiSchemas().referenceGrantSpec;
  }, strict: true });
