// The RouteBuildContext a gateway hands to route translation: destination lookups as
// buildNameToServiceMapForHTTPRoutes does (the VS's namespace first, then any service visible to
// the gateway pod), and DestinationRule consistent hashing as the proxy sees it.
import type { ConfigIndex } from '../../model/configIndex.js';
import type { RouteBuildContext } from '../route/context.js';
import { destinationRuleIndex, type ResolvedDestinationRule } from '../cluster/destinationRules.js';
import { destinationHash } from '../sidecar/consistentHash.js';
import { serviceForHostname, serviceRegistry, type MeshService } from './services.js';

export interface GatewayRouteScope {
  index: ConfigIndex;
  proxyNamespace: string;
  proxyLabels: Record<string, string>;
}

/** Lookups repeat for every route to the same host: remembered per scope (one derivation). */
interface ScopeCache {
  services: Map<string, MeshService | undefined>;
  destinationRules: Map<string, ResolvedDestinationRule | undefined>;
}

const scopeCaches = new WeakMap<GatewayRouteScope, ScopeCache>();

function cacheOf(scope: GatewayRouteScope): ScopeCache {
  let c = scopeCaches.get(scope);
  if (!c) {
    scopeCaches.set(scope, (c = { services: new Map(), destinationRules: new Map() }));
    // Routes depend on DestinationRules (consistent hashing) whether or not a destination has one.
    destinationRuleIndex(scope.index);
  }
  return c;
}

export function lookupGatewayService(scope: GatewayRouteScope, host: string, vsNamespace: string): MeshService | undefined {
  const cache = cacheOf(scope).services;
  const key = `${vsNamespace}\u0000${host}`;
  if (cache.has(key)) return cache.get(key);
  const svc = serviceForHostname(serviceRegistry(scope.index), host, scope.proxyNamespace, vsNamespace);
  cache.set(key, svc);
  return svc;
}

/** The DestinationRule the gateway applies to a destination host (none when no visible service has that host). */
function gatewayDestinationRule(scope: GatewayRouteScope, host: string): ResolvedDestinationRule | undefined {
  const cache = cacheOf(scope).destinationRules;
  if (cache.has(host)) return cache.get(host);
  const svc = lookupGatewayService(scope, host, scope.proxyNamespace);
  const dr = svc ? destinationRuleIndex(scope.index).lookup({ namespace: scope.proxyNamespace, labels: scope.proxyLabels }, { hostname: host, namespace: svc.namespace }) : undefined;
  cache.set(host, dr);
  return dr;
}

export function gatewayRouteContext(scope: GatewayRouteScope, port: number, gatewayName: string, isTls: boolean): RouteBuildContext {
  return {
    index: scope.index,
    port,
    gatewayName,
    proxy: { namespace: scope.proxyNamespace, labels: scope.proxyLabels },
    domainSuffix: scope.index.options.domainSuffix,
    lookupServicePorts: (host, vsNamespace) => lookupGatewayService(scope, host, vsNamespace)?.ports.map((p) => p.port),
    consistentHash: (host, destination) => {
      const dr = gatewayDestinationRule(scope, host);
      return dr ? destinationHash(dr, destination ?? {}) : undefined;
    },
    lookupExternalName: (host, vsNamespace) => {
      const svc = lookupGatewayService(scope, host, vsNamespace);
      return svc?.alias && svc.source.kind === 'Service' ? svc.source.spec.externalName : undefined;
    },
    isTls,
  };
}
