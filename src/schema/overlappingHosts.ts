// Istio rejects a VirtualService whose hosts overlap (`Name.Matches` on every pair i < j). Istio does
// it with a double loop; on untrusted input (100,000 hosts) that is 5·10⁹ comparisons, so the same
// pairs are found here through indexes, in the order the double loop would report them per host j.
import { hostMatches, isWildcard } from './hostNames.js';

export interface OverlapPairs {
  /** [i, j] with i < j, ordered by j then i. */
  pairs: [number, number][];
  /** More pairs exist than `limit`. */
  truncated: boolean;
}

/** A VirtualService's few hosts are compared pairwise (Istio's double loop); indexes pay from here. */
const PAIRWISE_MAX = 8;

/** The pairs (i < j) of hosts that `hostMatches`, at most `limit` of them. */
export function overlappingHostPairs(hosts: readonly string[], limit: number): OverlapPairs {
  if (hosts.length <= PAIRWISE_MAX) return pairwise(hosts, limit);
  return indexedPairs(hosts, limit);
}

/** Istio's double loop, in the order it reports pairs (by j, then i). */
export function pairwise(hosts: readonly string[], limit: number): OverlapPairs {
  const pairs: [number, number][] = [];
  for (let j = 1; j < hosts.length; j++) {
    for (let i = 0; i < j; i++) {
      if (!hostMatches(hosts[i] ?? '', hosts[j] ?? '')) continue;
      if (pairs.length === limit) return { pairs, truncated: true };
      pairs.push([i, j]);
    }
  }
  return { pairs, truncated: false };
}

/** The same pairs through indexes: linear in the hosts and the pairs found. */
export function indexedPairs(hosts: readonly string[], limit: number): OverlapPairs {
  // A wildcard `*x` covers every name ending with x; its "key" is x. An exact name's key is itself.
  const keyOf = (h: string): string => (isWildcard(h) ? h.slice(1) : h);
  const exact = new Map<string, number[]>();
  const wildcardsBySuffix = new Map<string, number[]>();
  const suffixLengths = new Set<number>();
  hosts.forEach((h, i) => {
    if (isWildcard(h)) {
      push(wildcardsBySuffix, keyOf(h), i);
      suffixLengths.add(h.length - 1);
    } else push(exact, h, i);
  });
  const lengths = [...suffixLengths].sort((a, b) => a - b);
  // Every host under each of its suffixes that some wildcard has: who a wildcard covers.
  const bySuffix = new Map<string, number[]>();
  hosts.forEach((h, i) => {
    const key = keyOf(h);
    for (const n of lengths) {
      if (n > key.length) break;
      push(bySuffix, key.slice(key.length - n), i);
    }
  });

  const pairs: [number, number][] = [];
  for (let j = 0; j < hosts.length; j++) {
    const h = hosts[j] ?? '';
    const key = keyOf(h);
    const earlier = new Set<number>();
    // Same exact name.
    if (!isWildcard(h)) addBefore(earlier, exact.get(h), j);
    // Earlier wildcards whose suffix ends this host's key (they cover it, or are wider wildcards).
    for (const n of lengths) {
      if (n > key.length) break;
      addBefore(earlier, wildcardsBySuffix.get(key.slice(key.length - n)), j);
    }
    // This wildcard covers earlier hosts (exact or narrower wildcards) ending with its suffix.
    if (isWildcard(h)) addBefore(earlier, bySuffix.get(key), j);
    for (const i of [...earlier].sort((a, b) => a - b)) {
      if (pairs.length === limit) return { pairs, truncated: true };
      pairs.push([i, j]);
    }
  }
  return { pairs, truncated: false };
}

function push(map: Map<string, number[]>, key: string, i: number): void {
  const list = map.get(key);
  if (list) list.push(i);
  else map.set(key, [i]);
}

/** Indexes in `sorted` (ascending) that are below j. */
function addBefore(out: Set<number>, sorted: readonly number[] | undefined, j: number): void {
  if (!sorted) return;
  for (const i of sorted) {
    if (i >= j) return;
    out.add(i);
  }
}
