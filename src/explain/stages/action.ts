// What the matched route does with this request, in the order Envoy's filters act: the CORS filter
// answers a preflight it allows, the fault filter aborts (only when its percentage is 100: Envoy
// applies 0% when the abort has no percentage), then the route forwards, redirects or answers.
import type { Route } from '../../derive/envoy.js';
import type { ClusterWeight, ExplainRequest } from '../types.js';
import { prefixRewritten } from './rewrite.js';
import { stringMatches } from './routeMatch.js';

export type RouteOutcome =
  | { kind: 'forward'; clusters: ClusterWeight[] }
  | { kind: 'redirect'; status: number; location: string }
  | { kind: 'direct'; status: number }
  /** A 100% fault abort: an HTTP status, or for grpcStatus a 200 with grpc-status. */
  | { kind: 'abort'; status: number; grpcStatus?: number }
  /** A CORS preflight the policy allows: Envoy's CORS filter answers it (200). */
  | { kind: 'cors-preflight'; status: number }
  | { kind: 'none' };

const REDIRECT_CODES: Record<string, number> = { FOUND: 302, SEE_OTHER: 303, TEMPORARY_REDIRECT: 307, PERMANENT_REDIRECT: 308 };

const DENOMINATORS: Record<string, number> = { HUNDRED: 100, TEN_THOUSAND: 10000, MILLION: 1000000 };

