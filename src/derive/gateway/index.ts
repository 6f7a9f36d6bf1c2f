// Gateway derivation: workloads, Gateway binding and merging, listeners, routes and clusters.
export { deriveGatewayConfig, defaultRouteTranslator, matchOnlyRouteTranslator, targetsFor, type GatewayDeriveOptions } from './deriveGatewayConfig.js';
export { resolveWorkload, parseTarget } from './resolveWorkload.js';
export type { RouteTranslator, VsRoutes } from './routeTranslator.js';
