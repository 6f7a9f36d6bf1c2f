// After the route config (spec §8.2 N6-N8, N10; §8.3 301): the Host that selects no virtual host,
// the path that misses by a trailing slash or case, the header/method/query that misses, the rule
// shadowed by an earlier catch-all, the exact vhost that hides a wildcard one.
import { rulePart, userListenerOf, userRuleOf } from '../../model/ruleSources.js';
import { hostMatches } from '../../model/hosts.js';
import { fullName, refTo } from '../../diagnostics/ref.js';
import { ref, site, text, type Text } from '../../diagnostics/text.js';
import type { Route, VirtualHost } from '../../derive/envoy.js';
import { isCatchAllRoute } from '../../derive/route/sort.js';
import { translateRouteMatch } from '../../derive/route/match.js';
import type { ExplainContext } from '../context.js';
import { matchRoute, type MatchFailure } from '../stages/routeMatch.js';
import type { Cause, ExplainRequest } from '../types.js';
import type { Walk } from '../walk.js';
import { makeCause, type CauseSite } from './cause.js';
import { normalized } from './lookups.js';
import { regexFind } from '../../schema/regex.js';
import { hostAcceptedButNotRoutedFix, serverHostAccepting } from '../../model/fixes.js';

export function noVirtualHostCause(ctx: ExplainContext, w: Walk): Cause {
  const listed = w.routeConfig ? ctx.domainsOf(w.routeConfig) : { all: [], wildcardOf: new Map<string, string>() };
  const domains = listed.all;
  const bareOfWildcard = listed.wildcardOf.get(w.host);
  const gatewayApi = gatewayApiHere(ctx, w);
  // A server of this port already accepts the Host (`*`, a covering wildcard): only a VirtualService is missing.
  const accepting = gatewayApi ? undefined : acceptingServer(ctx, w);
  return makeCause('GW0360', { host: w.host, routeConfig: w.routeConfigName ?? '', domains }, {}, () =>
    accepting
      ? hostAcceptedButNotRoutedFix(w.host, accepting.host, accepting.gateway, domains)
      : gatewayApi
      ? gatewayApiHostFix(ctx, w, gatewayApi, domains)
      : bareOfWildcard
      ? text`\`${bareOfWildcard}\` does not cover the bare name ${w.host}: add \`${w.host}\` to the Gateway server hosts and the VirtualService hosts`
      : domains.length > 0
        ? text`send a Host the gateway serves (-H 'Host: ${domains[0] ?? ''}'), or add \`${w.host}\` to the Gateway server hosts and to the hosts of a VirtualService bound to it`
        : text`add \`${w.host}\` to the Gateway server hosts and to the hosts of a VirtualService bound to it`,
  );
}

function originSite(ctx: ExplainContext, route: Route, on: MatchFailure['on'] | 'rule', headerName?: string): CauseSite {
  const o = ctx.config.routeOrigins.get(route);
  if (!o) return {};
  const user = userRuleOf(ctx.index, o.virtualService, o.rule);
  if (user) {
    // The HTTPRoute's own rule and match: spec.rules[r].matches[m].path|headers|method|queryParams.
    const path: (string | number)[] = ['spec', 'rules', user.rule];
    if (on !== 'rule' && user.match !== undefined) {
      path.push('matches', user.match);
      if (on === 'path') path.push('path');
      else if (on === 'header') path.push((headerName ?? '').toLowerCase() === ':method' ? 'method' : 'headers');
      else if (on === 'query') path.push('queryParams');
    }
    return { resource: user.route, path };
  }
  const vs = ctx.index.get('VirtualService', o.virtualService.namespace, o.virtualService.name);
  if (!vs) return {};
  const path: (string | number)[] = ['spec', 'http', o.rule];
  if (on !== 'rule' && o.match !== undefined) {
    path.push('match', o.match);
    if (on === 'path') path.push('uri');
    else if (on === 'header') {
      const n = (headerName ?? '').toLowerCase();
      path.push(n === ':method' ? 'method' : n === ':authority' ? 'authority' : n === ':scheme' ? 'scheme' : 'headers');
    } else if (on === 'query') path.push('queryParams');
  }
  return { resource: vs, path };
}

