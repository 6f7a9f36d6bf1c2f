// One HTTPRoute or GRPCRoute rule (with at most one match) → one VirtualService HTTP route
// (conversion.go convertHTTPRoute, convertGRPCRoute and their create*/build* helpers). Invalid backends
// are kept as `destination: {}` (unsupported kind, not permitted) or their computed host (not found),
// with an error for the route's ResolvedRefs condition; other errors drop the whole route.
import type { Path } from '../../load/sourceMap.js';
import type {
  GrpcRouteFilter,
  GrpcRouteMatch,
  GrpcRouteRule,
  HeaderFilter,
  HttpRouteFilter,
  HttpRouteMatch,
  HttpRouteRule,
} from '../../schema/kinds/gatewayApi.js';
import type { HttpMatchRequest, HttpRoute } from '../../schema/kinds/virtualService.js';
import { configError, joinErrors } from './conditions.js';
import { GK, type ConfigError } from './types.js';
import { protoDuration, durationNanos } from './durations.js';
import { grpcUri, httpMatch, valueMatches } from './routeMatches.js';
import { cors, headerOperations, redirect, rewrite } from './routeFilters.js';
import { httpDestinations, mirror, weightSum, type RouteContext } from './backends.js';

export interface ConvertedRule {
  /** undefined: a hard error dropped the rule (and the route's conversion). */
  route: HttpRoute | undefined;
  error?: ConfigError | undefined;
}

const ruleName = (rule: { name?: string | undefined }, ns: string, name: string, pos: number): string => rule.name ?? `${ns}.${name}.${pos}`;

function applyHeaderFilter(out: HttpRoute, which: 'request' | 'response', spec: HeaderFilter | undefined, at: Path): ConfigError | undefined {
  if (!spec) return undefined;
  const h = headerOperations(spec, at);
  if (h.error) return h.error;
  out.headers = { ...(out.headers ?? {}), [which]: h.ops };
  return undefined;
}

/** convertHTTPRoute for rule `pos` restricted to `match` (undefined: the rule has no matches). */
export function convertHttpRule(
  ctx: RouteContext,
  rule: HttpRouteRule,
  match: HttpRouteMatch | undefined,
  route: { namespace: string; name: string },
  pos: number,
  enforceRefGrant: boolean,
): ConvertedRule {
  const at: Path = ['spec', 'rules', pos];
  const out: HttpRoute = { name: ruleName(rule, route.namespace, route.name, pos) };
  if (match) out.match = [httpMatch(match)];
  let mirrorError: ConfigError | undefined;
  for (const [i, f] of (rule.filters ?? []).entries()) {
    const fat = [...at, 'filters', i];
    const fail = (e: ConfigError | undefined): ConvertedRule | undefined => (e ? { route: undefined, error: e } : undefined);
    switch (f.type) {
      case 'RequestHeaderModifier': {
        const r = fail(applyHeaderFilter(out, 'request', f.requestHeaderModifier, fat));
        if (r) return r;
        break;
      }
      case 'ResponseHeaderModifier': {
        const r = fail(applyHeaderFilter(out, 'response', f.responseHeaderModifier, fat));
        if (r) return r;
        break;
      }
      case 'RequestRedirect':
        if (f.requestRedirect) out.redirect = redirect(f.requestRedirect);
        break;
      case 'RequestMirror':
        if (f.requestMirror) {
          const m = mirror(ctx, f.requestMirror, route.namespace, enforceRefGrant, GK.HTTPRoute, [...fat, 'requestMirror']);
          if (m.error) mirrorError = m.error;
          else if (m.mirror) out.mirrors = [...(out.mirrors ?? []), m.mirror];
        }
        break;
      case 'URLRewrite': {
        const rw = f.urlRewrite ? rewrite(f.urlRewrite) : undefined;
        if (rw) out.rewrite = rw;
        else delete out.rewrite;
        break;
      }
      case 'CORS':
        if (f.cors) out.corsPolicy = cors(f.cors);
        break;
      default:
        return { route: undefined, error: configError('InvalidFilter', `unsupported filter type "${f.type}"`, [...fat, 'type']) };
    }
  }
  if (rule.retry) {
    const retryOn = ['connect-failure', 'refused-stream', 'unavailable', 'cancelled', ...(rule.retry.codes ?? []).map(String)];
    const attempts = rule.retry.attempts ?? 2;
    out.retries = { attempts, retryOn: attempts === 0 ? '' : retryOn.join(',') };
    if (rule.retry.backoff !== undefined) out.retries.backoff = protoDuration(durationNanos(rule.retry.backoff));
  }
  if (rule.timeouts) {
    if (rule.timeouts.request !== undefined) {
      const n = durationNanos(rule.timeouts.request);
      if (n !== 0) out.timeout = protoDuration(n);
    }
    if (rule.timeouts.backendRequest !== undefined) {
      const n = durationNanos(rule.timeouts.backendRequest);
      if (n !== 0) {
        if (out.retries) out.retries.perTryTimeout = protoDuration(n);
        else out.timeout = protoDuration(n);
      }
    }
  }
  if (weightSum(rule.backendRefs) === 0 && out.redirect === undefined) {
    // "when there are no >0 weight backends, return 500"
    out.directResponse = { status: 500 };
    return { route: out, error: mirrorError };
  }
  const d = httpDestinations(ctx, rule.backendRefs ?? [], route.namespace, enforceRefGrant, GK.HTTPRoute, at, false);
  if (d.error) return { route: undefined, error: d.error };
  if (rule.backendRefs !== undefined) out.route = d.route;
  return { route: out, error: joinErrors(d.backendError, mirrorError) };
}

