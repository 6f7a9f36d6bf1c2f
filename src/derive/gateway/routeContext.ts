// The RouteBuildContext a gateway hands to route translation: destination lookups as
// buildNameToServiceMapForHTTPRoutes does (the VS's namespace first, then any service visible to
// the gateway pod), and DestinationRule consistent hashing as the proxy sees it.
import type { ConfigIndex } from '../../model/configIndex.js';
import type { RouteBuildContext } from '../route/context.js';
import { destinationRuleFor } from './destinationRules.js';
import { serviceForHostname, serviceRegistry, type MeshService } from './services.js';

export interface GatewayRouteScope {
  index: ConfigIndex;
  proxyNamespace: string;
  proxyLabels: Record<string, string>;
}

export function lookupGatewayService(scope: GatewayRouteScope, host: string, vsNamespace: string): MeshService | undefined {
  return serviceForHostname(serviceRegistry(scope.index), host, scope.proxyNamespace, vsNamespace);
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
      const svc = lookupGatewayService(scope, host, scope.proxyNamespace);
      const dr = destinationRuleFor(scope.index, scope.proxyNamespace, host, svc?.namespace ?? scope.proxyNamespace);
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
