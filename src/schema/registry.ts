// The kinds gwctl models, looked up by (group, kind).
import type { KindDef } from './common.js';
import { KINDS } from './kinds/index.js';

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
