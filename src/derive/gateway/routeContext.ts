// The RouteBuildContext a gateway hands to route translation: destination lookups as
// buildNameToServiceMapForHTTPRoutes does (the VS's namespace first, then any service visible to
// the gateway pod), and DestinationRule consistent hashing as the proxy sees it.
import type { ConfigIndex } from '../../model/configIndex.js';
import type { RouteBuildContext } from '../route/context.js';
import { destinationRuleFor, type EffectiveDestinationRule } from './destinationRules.js';
import { serviceForHostname, serviceRegistry, type MeshService } from './services.js';

export interface GatewayRouteScope {
  index: ConfigIndex;
  proxyNamespace: string;
  proxyLabels: Record<string, string>;
}

/** Lookups repeat for every route to the same host: remembered per scope (one derivation). */
interface ScopeCache {
  services: Map<string, MeshService | undefined>;
  destinationRules: Map<string, EffectiveDestinationRule | undefined>;
}

const scopeCaches = new WeakMap<GatewayRouteScope, ScopeCache>();

function cacheOf(scope: GatewayRouteScope): ScopeCache {
  let c = scopeCaches.get(scope);
  if (!c) scopeCaches.set(scope, (c = { services: new Map(), destinationRules: new Map() }));
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

function gatewayDestinationRule(scope: GatewayRouteScope, host: string): EffectiveDestinationRule | undefined {
  const cache = cacheOf(scope).destinationRules;
  if (cache.has(host)) return cache.get(host);
  const svc = lookupGatewayService(scope, host, scope.proxyNamespace);
  const dr = destinationRuleFor(scope.index, scope.proxyNamespace, host, svc?.namespace ?? scope.proxyNamespace);
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
      if (!dr) return undefined;
      const subset = destination?.subset;
      if (subset !== undefined && dr.subsetConsistentHash.has(subset)) return dr.subsetConsistentHash.get(subset);
      return dr.consistentHash;
    },
    lookupExternalName: (host, vsNamespace) => {
      const svc = lookupGatewayService(scope, host, vsNamespace);
      return svc?.alias && svc.source.kind === 'Service' ? svc.source.spec.externalName : undefined;
    },
    isTls,
  };
}
