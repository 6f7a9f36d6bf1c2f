// `istioctl proxy-config listener` table (spec §4.6, configdump/listener.go PrintListenerSummary).
import type { FilterChain, FilterChainMatch, Listener, NetworkFilter, RouteConfiguration, RouteMatch, VirtualHost } from '../../derive/envoy.js';
import { tabwrite, type TextTable } from './tabwriter.js';

const KNOWN_ALPNS: readonly [string, readonly string[]][] = [
  ['App: HTTP TLS', ['http/1.0', 'http/1.1', 'h2c', 'istio-http/1.0', 'istio-http/1.1', 'istio-h2']],
  ['App: Istio HTTP Plain', ['istio', 'istio-http/1.0', 'istio-http/1.1', 'istio-h2']],
  ['App: TCP TLS', ['istio-peer-exchange', 'istio']],
  ['App: HTTP', ['http/1.0', 'http/1.1', 'h2c']],
];

export function describeChainMatch(m: FilterChainMatch | undefined): string {
  const d: string[] = [];
  if (m?.serverNames && m.serverNames.length > 0) d.push(`SNI: ${m.serverNames.join(',')}`);
  if (m?.transportProtocol) d.push(`Trans: ${m.transportProtocol}`);
  if (m?.applicationProtocols && m.applicationProtocols.length > 0) {
    const alpn = m.applicationProtocols;
    const known = KNOWN_ALPNS.find(([, list]) => list.length === alpn.length && list.every((x, i) => x === alpn[i]));
    d.push(known ? known[0] : `App: ${alpn.join(',')}`);
  }
  const port = m?.destinationPort !== undefined ? `:${m.destinationPort}` : '';
  if (m?.prefixRanges && m.prefixRanges.length > 0) d.push(`Addr: ${m.prefixRanges.map((p) => `${p.addressPrefix}/${p.prefixLen}`).join(',')}${port}`);
  else if (port !== '') d.push(`Addr: *${port}`);
  return d.length === 0 ? 'ALL' : d.join('; ');
}

export function describeMatch(m: RouteMatch): string {
  const c: string[] = [];
  if (m.prefix) c.push(`${m.prefix}*`);
  if (m.pathSeparatedPrefix) c.push(`PathPrefix:${m.pathSeparatedPrefix}`);
  if (m.path) c.push(m.path);
  if (m.safeRegex) c.push(`regex ${m.safeRegex.regex}`);
  return c.join(' ');
}

function matchAllCluster(rc: RouteConfiguration): string {
  const vh = rc.virtualHosts[0];
  if (rc.virtualHosts.length !== 1 || !vh || vh.domains.length !== 1 || vh.domains[0] !== '*') return '';
  const r = vh.routes?.[0];
  if ((vh.routes?.length ?? 0) !== 1 || !r || r.match.prefix !== '/') return '';
  const cluster = r.route?.cluster;
  if (!cluster) return '';
  return cluster.includes('Cluster') ? cluster : `Cluster: ${cluster}`;
}

function describeInline(rc: RouteConfiguration): string {
  const all = matchAllCluster(rc);
  if (all) return all;
  const parts = rc.virtualHosts.map((vh: VirtualHost) => {
    const domains = vh.domains.length === 1 && vh.domains[0] === '*' ? '' : vh.domains.join('/');
    const routes = (vh.routes ?? []).map((r) => describeMatch(r.match)).join(', ');
    return domains === '' ? routes : `${domains} ${routes}`;
  });
  return `Inline Route: ${parts.join('; ')}`;
}

export function describeFilters(filters: readonly NetworkFilter[]): string {
  for (const f of filters) {
    if (f.name === 'envoy.filters.network.http_connection_manager') {
      if (f.typedConfig.routeConfig) return describeInline(f.typedConfig.routeConfig);
      if (f.typedConfig.rds?.routeConfigName) return `Route: ${f.typedConfig.rds.routeConfigName}`;
      return 'HTTP';
    }
    if (f.name === 'envoy.filters.network.tcp_proxy') {
      const c = f.typedConfig.cluster ?? '';
      if (c.includes('BlackHoleCluster')) continue;
      return c.includes('Cluster') ? c : `Cluster: ${c}`;
    }
  }
  return 'Non-HTTP/Non-TCP';
}

export function listenerType(l: Listener): string {
  let http = 0;
  let tcp = 0;
  for (const c of [...l.filterChains, ...(l.defaultFilterChain ? [l.defaultFilterChain] : [])]) {
    for (const f of c.filters) {
      if (f.name === 'envoy.filters.network.http_connection_manager') http++;
      else if (f.name === 'envoy.filters.network.tcp_proxy' && !(f.typedConfig.cluster ?? '').includes('BlackHoleCluster')) tcp++;
    }
  }
  if (http > 0) return tcp === 0 ? 'HTTP' : 'HTTP+TCP';
  return tcp > 0 ? 'TCP' : 'UNKNOWN';
}

const addressesOf = (l: Listener): string[] => [l.address.socketAddress.address, ...(l.additionalAddresses ?? []).map((a) => a.address.socketAddress.address)];

export function sortListeners(listeners: readonly Listener[]): Listener[] {
  return [...listeners].sort((a, b) => {
    const pa = a.address.socketAddress.portValue;
    const pb = b.address.socketAddress.portValue;
    if (pa !== pb) return pa - pb;
    const aa = a.address.socketAddress.address;
    const ab = b.address.socketAddress.address;
    if (aa !== ab) return aa < ab ? -1 : 1;
    const ta = listenerType(a);
    const tb = listenerType(b);
    return ta < tb ? -1 : ta > tb ? 1 : 0;
  });
}

export interface ListenerTableOptions {
  /** `all` prefixes a NAME column (`listener/<name>`). */
  withType?: boolean;
}

export function listenerTable(listeners: readonly Listener[], opts: ListenerTableOptions = {}): string {
  const t = listenerTableOf(listeners, opts);
  return tabwrite(t.rows, t.padding);
}

export function listenerTableOf(listeners: readonly Listener[], opts: ListenerTableOptions = {}): TextTable {
  const rows: string[][] = [[...(opts.withType ? ['NAME'] : []), 'ADDRESSES', 'PORT', 'MATCH', 'DESTINATION']];
  for (const l of sortListeners(listeners)) {
    // getFilterChains: the default filter chain is listed after the others (a sidecar port's `ALL PassthroughCluster` row).
    const chains = [...l.filterChains, ...(l.defaultFilterChain ? [l.defaultFilterChain] : [])].map((c: FilterChain) => ({ match: describeChainMatch(c.filterChainMatch), destination: describeFilters(c.filters) }));
    chains.sort((a, b) => (a.destination > b.destination ? -1 : a.destination < b.destination ? 1 : 0));
    for (const c of chains) {
      rows.push([...(opts.withType ? [`listener/${l.name}`] : []), addressesOf(l).join(','), String(l.address.socketAddress.portValue), c.match, c.destination]);
    }
  }
  return { rows, padding: 1 };
}