function routeLabel(ctx: ExplainContext, route: Route, index: number): Text {
  const o = ctx.config.routeOrigins.get(route);
  const user = o ? userRuleOf(ctx.index, o.virtualService, o.rule) : undefined;
  if (user) return text`${user.route.kind} ${ref(user.route)} ${rulePart(user)}`;
  return o ? text`VirtualService ${ref(o.virtualService)} http[${o.rule}]${o.match !== undefined ? `.match[${o.match}]` : ''}` : text`route #${index}${route.name ? ` (${route.name})` : ''}`;
}

/** Compiled once per pattern and run once per subject (schema/regex.ts), however many rules repeat it. */
function regexFinds(regex: string, input: string): boolean {
  return regexFind(regex, input);
}

interface NearMiss {
  score: number;
  cause: Cause;
}

function pathNearMiss(ctx: ExplainContext, req: ExplainRequest, route: Route, index: number, f: Extract<MatchFailure, { on: 'path' }>): NearMiss | undefined {
  const alt = (path: string) => matchRoute(route, { ...req, path }).ok;
  let hint = '';
  let score = 1;
  let fix = '';
  const p = req.path;
  const where = routeLabel(ctx, route, index);
  const site = originSite(ctx, route, 'path');
  // The fields the user writes: an HTTPRoute (or GRPCRoute) has path types and no ignoreUriCase.
  const gatewayApi = site.resource !== undefined && site.resource.kind !== 'VirtualService';
  const prefixMatch = (value: string): string => (gatewayApi ? `a path of type PathPrefix \`${value}\`` : `uri.prefix \`${value}\``);
  if (p.endsWith('/') && p.length > 1 && alt(p.slice(0, -1))) {
    hint = 'only a trailing slash differs';
    fix = `request ${p.slice(0, -1)}, or match ${prefixMatch(f.expected)}`;
    score = 5;
  } else if (!p.endsWith('/') && alt(`${p}/`)) {
    hint = 'only a trailing slash differs';
    fix = f.kind === 'exact' ? `request ${p}/, or use ${prefixMatch(p)}` : `request ${p}/, or change the ${f.kind} to \`${p}\``;
    score = 5;
  } else if (f.caseSensitive && f.kind !== 'regex' && p.toLowerCase().startsWith(f.expected.toLowerCase()) && (f.kind !== 'exact' || p.toLowerCase() === f.expected.toLowerCase())) {
    const fixed = f.kind === 'exact' ? f.expected : f.expected + p.slice(f.expected.length);
    hint = `only letter case differs; ${gatewayApi ? 'path' : 'uri'} matching is case-sensitive`;
    fix = gatewayApi
      ? `request ${fixed}; an HTTPRoute path has no case-insensitive match (a RegularExpression path such as \`(?i)${f.expected}${f.kind === 'exact' ? '' : '.*'}\` ignores case)`
      : `request ${fixed}, or add \`ignoreUriCase: true\` to the match`;
    score = 5;
  } else if (f.kind === 'exact' && p.startsWith(f.expected)) {
    hint = `${gatewayApi ? 'a path of type Exact' : 'uri.exact'} matches only that exact path`;
    fix = `use ${prefixMatch(f.expected)} to match paths below it`;
    score = 4;
  } else if (f.kind === 'regex' && regexFinds(f.expected, p)) {
    hint = 'the regex matches part of the path, but Envoy requires it to match the whole path (RE2 full match)';
    fix = `anchor the regex for the whole path, e.g. \`${f.expected.startsWith('^') ? f.expected.slice(1) : f.expected}.*\``;
    score = 4;
  } else if (f.kind === 'prefix' && f.expected.startsWith(p) && f.expected.length > p.length) {
    hint = `${p} is shorter than the prefix`;
    fix = `request ${f.expected}`;
    score = 2;
  } else return undefined;
  const expected = `${f.kind === 'regex' ? 'a path matching regex' : f.kind === 'exact' ? 'exactly the path' : 'a path starting with'} ${f.expected}`;
  return { score, cause: makeCause('GW0361', { request: `${req.method} ${req.path}`, route: where, expected, hint }, site, (at) => text`${fix}${at ? text` (${at})` : ''}`) };
}

