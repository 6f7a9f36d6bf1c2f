// Catch-all detection and vhost route ordering (IsCatchAllRoute, SortVHostRoutes; spec 5.3).
import type { Route } from '../envoy.js';

/** No header/query/metadata matchers and path prefix `/`, path-separated prefix `/`, or regex `.*`. */
export function isCatchAllRoute(r: Route): boolean {
  const m = r.match;
  let catchAll = false;
  if (m.prefix !== undefined) catchAll = m.prefix === '/';
  else if (m.path !== undefined) catchAll = false;
  else if (m.safeRegex !== undefined) catchAll = m.safeRegex.regex === '.*';
  else if (m.pathSeparatedPrefix !== undefined) catchAll = m.pathSeparatedPrefix === '/';
  return catchAll && (m.headers?.length ?? 0) === 0 && (m.queryParameters?.length ?? 0) === 0 && (m.dynamicMetadata?.length ?? 0) === 0;
}

/** Stable: catch-all routes move to the end, everything else keeps its relative order. */
export function sortVirtualHostRoutes(routes: readonly Route[]): Route[] {
  const out: Route[] = [];
  let catchAlls: Route[] | undefined;
  for (let i = 0; i < routes.length; i++) {
    const r = routes[i] as Route;
    if (isCatchAllRoute(r)) (catchAlls ??= []).push(r);
    else out.push(r);
  }
  if (catchAlls !== undefined) for (let i = 0; i < catchAlls.length; i++) out.push(catchAlls[i] as Route);
  return out;
}
