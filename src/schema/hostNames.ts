// Istio's host.Name primitives (pkg/config/host, istio 86c9f01fd735): wildcard, match, subset. The
// webhook checks need them, so they sit with the schemas; src/model/hosts.ts exports them with the
// rest of Istio's host semantics, and that is where code above the schemas imports them from.

/** Istio treats a host as wildcarded iff its first character is `*` (so `*foo.com` is a wildcard too). */
export function isWildcard(h: string): boolean {
  return h.startsWith('*');
}

/** Istio `Name.Matches`: symmetric overlap. Case-sensitive, like Istio (spec 3.1). */
export function hostMatches(a: string, b: string): boolean {
  const aw = isWildcard(a);
  const bw = isWildcard(b);
  if (aw && bw) {
    // The longer wildcard must end with the shorter one's suffix.
    return a.length < b.length ? b.slice(1).endsWith(a.slice(1)) : a.slice(1).endsWith(b.slice(1));
  }
  if (aw) return b.endsWith(a.slice(1));
  if (bw) return a.endsWith(b.slice(1));
  return a === b;
}

/** Istio `Name.SubsetOf`: `a` is covered by `b`. A wildcard is never covered by an exact name. */
export function hostSubsetOf(a: string, b: string): boolean {
  const aw = isWildcard(a);
  const bw = isWildcard(b);
  if (aw && bw) return a.length >= b.length && a.slice(1).endsWith(b.slice(1));
  if (aw) return false;
  if (bw) return a.endsWith(b.slice(1));
  return a === b;
}
