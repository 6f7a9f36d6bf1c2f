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

export function unreachableRules(d: DerivedVirtualService): RouteNote[] {
  const http = d.vs.spec.http ?? [];
  // Per rule (route + rule index): the entry that shadows each of its matches, if every one is shadowed.
  const rules = new Map<string, { origin: RuleOrigin; shadows: (RuleOrigin | undefined)[] }>();
  http.forEach((r, j) => {
    const o = d.origins[j];
    if (!o) return;
    const key = `${o.route.kind}/${o.route.namespace}/${o.route.name}#${o.rule}`;
    let shadow: RuleOrigin | undefined;
    for (let i = 0; i < j && !shadow; i++) {
      const earlier = http[i];
      const eo = d.origins[i];
      if (earlier && eo && !(eo.route === o.route && eo.rule === o.rule) && covers(earlier, r)) shadow = eo;
    }
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
