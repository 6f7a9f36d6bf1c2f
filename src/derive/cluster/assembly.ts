// A cluster being assembled: its HTTP protocol options kept apart until the end (finishHttp puts
// them in typedExtensionProtocolOptions, in proto order), and what every step reads (Ctx).
import type { ConfigIndex } from '../../model/configIndex.js';
import type { MeshConfig } from '../../model/mesh.js';
import type { Cluster, TypedConfig } from '../envoy.js';
import type { Protocol } from '../sidecar/protocol.js';
import { HTTP_PROTOCOL_OPTIONS, HTTP_PROTOCOL_OPTIONS_TYPE } from './envoyParts.js';

export const isHttp2 = (p: Protocol): boolean => p === 'HTTP2' || p === 'GRPC' || p === 'GRPC-Web';
export const isHttp = (p: Protocol): boolean => isHttp2(p) || p === 'HTTP' || p === 'HTTP_PROXY';

/** The proxy the clusters are built for. */
export interface ClusterProxy {
  mode: 'gateway' | 'sidecar';
  namespace: string;
  labels: Readonly<Record<string, string>>;
  ip?: string;
}

/** HttpProtocolOptions being assembled (upstreams.http.v3), keys in proto order at the end. */
export interface HttpOptions {
  commonHttpProtocolOptions?: Record<string, unknown>;
  upstreamHttpProtocolOptions?: { autoSni?: boolean; autoSanValidation?: boolean };
  explicitHttpConfig?: { httpProtocolOptions?: Record<string, never>; http2ProtocolOptions?: Record<string, unknown> };
  useDownstreamProtocolConfig?: { httpProtocolOptions: Record<string, never>; http2ProtocolOptions: Record<string, never> };
}

export interface Wrapper {
  cluster: Cluster;
  http?: HttpOptions;
}

export function setH2(w: Wrapper): void {
  w.http ??= {};
  if (!w.http.explicitHttpConfig && !w.http.useDownstreamProtocolConfig) w.http.explicitHttpConfig = { http2ProtocolOptions: {} };
}

export function setUseDownstream(w: Wrapper): void {
  w.http ??= {};
  delete w.http.explicitHttpConfig;
  w.http.useDownstreamProtocolConfig = { httpProtocolOptions: {}, http2ProtocolOptions: {} };
}

export function finishHttp(w: Wrapper): void {
  const h = w.http;
  if (!h) return;
  if (!h.explicitHttpConfig && !h.useDownstreamProtocolConfig) h.explicitHttpConfig = { httpProtocolOptions: {} };
  const opts: TypedConfig = { '@type': HTTP_PROTOCOL_OPTIONS_TYPE };
  if (h.commonHttpProtocolOptions) opts['commonHttpProtocolOptions'] = h.commonHttpProtocolOptions;
  if (h.upstreamHttpProtocolOptions) opts['upstreamHttpProtocolOptions'] = h.upstreamHttpProtocolOptions;
  if (h.explicitHttpConfig) opts['explicitHttpConfig'] = h.explicitHttpConfig;
  if (h.useDownstreamProtocolConfig) opts['useDownstreamProtocolConfig'] = h.useDownstreamProtocolConfig;
  w.cluster.typedExtensionProtocolOptions = { [HTTP_PROTOCOL_OPTIONS]: opts };
}

export interface Ctx {
  index: ConfigIndex;
  mesh: MeshConfig;
  proxy: ClusterProxy;
}
