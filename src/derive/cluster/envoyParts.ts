// Small Envoy building blocks istiod puts on clusters, in proto field order, as istioctl prints them.
import { sharedPart } from '../../model/sharedParts.js';
import type { TransportSocketMatch, TypedConfig, UpstreamTransportSocket } from '../envoy.js';

export const HTTP_PROTOCOL_OPTIONS = 'envoy.extensions.upstreams.http.v3.HttpProtocolOptions';
export const HTTP_PROTOCOL_OPTIONS_TYPE = `type.googleapis.com/${HTTP_PROTOCOL_OPTIONS}`;

export const EDS_CONFIG = { ads: {}, initialFetchTimeout: '0s', resourceApiVersion: 'V3' } as const;

/** uint32 max: istiod's default circuit breaker thresholds (getDefaultCircuitBreakerThresholds). */
export const MAX_UINT32 = 4294967295;

/** An SDS secret from the agent (sds-grpc), as pkg/model constructSdsSecretConfig builds it. */
export function sdsSecretConfig(name: string, cluster = 'sds-grpc'): Record<string, unknown> {
  const fixed = name === 'default' || name === 'ROOTCA';
  return {
    name,
    sdsConfig: {
      apiConfigSource: {
        apiType: 'GRPC',
        transportApiVersion: 'V3',
        grpcServices: [{ envoyGrpc: { clusterName: cluster } }],
        setNodeOnFirstMessageOnly: true,
      },
      ...(fixed ? { initialFetchTimeout: '0s' } : {}),
      resourceApiVersion: 'V3',
    },
  };
}

export const RAW_BUFFER: UpstreamTransportSocket = sharedPart({
  name: 'envoy.transport_sockets.raw_buffer',
  typedConfig: { '@type': 'type.googleapis.com/envoy.extensions.transport_sockets.raw_buffer.v3.RawBuffer' },
});

/** Auto mTLS's plaintext match, the same on every cluster. */
const PLAINTEXT_MATCH: TransportSocketMatch = sharedPart({ name: 'tlsMode-disabled', match: {}, transportSocket: RAW_BUFFER });

export function tlsSocket(upstreamTlsContext: Record<string, unknown>): UpstreamTransportSocket {
  const typedConfig: TypedConfig = { '@type': 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext', ...upstreamTlsContext };
  return { name: 'envoy.transport_sockets.tls', typedConfig };
}

/** Auto mTLS: Istio mTLS to endpoints labelled tlsMode=istio, plaintext to the others. */
export function autoMtlsMatches(socket: UpstreamTransportSocket): TransportSocketMatch[] {
  return [
    { name: 'tlsMode-istio', match: { tlsMode: 'istio' }, transportSocket: socket },
    PLAINTEXT_MATCH,
  ];
}

/** The metadata exchange network filter istiod puts on every outbound cluster (PILOT_ENABLE_METADATA_EXCHANGE). */
export const METADATA_EXCHANGE_FILTER = sharedPart({
  name: 'istio.metadata_exchange',
  typedConfig: {
    '@type': 'type.googleapis.com/udpa.type.v1.TypedStruct',
    typeUrl: 'type.googleapis.com/envoy.tcp.metadataexchange.config.MetadataExchange',
    value: { enable_discovery: true, protocol: 'istio-peer-exchange' },
  },
} as const);
