// Rules that can never match: every match of a rule is covered by an earlier entry of another
// rule in the same merged VirtualService (gwctl's own check; istiod reports nothing).
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

/** Earlier entries by what the path of their first match admits: only those can cover a later entry. */
class CoverIndex {
  /** No match, no uri, or prefix `/`: any path. */
  private readonly anyPath: number[] = [];
  private readonly byUri = new Map<string, number[]>();
  private readonly byPrefix = new Map<string, number[]>();

  add(r: HttpRoute, i: number): void {
    const ua = r.match?.[0]?.uri;
    if (!r.match?.[0] || !ua || ua.prefix === '/') return void this.anyPath.push(i);
    push(this.byUri, JSON.stringify(ua), i);
    if (ua.prefix !== undefined) push(this.byPrefix, ua.prefix, i);
  }

  /** The lists of earlier entries whose path may cover `r`'s (each ascending; an entry may be in two). */
  candidates(r: HttpRoute): number[][] {
    const out = [this.anyPath];
    const ub = r.match?.[0]?.uri;
    if (!ub) return out;
    const same = this.byUri.get(JSON.stringify(ub));
    if (same) out.push(same);
    const v = ub.prefix ?? ub.exact;
    if (v === undefined) return out;
    // A prefix p covers v when v is p or starts with `p/`: p is v or v cut before one of its slashes.
    const at = (p: string): void => {
      const list = this.byPrefix.get(p);
      if (list) out.push(list);
    };
    at(v);
    for (let k = v.indexOf('/'); k >= 0; k = v.indexOf('/', k + 1)) at(v.slice(0, k));
    return out;
  }
}

function push(m: Map<string, number[]>, k: string, i: number): void {
  const list = m.get(k);
  if (list) list.push(i);
  else m.set(k, [i]);
}

export function unreachableRules(d: DerivedVirtualService): RouteNote[] {
  const http = d.vs.spec.http ?? [];
  // Per rule (route + rule index): the entry that shadows each of its matches, if every one is shadowed.
  const rules = new Map<string, { origin: RuleOrigin; shadows: (RuleOrigin | undefined)[] }>();
  // Only entries whose path can cover are compared (not every earlier entry): linear for routes on distinct paths.
  const index = new CoverIndex();
  http.forEach((r, j) => {
    const o = d.origins[j];
    if (!o) return;
    const key = `${o.route.kind}/${o.route.namespace}/${o.route.name}#${o.rule}`;
    // The earliest covering entry of another rule, as a scan of every earlier entry would find it.
    let first = -1;
    for (const list of index.candidates(r)) {
      for (const i of list) {
        if (first >= 0 && i >= first) break;
        const earlier = http[i];
        const eo = d.origins[i];
        if (earlier && eo && !(eo.route === o.route && eo.rule === o.rule) && covers(earlier, r)) {
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