function attributeNearMiss(ctx: ExplainContext, route: Route, index: number, f: MatchFailure): NearMiss | undefined {
  const where = routeLabel(ctx, route, index);
  if (f.on === 'header') {
    const what = f.name === ':method' ? 'the method' : f.name === ':authority' ? 'the authority (Host, port included)' : f.name === ':scheme' ? 'the scheme' : `header ${f.name}`;
    const actual = f.actual === undefined ? 'absent' : `"${f.actual}"`;
    const expected = `${f.inverted ? 'not ' : ''}${f.expected}`;
    const hint = f.name === ':method' && f.actual !== undefined && f.expected.toLowerCase().includes(`"${f.actual.toLowerCase()}"`) ? ' (methods are case-sensitive: use upper case)' : '';
    const site = originSite(ctx, route, 'header', f.name);
    return { score: 6, cause: makeCause('GW0362', { route: where, what, expected, actual: actual + hint }, site, (at) => text`send ${what} ${expected}${f.name === ':method' ? ` (-X)` : f.name.startsWith(':') ? '' : ` (-H '${f.name}: ...')`}, or change the rule${at ? text` (${at})` : ''}`) };
  }
  if (f.on === 'query') {
    const site = originSite(ctx, route, 'query');
    return { score: 6, cause: makeCause('GW0362', { route: where, what: `query parameter ${f.name}`, expected: f.expected, actual: f.actual === undefined ? 'absent' : `"${f.actual}"` }, site, (at) => text`add ?${f.name}=... to the URL, or change the rule${at ? text` (${at})` : ''}`) };
  }
  if (f.on === 'dynamicMetadata') {
    const site = originSite(ctx, route, 'rule');
    return { score: 3, cause: makeCause('GW0362', { route: where, what: 'a JWT claim', expected: 'set by RequestAuthentication at runtime', actual: 'unknown offline' }, site, (at) => text`send a token with the claim the rule expects${at ? text` (${at})` : ''}`) };
  }
  return undefined;
}

/** N8: the routes of the chosen vhost that nearly match; the best one is the rule the user meant. */
export function noRouteCauses(ctx: ExplainContext, w: Walk): Cause[] {
  const vh = w.vhost;
  if (!vh) return [];
  const routes = vh.routes ?? [];
  const misses: NearMiss[] = [];
  routes.forEach((r, i) => {
    const m = matchRoute(r, w.req);
    if (m.ok) return;
    const nm = m.failure.on === 'path' ? pathNearMiss(ctx, w.req, r, i, m.failure) : attributeNearMiss(ctx, r, i, m.failure);
    if (nm) misses.push(nm);
  });
  misses.sort((a, b) => b.score - a.score);
  const best = misses[0]?.score;
  const near = misses.filter((m) => m.score === best).map((m) => m.cause);
  const shadowed = shadowedVirtualHostCauses(ctx, w);
  // A strong near miss (a trailing slash, case, a header) is the rule the user meant: it explains the
  // 404. A weak one (the path is merely shorter than some prefix) does not: the cause is that no route
  // serves this path, and the weak misses follow it as hints.
  const strong = best !== undefined && best >= STRONG_MISS;
  const out = strong ? [...near, ...shadowed] : [...shadowed];
  if (!strong && routes.length > 0 && shadowed.length === 0) {
    const paths = routes.map(describePath).filter((d, i, all) => all.indexOf(d) === i);
    const shown = paths.slice(0, 5).join(', ') + (paths.length > 5 ? `, and ${paths.length - 5} more` : '');
    // Name what the user writes: the HTTPRoute whose rules make this virtual host, else a VirtualService.
    const users = routes.flatMap((r) => {
      const o = ctx.config.routeOrigins.get(r);
      const u = o ? userRuleOf(ctx.index, o.virtualService, o.rule) : undefined;
      return u ? [u.route] : [];
    });
    const [first] = users;
    out.push(
      makeCause('GW0367', { virtualHost: vh.name, routes: routes.length }, {}, () =>
        first
          ? text`send a path one of the routes matches (${shown}), or add a rule for ${w.req.path} to ${first.kind} ${ref(first)}`
          : text`send a path one of the routes matches (${shown}), or add a rule for ${w.req.path} to a VirtualService for ${w.host}`,
      ),
    );
  }
  if (!strong) out.push(...near);
  return out;
}

