// Tracing decorator operation (GetRouteOperation): `<host>:<port><path>` for a single valid cluster,
// else `<vsName>:<portBeingBuilt><path>`.
import type { Route } from '../envoy.js';
import { parseSubsetKey } from './cluster.js';

/** `target`: the host and port of the route's cluster when known (what parseSubsetKey would read from its name). */
export function routeOperation(route: Route, vsName: string, port: number, target?: { clusterHost?: string; clusterPort?: number }): string {
  const m = route.match;
  let path = '/*';
  if (m.prefix !== undefined) path = `${m.prefix}*`;
  else if (m.path !== undefined) path = m.path;
  else if (m.safeRegex !== undefined) path = m.safeRegex.regex;
  if (target?.clusterHost !== undefined && target.clusterPort !== undefined && route.route?.cluster !== undefined) return `${target.clusterHost}:${target.clusterPort}${path}`;
  const parsed = route.route?.cluster !== undefined ? parseSubsetKey(route.route.cluster) : undefined;
  if (parsed) return `${parsed.host}:${parsed.port}${path}`;
  return `${vsName}:${port}${path}`;
}
