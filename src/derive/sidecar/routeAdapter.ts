// Wires the shared VS → Envoy route translation (src/derive/route/) into the sidecar's RouteBuilders.
// On a sidecar the service lookup only sees services on the port being built, each trimmed to that
// port (Istio's per-port servicesByName), so a destination without a port always gets that port.
import type { ConfigIndex } from '../../model/configIndex.js';
import { resolveShortnameToFqdn } from '../../model/hosts.js';
import type { ProxyWorkload } from '../proxyConfig.js';
import type { NormalizedVirtualService } from '../../model/virtualServices.js';
import { buildHttpRoutes, defaultRoute, hasHttpRoutes, streamHttpRoutes, type RouteBuildContext } from '../route/index.js';
import type { ResolvedDestinationRule } from './clusters.js';
import { destinationHash, serviceHash } from './consistentHash.js';
import type { MeshService } from './registry.js';
import type { RouteBuilders } from './routeConfig.js';

/** The DestinationRule the sidecar applies to a host (undefined when the host is no service in scope). */
export type DestinationRuleFor = (host: string) => ResolvedDestinationRule | undefined;

export function sidecarRouteBuilders(index: ConfigIndex, workload: ProxyWorkload, drFor: DestinationRuleFor = () => undefined): RouteBuilders {
  const { domainSuffix } = index.options;
  const contextOf = (vs: NormalizedVirtualService, port: number, lookup: (host: string) => MeshService | undefined): RouteBuildContext => ({
    index,
    port,
    gatewayName: 'mesh',
    proxy: { namespace: workload.namespace, labels: workload.labels },
    domainSuffix,
    lookupServicePorts: (host) => lookup(host)?.ports.map((p) => p.port),
    lookupExternalName: (host) => lookup(host)?.externalName,
    consistentHash: (host, destination) => {
      const dr = drFor(resolveShortnameToFqdn(host, vs.vs.namespace, domainSuffix));
      return dr ? destinationHash(dr, destination ?? {}) : undefined;
    },
  });
  return {
    vsRoutes: (vs, port, lookup) => buildHttpRoutes(vs, contextOf(vs, port, lookup)),
    hasVsRoutes: (vs, port, lookup) => hasHttpRoutes(vs, contextOf(vs, port, lookup)),
    streamVsRoutes: (vs, port, lookup) => streamHttpRoutes(vs, contextOf(vs, port, lookup)),
    defaultRoute: (cluster, fqdn, port) => {
      const dr = drFor(fqdn);
      const hash = dr ? serviceHash(dr, port) : undefined;
      return defaultRoute(cluster, fqdn, port, hash !== undefined ? { consistentHash: hash } : {});
    },
  };
}
