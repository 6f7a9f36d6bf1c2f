// Istio's config order (configCompareByCreationTime): oldest first, then name, then namespace.
import type { Resource } from './resource.js';

export function creationTime(r: Resource): number {
  const t = r.metadata.creationTimestamp;
  if (t === undefined) return 0;
  const ms = t instanceof Date ? t.getTime() : Date.parse(t);
  return Number.isNaN(ms) ? 0 : ms;
}

export function configOrder(a: Resource, b: Resource): number {
  const ta = creationTime(a);
  const tb = creationTime(b);
  if (ta !== tb) return ta - tb;
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  if (a.namespace !== b.namespace) return a.namespace < b.namespace ? -1 : 1;
  return 0;
}

/** Whether the order between two configs was decided by timestamps the manifests carry. */
export function orderedByTimestamp(a: Resource, b: Resource): boolean {
  return creationTime(a) !== creationTime(b);
}
