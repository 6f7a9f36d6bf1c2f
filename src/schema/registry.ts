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
] as readonly KindDef[];

const byKind = new Map<string, KindDef[]>();
for (const k of KINDS) byKind.set(k.kind, [...(byKind.get(k.kind) ?? []), k]);

/** Other APIs that reuse our kind names (Gateway API's Gateway) are simply not ours. */
const FOREIGN_GROUPS = new Set(['gateway.networking.k8s.io', 'networking.x-k8s.io', 'extensions', 'networking.k8s.io']);

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
