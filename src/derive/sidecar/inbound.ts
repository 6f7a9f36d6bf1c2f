// The sidecar's inbound side, as istiod builds it (listener_inbound.go buildInboundListeners,
// buildInboundChainConfigs, inboundChainForOpts, buildInboundPassthroughChains, populateListenerFilters;
// filterchain_options.go; httproute.go buildSidecarInboundHTTPRouteConfig; cluster.go
// buildInboundClusters and cluster_builder.go buildInboundCluster): the `virtualInbound` listener on
// 15006 with one set of filter chains per workload port (by the PeerAuthentication mTLS mode and the
// port's protocol), the passthrough chains for every other port, real listeners for Sidecar ingress
// ports with captureMode NONE, and the `inbound|<port>||` clusters.
import type { ServerTls } from '../../schema/kinds/gateway.js';
import type { Sidecar } from '../../model/resource.js';
import type { MeshConfig } from '../../model/mesh.js';
import type { ConfigIndex } from '../../model/configIndex.js';
import { finishInboundCluster } from '../cluster/outboundCluster.js';
import { destinationRuleConfigPath, destinationRuleIndex } from '../cluster/destinationRules.js';
import { portLevelPolicy, type ClusterPolicy } from '../cluster/policy.js';
import type { Cluster, FilterChain, FilterChainMatch, Listener, ListenerFilter, ListenerFilterPredicate, NetworkFilter, Route, TransportSocket } from '../envoy.js';
import { mtlsModeForPort, type MtlsMode, type PeerAuthnPolicy } from './peerAuthn.js';
import { isHttp, listenerProtocolOf, parseProtocol, type Protocol } from './protocol.js';

export const VIRTUAL_INBOUND = 'virtualInbound';
export const INBOUND_PORT = 15006;
const CATCHALL_HTTP = 'virtualInbound-catchall-http';
const BLACKHOLE_CHAIN = 'virtualInbound-blackhole';
export const INBOUND_PASSTHROUGH = 'InboundPassthroughCluster';

const ORIGINAL_DST = 'envoy.filters.listener.original_dst';
const TLS_INSPECTOR = 'envoy.filters.listener.tls_inspector';
const HTTP_INSPECTOR = 'envoy.filters.listener.http_inspector';
const HCM_TYPE = 'type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager';
const TCP_PROXY_TYPE = 'type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy';

// listener.go: PILOT_HTTP10 is off by default, so plaintext HTTP/1.0 is not matched.
const PLAINTEXT_HTTP_ALPNS = ['http/1.1', 'h2c'];
const MTLS_HTTP_ALPNS = ['istio-http/1.0', 'istio-http/1.1', 'istio-h2'];
const ALL_ISTIO_MTLS_ALPNS = ['istio', 'istio-peer-exchange', 'istio-http/1.0', 'istio-http/1.1', 'istio-h2'];
const MTLS_TCP_WITH_MXC_ALPNS = ['istio-peer-exchange', 'istio'];

/** Ports of the proxy's own listeners: a workload port there gets no chain (conflictWithReservedListener). */
const RESERVED_PORTS: ReadonlySet<number> = new Set([15001, 15006, 15021, 15090]);

/** A port of a Service (or ServiceEntry) that this workload backs. */
export interface InboundTarget {
  hostname: string;
  /** Istio's Attributes.Name (the host for a ServiceEntry). */
  serviceName: string;
  namespace: string;
  registry: 'Kubernetes' | 'External';
  meshExternal: boolean;
  /** The service port. */
  port: number;
  portName: string;
  protocol: Protocol;
  /** The workload port (targetPort resolved). */
  targetPort: number;
}

/** inboundChainConfig. */
export interface InboundChain {
  /** The service port (or the Sidecar ingress port): names the virtual host and the trace operation. */
  port: number;
  portName: string;
  protocol: Protocol;
  /** The workload port: the chain's destination port and the cluster's name. */
  targetPort: number;
  bind: string;
  clusterName: string;
  /** The service host (or `<sidecar>.<namespace>` for a Sidecar ingress port). */
  hostname: string;
  /** Every service target on this workload port (the cluster's telemetry metadata). */
  targets: InboundTarget[];
  /** The port's protocol as declared (before a Sidecar ingress `tls` terminates it). */
  declaredProtocol: Protocol;
  /** Set when the chain comes from a Sidecar ingress listener. */
  sidecar?: { namespace: string; name: string; index: number };
  defaultEndpoint?: string;
  /** Custom TLS of the Sidecar ingress listener (ENABLE_TLS_ON_SIDECAR_INGRESS). */
  tls?: ServerTls;
  /** captureMode NONE: a real listener bound to the port instead of a chain of virtualInbound. */
  bindToPort: boolean;
}