/** Near misses scoring at least this explain the 404 by themselves (pathNearMiss, attributeNearMiss). */
const STRONG_MISS = 3;

/** A route's path match as a person reads it: `exact /login`, `prefix /static`, `regex /api/.*`. */
function describePath(r: Route): string {
  const m = r.match;
  if (m.path !== undefined) return `exact ${m.path}`;
  if (m.safeRegex) return `regex ${m.safeRegex.regex}`;
  if (m.pathSeparatedPrefix !== undefined) return `prefix ${m.pathSeparatedPrefix}`;
  return `prefix ${m.prefix ?? '/'}`;
}

/** N7: a less specific vhost (wildcard or `*`) for the same Host has a route for this request. */
function shadowedVirtualHostCauses(ctx: ExplainContext, w: Walk): Cause[] {
  const rc = w.routeConfig;
  const chosen = w.vhost;
  if (!rc || !chosen || w.vhostKind === 'any') return [];
  const idx = ctx.virtualHostIndex(rc);
  const others: VirtualHost[] = [];
  for (const g of idx.suffix) {
    if (g.length >= w.host.length) continue;
    const vh = g.byValue.get(w.host.slice(w.host.length - g.length));
    if (vh && vh !== chosen) others.push(vh);
  }
  if (idx.star && idx.star !== chosen) others.push(idx.star);
  for (const vh of others) {
    const hit = (vh.routes ?? []).find((r) => matchRoute(r, w.req).ok);
    if (!hit) continue;
    const site = originSite(ctx, hit, 'rule');
    return [makeCause('GW0364', { host: w.host, chosen: chosen.name, other: vh.name }, site, (at) => text`add the rule${at ? text` at ${at}` : ''} to the VirtualService for ${chosen.domains[0] ?? chosen.name} too, or remove ${chosen.domains[0] ?? chosen.name} from its hosts`)];
  }
  return [];
}

/** N10: the route that matched is a catch-all, and a later route or a dropped later rule would match. */
export function shadowCauses(ctx: ExplainContext, w: Walk): Cause[] {
  const route = w.route;
  const vh = w.vhost;
  if (!route || !vh || !isCatchAllRoute(route)) return [];
  const out: Cause[] = [];
  const routes = vh.routes ?? [];
  const winner = routeLabel(ctx, route, w.routeIndex ?? 0);
  for (let i = (w.routeIndex ?? 0) + 1; i < routes.length; i++) {
    const r = routes[i];
    if (!r || !matchRoute(r, w.req).ok) continue;
    out.push(makeCause('GW0363', { rule: routeLabel(ctx, r, i), shadowedBy: winner }, originSite(ctx, r, 'rule'), (at) => text`give ${winner} a match, or merge the rules so the specific one comes first${at ? text` (${at})` : ''}`));
    break;
  }
  // Rules istiod dropped because an earlier rule of the same VirtualService has no match.
  const o = w.origin;
  if (o && out.length === 0) {
    const n = normalized(ctx, o.virtualService);
    for (const miss of ctx.config.misses) {
      if (miss.reason.code !== 'rules-filtered' || fullName(miss.virtualService) !== fullName(o.virtualService) || !n) continue;
      for (const fr of miss.reason.rules) {
        if (fr.why !== 'after-catch-all') continue;
        const rule = n.vs.spec.http?.[fr.rule];
        const matches = rule?.match ?? [undefined];
        const m = matches[fr.match ?? 0];
        if (!matchRoute({ match: translateRouteMatch(m) }, w.req).ok) continue;
        out.push(makeCause('GW0363', { rule: text`VirtualService ${ref(o.virtualService)} http[${fr.rule}]`, shadowedBy: text`http[${o.rule}] (no match: it catches everything, and istiod drops every rule after it)` }, { resource: n.vs, path: ['spec', 'http', o.rule] }, (at) => text`move http[${o.rule}] of VirtualService ${ref(o.virtualService)} (${at}) after http[${fr.rule}], or give it a match`));
        return out;
      }
    }
  }
  return out;
}

