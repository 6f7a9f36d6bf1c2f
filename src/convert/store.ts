// The config store: the user's resources plus every overlay's, read through one ConfigIndex. Derive
// and explain take a ConfigStore, not a bare index, so that forgetting the overlays is a type error.
import type { Finding } from '../diagnostics/finding.js';
import type { ConfigIndex } from '../model/configIndex.js';
import { CLUSTER_SCOPED, type Kind, type Resource, type ResourceOf } from '../model/resource.js';
import type { Derived, Overlay } from './overlay.js';

/** What istiod's config store would hold: the inputs and the resources the overlays derive from them. */
export interface ConfigStore extends ConfigIndex {
  /** The overlays that ran, in order (whether or not they added anything). */
  readonly overlays: readonly Overlay[];
}

const keyOf = (kind: string, namespace: string, name: string): string => `${kind}\u0000${CLUSTER_SCOPED.has(kind) ? '' : namespace}\u0000${name}`;

export function applyOverlays(inputs: ConfigIndex, overlays: readonly Overlay[]): { store: ConfigStore; findings: Finding[] } {
  const derived: Derived[] = [];
  const findings: Finding[] = [];
  for (const o of overlays) {
    const r = o.convert(inputs);
    for (const d of r.resources) derived.push(d);
    for (const f of r.findings) findings.push(f);
  }
  if (derived.length === 0) return { store: { ...storeOf(inputs), overlays }, findings };
  const byKind = new Map<Kind, Resource[]>();
  // A user's resource wins over a derived one with the same name (the config store lists CRDs first).
  const own = new Map<string, Resource>();
  for (const r of derived) {
    const list = byKind.get(r.kind) ?? [...inputs.ofKind(r.kind)];
    list.push(r);
    byKind.set(r.kind, list);
    own.set(keyOf(r.kind, r.namespace, r.name), r);
  }
  let namespaces: string[] | undefined;
  const store: ConfigStore = {
    options: inputs.options,
    all: [...inputs.all, ...derived],
    ofKind: <K extends Kind>(kind: K) => (byKind.get(kind) ?? inputs.ofKind(kind)) as readonly ResourceOf<K>[],
    get: <K extends Kind>(kind: K, namespace: string, name: string) =>
      inputs.get(kind, namespace, name) ?? (own.get(keyOf(kind, namespace, name)) as ResourceOf<K> | undefined),
    namespaces: () => [...(namespaces ??= [...new Set([...inputs.namespaces(), ...derived.filter((r) => !CLUSTER_SCOPED.has(r.kind)).map((r) => r.namespace)])].sort())],
    overlays,
  };
  return { store, findings };
}

/** The index's own methods, bound: an index is an interface, and spreading a class instance would drop them. */
function storeOf(index: ConfigIndex): ConfigIndex {
  return {
    options: index.options,
    all: index.all,
    ofKind: (kind) => index.ofKind(kind),
    get: (kind, namespace, name) => index.get(kind, namespace, name),
    namespaces: () => index.namespaces(),
  };
}