export interface InboundInput {
  index: ConfigIndex;
  proxy: { namespace: string; labels: Readonly<Record<string, string>> };
  targets: readonly InboundTarget[];
  sidecar?: Sidecar | undefined;
  peerAuthn: PeerAuthnPolicy;
  mesh: MeshConfig;
  proxyIp?: string | undefined;
  /** ENABLE_TLS_ON_SIDECAR_INGRESS (default off): Sidecar ingress `tls` is honoured. */
  tlsOnSidecarIngress?: boolean;
}

export interface InboundConfig {
  chains: InboundChain[];
  listeners: Listener[];
  clusters: Cluster[];
}

const wildcardOf = (ip: string | undefined): string => (ip?.includes(':') ? '::' : '0.0.0.0');
const localhostOf = (ip: string | undefined): string => (ip?.includes(':') ? '::1' : '127.0.0.1');

/** buildInboundChainConfigs: service targets by workload port (the first service wins), or the Sidecar's ingress listeners. */
export function inboundChains(input: InboundInput): InboundChain[] {
  const wildcard = wildcardOf(input.proxyIp);
  const byPort = new Map<number, InboundChain>();
  const ingress = input.sidecar?.spec.ingress ?? [];
  if (ingress.length === 0) {
    for (const t of input.targets) {
      const existing = byPort.get(t.targetPort);
      if (existing) {
        existing.targets.push(t);
        continue;
      }
      if (RESERVED_PORTS.has(t.targetPort)) continue;
      byPort.set(t.targetPort, {
        port: t.port,
        portName: t.portName,
        protocol: t.protocol,
        declaredProtocol: t.protocol,
        targetPort: t.targetPort,
        bind: wildcard,
        clusterName: `inbound|${t.targetPort}||`,
        hostname: t.hostname,
        targets: [t],
        bindToPort: false,
      });
    }
  } else {
    const sc = input.sidecar;
    ingress.forEach((il, i) => {
      const number = il.port.number ?? 0;
      if (number <= 0 || byPort.has(number) || !sc) return;
      const declaredProtocol = parseProtocol(il.port.protocol);
      let protocol = declaredProtocol;
      const bindToPort = il.captureMode === 'NONE';
      const bind = il.bind ?? '';
      if ((bind === '' ? isHttp(protocol) : bind === wildcard) && RESERVED_PORTS.has(number) && number !== 15001 && number !== 15006) return;
      const tls = il.tls && input.tlsOnSidecarIngress ? il.tls : undefined;
      // AfterTLSTermination: HTTPS → HTTP, TLS → TCP once the sidecar terminates it.
      if (tls) protocol = protocol === 'HTTPS' ? 'HTTP' : protocol === 'TLS' ? 'TCP' : protocol;
      byPort.set(number, {
        port: number,
        portName: il.port.name ?? '',
        protocol,
        declaredProtocol,
        targetPort: number,
        // getSidecarInboundBindIPs: the pod's (global unicast) IP, else the wildcard.
        bind: bind !== '' ? bind : (input.proxyIp ?? wildcard),
        clusterName: `inbound|${number}||`,
        hostname: `${sc.name}.${sc.namespace}`,
        targets: input.targets.filter((t) => t.targetPort === number),
        sidecar: { namespace: sc.namespace, name: sc.name, index: i },
        ...(il.defaultEndpoint !== undefined ? { defaultEndpoint: il.defaultEndpoint } : {}),
        ...(tls ? { tls } : {}),
        bindToPort,
      });
    });
  }
  return [...byPort.values()].sort((a, b) => a.targetPort - b.targetPort);
}

interface MatchOption {
  protocol: 'HTTP' | 'TCP';
  transport: 'tls' | 'raw_buffer';
  alpn?: readonly string[];
  /** The chain terminates TLS (Istio mTLS, or the Sidecar ingress TLS). */
  terminate?: boolean;
}