export function requireTlsCause(ctx: ExplainContext, w: Walk): Cause[] {
  const s = ctx.config.servers.find((x) => x.listenerPort === w.port.listenerPort && x.hosts.some((h) => h === '*' || h.toLowerCase().endsWith(w.host)));
  const gw = s ? ctx.index.get('Gateway', s.gateway.namespace, s.gateway.name) : undefined;
  if (!s) return [];
  return [makeCause('GW0365', { gateway: refTo('Gateway', s.gateway), server: s.serverIndex }, gw ? { resource: gw, path: ['spec', 'servers', s.serverIndex, 'tls', 'httpsRedirect'] } : {}, () => text`call https://${w.host}${w.req.path}`)];
}

/** The first server of this route config whose hosts accept the request's Host, and that host. */
function acceptingServer(ctx: ExplainContext, w: Walk): { host: string; gateway: { namespace: string; name: string } } | undefined {
  for (const s of ctx.config.servers) {
    if (s.routeName === undefined || s.routeName !== w.routeConfigName) continue;
    const host = serverHostAccepting(s.hosts, w.host);
    if (host !== undefined) return { host, gateway: s.gateway };
  }
  return undefined;
}

/**
 * GW0360 at a Gateway API Gateway: the HTTPRoute hostnames to extend, and the listener whose hostname
 * does not cover the Host when it sets one (a listener without hostname accepts every Host).
 */
function gatewayApiHostFix(ctx: ExplainContext, w: Walk, gateway: { namespace: string; name: string }, domains: readonly string[]): Text {
  const send = text`send a Host the gateway serves${domains[0] !== undefined ? ` (-H 'Host: ${domains[0]}')` : ''}`;
  const route = text`add \`${w.host}\` to the hostnames of an HTTPRoute attached to Gateway ${ref(gateway)}`;
  for (const s of ctx.config.servers) {
    if (s.routeName !== w.routeConfigName) continue;
    const gw = ctx.index.get('Gateway', s.gateway.namespace, s.gateway.name);
    const user = gw ? userListenerOf(ctx.index, gw) : undefined;
    const hostname = user?.owner.spec.listeners[user.index]?.hostname;
    if (!user || !hostname) return text`${send}, or ${route}`;
    if (hostMatches(hostname.toLowerCase(), w.host)) continue;
    const at = site({ file: user.owner.origin.file, doc: user.owner.origin.doc, path: [...user.owner.origin.base, 'spec', 'listeners', user.index, 'hostname'] });
    return text`${send}, or ${route} and set the hostname of listener ${user.name} of ${user.owner.kind === 'ListenerSet' ? 'ListenerSet' : 'Gateway'} ${ref(user.owner)} (${at}, now \`${hostname}\`) to cover it`;
  }
  return text`${send}, or ${route}`;
}

/** The Gateway API Gateway behind this route config's servers, when all of them come from one. */
function gatewayApiHere(ctx: ExplainContext, w: Walk): { namespace: string; name: string } | undefined {
  const owners = new Set<string>();
  let last: { namespace: string; name: string } | undefined;
  for (const s of ctx.config.servers) {
    if (s.routeName !== w.routeConfigName) continue;
    const from = ctx.index.get('Gateway', s.gateway.namespace, s.gateway.name)?.derivedFrom;
    if (from?.kind !== 'Gateway') return undefined;
    owners.add(`${from.namespace}/${from.name}`);
    last = from;
  }
  return owners.size === 1 ? last : undefined;
}
