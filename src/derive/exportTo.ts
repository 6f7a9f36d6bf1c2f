// exportTo sets shared by every resource exported alike: a big mesh's services, rules and
// VirtualServices nearly all export to `*` (or to their own namespace), and a Set per resource was a
// tenth of what a sidecar's derivation keeps. The sets are read only (ExportTo is a ReadonlySet).
import { effectiveExportTo, EXPORT_PRIVATE, type ExportTo } from '../model/hosts.js';

/** Distinct exportTo lists remembered; past this (a mesh of thousands of distinct lists) each gets its own set. */
const MAX_SHARED = 4096;

const shared = new Map<string, ExportTo>();

/** `effectiveExportTo(exportTo, ownNamespace, meshDefault)`, the same set for the same effective list. */
export function sharedExportTo(exportTo: readonly string[] | undefined, ownNamespace: string, meshDefault?: readonly string[]): ExportTo {
  const src = exportTo !== undefined && exportTo.length > 0 ? exportTo : meshDefault;
  // One entry, no `.`: the usual `*` (or one namespace) needs no joined key.
  const only = src?.length === 1 ? (src[0] as string) : undefined;
  const key = src === undefined ? '*' : only !== undefined && only !== EXPORT_PRIVATE && !only.includes('\n') ? only : keyOf(src, ownNamespace);
  const hit = shared.get(key);
  if (hit !== undefined) return hit;
  const made = effectiveExportTo(exportTo, ownNamespace, meshDefault);
  if (shared.size < MAX_SHARED) shared.set(key, made);
  return made;
}

/**
 * The effective entries (`.` as the namespace) as JSON after a line feed: JSON text holds no raw line
 * feed, and a one-entry key is used only when it holds none, so two keys are equal only for equal lists.
 */
function keyOf(src: readonly string[], ownNamespace: string): string {
  return `\n${JSON.stringify(src.map((e) => (e === EXPORT_PRIVATE ? ownNamespace : e)))}`;
}
