// Sidecar outbound listeners (listener.go buildSidecarOutboundListeners / buildSidecarOutboundListener
// and their conflict rules), reduced to names, binds, filter-chain matches, RDS names and TCP clusters.
import type { FilterChain, FilterChainMatch, Listener, NetworkFilter, TcpProxy } from '../envoy.js';
import { isIpAddress } from '../../model/hosts.js';
import { listenerProtocolOf, type Protocol } from './protocol.js';
import { UNSPECIFIED_IP, type MeshPort, type MeshService } from './registry.js';
import { catchAllVirtualHost } from './catchAll.js';
import type { EgressListener, OutboundMode } from './scope.js';
import { tcpChainsFor, type TcpChainContext, type TcpTarget } from './tcpChains.js';

const WILDCARD = '0.0.0.0';
// listener.go plaintextHTTPALPNs: PILOT_HTTP10 is off by default, so HTTP/1.0 is not matched.
const PLAINTEXT_HTTP_ALPNS = ['http/1.1', 'h2c'];

interface ChainOpt {
  rds?: string;
  /** TCP proxy target (chains without `rds`). */
  tcp?: TcpTarget;
  cidrs?: string[];
  sniHosts?: string[];
  applicationProtocols?: string[];
  transportProtocol?: string;
}

interface Entry {
  port: number;
  bind: string;
  chains: ChainOpt[];
  protocol: Protocol;
  locked: boolean;
}

/** An RDS name a listener asks for, with the egress listener whose services it serves. */
export interface RdsRequest {
  routeName: string;
  port: number;
  egress: EgressListener;
}

export interface SidecarListeners {
  listeners: Listener[];
  rds: RdsRequest[];
}

const isMatchAll = (c: ChainOpt): boolean => !c.cidrs?.length && !c.sniHosts?.length && !c.applicationProtocols?.length && !c.transportProtocol;

/** A CIDR with its host bits cleared, so that `a::1/32` and `a::2/32` compare equal (Envoy rejects both). */
function canonicalCidr(cidr: string): string {
  const [ip = '', lenText] = cidr.split('/');
  const v6 = ip.includes(':');
  const bits = v6 ? 128 : 32;
  const len = lenText === undefined ? bits : Number(lenText);
  let value = 0n;
  if (v6) {
    const [head = '', tail] = ip.split('::');
    const h = head ? head.split(':') : [];
    const t = tail ? tail.split(':') : [];
    const groups = tail !== undefined ? [...h, ...Array<string>(Math.max(0, 8 - h.length - t.length)).fill('0'), ...t] : h;
    for (const g of groups) value = (value << 16n) + BigInt(parseInt(g || '0', 16) || 0);
  } else for (const part of ip.split('.')) value = (value << 8n) + BigInt(Number(part) || 0);
  const shift = BigInt(bits - len);
  return `${v6 ? 6 : 4}:${((value >> shift) << shift).toString(16)}/${len}`;
}

/** `conflictsWith`: the same match (CIDRs canonicalised, SNI as a set without `*`). */
const matchKey = (c: ChainOpt): string =>
  JSON.stringify([(c.cidrs ?? []).map(canonicalCidr), [...new Set((c.sniHosts ?? []).filter((h) => h !== '*'))].sort(), c.applicationProtocols ?? [], c.transportProtocol ?? '']);

function httpChain(routeName: string, onWildcard: boolean): ChainOpt {
  return onWildcard ? { rds: routeName, applicationProtocols: [...PLAINTEXT_HTTP_ALPNS], transportProtocol: 'raw_buffer' } : { rds: routeName };
}

/** The match keys of an entry's chains, brought up to date with chains appended since (chains are only ever appended). */
const entryKeys = new WeakMap<Entry, { keys: Set<string>; counted: number }>();

