// VirtualService HTTP rules → Envoy routes for one proxy and port (BuildHTTPRoutesForVirtualService),
// with the provenance of every route and every rule or match left out.
import { normalizeMatchGateways, type NormalizedVirtualService } from '../../model/virtualServices.js';
import type { HttpMatchRequest } from '../../schema/kinds/virtualService.js';
import type { Route } from '../envoy.js';
import type { FilteredRule, ResourceKey, RouteOrigin } from '../proxyConfig.js';
import type { RouteBuildContext } from './context.js';
import { expandHttpRules, expandHttpRulesOnce, type EffectiveRule } from './delegate.js';
import { translateRouteMatch, type RouteSemantics } from './match.js';
import { isCatchAllRoute } from './sort.js';
import { matchFilterReason, translateRoute, type TranslateInput } from './translate.js';

export interface HttpRoutesResult {
  /** Empty means Istio drops the VS for this gateway/port ("no routes matched"). */
  routes: Route[];
  origins: Map<Route, RouteOrigin>;
  filtered: FilteredRule[];
}

function semanticsOf(vs: NormalizedVirtualService): RouteSemantics {
  const s = vs.vs.metadata.annotations?.['internal.istio.io/route-semantics'];
  return s === 'ingress' || s === 'gateway' ? s : 'default';
}

/** One rule × match → one route: the whole Envoy route, or (matchOnly) its name and match. */
export type RouteBuilder = (input: TranslateInput, ctx: RouteBuildContext) => Route;

/**
 * A route's name and match only, for readers of which routes exist, in which order, from which rule
 * (the route analyzers): which rules and matches are built, which are dropped, where the catch-all
 * falls and how virtual hosts collapse depend on the matches alone, never on the actions.
 */
export const matchOnly: RouteBuilder = ({ rule, match, semantics }) => {
  let name = rule.name ?? '';
  if (match?.name) name = `${name}.${match.name}`;
  const routeMatch = translateRouteMatch(match, semantics);
  return name !== '' ? { name, match: routeMatch } : { match: routeMatch };
};

/** Routes built by `deferred` whose action is not filled in yet: what `completeRoute` would add. */
const pending = new WeakMap<Route, () => Route>();

/**
 * A route's name and match now, the rest (action, metadata, decorator, headers...) when
 * `completeRoute` asks for it: for readers that need the whole route of only a few routes (explain
 * walks one virtual host). Until completed such a route is exactly `matchOnly`'s; completed, it is
 * exactly `translateRoute`'s, in the same key order (test/derive/route/deferred.test.ts).
 */
export const deferred: RouteBuilder = (input, ctx) => {
  const route = matchOnly(input, ctx);
  pending.set(route, () => translateRoute(input, ctx));
  return route;
};

/** Fills in a `deferred` route (in place, so maps keyed by the route still find it); any other route is left as it is. */
export function completeRoute(route: Route): Route {
  const full = pending.get(route);
  if (full === undefined) return route;
  pending.delete(route);
  // name and match are the same as matchOnly's (the same functions of the same input); the other
  // keys follow them in translateRoute's order.
  const { name: _name, match: _match, ...rest } = full();
  return Object.assign(route, rest);
}

/**
 * Whether buildHttpRoutes gives any route: a rule without match, or a match no filter drops, before
 * anything else is dropped (only routes after a catch-all are, and a catch-all is a route). Without
 * a delegate to expand, the rules are read as written (only match.gateways needs resolving).
 */
export function hasHttpRoutes(vs: NormalizedVirtualService, ctx: RouteBuildContext): boolean {
  const spec = vs.vs.spec.http ?? [];
  const merging = vs.vs.metadata.annotations?.['internal.istio.io/route-semantics'] === undefined;
  if (merging && spec.some((r) => r.delegate !== undefined)) return expandHttpRules(vs, ctx.index, ctx.domainSuffix).rules.some((er) => ruleHasRoute(er.rule.match, ctx));
  for (const rule of spec) {
    const matches = rule.match ?? [];
    if (matches.length === 0) return true;
    for (const match of matches) {
      const gateways = normalizeMatchGateways(match.gateways, vs.vs.namespace, ctx.domainSuffix);
      if (!matchFilterReason(gateways ? { ...match, gateways } : match, ctx)) return true;
    }
  }
  return false;
}

