// Two VirtualServices bound to the mesh claim the same host in overlapping exportTo scopes: sidecars
// get only one of them, chosen by config order.
import { analyzerHostToFqdn, isWildcard } from '../../../model/hosts.js';
import type { VirtualService } from '../../../model/resource.js';
import { defineAnalyzer } from '../../defineAnalyzer.js';
import { analyzerDomain } from '../../serviceHosts.js';
import { byFullName } from '../../../diagnostics/ref.js';
import { refOf } from '../../../model/resource.js';
import { fieldSite, mergeVirtualServiceFix } from '../../../model/fixes.js';
import { configOrder } from '../../../model/order.js';


export interface Entry {
  scope: string;
  host: string;
  list: VirtualService[];
}

/**
 * The entries exported everywhere whose host overlaps a host (`hostMatches`), in their order, found
 * through indexes rather than by testing every entry: a mesh whose VirtualServices are each exported
 * to their own namespace asks once per host (issue 16). Exact hosts by name and by reversed name
 * (a wildcard query `*.s` wants every name ending in `.s`), wildcard suffixes by reversed suffix and
 * by length (a name matches `*S` when it ends with S).
 */
export function exportedEverywhere(entries: readonly Entry[]): { matching(host: string): Entry[] } {
  const exact = new Map<string, number[]>();
  const exactReversed: [string, number][] = [];
  const suffixReversed: [string, number][] = [];
  const suffixByLength = new Map<number, Map<string, number[]>>();
  const push = <K>(m: Map<K, number[]>, k: K, i: number): void => {
    const l = m.get(k);
    if (l) l.push(i);
    else m.set(k, [i]);
  };
  for (let i = 0; i < entries.length; i++) {
    const host = (entries[i] as Entry).host;
    if (isWildcard(host)) {
      const suffix = host.slice(1);
      suffixReversed.push([reversed(suffix), i]);
      let bySuffix = suffixByLength.get(suffix.length);
      if (!bySuffix) suffixByLength.set(suffix.length, (bySuffix = new Map()));
      push(bySuffix, suffix, i);
    } else {
      push(exact, host, i);
      exactReversed.push([reversed(host), i]);
    }
  }
  const byKey = (a: [string, number], b: [string, number]): number => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
  exactReversed.sort(byKey);
  suffixReversed.sort(byKey);
  const lengths = [...suffixByLength.keys()];
  return {
    matching(host) {
      const found: number[] = [];
      if (!isWildcard(host)) {
        for (const i of exact.get(host) ?? []) found.push(i);
        // `*S` overlaps a name that ends with S.
        for (const n of lengths) if (n <= host.length) for (const i of suffixByLength.get(n)?.get(host.slice(host.length - n)) ?? []) found.push(i);
      } else {
        const suffix = host.slice(1);
        const key = reversed(suffix);
        // Names ending with the suffix, and wildcards whose suffix ends with it (the same or longer)...
        for (const i of withPrefix(exactReversed, key)) found.push(i);
        for (const i of withPrefix(suffixReversed, key)) found.push(i);
        // ...and wildcards with a shorter suffix that this one ends with.
        for (const n of lengths) if (n < suffix.length) for (const i of suffixByLength.get(n)?.get(suffix.slice(suffix.length - n)) ?? []) found.push(i);
      }
      // In the entries' own order, as a scan would list them.
      return found.sort((a, b) => a - b).map((i) => entries[i] as Entry);
    },
  };
}

// By UTF-16 code unit, as endsWith and `<` compare.
const reversed = (s: string): string => s.split('').reverse().join('');

/** The indexes of the sorted pairs whose key starts with `prefix`. */
function withPrefix(sorted: readonly [string, number][], prefix: string): number[] {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as [string, number])[0] < prefix) lo = mid + 1;
    else hi = mid;
  }
  const out: number[] = [];
  for (let i = lo; i < sorted.length && (sorted[i] as [string, number])[0].startsWith(prefix); i++) out.push((sorted[i] as [string, number])[1]);
  return out;
}

/** The scope of a VirtualService exported everywhere (shared, read only). */
const EVERYWHERE: readonly string[] = ['*'];

function scopesOf(vs: VirtualService): readonly string[] {
  const exportTo = vs.spec.exportTo ?? [];
  if (exportTo.length === 0 || exportTo.includes('*')) return EVERYWHERE;
  return [...new Set(exportTo.map((e) => (e === '.' ? vs.namespace : e)))];
}

export default defineAnalyzer({
  name: 'virtualservice/mesh-host-conflict',
  description: 'Checks that VirtualServices bound to the mesh do not define the same host in overlapping scopes',
  inputs: ['VirtualService'],
  emits: ['IST0109'],
  istio: 'virtualservice.ConflictingMeshGatewayHostsAnalyzer',
  kiali: ['KIA1106'],
  analyze(ctx) {
    const domain = analyzerDomain(ctx.index);
    // Entries by scope then host (no `scope/host` key made per host), and in the order first met.
    const byScope = new Map<string, Map<string, Entry>>();
    const entries: Entry[] = [];
    // Indexed loops: this runs once (cold) over every host of every VirtualService.
    const all = ctx.index.ofKind('VirtualService');
    for (let v = 0; v < all.length; v++) {
      const vs = all[v] as VirtualService;
      const gws = vs.spec.gateways ?? [];
      if (gws.length > 0 && !gws.includes('mesh')) continue;
      const scopes = scopesOf(vs);
      const hosts = vs.spec.hosts ?? [];
      for (let s = 0; s < scopes.length; s++) {
        const scope = scopes[s] as string;
        let inScope = byScope.get(scope);
        if (!inScope) byScope.set(scope, (inScope = new Map()));
        for (let i = 0; i < hosts.length; i++) {
          const host = analyzerHostToFqdn(hosts[i] as string, vs.namespace, domain);
          const entry = inScope.get(host);
          if (entry) entry.list.push(vs);
          else {
            const added = { scope, host, list: [vs] };
            inScope.set(host, added);
            entries.push(added);
          }
        }
      }
    }
    // Built on the first namespace-scoped entry: most meshes have none.
    let everywhere: ReturnType<typeof exportedEverywhere> | undefined;
    const reported = new Set<VirtualService>();
    for (let e = 0; e < entries.length; e++) {
      const entry = entries[e] as Entry;
      let list = entry.list;
      if (entry.scope !== '*') {
        everywhere ??= exportedEverywhere(entries.filter((x) => x.scope === '*'));
        for (const other of everywhere.matching(entry.host)) list = [...list, ...other.list];
      }
      if (list.length < 2) continue;
      const k = `${entry.scope}/${entry.host}`;
      const names = list.map(refOf).sort(byFullName);
      // Sidecars keep the first VirtualService for the host in config order: the others merge into it.
      const [winner, second] = [...new Set(list)].sort(configOrder);
      for (const vs of list) {
        if (reported.has(vs)) continue;
        reported.add(vs);
        const later = vs === winner ? second : vs;
        const fix = later ? mergeVirtualServiceFix(later, fieldSite(later, ['spec', 'hosts']), winner, entry.host) : undefined;
        ctx.report('IST0109', { virtualServices: names, host: k }, { resource: vs, path: ['metadata', 'name'] }, fix);
      }
    }
  },
});
