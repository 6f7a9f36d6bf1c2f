// exportTo sets shared by every resource exported alike: a big mesh's services, rules and
// VirtualServices nearly all export to `*` (or to their own namespace), and a Set per resource was a
// tenth of what a sidecar's derivation keeps. The sets are read only (ReadonlySet).
import { effectiveExportTo, EXPORT_PRIVATE, type ExportTo } from './hosts.js';

/** Distinct exportTo lists remembered; past this (a mesh of thousands of distinct lists) each gets its own set. */
const MAX_SHARED = 4096;

const shared = new Map<string, ExportTo>();
const asWritten = new Map<string, ReadonlySet<string>>();

/** The cached value for `key`, made and remembered (up to MAX_SHARED keys) on a miss. */
function remember<V>(cache: Map<string, V>, key: string, make: () => V): V {
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const made = make();
  if (cache.size < MAX_SHARED) cache.set(key, made);
  return made;
}

/**
 * The entries of `list` as written, the same set for the same list: a DestinationRule's exportTo keeps
 * `.` (read as its own namespace where it is looked up).
 */
export function sharedListSet(list: readonly string[]): ReadonlySet<string> {
  // JSON text holds no raw line feed: a one-entry key without one never equals a list's key.
  const only = list.length === 1 ? (list[0] as string) : undefined;
  const key = only !== undefined && !only.includes('\n') ? only : `\n${JSON.stringify(list)}`;
  return remember(asWritten, key, () => new Set(list));
}

/** `effectiveExportTo(exportTo, ownNamespace, meshDefault)`, the same set for the same effective list. */
export function sharedExportTo(exportTo: readonly string[] | undefined, ownNamespace: string, meshDefault?: readonly string[]): ExportTo {
  const src = exportTo !== undefined && exportTo.length > 0 ? exportTo : meshDefault;
  // One entry, no `.`: the usual `*` (or one namespace) needs no joined key.
  const only = src?.length === 1 ? (src[0] as string) : undefined;
  const key = src === undefined ? '*' : only !== undefined && only !== EXPORT_PRIVATE && !only.includes('\n') ? only : keyOf(src, ownNamespace);
  return remember(shared, key, () => effectiveExportTo(exportTo, ownNamespace, meshDefault));
}

/**
 * The effective entries (`.` as the namespace) as JSON after a line feed: JSON text holds no raw line
 * feed, and a one-entry key is used only when it holds none, so two keys are equal only for equal lists.
 */
function keyOf(src: readonly string[], ownNamespace: string): string {
  return `\n${JSON.stringify(src.map((e) => (e === EXPORT_PRIVATE ? ownNamespace : e)))}`;
}