/** getFilterChainMatchOptions. */
function matchOptions(mode: MtlsMode, lp: 'HTTP' | 'TCP' | 'Auto'): MatchOption[] {
  if (lp === 'HTTP') {
    if (mode === 'STRICT') return [{ protocol: 'HTTP', transport: 'tls', terminate: true }];
    if (mode === 'PERMISSIVE') return [{ protocol: 'HTTP', transport: 'tls', alpn: ALL_ISTIO_MTLS_ALPNS, terminate: true }, { protocol: 'HTTP', transport: 'raw_buffer' }];
    return [{ protocol: 'HTTP', transport: 'raw_buffer' }];
  }
  if (lp === 'Auto') {
    if (mode === 'STRICT') return [{ protocol: 'HTTP', transport: 'tls', alpn: MTLS_HTTP_ALPNS, terminate: true }, { protocol: 'TCP', transport: 'tls', terminate: true }];
    if (mode === 'PERMISSIVE') {
      return [
        { protocol: 'HTTP', transport: 'tls', alpn: MTLS_HTTP_ALPNS, terminate: true },
        { protocol: 'HTTP', transport: 'raw_buffer', alpn: PLAINTEXT_HTTP_ALPNS },
        { protocol: 'TCP', transport: 'tls', alpn: MTLS_TCP_WITH_MXC_ALPNS, terminate: true },
        { protocol: 'TCP', transport: 'raw_buffer' },
        { protocol: 'TCP', transport: 'tls' },
      ];
    }
    return [{ protocol: 'HTTP', transport: 'raw_buffer', alpn: PLAINTEXT_HTTP_ALPNS }, { protocol: 'TCP', transport: 'raw_buffer' }];
  }
  if (mode === 'STRICT') return [{ protocol: 'TCP', transport: 'tls', terminate: true }];
  if (mode === 'PERMISSIVE') return [{ protocol: 'TCP', transport: 'tls', alpn: ALL_ISTIO_MTLS_ALPNS, terminate: true }, { protocol: 'TCP', transport: 'tls' }, { protocol: 'TCP', transport: 'raw_buffer' }];
  return [{ protocol: 'TCP', transport: 'raw_buffer' }];
}

const chainProtocol = (p: Protocol): 'HTTP' | 'TCP' | 'Auto' => {
  const lp = listenerProtocolOf(p);
  return lp === 'None' ? 'TCP' : lp;
};

/** The Istio mTLS server context (authn BuildInboundTLS): the workload certificate, client certificates required. */
function istioMtlsSocket(protocol: 'HTTP' | 'TCP'): TransportSocket {
  return {
    name: 'envoy.transport_sockets.tls',
    typedConfig: {
      '@type': 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext',
      commonTlsContext: {
        tlsParams: { tlsMinimumProtocolVersion: 'TLSv1_2', tlsMaximumProtocolVersion: 'TLSv1_3' },
        tlsCertificateSdsSecretConfigs: [{ name: 'default' }],
        combinedValidationContext: { defaultValidationContext: {}, validationContextSdsSecretConfig: { name: 'ROOTCA' } },
        alpnProtocols: protocol === 'TCP' ? ['istio-peer-exchange', 'h2', 'http/1.1'] : ['h2', 'http/1.1'],
      },
      requireClientCertificate: true,
    },
  };
}

/** BuildListenerTLSContext for a Sidecar ingress port's own TLS (file certificates or a credentialName). */
function customTlsSocket(tls: ServerTls): TransportSocket {
  const cred = tls.credentialName;
  const name = cred ? (cred.includes('://') ? cred : `kubernetes://${cred}`) : `file-cert:${tls.serverCertificate ?? ''}~${tls.privateKey ?? ''}`;
  return {
    name: 'envoy.transport_sockets.tls',
    typedConfig: {
      '@type': 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext',
      commonTlsContext: { tlsCertificateSdsSecretConfigs: [{ name }] },
      requireClientCertificate: tls.mode === 'MUTUAL' || tls.mode === 'OPTIONAL_MUTUAL',
    },
  };
}

function chainMatch(targetPort: number, o: MatchOption): FilterChainMatch {
  const m: FilterChainMatch = {};
  if (targetPort > 0) m.destinationPort = targetPort;
  m.transportProtocol = o.transport;
  if (o.alpn) m.applicationProtocols = [...o.alpn];
  return m;
}

