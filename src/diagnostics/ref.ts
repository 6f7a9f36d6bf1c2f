// Resources named in findings travel as refs (kind, namespace, name) and are printed by these
// functions only: src/report renders every finding, fix and reason with them.

export interface ResourceRef {
  kind: string;
  /** '' for cluster-scoped resources. */
  namespace: string;
  name: string;
}

export type NamedRef = Pick<ResourceRef, 'namespace' | 'name'>;

/** `namespace/name`, istioctl's FullName; just `name` for a cluster-scoped resource. */
export function fullName(r: NamedRef): string {
  return r.namespace ? `${r.namespace}/${r.name}` : r.name;
}

/** `name.namespace`: how istioctl's log output and proxy ids name a resource. */
export function dottedName(r: NamedRef): string {
  return r.namespace ? `${r.name}.${r.namespace}` : r.name;
}

/** `deployment/name.namespace`: a proxy's workload as istioctl names it. */
export function workloadName(r: ResourceRef): string {
  return `${r.kind.toLowerCase()}/${dottedName(r)}`;
}

/** A ref holding only the fields of a ref (resources carry more). */
export function refTo(kind: string, r: NamedRef): ResourceRef {
  return { kind, namespace: r.namespace, name: r.name };
}

/** Orders refs as their `namespace/name` strings sort (code units, like Array#sort). */
export function byFullName(a: NamedRef, b: NamedRef): number {
  const x = fullName(a);
  const y = fullName(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Refs without repeats (same `namespace/name`), first one kept. */
export function distinctRefs<R extends NamedRef>(refs: readonly R[]): R[] {
  const seen = new Set<string>();
  return refs.filter((r) => !seen.has(fullName(r)) && Boolean(seen.add(fullName(r))));
}
