// Gateway listeners (spec §4.2, §4.3; buildGatewayListeners, buildGatewayTCPBasedFilterChains):
// one `<bind>_<port>` listener per resolved port, HTTP → one HCM chain with RDS; HTTPS terminate →
// one SNI chain per server with a TLS transport socket; TCP/TLS → tcp_proxy chains from VS rules.
// Listeners whose chains all fail to build are omitted ("must have more than 0 chains").
import type { ConfigIndex } from '../../model/configIndex.js';
import { resolveShortnameToFqdn } from '../../model/hosts.js';
import type { RouteDestination } from '../../schema/kinds/virtualService.js';
import type { FilterChain, HttpConnectionManager, Listener, NetworkFilter, TransportSocket } from '../envoy.js';
import type { MergedGateway, ServerEntry } from './mergeServers.js';
import { credentialSecret, providerSdsConfig } from '../cluster/credentials.js';
import { isHttpProtocol, isHttpsTerminating, isPassthroughServer } from './protocol.js';
import { lookupGatewayService, type GatewayRouteScope } from './routeContext.js';
import { pickTcpRoute, pickTlsRoutes, type L4Pick } from './tcpRoutes.js';
import { virtualServicesForGateway, type VirtualServiceIndex } from './vsIndex.js';

export const HCM_TYPE = 'type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager' as const;
export const TCP_PROXY_TYPE = 'type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy' as const;
export const TLS_INSPECTOR = 'envoy.filters.listener.tls_inspector';

/** Which VS rule fed a tcp_proxy chain (for explain and for the sidecar-free conformance lookup). */
export interface L4ChainOrigin {
  listener: string;
  chain: FilterChain;
  pick: L4Pick;
  /** The Gateway server the chain was built for. */
  server: ServerEntry;
}

function hcm(statPrefix: string, routeName: string): NetworkFilter {
  const typedConfig: HttpConnectionManager = {
    '@type': HCM_TYPE,
    statPrefix,
    rds: { configSource: { ads: {}, initialFetchTimeout: '0s', resourceApiVersion: 'V3' }, routeConfigName: routeName },
  };
  return { name: 'envoy.filters.network.http_connection_manager', typedConfig };
}

/** The server's certificate secret: the workload's own for ISTIO_MUTUAL, a credentialName's (an SDS provider's for `sds://`), else files. */
function sdsSecret(index: ConfigIndex, e: ServerEntry): { name: string; sdsConfig?: Record<string, unknown> } | undefined {
  const tls = e.server.tls;
  if (!tls) return { name: '' };
  if (tls.mode === 'ISTIO_MUTUAL') return { name: 'default' };
  const cred = tls.credentialName ?? tls.credentialNames?.[0];
  if (cred) {
    const secret = credentialSecret(index, cred);
    if (secret.unresolved !== undefined) return undefined;
    return secret.provider ? { name: secret.name, sdsConfig: providerSdsConfig(secret.provider) } : { name: secret.name };
  }
  return { name: `file-cert:${tls.serverCertificate ?? ''}~${tls.privateKey ?? ''}` };
}

function tlsSocket(index: ConfigIndex, e: ServerEntry, alpn: string[] | undefined): TransportSocket {
  const mode = e.server.tls?.mode ?? 'PASSTHROUGH';
  const secret = sdsSecret(index, e);
  const common: TransportSocket['typedConfig']['commonTlsContext'] = { tlsCertificateSdsSecretConfigs: secret ? [secret] : [] };
  if (alpn) common.alpnProtocols = alpn;
  return {
    name: 'envoy.transport_sockets.tls',
    typedConfig: {
      '@type': 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext',
      commonTlsContext: common,
      requireClientCertificate: mode === 'MUTUAL' || mode === 'ISTIO_MUTUAL',
    },
  };
}

/** toFilterChainMatch: a `*` SNI host means no server-name match at all. */
function sniMatch(sni: readonly string[] | undefined): FilterChain['filterChainMatch'] {
  if (!sni || sni.length === 0) return undefined;
  if (sni.includes('*')) return {};
  return { serverNames: [...sni].sort() };
}

function tcpProxyFilter(pick: L4Pick, server: ServerEntry, scope: GatewayRouteScope): NetworkFilter {
  const cluster = (d: RouteDestination): string => {
    const host = resolveShortnameToFqdn(d.destination.host, pick.vs.vs.namespace, scope.index.options.domainSuffix);
    let port = server.port;
    if (d.destination.port !== undefined) port = d.destination.port.number ?? 0;
    else {
      const svc = lookupGatewayService(scope, host, scope.proxyNamespace);
      if (svc && svc.ports.length === 1 && svc.ports[0]) port = svc.ports[0].port;
    }
    return `outbound|${port}|${d.destination.subset ?? ''}|${host}`;
  };
  const first = pick.route[0];
  if (pick.route.length === 1 && first) {
    const name = cluster(first);
    return { name: 'envoy.filters.network.tcp_proxy', typedConfig: { '@type': TCP_PROXY_TYPE, statPrefix: name, cluster: name } };
  }
  const clusters = pick.route.filter((d) => (d.weight ?? 0) > 0).map((d) => ({ name: cluster(d), weight: d.weight ?? 0 }));
  return { name: 'envoy.filters.network.tcp_proxy', typedConfig: { '@type': TCP_PROXY_TYPE, statPrefix: '', weightedClusters: { clusters } } };
}