/** `mergeTCPFilterChains`: an incoming chain whose match an existing chain already has is dropped. */
function mergeTcp(entry: Entry, incoming: ChainOpt[]): void {
  let known = entryKeys.get(entry);
  if (!known) entryKeys.set(entry, (known = { keys: new Set(), counted: 0 }));
  for (; known.counted < entry.chains.length; known.counted++) known.keys.add(matchKey(entry.chains[known.counted] as ChainOpt));
  for (const c of incoming) {
    const key = matchKey(c);
    if (known.keys.has(key)) continue;
    entry.chains.push(c);
    known.keys.add(key);
    known.counted++;
  }
}

export interface ListenerOptions extends TcpChainContext {
  /** PILOT_ENABLE_HEADLESS_FILTER_CHAIN_LISTENER (default off): headless TCP pods as /32 chains on 0.0.0.0. */
  headlessFilterChainListener?: boolean;
  /** The proxy's own IP: its endpoint gets no outbound listener. */
  proxyIp?: string;
}

/** Where a listener for one service port goes, when the caller decides it (headless endpoints). */
interface Placement {
  bind: string;
  cidrs?: string[];
  headlessPodCidr?: boolean;
}

export function buildSidecarListeners(egress: readonly EgressListener[], mode: OutboundMode, opts: ListenerOptions): SidecarListeners {
  const entries = new Map<string, Entry>();
  const rds: RdsRequest[] = [];
  const rdsSeen = new Set<string>();
  const wantRds = (routeName: string, port: number, e: EgressListener): void => {
    if (rdsSeen.has(routeName)) return;
    rdsSeen.add(routeName);
    rds.push({ routeName, port, egress: e });
  };

  const addService = (e: EgressListener, svc: MeshService, port: MeshPort, placed?: Placement): void => {
    if (svc.resolution === 'Alias') return;
    const lp = listenerProtocolOf(port.protocol);
    if (lp === 'None' || port.protocol === 'HTTP_PROXY') return;
    let bind = placed?.bind ?? e.bind ?? '';
    let cidrs: string[] | undefined = placed?.cidrs;
    if (lp !== 'HTTP' && bind === '') {
      const addr = svc.defaultAddress;
      if (!addr.includes('/')) bind = addr;
      else {
        bind = WILDCARD;
        cidrs = [addr];
      }
    }
    if (lp === 'HTTP' && bind === '') bind = WILDCARD;
    const key = `${bind}_${port.port}`;
    const cur = entries.get(key);
    if (cur?.locked) return;
    const onWildcard = bind === WILDCARD;
    const sniffedRoute = lp === 'Auto' && !onWildcard ? `${svc.hostname}:${port.port}` : String(port.port);
    if (lp === 'HTTP') {
      if (cur && !(listenerProtocolOf(cur.protocol) === 'TCP')) return;
      const chains = [httpChain(sniffedRoute, onWildcard)];
      wantRds(sniffedRoute, port.port, e);
      if (cur) {
        cur.chains.push(...chains);
        cur.protocol = 'UnsupportedProtocol';
      } else entries.set(key, { port: port.port, bind, chains, protocol: onWildcard ? 'UnsupportedProtocol' : port.protocol, locked: false });
      return;
    }
    const tcp: ChainOpt[] = tcpChainsFor(
      {
        svc,
        listenPort: { port: port.port, protocol: port.protocol },
        virtualServices: e.virtualServices,
        ...(cidrs ? { cidrs } : {}),
        wildcardForWildcard: svc.defaultAddress === UNSPECIFIED_IP && onWildcard,
        headlessPodCidr: placed?.headlessPodCidr === true,
      },
      opts,
    ).map((c) => ({ tcp: { statPrefix: c.statPrefix, ...(c.cluster !== undefined ? { cluster: c.cluster } : {}), ...(c.weighted ? { weighted: c.weighted } : {}) }, ...(c.cidrs ? { cidrs: c.cidrs } : {}), ...(c.sniHosts ? { sniHosts: c.sniHosts } : {}) }));
    if (lp === 'TCP') {
      if (cur) {
        mergeTcp(cur, tcp);
        if (listenerProtocolOf(cur.protocol) === 'HTTP') cur.protocol = 'UnsupportedProtocol';
      } else entries.set(key, { port: port.port, bind, chains: tcp, protocol: port.protocol, locked: false });
      return;
    }
    // Auto-detected port: a TCP chain plus an HTTP chain selected by the HTTP inspector.
    if (cur && listenerProtocolOf(cur.protocol) === 'Auto') {
      mergeTcp(cur, tcp);
      return;
    }
    wantRds(sniffedRoute, port.port, e);
    const chains = [...tcp, httpChain(sniffedRoute, true)];
    if (cur && listenerProtocolOf(cur.protocol) === 'TCP') {
      mergeTcp(cur, chains);
      cur.protocol = 'UnsupportedProtocol';
    } else entries.set(key, { port: port.port, bind, chains, protocol: 'UnsupportedProtocol', locked: false });
  };

  /** Headless TCP/auto ports: one listener per endpoint (or one /32 chain per pod on 0.0.0.0 with the flag). */
  const addHeadless = (e: EgressListener, svc: MeshService, p: MeshPort, lp: 'TCP' | 'Auto'): void => {
    const instances = svc.endpoints?.get(p.port) ?? [];
    // A ServiceEntry (resolution NONE) without endpoints falls back to the wildcard listener. Its
    // workloadSelector instances (pods, WorkloadEntries) are not modelled, so those get it too.
    if (svc.registry !== 'Kubernetes' && instances.length === 0) {
      addService(e, svc, p);
      return;
    }
    for (const addresses of instances) {
      const first = addresses[0];
      if (first === undefined || !addresses.every((a) => isIpAddress(a)) || first === opts.proxyIp) continue;
      if (opts.headlessFilterChainListener && lp === 'TCP') addService(e, svc, p, { bind: WILDCARD, cidrs: [...addresses], headlessPodCidr: true });
      else addService(e, svc, p, { bind: first });
    }
  };

  for (const e of egress) {
    if (e.port) {
      const p: MeshPort = { port: e.port.number, name: e.port.name, protocol: e.port.protocol };
      for (const svc of e.services) addService(e, svc, p);
    } else {
      for (const entry of entries.values()) entry.locked = true;
      for (const svc of e.services) {
        for (const p of svc.ports) {
          const lp = listenerProtocolOf(p.protocol);
          if ((e.bind ?? '') === '' && svc.resolution === 'Passthrough' && svc.defaultAddress === UNSPECIFIED_IP && (lp === 'TCP' || lp === 'Auto')) addHeadless(e, svc, p, lp);
          else addService(e, svc, p);
        }
      }
    }
  }
  const listeners = [...entries.values()].map((en) => toListener(en, mode));
  listeners.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { listeners: [virtualOutbound(mode), ...listeners], rds };
}

