// Gateway API route precedence: the order istiod gives merged HTTP routes (sortHTTPRoutes).
import type { HttpRoute } from '../../schema/kinds/virtualService.js';

function uriRank(r: HttpRoute): number {
  const u = r.match?.[0]?.uri;
  if (!u) return -1;
  if (u.exact !== undefined) return 3;
  if (u.prefix !== undefined) return 2;
  if (u.regex !== undefined) return 1;
  return -1;
}
function uriLength(r: HttpRoute): number {
  const u = r.match?.[0]?.uri;
  if (!u) return 0;
  return (u.prefix ?? u.exact ?? u.regex ?? '').length;
}
/** Go's sortHTTPRoutes "less". */
function httpLess(a: HttpRoute, b: HttpRoute): boolean {
  const ma = a.match?.[0];
  const mb = b.match?.[0];
  if (!ma) return false;
  if (!mb) return true;
  const ra = uriRank(a);
  const rb = uriRank(b);
  if (ra !== rb) return ra > rb;
  const la = uriLength(a);
  const lb = uriLength(b);
  if (la !== lb) return la > lb;
  if ((ma.method === undefined) !== (mb.method === undefined)) return ma.method !== undefined;
  const ha = Object.keys(ma.headers ?? {}).length;
  const hb = Object.keys(mb.headers ?? {}).length;
  if (ha !== hb) return ha > hb;
  return Object.keys(ma.queryParams ?? {}).length > Object.keys(mb.queryParams ?? {}).length;
}

export function sortHttpRoutes<T extends { route: HttpRoute }>(list: T[]): T[] {
  return list.sort((x, y) => (httpLess(x.route, y.route) ? -1 : httpLess(y.route, x.route) ? 1 : 0));
}