export interface ListenersResult {
  listeners: Listener[];
  l4Origins: L4ChainOrigin[];
}

export function buildGatewayListeners(index: ConfigIndex, merged: MergedGateway, vsIndex: VirtualServiceIndex, scope: GatewayRouteScope): ListenersResult {
  const byName = new Map<string, { bind: string; port: number; chains: FilterChain[] }>();
  const order: string[] = [];
  const l4Origins: L4ChainOrigin[] = [];
  // listener port → SNI host → bind, shared by passthrough VS matches (duplicates are skipped).
  const sniSeen = new Map<number, Map<string, string>>();
  // Istio adds the TLS inspector for any chain with SNI hosts (even `*`) or ALPN.
  const inspects = new WeakSet<FilterChain>();
  const needsInspector = (c: FilterChain, sni: readonly string[] | undefined): FilterChain => {
    if ((sni?.length ?? 0) > 0 || (c.transportSocket?.typedConfig.commonTlsContext.alpnProtocols?.length ?? 0) > 0) inspects.add(c);
    return c;
  };
  for (const group of merged.ports) {
    const bind = group.bind || '0.0.0.0';
    const name = `${bind}_${group.number}`;
    const statPrefix = `outbound_${name};`;
    const chains: FilterChain[] = [];
    if (isHttpProtocol(group.protocol)) {
      chains.push({ filters: [hcm(statPrefix, group.routeName)] });
    } else {
      for (const s of group.servers) {
        if (isHttpsTerminating(s.server)) {
          const routeName = s.merged.routeName ?? '';
          const chain = {} as FilterChain;
          const m = sniMatch(s.sniHosts);
          if (m) chain.filterChainMatch = m;
          chain.filters = [hcm(s.server.name ? s.server.name : statPrefix, routeName)];
          chain.transportSocket = tlsSocket(index, s, ['h2', 'http/1.1']);
          chains.push(needsInspector(chain, s.sniHosts));
          continue;
        }
        const vses = virtualServicesForGateway(vsIndex, scope.proxyNamespace, s.gatewayName);
        if (!s.server.tls || !isPassthroughServer(s.server)) {
          const pick = pickTcpRoute(vses, s, index.options.domainSuffix);
          if (!pick) continue;
          const chain: FilterChain = { filters: [tcpProxyFilter(pick, s, scope)] } as FilterChain;
          if (s.server.tls) {
            const c: FilterChain = {} as FilterChain;
            const m = sniMatch(s.sniHosts);
            if (m) c.filterChainMatch = m;
            c.filters = chain.filters;
            c.transportSocket = tlsSocket(index, s, undefined);
            chains.push(needsInspector(c, s.sniHosts));
            l4Origins.push({ listener: name, chain: c, pick, server: s });
          } else {
            chains.push(chain);
            l4Origins.push({ listener: name, chain, pick, server: s });
          }
          continue;
        }
        if (s.server.tls.mode === 'AUTO_PASSTHROUGH') continue; // SNI-DNAT chains are not modelled yet
        let seen = sniSeen.get(group.number);
        if (!seen) sniSeen.set(group.number, (seen = new Map()));
        for (const pick of pickTlsRoutes(vses, s, index.options.domainSuffix)) {
          const sni = pick.sniHosts ?? [];
          if (sni.some((h) => seen?.get(h) === group.bind)) continue;
          for (const h of sni) seen.set(h, group.bind);
          const c: FilterChain = {} as FilterChain;
          const m = sniMatch(sni);
          if (m) c.filterChainMatch = m;
          c.filters = [tcpProxyFilter(pick, s, scope)];
          chains.push(needsInspector(c, sni));
          l4Origins.push({ listener: name, chain: c, pick, server: s });
        }
      }
    }
    const existing = byName.get(name);
    if (existing) existing.chains.push(...chains);
    else {
      byName.set(name, { bind, port: group.number, chains });
      order.push(name);
    }
  }
  const listeners: Listener[] = [];
  for (const name of order) {
    const l = byName.get(name);
    if (!l || l.chains.length === 0) continue;
    const listener: Listener = { name, address: { socketAddress: { address: l.bind, portValue: l.port } }, filterChains: l.chains };
    if (l.chains.some((c) => inspects.has(c))) {
      listener.listenerFilters = [{ name: TLS_INSPECTOR }];
    }
    listener.trafficDirection = 'OUTBOUND';
    listeners.push(listener);
  }
  return { listeners, l4Origins };
}
