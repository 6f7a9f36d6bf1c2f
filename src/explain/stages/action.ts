// What the matched route does: forward to clusters, redirect, answer directly, or abort (fault at 100%).
import type { Route } from '../../derive/envoy.js';
import type { ClusterWeight, ExplainRequest } from '../types.js';

export type RouteOutcome =
  | { kind: 'forward'; clusters: ClusterWeight[] }
  | { kind: 'redirect'; status: number; location: string }
  | { kind: 'direct'; status: number }
  | { kind: 'abort'; status: number }
  | { kind: 'none' };

const REDIRECT_CODES: Record<string, number> = { FOUND: 302, SEE_OTHER: 303, TEMPORARY_REDIRECT: 307, PERMANENT_REDIRECT: 308 };

function faultAbortStatus(route: Route): number | undefined {
  const fault = route.typedPerFilterConfig?.['envoy.filters.http.fault'];
  if (typeof fault !== 'object' || fault === null) return undefined;
  const abort = (fault as { abort?: { httpStatus?: number; percentage?: { numerator?: number; denominator?: string } } }).abort;
  if (!abort || abort.httpStatus === undefined) return undefined;
  const p = abort.percentage;
  // Only an abort that always fires decides the answer; a partial one is reported as a note.
  const full = !p || (p.numerator ?? 0) >= ({ HUNDRED: 100, TEN_THOUSAND: 10000, MILLION: 1000000 }[p.denominator ?? 'HUNDRED'] ?? 100);
  return full ? abort.httpStatus : undefined;
}

export function routeOutcome(route: Route, req: ExplainRequest): RouteOutcome {
  const abort = faultAbortStatus(route);
  if (abort !== undefined) return { kind: 'abort', status: abort };
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
    const query = r.stripQuery || !req.query ? '' : `?${req.query}`;
    const status = r.responseCode ? (REDIRECT_CODES[r.responseCode] ?? 301) : 301;
    return { kind: 'redirect', status, location: `${scheme}://${host}${port}${path}${query}` };
  }
  if (route.directResponse) return { kind: 'direct', status: route.directResponse.status };
  return { kind: 'none' };
}
