// The kinds gwctl models, looked up by (group, kind).
import type { KindDef } from './common.js';
import { gatewayKind } from './kinds/gateway.js';
import { virtualServiceKind } from './kinds/virtualService.js';
import { destinationRuleKind } from './kinds/destinationRule.js';
import { serviceEntryKind } from './kinds/serviceEntry.js';
import { sidecarKind } from './kinds/sidecar.js';
import { serviceKind } from './kinds/service.js';
import { podKind, deploymentKind, statefulSetKind, daemonSetKind } from './kinds/workload.js';
import { namespaceKind } from './kinds/namespace.js';
import { endpointSliceKind } from './kinds/endpointSlice.js';
import { secretKind } from './kinds/secret.js';
import { nodeKind } from './kinds/node.js';
import { customResourceDefinitionKind } from './kinds/customResourceDefinition.js';
import { workloadEntryKind } from './kinds/workloadEntry.js';
import { authorizationPolicyKind, requestAuthenticationKind, telemetryKind, wasmPluginKind } from './kinds/policies.js';
import {
  gatewayClassKind,
  grpcRouteKind,
  httpRouteKind,
  kubernetesGatewayKind,
  listenerSetKind,
  referenceGrantKind,
  tcpRouteKind,
  tlsRouteKind,
} from './kinds/gatewayApi.js';
import { configMapKind } from './kinds/configMap.js';
import { ingressClassKind, ingressKind } from './kinds/ingress.js';

export const KINDS: readonly KindDef[] = [
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
] as readonly KindDef[];

/** Keyed by the kind documents carry: `Gateway` has two entries, Istio's and Gateway API's (KubernetesGateway). */
const byKind = new Map<string, KindDef[]>();
for (const k of KINDS) {
  const documentKind = k.documentKind ?? k.kind;
  byKind.set(documentKind, [...(byKind.get(documentKind) ?? []), k]);
}

/** Other APIs that reuse our kind names (the old service-apis, extensions/v1beta1 Ingress) are simply not ours. */
const FOREIGN_GROUPS = new Set(['networking.x-k8s.io', 'extensions']);

export type Lookup =
  | { found: KindDef }
  | { wrongVersion: KindDef; expected: string }
  | { notModelled: true };

export function lookupKind(apiVersion: string, kind: string): Lookup {
  const defs = byKind.get(kind);
  if (!defs) return { notModelled: true };
  const slash = apiVersion.indexOf('/');
  const group = slash === -1 ? '' : apiVersion.slice(0, slash);
  const version = slash === -1 ? apiVersion : apiVersion.slice(slash + 1);
  if (FOREIGN_GROUPS.has(group)) return { notModelled: true };
  for (const def of defs) {
    if (def.group === group && def.versions.includes(version)) return { found: def };
  }
  const def = defs.find((d) => d.group === group) ?? defs[0];
  if (!def) return { notModelled: true };
  const expected = def.versions.map((v) => (def.group ? `${def.group}/${v}` : v)).join(', ');
  return { wrongVersion: def, expected };
}