/** BuildDefaultHTTPInboundRoute: everything to the inbound cluster, no timeout, retried only before the request is sent. */
export function inboundRoute(clusterName: string, operation: string, protocol: Protocol): Route {
  const grpc = protocol === 'GRPC' || protocol === 'GRPC-Web';
  return {
    name: 'default',
    match: { prefix: '/' },
    route: {
      cluster: clusterName,
      timeout: '0s',
      ...(grpc ? {} : { retryPolicy: { retryOn: 'reset-before-request', numRetries: 2 } }),
      maxStreamDuration: { maxStreamDuration: '0s', grpcTimeoutHeaderMax: '0s' },
    },
    decorator: { operation },
  };
}

function hcm(statPrefix: string, clusterName: string, port: number, operation: string, protocol: Protocol): NetworkFilter {
  return {
    name: 'envoy.filters.network.http_connection_manager',
    typedConfig: {
      '@type': HCM_TYPE,
      statPrefix,
      routeConfig: {
        name: clusterName,
        virtualHosts: [{ name: `inbound|http|${port}`, domains: ['*'], routes: [inboundRoute(clusterName, operation, protocol)] }],
        validateClusters: false,
      },
    },
  };
}

const tcpProxy = (cluster: string): NetworkFilter => ({ name: 'envoy.filters.network.tcp_proxy', typedConfig: { '@type': TCP_PROXY_TYPE, statPrefix: cluster, cluster } });

/** inboundChainForOpts for one chain config. */
function chainsFor(c: InboundChain, mode: MtlsMode): FilterChain[] {
  let options: MatchOption[];
  let socket = (o: MatchOption): TransportSocket | undefined => (o.terminate ? istioMtlsSocket(o.protocol) : undefined);
  const tls = c.tls;
  if (tls && mode === 'DISABLE') {
    const lp = chainProtocol(c.protocol);
    options = [{ protocol: lp === 'HTTP' ? 'HTTP' : 'TCP', transport: 'tls', terminate: true }];
    socket = () => customTlsSocket(tls);
  } else options = matchOptions(mode, chainProtocol(c.protocol));
  const name = `${c.bind}_${c.targetPort}`;
  return options.map((o) => {
    const s = socket(o);
    const filters = [o.protocol === 'HTTP' ? hcm(`inbound_${name}`, c.clusterName, c.port, `${c.hostname}:${c.port}/*`, c.protocol) : tcpProxy(c.clusterName)];
    return { filterChainMatch: chainMatch(c.targetPort, o), filters, ...(s ? { transportSocket: s } : {}), name };
  });
}

/** buildInboundPassthroughChains: the blackhole for 15006 itself, then the catch-all chains (and one set per extra port-level mTLS port). */
function passthroughChains(peer: PeerAuthnPolicy, handledPorts: ReadonlySet<number>): FilterChain[] {
  const out: FilterChain[] = [
    { filterChainMatch: { destinationPort: INBOUND_PORT }, filters: [{ name: 'envoy.filters.network.tcp_proxy', typedConfig: { '@type': TCP_PROXY_TYPE, statPrefix: 'BlackHoleCluster', cluster: 'BlackHoleCluster' } }], name: BLACKHOLE_CHAIN },
  ];
  const ports = [0, ...[...peer.perPort.keys()].filter((p) => !handledPorts.has(p)).sort((a, b) => a - b)];
  for (const port of ports) {
    const mode = mtlsModeForPort(peer, port);
    for (const o of matchOptions(mode, 'Auto')) {
      const filters = [o.protocol === 'HTTP' ? hcm(INBOUND_PASSTHROUGH, INBOUND_PASSTHROUGH, 0, ':0/*', 'UnsupportedProtocol') : tcpProxy(INBOUND_PASSTHROUGH)];
      const s = o.terminate ? istioMtlsSocket(o.protocol) : undefined;
      out.push({ filterChainMatch: chainMatch(port, o), filters, ...(s ? { transportSocket: s } : {}), name: o.protocol === 'HTTP' ? CATCHALL_HTTP : VIRTUAL_INBOUND });
    }
  }
  return out;
}

const portRange = (p: number): ListenerFilterPredicate => ({ destinationPortRange: { start: p, end: p + 1 } });

/** listenerPredicateExcludePorts: matches the given ports (the filter is disabled there). */
function excludePorts(ports: readonly number[]): ListenerFilterPredicate {
  const ranges = ports.map(portRange);
  return ranges.length > 1 ? { orMatch: { rules: ranges } } : (ranges[0] ?? portRange(0));
}