/** convertGRPCRoute for rule `pos` restricted to `match`. */
export function convertGrpcRule(
  ctx: RouteContext,
  rule: GrpcRouteRule,
  match: GrpcRouteMatch | undefined,
  route: { namespace: string; name: string },
  pos: number,
  matchIndex: number,
  enforceRefGrant: boolean,
): ConvertedRule {
  const at: Path = ['spec', 'rules', pos];
  const out: HttpRoute = { name: ruleName(rule, route.namespace, route.name, pos) };
  if (match) {
    const u = grpcUri(match, [...at, 'matches', matchIndex, 'method']);
    if (u.error) return { route: undefined, error: u.error };
    const m: HttpMatchRequest = {};
    if (u.uri) m.uri = u.uri;
    const headers = valueMatches(match.headers);
    if (headers) m.headers = headers;
    out.match = [m];
  }
  for (const [i, f] of (rule.filters ?? []).entries()) {
    const fat = [...at, 'filters', i];
    const ff: GrpcRouteFilter = f;
    if (ff.type === 'RequestHeaderModifier' || ff.type === 'ResponseHeaderModifier') {
      const e = applyHeaderFilter(out, ff.type === 'RequestHeaderModifier' ? 'request' : 'response', ff.type === 'RequestHeaderModifier' ? ff.requestHeaderModifier : ff.responseHeaderModifier, fat);
      if (e) return { route: undefined, error: e };
    } else if (ff.type === 'RequestMirror') {
      if (!ff.requestMirror) continue;
      const m = mirror(ctx, ff.requestMirror, route.namespace, enforceRefGrant, GK.GRPCRoute, [...fat, 'requestMirror']);
      if (m.error) return { route: undefined, error: m.error };
      if (m.mirror) out.mirrors = [...(out.mirrors ?? []), m.mirror];
    } else {
      return { route: undefined, error: configError('InvalidFilter', `unsupported filter type "${ff.type}"`, [...fat, 'type']) };
    }
  }
  if (weightSum(rule.backendRefs) === 0) {
    out.directResponse = { status: 500 };
    return { route: out };
  }
  const d = httpDestinations(ctx, rule.backendRefs ?? [], route.namespace, enforceRefGrant, GK.GRPCRoute, at, true);
  if (d.error) return { route: undefined, error: d.error };
  if (rule.backendRefs !== undefined) out.route = d.route;
  return { route: out, error: d.backendError };
}

export type { HttpRouteFilter };