interface Fraction {
  numerator?: number;
  denominator?: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A FractionalPercent as a percentage (0-100); an absent one is 0, as Envoy reads it. */
export function percentOf(p: Fraction | undefined): number {
  if (!p) return 0;
  const d = DENOMINATORS[p.denominator ?? 'HUNDRED'] ?? 100;
  return Math.min(100, ((p.numerator ?? 0) / d) * 100);
}

function fraction(v: unknown): Fraction | undefined {
  if (!isRecord(v)) return undefined;
  return { ...(typeof v['numerator'] === 'number' ? { numerator: v['numerator'] } : {}), ...(typeof v['denominator'] === 'string' ? { denominator: v['denominator'] } : {}) };
}

export interface FaultConfig {
  delay?: { fixedDelay: string; percentage?: Fraction };
  abort?: { httpStatus?: number; grpcStatus?: number; percentage?: Fraction };
}

/** The route's HTTPFault (typedPerFilterConfig), read back. */
export function faultOf(route: Route): FaultConfig | undefined {
  const f = route.typedPerFilterConfig?.['envoy.filters.http.fault'];
  if (!isRecord(f)) return undefined;
  const out: FaultConfig = {};
  const d = f['delay'];
  if (isRecord(d) && typeof d['fixedDelay'] === 'string') {
    const p = fraction(d['percentage']);
    out.delay = { fixedDelay: d['fixedDelay'], ...(p ? { percentage: p } : {}) };
  }
  const a = f['abort'];
  if (isRecord(a)) {
    const p = fraction(a['percentage']);
    out.abort = {
      ...(typeof a['httpStatus'] === 'number' ? { httpStatus: a['httpStatus'] } : {}),
      ...(typeof a['grpcStatus'] === 'number' ? { grpcStatus: a['grpcStatus'] } : {}),
      ...(p ? { percentage: p } : {}),
    };
  }
  return out;
}

export interface CorsConfig {
  allowOriginStringMatch: { exact?: string; prefix?: string; suffix?: string; contains?: string; safeRegex?: { regex: string }; ignoreCase?: boolean }[];
  allowMethods?: string;
  allowHeaders?: string;
  exposeHeaders?: string;
  maxAge?: string;
  allowCredentials?: boolean;
  forwardNotMatchingPreflights: boolean;
}

/** The route's CorsPolicy (typedPerFilterConfig), read back. */
export function corsOf(route: Route): CorsConfig | undefined {
  const c = route.typedPerFilterConfig?.['envoy.filters.http.cors'];
  if (!isRecord(c)) return undefined;
  const origins = Array.isArray(c['allowOriginStringMatch']) ? c['allowOriginStringMatch'].filter(isRecord) : [];
  const str = (k: string): string | undefined => (typeof c[k] === 'string' ? c[k] : undefined);
  const out: CorsConfig = {
    allowOriginStringMatch: origins.map((o) => ({
      ...(typeof o['exact'] === 'string' ? { exact: o['exact'] } : {}),
      ...(typeof o['prefix'] === 'string' ? { prefix: o['prefix'] } : {}),
      ...(typeof o['suffix'] === 'string' ? { suffix: o['suffix'] } : {}),
      ...(typeof o['contains'] === 'string' ? { contains: o['contains'] } : {}),
      ...(isRecord(o['safeRegex']) && typeof o['safeRegex']['regex'] === 'string' ? { safeRegex: { regex: o['safeRegex']['regex'] } } : {}),
      ...(o['ignoreCase'] === true ? { ignoreCase: true } : {}),
    })),
    forwardNotMatchingPreflights: c['forwardNotMatchingPreflights'] !== false,
  };
  const m = str('allowMethods');
  if (m !== undefined) out.allowMethods = m;
  const h = str('allowHeaders');
  if (h !== undefined) out.allowHeaders = h;
  const e = str('exposeHeaders');
  if (e !== undefined) out.exposeHeaders = e;
  const a = str('maxAge');
  if (a !== undefined) out.maxAge = a;
  if (typeof c['allowCredentials'] === 'boolean') out.allowCredentials = c['allowCredentials'];
  return out;
}

/** A CORS preflight: OPTIONS with Origin and Access-Control-Request-Method. */
export function isPreflight(req: ExplainRequest): boolean {
  return req.method === 'OPTIONS' && req.headers['origin'] !== undefined && req.headers['access-control-request-method'] !== undefined;
}

/** Envoy's CORS filter: the preflight's Origin is allowed. */
export function corsOriginAllowed(cors: CorsConfig, origin: string): boolean {
  return cors.allowOriginStringMatch.some((m) => stringMatches(m, origin));
}

export function routeOutcome(route: Route, req: ExplainRequest): RouteOutcome {
  const cors = corsOf(route);
  if (cors && isPreflight(req) && corsOriginAllowed(cors, req.headers['origin'] ?? '')) return { kind: 'cors-preflight', status: 200 };
  const abort = faultOf(route)?.abort;
  if (abort && (abort.httpStatus !== undefined || abort.grpcStatus !== undefined) && percentOf(abort.percentage) >= 100) {
    // Envoy's fault filter: an HTTP status wins; a gRPC status is sent as 200 + grpc-status.
    return abort.httpStatus !== undefined ? { kind: 'abort', status: abort.httpStatus } : { kind: 'abort', status: 200, grpcStatus: abort.grpcStatus ?? 0 };
  }
  if (route.route) {
    const a = route.route;
    if (a.cluster !== undefined) return { kind: 'forward', clusters: [{ name: a.cluster, weight: 100 }] };
    if (a.weightedClusters) return { kind: 'forward', clusters: a.weightedClusters.clusters.filter((c) => c.weight > 0).map((c) => ({ name: c.name, weight: c.weight })) };
    return { kind: 'none' };
  }
  if (route.redirect) {
    const r = route.redirect;
    const scheme = r.httpsRedirect ? 'https' : (r.schemeRedirect ?? req.scheme);
    const authority = req.headers['host'] ?? req.urlHost;
    const host = r.hostRedirect ?? authority.replace(/:\d+$/, '');
    const port = r.portRedirect !== undefined ? `:${r.portRedirect}` : r.hostRedirect === undefined && !r.httpsRedirect && r.schemeRedirect === undefined ? (authority.match(/:\d+$/)?.[0] ?? '') : '';
    let path = req.path;
    if (r.pathRedirect !== undefined && r.pathRedirect !== '') path = r.pathRedirect;
    else if (r.prefixRewrite !== undefined) path = prefixRewritten(route.match, req.path, r.prefixRewrite);
    const query = r.stripQuery || !req.query ? '' : `?${req.query}`;
    const status = r.responseCode ? (REDIRECT_CODES[r.responseCode] ?? 301) : 301;
    return { kind: 'redirect', status, location: `${scheme}://${host}${port}${path}${query}` };
  }
  if (route.directResponse) return { kind: 'direct', status: route.directResponse.status };
  return { kind: 'none' };
}