/** populateListenerFilters: the TLS and HTTP inspectors, enabled only on the ports whose chains need them. */
export function inboundListenerFilters(chains: readonly FilterChain[], bindToPort: boolean): ListenerFilter[] {
  const out: ListenerFilter[] = bindToPort ? [] : [{ name: ORIGINAL_DST }];
  const inspectors = new Map<number, { tls: boolean; http: boolean }>();
  for (const c of chains) {
    const port = c.filterChainMatch?.destinationPort ?? 0;
    const cur = inspectors.get(port) ?? { tls: false, http: false };
    cur.tls ||= c.filterChainMatch?.transportProtocol === 'tls';
    cur.http ||= (c.filterChainMatch?.applicationProtocols ?? []).some((a) => a === 'http/1.1' || a === 'h2c');
    inspectors.set(port, cur);
  }
  const entries = [...inspectors];
  if (entries.some(([, i]) => i.tls)) {
    const defaultEnabled = inspectors.get(0)?.tls === true;
    const ports = entries.filter(([p, i]) => p !== 0 && i.tls !== defaultEnabled).map(([p]) => p).sort((a, b) => a - b);
    if (ports.length === 0) out.push({ name: TLS_INSPECTOR });
    else out.push({ name: TLS_INSPECTOR, filterDisabled: defaultEnabled ? excludePorts(ports) : { notMatch: excludePorts(ports) } });
  }
  if (entries.some(([, i]) => i.http)) {
    const ports = entries.filter(([, i]) => !i.http).map(([p]) => p).sort((a, b) => a - b);
    out.push(ports.length === 0 ? { name: HTTP_INSPECTOR } : { name: HTTP_INSPECTOR, filterDisabled: excludePorts(ports) });
  }
  return out;
}

function listenerOf(name: string, address: string, port: number, chains: FilterChain[], bindToPort: boolean): Listener {
  return {
    name,
    address: { socketAddress: { address, portValue: port } },
    filterChains: chains,
    listenerFilters: inboundListenerFilters(chains, bindToPort),
    listenerFiltersTimeout: '0s',
    continueOnListenerFiltersTimeout: true,
    trafficDirection: 'INBOUND',
  };
}

/** buildInboundListeners: virtualInbound first, then the real listeners of captureMode NONE ports. */
export function buildInboundListeners(chains: readonly InboundChain[], input: InboundInput): Listener[] {
  const virtualChains: FilterChain[] = [];
  const bound: Listener[] = [];
  for (const c of chains) {
    const built = chainsFor(c, mtlsModeForPort(input.peerAuthn, c.targetPort));
    if (c.bindToPort) bound.push(listenerOf(`${c.bind}_${c.targetPort}`, c.bind, c.targetPort, built, true));
    else virtualChains.push(...built);
  }
  const handled = new Set(chains.map((c) => c.targetPort));
  const all = [...passthroughChains(input.peerAuthn, handled), ...virtualChains];
  return [listenerOf(VIRTUAL_INBOUND, wildcardOf(input.proxyIp), INBOUND_PORT, all, false), ...bound];
}

/** Where a Sidecar ingress defaultEndpoint sends traffic (buildInboundClustersFromSidecar); undefined: ORIGINAL_DST. */
function ingressEndpoint(defaultEndpoint: string | undefined, proxyIp: string | undefined): { address: string; port?: number; pipe?: boolean } | undefined {
  if (!defaultEndpoint) return undefined;
  if (defaultEndpoint.startsWith('unix://')) return { address: defaultEndpoint.slice('unix://'.length), pipe: true };
  const m = /^(.*):(\d+)$/.exec(defaultEndpoint);
  if (!m) return undefined;
  const host = (m[1] ?? '').replace(/^\[|\]$/g, '');
  const port = Number(m[2]);
  const v6 = proxyIp?.includes(':') === true;
  // 0.0.0.0 / :: stand for the pod IP (INSTANCE_IP); manifests carry none, so the address stays as written.
  if (host === '0.0.0.0') return { address: proxyIp === undefined ? host : !v6 ? proxyIp : '127.0.0.1', port };
  if (host === '::') return { address: proxyIp === undefined ? host : v6 ? proxyIp : '::1', port };
  if (host === '127.0.0.1' || host === '::1') return { address: localhostOf(proxyIp), port };
  return undefined;
}

