// The routes of one virtual host on two sides. Envoy takes the first route whose match fits, so a
// route is known by its match (the n-th route with the same match is a different, shadowed one);
// routes are paired by that key through a map, never pair by pair. A pair whose action differs is
// `changed`. A route whose place among the others changed is `moved` only when it now comes before
// (or after) a route that some request matches too and that does something else: Envoy then picks
// another action for that request. Reorderings Envoy evaluates the same are not changes.
import type { Route, RouteMatch } from '../derive/envoy.js';
import { describeRouteMatch } from '../explain/stages/routeMatch.js';
import { fieldChanges, stableKey, toJson, type FieldChange, type JsonValue } from './json.js';
import { mayOverlap } from './overlap.js';

/** Moved routes checked against every route they crossed, per virtual host; past it a move is reported unchecked. */
const MAX_MOVE_CHECKS = 200_000;

/** A route's match as one key: header and query matchers in any order mean the same. */
export function matchKey(m: RouteMatch): string {
  const { headers, queryParameters, ...path } = m;
  const sorted = <T>(xs: readonly T[] | undefined): string[] => (xs ?? []).map((x) => stableKey(x)).sort();
  return stableKey({ ...path, headers: sorted(headers), queryParameters: sorted(queryParameters) });
}

/** `prefix /api, :method exact "GET"`: explain's words for a match. */
export const routeName = (r: Route): string => describeRouteMatch(r.match);

interface Destination {
  cluster: string;
  weight: number;
}

/** The clusters a route sends to, by name (weight 100 for a single cluster). */
export function destinationsOf(r: Route): Destination[] {
  const a = r.route;
  if (!a) return [];
  if (a.cluster !== undefined) return [{ cluster: a.cluster, weight: 100 }];
  return (a.weightedClusters?.clusters ?? []).map((c) => ({ cluster: c.name, weight: c.weight })).sort((x, y) => (x.cluster < y.cluster ? -1 : x.cluster > y.cluster ? 1 : 0));
}

/**
 * What a route does, as compared: everything but its match and the names and metadata that only
 * label it (the VirtualService path, the tracing decorator). Weighted clusters are keyed by name:
 * their order does not change where traffic goes.
 */
export function routeBehaviour(r: Route): { destinations: Destination[]; rest: JsonValue } {
  const { match: _m, name: _n, metadata: _md, decorator: _d, route, ...rest } = r;
  if (!route) return { destinations: [], rest: toJson(rest) };
  const { cluster: _c, weightedClusters, ...action } = route;
  const perDestination: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const { name, weight: _w, ...extra } of weightedClusters?.clusters ?? []) if (Object.keys(extra).length > 0) perDestination[name] = extra;
  const shaped = Object.keys(perDestination).length > 0 ? { ...action, destinationOptions: perDestination } : action;
  return { destinations: destinationsOf(r), rest: toJson({ ...rest, route: shaped }) };
}

const describeDestinations = (ds: readonly Destination[]): JsonValue => ds.map((d) => ({ cluster: d.cluster, weight: d.weight }));

/** The fields that differ between two routes' actions (`route.destinations` first). */
export function routeFieldChanges(base: Route, head: Route): FieldChange[] {
  const b = routeBehaviour(base);
  const h = routeBehaviour(head);
  const out: FieldChange[] = [];
  if (stableKey(b.destinations) !== stableKey(h.destinations)) out.push({ field: 'route.destinations', base: describeDestinations(b.destinations), head: describeDestinations(h.destinations) });
  out.push(...fieldChanges(b.rest, h.rest));
  return out;
}

export const sameBehaviour = (a: Route, b: Route): boolean => {
  const x = routeBehaviour(a);
  const y = routeBehaviour(b);
  return stableKey(x.destinations) === stableKey(y.destinations) && stableKey(x.rest) === stableKey(y.rest);
};

export interface RoutePairing {
  added: { route: Route; index: number }[];
  removed: { route: Route; index: number }[];
  changed: { base: Route; head: Route; baseIndex: number; headIndex: number; fields: FieldChange[] }[];
  /** Routes that now win (or lose) a request another route with another action also matches. */
  moved: { base: Route; head: Route; baseIndex: number; headIndex: number; crossed: { route: Route; nowAfter: boolean }[]; checked: boolean }[];
}

function keyed(routes: readonly Route[]): string[] {
  const seen = new Map<string, number>();
  return routes.map((r) => {
    const k = matchKey(r.match);
    const n = seen.get(k) ?? 0;
    seen.set(k, n + 1);
    return `${k}#${n}`;
  });
}

/** Indexes (into `seq`) of one longest strictly increasing subsequence: the routes that kept their order. */
function longestIncreasing(seq: readonly number[]): Set<number> {
  const tails: number[] = [];
  const prev: number[] = new Array<number>(seq.length).fill(-1);
  for (let i = 0; i < seq.length; i++) {
    const v = seq[i] ?? 0;
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((seq[tails[mid] ?? 0] ?? 0) < v) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[i] = tails[lo - 1] ?? -1;
    tails[lo] = i;
  }
  const keep = new Set<number>();
  for (let i = tails[tails.length - 1] ?? -1; i >= 0; i = prev[i] ?? -1) keep.add(i);
  return keep;
}

export function pairRoutes(base: readonly Route[], head: readonly Route[]): RoutePairing {
  const bKeys = keyed(base);
  const hKeys = keyed(head);
  const baseAt = new Map(bKeys.map((k, i) => [k, i]));
  const headKeys = new Set(hKeys);
  const out: RoutePairing = { added: [], removed: [], changed: [], moved: [] };
  /** Common routes in head order: [headIndex, baseIndex]. */
  const common: [number, number][] = [];
  hKeys.forEach((k, hi) => {
    const bi = baseAt.get(k);
    const route = head[hi];
    if (!route) return;
    if (bi === undefined) out.added.push({ route, index: hi });
    else common.push([hi, bi]);
  });
  bKeys.forEach((k, bi) => {
    const route = base[bi];
    if (route && !headKeys.has(k)) out.removed.push({ route, index: bi });
  });
  for (const [hi, bi] of common) {
    const b = base[bi];
    const h = head[hi];
    if (!b || !h) continue;
    const fields = routeFieldChanges(b, h);
    if (fields.length > 0) out.changed.push({ base: b, head: h, baseIndex: bi, headIndex: hi, fields });
  }
  const inOrder = longestIncreasing(common.map(([, bi]) => bi));
  let budget = MAX_MOVE_CHECKS;
  common.forEach(([hi, bi], i) => {
    if (inOrder.has(i)) return;
    const b = base[bi];
    const h = head[hi];
    if (!b || !h) return;
    const crossed: { route: Route; nowAfter: boolean }[] = [];
    const checked = budget >= common.length;
    if (checked) {
      budget -= common.length;
      for (const [ohi, obi] of common) {
        const other = head[ohi];
        if (!other || ohi === hi) continue;
        const nowAfter = ohi < hi;
        if (nowAfter === obi < bi) continue; // same relative order on both sides
        if (mayOverlap(h.match, other.match) && !sameBehaviour(h, other)) crossed.push({ route: other, nowAfter });
      }
    }
    if (!checked || crossed.length > 0) out.moved.push({ base: b, head: h, baseIndex: bi, headIndex: hi, crossed, checked });
  });
  return out;
}
