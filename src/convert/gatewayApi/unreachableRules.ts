// Rules that can never match: every match of a rule is covered by an earlier entry of another
// rule in the same merged VirtualService (gwctl's own check; istiod reports nothing).
import { pushTo } from '../../model/multiMap.js';
import type { HttpRoute } from '../../schema/kinds/virtualService.js';
import type { DerivedVirtualService, RouteNote, RuleOrigin } from './routeOrigins.js';

function pathCovers(a: HttpRoute['match'], b: HttpRoute['match']): boolean {
  const ua = a?.[0]?.uri;
  const ub = b?.[0]?.uri;
  if (!ua) return true;
  if (ua.prefix === '/') return true;
  if (!ub) return false;
  if (JSON.stringify(ua) === JSON.stringify(ub)) return true;
  const p = ua.prefix;
  if (p === undefined) return false;
  const v = ub.prefix ?? ub.exact;
  // PathPrefix matches on segment boundaries.
  return v !== undefined && (v === p || v.startsWith(`${p}/`));
}

function mapCovers(a: Record<string, unknown> | undefined, b: Record<string, unknown> | undefined): boolean {
  return Object.entries(a ?? {}).every(([k, v]) => Object.hasOwn(b ?? {}, k) && JSON.stringify((b ?? {})[k]) === JSON.stringify(v));
}

/** Whether every request route `b` matches is matched by route `a` (only exact knowledge: regexes compare as equal strings). */
function covers(a: HttpRoute, b: HttpRoute): boolean {
  const ma = a.match?.[0];
  const mb = b.match?.[0];
  if (!ma) return true;
  if (!pathCovers(a.match, b.match)) return false;
  if (ma.method && JSON.stringify(ma.method) !== JSON.stringify(mb?.method)) return false;
  if (ma.port !== undefined && ma.port !== mb?.port) return false;
  return mapCovers(ma.headers, mb?.headers) && mapCovers(ma.queryParams, mb?.queryParams);
}

/** At most 2^this condition subsets are looked up per entry; an entry with more conditions scans its path's list. */
const MAX_KEYED_CONDITIONS = 4;

/** What a match requires besides its path, one item each: on a covering path, `a` covers `b` when a's items are among b's. */
function conditionItems(r: HttpRoute): string[] {
  const m = r.match?.[0];
  if (!m) return [];
  const items: string[] = [];
  if (m.method) items.push(`m${JSON.stringify(m.method)}`);
  if (m.port !== undefined) items.push(`p${m.port}`);
  for (const [k, v] of Object.entries(m.headers ?? {})) items.push(`h${JSON.stringify([k, v])}`);
  for (const [k, v] of Object.entries(m.queryParams ?? {})) items.push(`q${JSON.stringify([k, v])}`);
  return items.sort();
}

/**
 * Earlier entries by what the path of their first match admits and by their conditions: an entry
 * is looked up under the paths that cover it and the subsets of its conditions, so it meets only
 * the entries that cover it (not every earlier entry, nor every one on the same path).
 */
class CoverIndex {
  /** By path key and condition items: every entry under a key covers what looks that key up. */
  private readonly keyed = new Map<string, number[]>();
  /** By path key alone: scanned with `covers` for an entry with many conditions. */
  private readonly byPath = new Map<string, number[]>();
  /** Lengths of the prefixes held (not `/`): the only places a later path needs to be cut. */
  private readonly prefixLengths = new Set<number>();

  add(r: HttpRoute, i: number): void {
    const conditions = conditionItems(r).join('\u0001');
    for (const p of this.ownPaths(r)) {
      pushTo(this.byPath, p, i);
      pushTo(this.keyed, `${p}\u0000${conditions}`, i);
    }
  }

  /** The lists of earlier entries that may cover `r` (each ascending), and whether each holds only covering entries. */
  candidates(r: HttpRoute): { list: readonly number[]; covering: boolean }[] {
    const items = conditionItems(r);
    const out: { list: readonly number[]; covering: boolean }[] = [];
    for (const p of this.coveringPaths(r)) {
      if (items.length > MAX_KEYED_CONDITIONS) {
        const list = this.byPath.get(p);
        if (list) out.push({ list, covering: false });
        continue;
      }
      for (let mask = 0; mask < 1 << items.length; mask++) {
        const subset = items.filter((_, b) => (mask & (1 << b)) !== 0).join('\u0001');
        const list = this.keyed.get(`${p}\u0000${subset}`);
        if (list) out.push({ list, covering: true });
      }
    }
    return out;
  }

  /** The path keys an entry is held under: `*` for any path, its exact uri, and its prefix. */
  private ownPaths(r: HttpRoute): string[] {
    const ua = r.match?.[0]?.uri;
    if (!r.match?.[0] || !ua || ua.prefix === '/') return ['*'];
    if (ua.prefix === undefined) return [`u${JSON.stringify(ua)}`];
    this.prefixLengths.add(ua.prefix.length);
    return [`u${JSON.stringify(ua)}`, `p${ua.prefix}`];
  }

  /** The path keys of entries whose path covers r's: any path, the same uri, a prefix p with the path p or under `p/`. */
  private coveringPaths(r: HttpRoute): string[] {
    const ub = r.match?.[0]?.uri;
    if (!ub) return ['*'];
    const out = ['*', `u${JSON.stringify(ub)}`];
    const v = ub.prefix ?? ub.exact;
    if (v === undefined) return out;
    out.push(`p${v}`);
    for (let k = v.indexOf('/'); k >= 0; k = v.indexOf('/', k + 1)) if (this.prefixLengths.has(k)) out.push(`p${v.slice(0, k)}`);
    return out;
  }
}

export function unreachableRules(d: DerivedVirtualService): RouteNote[] {
  const http = d.vs.spec.http ?? [];
  // Per rule (route + rule index): the entry that shadows each of its matches, if every one is shadowed.
  const rules = new Map<string, { origin: RuleOrigin; shadows: (RuleOrigin | undefined)[] }>();
  // Only entries that can cover are compared (not every earlier entry): linear for routes on distinct paths or conditions.
  const index = new CoverIndex();
  http.forEach((r, j) => {
    const o = d.origins[j];
    if (!o) return;
    const key = `${o.route.kind}/${o.route.namespace}/${o.route.name}#${o.rule}`;
    // The earliest covering entry of another rule, as a scan of every earlier entry would find it.
    let first = -1;
    for (const { list, covering } of index.candidates(r)) {
      for (const i of list) {
        if (first >= 0 && i >= first) break;
        const earlier = http[i];
        const eo = d.origins[i];
        if (earlier && eo && !(eo.route === o.route && eo.rule === o.rule) && (covering || covers(earlier, r))) {
          first = i;
          break;
        }
      }
    }
    const shadow = first >= 0 ? d.origins[first] : undefined;
    index.add(r, j);
    const entry = rules.get(key) ?? { origin: o, shadows: [] };
    entry.shadows.push(shadow);
    rules.set(key, entry);
  });
  const out: RouteNote[] = [];
  for (const { origin, shadows } of rules.values()) {
    const first = shadows[0];
    if (!first || shadows.some((x) => x === undefined)) continue;
    out.push({ code: 'unreachable', route: origin.route, rule: origin.rule, host: d.vs.spec.hosts?.[0] ?? '', shadowedBy: first.route, shadowRule: first.rule });
  }
  return out;
}