/** buildInboundCluster: ORIGINAL_DST to the original destination (PASSTHROUGH), or STATIC to localhost / the ingress default endpoint. */
export function buildInboundClusters(chains: readonly InboundChain[], input: InboundInput): Cluster[] {
  const out: Cluster[] = [];
  const passthrough = input.mesh.inboundTrafficPolicy === 'PASSTHROUGH';
  for (const c of chains) {
    let endpoint: { address: string; port?: number; pipe?: boolean } | undefined;
    if (c.sidecar) endpoint = ingressEndpoint(c.defaultEndpoint, input.proxyIp);
    else if (!passthrough) endpoint = { address: localhostOf(input.proxyIp), port: c.targetPort };
    const type = endpoint ? 'STATIC' : 'ORIGINAL_DST';
    const cluster: Cluster = { name: c.clusterName, altStatName: `${c.clusterName};`, type };
    if (endpoint) {
      const address = endpoint.pipe ? { pipe: { path: endpoint.address } } : { socketAddress: { address: endpoint.address, portValue: endpoint.port ?? 0 } };
      cluster.loadAssignment = { clusterName: c.clusterName, endpoints: [{ lbEndpoints: [{ endpoint: { address } }] }] };
    }
    // Disable cleanup for ORIGINAL_DST inbound clusters: the longest duration protobuf allows.
    if (type === 'ORIGINAL_DST') cluster.cleanupInterval = '9223372035s';
    const bind = endpoint?.address;
    if (bind !== '127.0.0.1' && bind !== '::1') cluster.upstreamBindConfig = { sourceAddress: { address: input.proxyIp?.includes(':') ? '::6' : '127.0.0.6', portValue: 0 } };
    cluster.commonLbConfig = {};
    const { policy, destinationRule } = inboundPolicy(c, input);
    const istio: { config?: string; services?: { host: string; name: string; namespace: string }[] } = {};
    if (destinationRule) istio.config = destinationRuleConfigPath(destinationRule);
    const services = telemetryServices(c);
    if (services.length > 0) istio.services = services;
    if (istio.config !== undefined || istio.services !== undefined) cluster.metadata = { filterMetadata: { istio } };
    // setUpstreamProtocol takes the service port's protocol (a Sidecar ingress port's as declared).
    out.push(finishInboundCluster(input.index, cluster, c.sidecar ? c.declaredProtocol : c.protocol, policy));
  }
  return out;
}

/**
 * The inbound cluster's traffic policy: the DestinationRule of the first service on the port (its
 * port-level setting for the service port; selector rules are for outbound only), then the Sidecar's
 * connection pool for the port (ingress listener's, else inboundConnectionPool) overriding it.
 */
function inboundPolicy(c: InboundChain, input: InboundInput): { policy: ClusterPolicy | undefined; destinationRule?: { namespace: string; name: string } } {
  const first = c.targets[0];
  const dr = first ? destinationRuleIndex(input.index).lookup(input.proxy, { hostname: first.hostname, namespace: first.namespace }, 'inbound') : undefined;
  let policy = dr?.trafficPolicy ? portLevelPolicy(dr.trafficPolicy, first?.port).policy : undefined;
  const spec = input.sidecar?.spec;
  const sidecarPool = (spec?.ingress ?? []).find((i) => i.port.number === c.port && i.connectionPool)?.connectionPool ?? spec?.inboundConnectionPool;
  if (sidecarPool) policy = { ...(policy ?? {}), connectionPool: sidecarPool };
  return { policy, ...(dr?.trafficPolicy ? { destinationRule: { namespace: dr.dr.namespace, name: dr.dr.name } } : {}) };
}

/** addTelemetryMetadata (inbound): every service on the cluster's service port, once per host; none for mesh-external services. */
function telemetryServices(c: InboundChain): { host: string; name: string; namespace: string }[] {
  const first = c.targets[0];
  if (!first || first.meshExternal) return [];
  // A Sidecar ingress port takes the first service on that workload port (findOrCreateService).
  if (c.sidecar) return [{ host: first.hostname, name: first.serviceName, namespace: first.namespace }];
  const seen = new Set<string>();
  const out: { host: string; name: string; namespace: string }[] = [];
  for (const t of c.targets) {
    if (t.port !== c.port || seen.has(t.hostname)) continue;
    seen.add(t.hostname);
    out.push({ host: t.hostname, name: t.serviceName, namespace: t.namespace });
  }
  return out;
}
