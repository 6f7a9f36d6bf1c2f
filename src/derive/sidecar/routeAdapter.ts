// Wires the shared VS → Envoy route translation (src/derive/route/) into the sidecar's RouteBuilders.
// On a sidecar the service lookup only sees services on the port being built, each trimmed to that
// port (Istio's per-port servicesByName), so a destination without a port always gets that port.
import type { ConfigIndex } from '../../model/configIndex.js';
import type { ProxyWorkload } from '../proxyModel.js';
import { buildHttpRoutes, defaultRoute } from '../route/index.js';
import type { RouteBuilders } from './routeConfig.js';

export function sidecarRouteBuilders(index: ConfigIndex, workload: ProxyWorkload): RouteBuilders {
  return {
    vsRoutes: (vs, port, lookup) =>
      buildHttpRoutes(vs, {
        index,
        port,
        gatewayName: 'mesh',
        proxy: { namespace: workload.namespace, labels: workload.labels },
        domainSuffix: index.options.domainSuffix,
        lookupServicePorts: (host) => lookup(host)?.ports.map((p) => p.port),
        lookupExternalName: (host) => lookup(host)?.externalName,
      }),
    defaultRoute: (cluster, fqdn, port) => defaultRoute(cluster, fqdn, port),
  };
}
