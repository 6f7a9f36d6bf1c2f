// Tracing decorator operation (GetRouteOperation): `<host>:<port><path>` for a single valid cluster,
// else `<vsName>:<portBeingBuilt><path>`.
import type { Route } from '../envoy.js';
import { parseSubsetKey } from './cluster.js';

export function routeOperation(route: Route, vsName: string, port: number): string {
  const m = route.match;
  let path = '/*';
  if (m.prefix !== undefined) path = `${m.prefix}*`;
  else if (m.path !== undefined) path = m.path;
  else if (m.safeRegex !== undefined) path = m.safeRegex.regex;
  const parsed = route.route?.cluster !== undefined ? parseSubsetKey(route.route.cluster) : undefined;
  if (parsed) return `${parsed.host}:${parsed.port}${path}`;
  return `${vsName}:${port}${path}`;
}