function tcpProxy(cluster: string): NetworkFilter {
  return tcpProxyTo({ statPrefix: cluster, cluster });
}

function tcpProxyTo(t: TcpTarget): NetworkFilter {
  const typedConfig: TcpProxy = { '@type': 'type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy', statPrefix: t.statPrefix };
  if (t.cluster !== undefined) typedConfig.cluster = t.cluster;
  else typedConfig.weightedClusters = { clusters: (t.weighted ?? []).map((w) => ({ name: w.name, weight: w.weight })) };
  return { name: 'envoy.filters.network.tcp_proxy', typedConfig };
}

function hcm(listenerName: string, routeConfigName: string): NetworkFilter {
  return {
    name: 'envoy.filters.network.http_connection_manager',
    typedConfig: {
      '@type': 'type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager',
      statPrefix: `outbound_${listenerName}`,
      rds: { configSource: { ads: {}, initialFetchTimeout: '0s', resourceApiVersion: 'V3' }, routeConfigName },
    },
  };
}

function chainMatch(c: ChainOpt): FilterChainMatch {
  const m: FilterChainMatch = {};
  if (c.cidrs?.length) {
    m.prefixRanges = c.cidrs.map((cidr) => {
      const [ip, len] = cidr.split('/');
      return { addressPrefix: ip ?? cidr, prefixLen: Number(len ?? (cidr.includes(':') ? 128 : 32)) };
    });
  }
  if (c.sniHosts?.length) m.serverNames = c.sniHosts;
  if (c.transportProtocol) m.transportProtocol = c.transportProtocol;
  if (c.applicationProtocols?.length) m.applicationProtocols = c.applicationProtocols;
  return m;
}

