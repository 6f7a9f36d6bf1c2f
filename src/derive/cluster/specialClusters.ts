// The clusters every proxy has whatever the inputs: BlackHoleCluster, PassthroughCluster,
// InboundPassthroughCluster.
import type { MeshConfig } from '../../model/mesh.js';
import type { Cluster, TypedConfig } from '../envoy.js';
import { inProtoOrder } from './clusterOrder.js';
import { protoDuration } from './durations.js';
import { HTTP_PROTOCOL_OPTIONS, HTTP_PROTOCOL_OPTIONS_TYPE, MAX_UINT32, METADATA_EXCHANGE_FILTER } from './envoyParts.js';

/** BlackHoleCluster (STATIC, no endpoints; ROUND_ROBIN, the zero value, is not printed). */
export function blackHoleCluster(mesh: MeshConfig): Cluster {
  return { name: 'BlackHoleCluster', altStatName: 'BlackHoleCluster;', type: 'STATIC', connectTimeout: protoDuration(mesh.connectTimeout) };
}

const PASSTHROUGH_HTTP_OPTIONS: TypedConfig = {
  '@type': HTTP_PROTOCOL_OPTIONS_TYPE,
  commonHttpProtocolOptions: { idleTimeout: '300s' },
  useDownstreamProtocolConfig: { httpProtocolOptions: {}, http2ProtocolOptions: {} },
};

const defaultThresholds = () => ({ thresholds: [{ maxConnections: MAX_UINT32, maxPendingRequests: MAX_UINT32, maxRequests: MAX_UINT32, maxRetries: MAX_UINT32 }] });

/** PassthroughCluster (ORIGINAL_DST, sidecars only). */
export function passthroughCluster(mesh: MeshConfig): Cluster {
  return inProtoOrder({
    name: 'PassthroughCluster',
    altStatName: 'PassthroughCluster;',
    type: 'ORIGINAL_DST',
    connectTimeout: protoDuration(mesh.connectTimeout),
    lbPolicy: 'CLUSTER_PROVIDED',
    circuitBreakers: defaultThresholds(),
    typedExtensionProtocolOptions: { [HTTP_PROTOCOL_OPTIONS]: PASSTHROUGH_HTTP_OPTIONS },
    filters: [METADATA_EXCHANGE_FILTER],
  });
}

/** InboundPassthroughCluster: the passthrough cluster bound to 127.0.0.6 (and ::6 for dual-stack proxies). */
export function inboundPassthroughCluster(mesh: MeshConfig, ipv6Only = false): Cluster {
  return inProtoOrder({
    name: 'InboundPassthroughCluster',
    altStatName: 'InboundPassthroughCluster;',
    type: 'ORIGINAL_DST',
    connectTimeout: protoDuration(mesh.connectTimeout),
    lbPolicy: 'CLUSTER_PROVIDED',
    circuitBreakers: defaultThresholds(),
    typedExtensionProtocolOptions: { [HTTP_PROTOCOL_OPTIONS]: PASSTHROUGH_HTTP_OPTIONS },
    upstreamBindConfig: { sourceAddress: { address: ipv6Only ? '::6' : '127.0.0.6', portValue: 0 } },
  });
}
