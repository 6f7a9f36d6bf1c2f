// Public surface of VirtualService → Envoy route translation.
export { buildHttpRoutes, completeRoute, hasHttpRoutes, deferred, matchOnly, streamHttpRoutes, type HttpRoutesResult, type RouteBuilder } from './buildRoutes.js';
export type { RouteBuildContext } from './context.js';
export { defaultRoute, type DefaultRouteOptions } from './defaultRoute.js';
export { isCatchAllRoute, sortVirtualHostRoutes } from './sort.js';
export { convertRetryPolicy } from './retry.js';
export { destinationCluster, subsetKey } from './cluster.js';
export { formatDuration } from './duration.js';
