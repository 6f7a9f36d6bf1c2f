// The bootstrap's static listeners, inline route configs and clusters that istioctl shows next to
// what istiod pushes (spec §4.4, §7.1; tools/packaging/common/envoy_bootstrap.json), reduced to
// the fields gwctl models.
import type { Cluster, Listener, RouteConfiguration } from '../../derive/envoy.js';

const inlineRoutes = (prefix: string, cluster: string): RouteConfiguration => ({
  virtualHosts: [{ name: 'backend', domains: ['*'], routes: [{ match: { prefix }, route: { cluster } }] }],
});

/** In the order istioctl's dump usually lists them: 15090 (prometheus) before 15021 (health). */
export const STATIC_ROUTE_CONFIGS: readonly RouteConfiguration[] = [inlineRoutes('/stats/prometheus', 'prometheus_stats'), inlineRoutes('/healthz/ready', 'agent')];

const staticListener = (port: number, statPrefix: string, routeConfig: RouteConfiguration): Listener => ({
  name: `0.0.0.0_${port}`,
  address: { socketAddress: { address: '0.0.0.0', portValue: port } },
  filterChains: [
    {
      filters: [
        {
          name: 'envoy.filters.network.http_connection_manager',
          typedConfig: {
            '@type': 'type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager',
            statPrefix,
            routeConfig,
          },
        },
      ],
    },
  ],
});

export const STATIC_LISTENERS: readonly Listener[] = [
  staticListener(15090, 'stats', STATIC_ROUTE_CONFIGS[0] ?? { virtualHosts: [] }),
  staticListener(15021, 'agent', STATIC_ROUTE_CONFIGS[1] ?? { virtualHosts: [] }),
];

const socketEndpoint = (name: string, address: Record<string, unknown>): Cluster['loadAssignment'] => ({
  clusterName: name,
  endpoints: [{ lbEndpoints: [{ endpoint: { address } }] }],
});

const staticCluster = (name: string, connectTimeout: string, address: Record<string, unknown>): Cluster => ({
  name,
  altStatName: `${name};`,
  type: 'STATIC',
  connectTimeout,
  loadAssignment: socketEndpoint(name, address),
});

export const STATIC_CLUSTERS: readonly Cluster[] = [
  staticCluster('prometheus_stats', '0.250s', { socketAddress: { address: '127.0.0.1', portValue: 15000 } }),
  staticCluster('agent', '0.250s', { socketAddress: { address: '127.0.0.1', portValue: 15020 } }),
  staticCluster('sds-grpc', '1s', { pipe: { path: './var/run/secrets/workload-spiffe-uds/socket' } }),
  staticCluster('xds-grpc', '1s', { pipe: { path: './etc/istio/proxy/XDS' } }),
];