// ALLOW_ANY_DYNAMIC_DNS only changes plaintext HTTP; every other unknown byte stream still passes through.
const passthroughCluster = (mode: OutboundMode): string => (mode === 'REGISTRY_ONLY' ? 'BlackHoleCluster' : 'PassthroughCluster');

function toListener(en: Entry, mode: OutboundMode): Listener {
  const name = `${en.bind}_${en.port}`;
  const chains: FilterChain[] = [];
  let defaultChain: FilterChain | undefined;
  for (const c of en.chains) {
    const filters = [c.rds !== undefined ? hcm(name, c.rds) : c.tcp ? tcpProxyTo(c.tcp) : tcpProxy('BlackHoleCluster')];
    if (isMatchAll(c)) defaultChain = { filters };
    else chains.push({ filterChainMatch: chainMatch(c), filters });
  }
  if (defaultChain && chains.length === 0) {
    chains.push(defaultChain);
    defaultChain = undefined;
  } else if (!defaultChain) {
    defaultChain = { filterChainMatch: {}, filters: [tcpProxy(passthroughCluster(mode))], name: 'PassthroughFilterChain' };
  }
  const l: Listener = { name, address: { socketAddress: { address: en.bind, portValue: en.port } }, filterChains: chains };
  if (defaultChain) l.defaultFilterChain = defaultChain;
  const filters: { name: string }[] = [];
  if (en.chains.some((c) => c.sniHosts?.length)) filters.push({ name: 'envoy.filters.listener.tls_inspector' });
  if (en.chains.some((c) => c.applicationProtocols?.length)) filters.push({ name: 'envoy.filters.listener.http_inspector' });
  if (filters.length) l.listenerFilters = filters;
  l.trafficDirection = 'OUTBOUND';
  return l;
}

function virtualOutbound(mode: OutboundMode): Listener {
  const chains: FilterChain[] = [{ filterChainMatch: { destinationPort: 15001 }, filters: [tcpProxy('BlackHoleCluster')], name: 'virtualOutbound-blackhole' }];
  const dynamicDns = mode === 'ALLOW_ANY_DYNAMIC_DNS';
  if (dynamicDns) {
    // buildAllowAnyDynamicDNSHTTPFilterChain: plaintext HTTP (found by the HTTP inspector) goes to the DFP cluster.
    chains.push({ filterChainMatch: { applicationProtocols: [...PLAINTEXT_HTTP_ALPNS] }, filters: [dynamicDnsHcm()], name: 'virtualOutbound-catchall-tcp-http' });
  }
  chains.push({ filterChainMatch: {}, filters: [tcpProxy(passthroughCluster(mode))], name: 'virtualOutbound-catchall-tcp' });
  const l: Listener = { name: 'virtualOutbound', address: { socketAddress: { address: WILDCARD, portValue: 15001 } }, filterChains: chains, useOriginalDst: true };
  if (dynamicDns) l.listenerFilters = [{ name: 'envoy.filters.listener.http_inspector' }];
  l.trafficDirection = 'OUTBOUND';
  return l;
}

function dynamicDnsHcm(): NetworkFilter {
  return {
    name: 'envoy.filters.network.http_connection_manager',
    typedConfig: {
      '@type': 'type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager',
      statPrefix: 'outbound_virtualOutbound_allow_any_dynamic_dns',
      routeConfig: {
        name: 'allow_any_dynamic_dns',
        virtualHosts: [catchAllVirtualHost('ALLOW_ANY_DYNAMIC_DNS')],
        validateClusters: false,
        maxDirectResponseBodySizeBytes: 1048576,
        ignorePortInHostMatching: true,
      },
    },
  };
}
