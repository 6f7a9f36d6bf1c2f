// Host-keyed lookup with Istio's symmetric wildcard matching, indexed so that a wildcard query does
// not scan every entry: exact names are indexed by each of their dot-suffixes.
import { hostMatches, isWildcard } from '../../model/hosts.js';

export class HostLookup<T> {
  private readonly byHost = new Map<string, T>();
  private readonly bySuffix = new Map<string, string[]>();
  private readonly wildcardHosts: string[] = [];
  private readonly ordinal = new Map<string, number>();

  add(host: string, value: T): void {
    if (this.byHost.has(host)) return;
    this.byHost.set(host, value);
    this.ordinal.set(host, this.ordinal.size);
    if (isWildcard(host)) {
      this.wildcardHosts.push(host);
      return;
    }
    for (let i = host.indexOf('.'); i >= 0; i = host.indexOf('.', i + 1)) {
      const suffix = host.slice(i);
      const list = this.bySuffix.get(suffix);
      if (list) list.push(host);
      else this.bySuffix.set(suffix, [host]);
    }
  }

  exact(host: string): T | undefined {
    return this.byHost.get(host);
  }

  values(): IterableIterator<T> {
    return this.byHost.values();
  }

  /** Entries whose host overlaps the wildcard `query` (Istio `Matches`), in insertion order. */
  matching(query: string): T[] {
    const suffix = query.slice(1);
    let candidates: Iterable<string>;
    if (suffix.startsWith('.')) candidates = [...(this.bySuffix.get(suffix) ?? []), ...this.wildcardHosts];
    else candidates = this.byHost.keys(); // `*` or `*foo.com`: no dot boundary to index on
    const hits = new Set<string>();
    for (const h of candidates) if (hostMatches(h, query)) hits.add(h);
    return [...hits].sort((a, b) => (this.ordinal.get(a) ?? 0) - (this.ordinal.get(b) ?? 0)).map((h) => this.byHost.get(h) as T);
  }

  /** True when `host` is an entry, or overlaps one (wildcards on either side). */
  anyMatch(host: string): boolean {
    if (this.byHost.has(host)) return true;
    if (isWildcard(host)) return this.matching(host).length > 0;
    return this.wildcardHosts.some((w) => hostMatches(host, w));
  }
}