function ruleHasRoute(matches: readonly HttpMatchRequest[] | undefined, ctx: RouteBuildContext): boolean {
  if (matches === undefined || matches.length === 0) return true;
  return matches.some((m) => !matchFilterReason(m, ctx));
}

/**
 * The routes alone, for a writer that prints them once and drops them (`proxy-config route -o json`
 * streamed): `buildHttpRoutes(vs, ctx).routes`, without recording where each route or dropped rule
 * comes from, and without keeping the VirtualService's expanded rules for a later translation
 * (kept, they are copied by every young-generation collection until they are old).
 */
export function streamHttpRoutes(vs: NormalizedVirtualService, ctx: RouteBuildContext): Route[] {
  return translateRules(vs, ctx, translateRoute, undefined).routes;
}

/** Where a route (or a dropped rule) of an expanded rule comes from. */
function originOf(key: ResourceKey, er: EffectiveRule, m: number | undefined): RouteOrigin {
  const mo = m === undefined ? undefined : er.matchOrigins[m];
  const origin: RouteOrigin = { virtualService: key, rule: er.ruleIndex };
  if (mo?.root !== undefined) origin.match = mo.root;
  if (er.delegate) origin.delegate = mo?.delegate !== undefined ? { ...er.delegate, match: mo.delegate } : { ...er.delegate };
  return origin;
}

function dropped(key: ResourceKey, er: EffectiveRule, m: number | undefined, why: FilteredRule['why'], detail?: string): FilteredRule {
  const o = originOf(key, er, m);
  const f: FilteredRule = { rule: er.ruleIndex, why };
  if (o.match !== undefined) f.match = o.match;
  if (detail !== undefined) f.detail = detail;
  if (o.delegate) f.delegate = o.delegate;
  return f;
}

export function buildHttpRoutes(vs: NormalizedVirtualService, ctx: RouteBuildContext, build: RouteBuilder = translateRoute): HttpRoutesResult {
  const origins = new Map<Route, RouteOrigin>();
  return { ...translateRules(vs, ctx, build, origins), origins };
}

/** `origins` undefined: none recorded, no filtered rules, the expansion not cached (streamHttpRoutes: no map made per VirtualService). */
function translateRules(vs: NormalizedVirtualService, ctx: RouteBuildContext, build: RouteBuilder, origins: Map<Route, RouteOrigin> | undefined): { routes: Route[]; filtered: FilteredRule[] } {
  const record = origins !== undefined;
  const key = { namespace: vs.vs.namespace, name: vs.vs.name };
  const semantics = semanticsOf(vs);
  const { rules, filtered } = record ? expandHttpRules(vs, ctx.index, ctx.domainSuffix) : expandHttpRulesOnce(vs, ctx.index, ctx.domainSuffix);
  const routes: Route[] = [];

  let catchAll = false;
  for (let i = 0; i < rules.length; i++) {
    const er = rules[i] as EffectiveRule;
    if (catchAll) {
      if (record) filtered.push(dropped(key, er, undefined, 'after-catch-all'));
      continue;
    }
    const matches = er.rule.match;
    if (!matches || matches.length === 0) {
      const r = build({ rule: er.rule, match: undefined, virtualService: key, semantics }, ctx);
      routes.push(r);
      if (record) origins.set(r, originOf(key, er, undefined));
      // A rule without match catches everything: later rules are unreachable and not built.
      catchAll = true;
      continue;
    }
    for (let m = 0; m < matches.length; m++) {
      const match = matches[m] as HttpMatchRequest;
      if (catchAll) {
        if (record) filtered.push(dropped(key, er, m, 'after-catch-all'));
        continue;
      }
      const reason = matchFilterReason(match, ctx);
      if (reason) {
        if (record) filtered.push(dropped(key, er, m, reason.why, reason.detail));
        continue;
      }
      const r = build({ rule: er.rule, match, virtualService: key, semantics }, ctx);
      routes.push(r);
      if (record) origins.set(r, originOf(key, er, m));
      if (isCatchAllRoute(r)) catchAll = true;
    }
  }
  return { routes, filtered };
}
