// The one list of kinds gwctl models. The schema registry (lookup by apiVersion and kind), the typed
// `Resource` union (src/schema/resource.ts), cluster scope, display names and the analyzers' input
// kinds all derive from it: adding a kind is adding its definition here (the order is the order
// documents of one `kind:` are tried in, Istio's Gateway before Gateway API's).
import { customResourceDefinitionKind } from './customResourceDefinition.js';
import { destinationRuleKind } from './destinationRule.js';
import { endpointSliceKind } from './endpointSlice.js';
import { gatewayKind } from './gateway.js';
import { configMapKind } from './configMap.js';
import {
  gatewayClassKind,
  grpcRouteKind,
  httpRouteKind,
  kubernetesGatewayKind,
  listenerSetKind,
  referenceGrantKind,
  tcpRouteKind,
  tlsRouteKind,
} from './gatewayApi.js';
import { ingressClassKind, ingressKind } from './ingress.js';
import { namespaceKind } from './namespace.js';
import { nodeKind } from './node.js';
import { authorizationPolicyKind, peerAuthenticationKind, requestAuthenticationKind, telemetryKind, wasmPluginKind } from './policies.js';
import { secretKind } from './secret.js';
import { serviceKind } from './service.js';
import { serviceEntryKind } from './serviceEntry.js';
import { sidecarKind } from './sidecar.js';
import { virtualServiceKind } from './virtualService.js';
import { daemonSetKind, deploymentKind, podKind, statefulSetKind } from './workload.js';
import { workloadEntryKind } from './workloadEntry.js';
import type { KindDef } from '../common.js';

export const KINDS = [
  gatewayKind,
  virtualServiceKind,
  destinationRuleKind,
  serviceEntryKind,
  sidecarKind,
  serviceKind,
  podKind,
  deploymentKind,
  statefulSetKind,
  daemonSetKind,
  namespaceKind,
  endpointSliceKind,
  secretKind,
  nodeKind,
  customResourceDefinitionKind,
  workloadEntryKind,
  authorizationPolicyKind,
  requestAuthenticationKind,
  telemetryKind,
  wasmPluginKind,
  peerAuthenticationKind,
  kubernetesGatewayKind,
  gatewayClassKind,
  httpRouteKind,
  grpcRouteKind,
  tcpRouteKind,
  tlsRouteKind,
  listenerSetKind,
  referenceGrantKind,
  configMapKind,
  ingressKind,
  ingressClassKind,
] as const satisfies readonly KindDef[];

/** The definition of any modelled kind. */
export type AnyKindDef = (typeof KINDS)[number];
