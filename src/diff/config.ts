// The config diff of one workload: listeners (and their filter chains), route configurations,
// virtual hosts, routes and clusters added, removed or changed, each with the objects behind it on
// the side that has it. Everything is paired by key (names, filter chain matches, route matches)
// through maps: linear in the size of the two configs.
import type { Cluster, FilterChain, Listener, Route, RouteConfiguration, VirtualHost } from '../derive/envoy.js';
import type { ProxyConfig, VirtualHostOrigin } from '../derive/proxyConfig.js';
import { fieldChanges, stableKey, toJson, type FieldChange } from './json.js';
import { destinationsOf, pairRoutes, routeName } from './routes.js';
import { mergeSources, type SourceLookup } from './sources.js';
import type { ConfigChange, ConfigObject, Source } from './types.js';

/** One side of a workload: its derived config and where its pieces come from. */
export interface SideConfig {
  config: ProxyConfig;
  sources: SourceLookup;
  /** Virtual host origins by route config and virtual host name. */
  virtualHostOrigins: ReadonlyMap<string, VirtualHostOrigin>;
}

const vhKey = (rc: string, vh: string): string => `${rc}\u0000${vh}`;

export function sideConfig(config: ProxyConfig, sources: SourceLookup): SideConfig {
  const virtualHostOrigins = new Map<string, VirtualHostOrigin>();
  for (const o of config.virtualHostOrigins) if (!virtualHostOrigins.has(vhKey(o.routeConfig, o.virtualHost))) virtualHostOrigins.set(vhKey(o.routeConfig, o.virtualHost), o);
  return { config, sources, virtualHostOrigins };
}

/** The pieces of two lists keyed by `key`: only in base, only in head, in both (in head order). */
function pairBy<T>(base: readonly T[], head: readonly T[], key: (t: T) => string): { removed: T[]; added: T[]; both: [T, T][] } {
  const b = new Map<string, T>();
  for (const x of base) if (!b.has(key(x))) b.set(key(x), x);
  const h = new Map<string, T>();
  for (const x of head) if (!h.has(key(x))) h.set(key(x), x);
  const removed = [...b].filter(([k]) => !h.has(k)).map(([, x]) => x);
  const added: T[] = [];
  const both: [T, T][] = [];
  for (const [k, x] of h) {
    const y = b.get(k);
    if (y === undefined) added.push(x);
    else both.push([y, x]);
  }
  return { removed, added, both };
}

const percent = (w: number): string => `${w}%`;

/** One line about what a route does: where it sends requests, or what it answers. */
export function routeSummary(r: Route): string {
  const parts: string[] = [];
  if (r.route) {
    const ds = destinationsOf(r);
    parts.push(`→ ${ds.length === 1 ? (ds[0]?.cluster ?? '') : ds.map((d) => `${d.cluster} ${percent(d.weight)}`).join(', ')}`);
    const a = r.route;
    if (a.prefixRewrite !== undefined) parts.push(`rewrite prefix ${a.prefixRewrite}`);
    if (a.regexRewrite) parts.push(`rewrite ${a.regexRewrite.pattern.regex} → ${a.regexRewrite.substitution}`);
    if (a.hostRewriteLiteral !== undefined) parts.push(`host ${a.hostRewriteLiteral}`);
    if (a.timeout !== undefined && a.timeout !== '0s') parts.push(`timeout ${a.timeout}`);
    // Istio retries twice by default: only other counts say something about this route.
    if (a.retryPolicy?.numRetries !== undefined && a.retryPolicy.numRetries !== 2) parts.push(`retries ${a.retryPolicy.numRetries}`);
    for (const m of a.requestMirrorPolicies ?? []) parts.push(`mirror ${m.cluster}`);
  } else if (r.redirect) {
    const x = r.redirect;
    const target = `${x.schemeRedirect ? `${x.schemeRedirect}://` : x.httpsRedirect ? 'https://' : ''}${x.hostRedirect ?? ''}${x.portRedirect !== undefined ? `:${x.portRedirect}` : ''}${x.pathRedirect ?? (x.prefixRewrite !== undefined ? `${x.prefixRewrite}*` : '')}`;
    parts.push(`redirect ${x.responseCode ?? 'MOVED_PERMANENTLY'} ${target || '(same URL)'}`);
  } else if (r.directResponse) {
    parts.push(`direct response ${r.directResponse.status}`);
  } else {
    parts.push('no action');
  }
  if (r.typedPerFilterConfig && Object.hasOwn(r.typedPerFilterConfig, 'envoy.filters.http.fault')) parts.push('fault injection');
  return parts.join(', ');
}

function chainTarget(c: FilterChain): string {
  const f = c.filters[0];
  if (!f) return 'no filter';
  if (f.name === 'envoy.filters.network.http_connection_manager') {
    const hcm = f.typedConfig;
    return hcm.rds ? `HTTP, route config ${hcm.rds.routeConfigName}` : 'HTTP, inline routes';
  }
  const t = f.typedConfig;
  return `TCP → ${t.cluster ?? (t.weightedClusters?.clusters ?? []).map((x) => `${x.name} ${percent(x.weight)}`).join(', ')}`;
}

const chainSummary = (c: FilterChain): string => `${c.transportSocket ? 'TLS, ' : ''}${chainTarget(c)}`;

/** A filter chain by its match: `sni a.example.com`, `*` for a chain that matches anything. */
function chainName(c: FilterChain | undefined, isDefault: boolean): string {
  if (isDefault) return 'default';
  const m = c?.filterChainMatch;
  if (!m) return c?.name ?? '*';
  const parts: string[] = [];
  if (m.serverNames?.length) parts.push(`sni ${m.serverNames.join(',')}`);
  if (m.destinationPort !== undefined) parts.push(`port ${m.destinationPort}`);
  if (m.prefixRanges?.length) parts.push(`addr ${m.prefixRanges.map((p) => `${p.addressPrefix}/${p.prefixLen}`).join(',')}`);
  if (m.transportProtocol) parts.push(m.transportProtocol);
  if (m.applicationProtocols?.length) parts.push(`alpn ${m.applicationProtocols.join(',')}`);
  return parts.length > 0 ? parts.join(' ') : (c?.name ?? '*');
}

interface Emit {
  (c: Omit<ConfigChange, 'fields' | 'sources' | 'listener' | 'routeConfig' | 'virtualHost'> & Partial<Pick<ConfigChange, 'fields' | 'sources' | 'listener' | 'routeConfig' | 'virtualHost'>>): void;
}

function listenerPort(l: Listener): number {
  return l.address.socketAddress.portValue;
}

function listenerSources(side: SideConfig | undefined, l: Listener, chain?: FilterChain): Source[] {
  if (!side) return [];
  const port = listenerPort(l);
  const servers = side.config.servers.filter((s) => s.listenerPort === port);
  const rds = chain?.filters[0]?.name === 'envoy.filters.network.http_connection_manager' ? chain.filters[0].typedConfig.rds?.routeConfigName : undefined;
  const sni = chain?.filterChainMatch?.serverNames ?? [];
  const narrowed = chain ? servers.filter((s) => (rds !== undefined && s.routeName === rds) || s.hosts.some((h) => sni.some((n) => h === n || h.endsWith(`/${n}`)))) : [];
  return side.sources.servers(narrowed.length > 0 ? narrowed : servers);
}

function diffListeners(base: SideConfig | undefined, head: SideConfig | undefined, emit: Emit): void {
  const p = pairBy(base?.config.listeners ?? [], head?.config.listeners ?? [], (l) => l.name);
  const summary = (l: Listener): string => `port ${listenerPort(l)}: ${[...l.filterChains, ...(l.defaultFilterChain ? [l.defaultFilterChain] : [])].map(chainSummary).join('; ') || 'no filter chains'}`;
  for (const l of p.removed) emit({ change: 'removed', object: 'listener', name: l.name, summary: summary(l), sources: listenerSources(base, l) });
  for (const l of p.added) emit({ change: 'added', object: 'listener', name: l.name, summary: summary(l), sources: listenerSources(head, l) });
  for (const [b, h] of p.both) {
    const { filterChains: _bf, defaultFilterChain: bd, ...bRest } = b;
    const { filterChains: _hf, defaultFilterChain: hd, ...hRest } = h;
    const fields = fieldChanges(toJson(bRest), toJson(hRest));
    if (fields.length > 0) emit({ change: 'changed', object: 'listener', name: h.name, summary: summary(h), fields, sources: mergeSources(listenerSources(base, b), listenerSources(head, h)) });
    const chains = (l: Listener, d: FilterChain | undefined): { chain: FilterChain; key: string; isDefault: boolean }[] => {
      const seen = new Map<string, number>();
      const list = l.filterChains.map((chain) => {
        const k = stableKey(chain.filterChainMatch ?? {});
        const n = seen.get(k) ?? 0;
        seen.set(k, n + 1);
        return { chain, key: `${k}#${n}`, isDefault: false };
      });
      if (d) list.push({ chain: d, key: 'default', isDefault: true });
      return list;
    };
    const cp = pairBy(chains(b, bd), chains(h, hd), (c) => c.key);
    const chainChange = (change: 'added' | 'removed', c: { chain: FilterChain; isDefault: boolean }, side: SideConfig | undefined, l: Listener): void =>
      emit({ change, object: 'filter-chain', listener: h.name, name: chainName(c.chain, c.isDefault), summary: chainSummary(c.chain), sources: listenerSources(side, l, c.chain) });
    for (const c of cp.removed) chainChange('removed', c, base, b);
    for (const c of cp.added) chainChange('added', c, head, h);
    for (const [bc, hc] of cp.both) {
      const { filterChainMatch: _bm, ...bx } = bc.chain;
      const { filterChainMatch: _hm, ...hx } = hc.chain;
      const f = fieldChanges(toJson(bx), toJson(hx));
      if (f.length > 0) {
        emit({ change: 'changed', object: 'filter-chain', listener: h.name, name: chainName(hc.chain, hc.isDefault), summary: chainSummary(hc.chain), fields: f, sources: mergeSources(listenerSources(base, b, bc.chain), listenerSources(head, h, hc.chain)) });
      }
    }
  }
}

function vhostSources(side: SideConfig | undefined, rc: string, vh: VirtualHost): Source[] {
  if (!side) return [];
  return side.sources.virtualHost(side.virtualHostOrigins.get(vhKey(rc, vh.name)));
}

function routeSources(side: SideConfig | undefined, r: Route): Source[] {
  return side ? side.sources.route(side.config.routeOrigins.get(r)) : [];
}

const domainsSummary = (vh: VirtualHost): string => `domains ${vh.domains.join(', ')}${vh.requireTls ? `, TLS required (${vh.requireTls})` : ''}${(vh.routes ?? []).length === 0 ? ', no routes: 404' : ''}`;

/**
 * Virtual hosts only on one side that share a domain are the same host renamed (Istio names a
 * virtual host after its first host: removing that host renames it): compared, not removed and added.
 */
function pairByDomain(p: { removed: VirtualHost[]; added: VirtualHost[]; both: [VirtualHost, VirtualHost][] }): typeof p {
  const byDomain = new Map<string, VirtualHost>();
  for (const v of p.removed) for (const d of v.domains) if (d !== '*' && !byDomain.has(d)) byDomain.set(d, v);
  const paired = new Set<VirtualHost>();
  const added: VirtualHost[] = [];
  const both = [...p.both];
  for (const v of p.added) {
    const match = v.domains.map((d) => byDomain.get(d)).find((x) => x !== undefined && !paired.has(x));
    if (match) {
      paired.add(match);
      both.push([match, v]);
    } else added.push(v);
  }
  return { removed: p.removed.filter((v) => !paired.has(v)), added, both };
}

function diffVirtualHosts(rcName: string, base: SideConfig | undefined, head: SideConfig | undefined, b: RouteConfiguration | undefined, h: RouteConfiguration | undefined, emit: Emit): void {
  const at = { routeConfig: rcName };
  const p = pairByDomain(pairBy(b?.virtualHosts ?? [], h?.virtualHosts ?? [], (v) => v.name));
  const routesOf = (change: 'added' | 'removed', side: SideConfig | undefined, vh: VirtualHost): void => {
    for (const r of vh.routes ?? []) emit({ change, object: 'route', ...at, virtualHost: vh.name, name: routeName(r), summary: routeSummary(r), sources: routeSources(side, r) });
  };
  for (const vh of p.removed) {
    emit({ change: 'removed', object: 'virtual-host', ...at, name: vh.name, summary: domainsSummary(vh), sources: vhostSources(base, rcName, vh) });
    routesOf('removed', base, vh);
  }
  for (const vh of p.added) {
    emit({ change: 'added', object: 'virtual-host', ...at, name: vh.name, summary: domainsSummary(vh), sources: vhostSources(head, rcName, vh) });
    routesOf('added', head, vh);
  }
  for (const [bv, hv] of p.both) {
    const { routes: br, domains: bd, name: bn, ...bRest } = bv;
    const { routes: hr, domains: hd, name: hn, ...hRest } = hv;
    const fields: FieldChange[] = bn === hn ? [] : [{ field: 'name', base: bn, head: hn }];
    const bs = new Set(bd);
    const hs = new Set(hd);
    if (bd.some((d) => !hs.has(d)) || hd.some((d) => !bs.has(d))) {
      fields.push({ field: 'domains', base: bd, head: hd });
    }
    fields.push(...fieldChanges(toJson(bRest), toJson(hRest)));
    if (fields.length > 0) emit({ change: 'changed', object: 'virtual-host', ...at, name: hv.name, summary: domainsSummary(hv), fields, sources: mergeSources(vhostSources(base, rcName, bv), vhostSources(head, rcName, hv)) });
    const rp = pairRoutes(br ?? [], hr ?? []);
    const where = { ...at, virtualHost: hv.name };
    for (const x of rp.removed) emit({ change: 'removed', object: 'route', ...where, name: routeName(x.route), summary: routeSummary(x.route), sources: routeSources(base, x.route) });
    for (const x of rp.added) emit({ change: 'added', object: 'route', ...where, name: routeName(x.route), summary: routeSummary(x.route), sources: routeSources(head, x.route) });
    for (const x of rp.changed) {
      emit({ change: 'changed', object: 'route', ...where, name: routeName(x.head), summary: routeSummary(x.head), fields: x.fields, sources: mergeSources(routeSources(base, x.base), routeSources(head, x.head)) });
    }
    for (const x of rp.moved) {
      const crossed = x.crossed.map((c) => `${c.nowAfter ? 'now after' : 'now before'} ${routeName(c.route)} (${routeSummary(c.route)})`);
      emit({
        change: 'moved',
        object: 'route',
        ...where,
        name: routeName(x.head),
        summary: routeSummary(x.head),
        fields: [{ field: 'position', base: x.baseIndex, head: x.headIndex }, ...(x.checked ? [{ field: 'first match', base: null, head: crossed }] : [{ field: 'first match', base: null, head: 'not checked (too many routes)' }])],
        sources: mergeSources(routeSources(base, x.base), routeSources(head, x.head)),
      });
    }
  }
}

function diffRouteConfigs(base: SideConfig | undefined, head: SideConfig | undefined, emit: Emit): void {
  const p = pairBy(base?.config.routeConfigs ?? [], head?.config.routeConfigs ?? [], (rc) => rc.name ?? '');
  const hosts = (rc: RouteConfiguration): string => `${rc.virtualHosts.length} virtual host${rc.virtualHosts.length === 1 ? '' : 's'}`;
  for (const rc of p.removed) {
    emit({ change: 'removed', object: 'route-config', name: rc.name ?? '', summary: hosts(rc) });
    diffVirtualHosts(rc.name ?? '', base, head, rc, undefined, emit);
  }
  for (const rc of p.added) {
    emit({ change: 'added', object: 'route-config', name: rc.name ?? '', summary: hosts(rc) });
    diffVirtualHosts(rc.name ?? '', base, head, undefined, rc, emit);
  }
  for (const [b, h] of p.both) {
    const { virtualHosts: _bv, ...bRest } = b;
    const { virtualHosts: _hv, ...hRest } = h;
    const fields = fieldChanges(toJson(bRest), toJson(hRest));
    if (fields.length > 0) emit({ change: 'changed', object: 'route-config', name: h.name ?? '', summary: hosts(h), fields });
    diffVirtualHosts(h.name ?? '', base, head, b, h, emit);
  }
}

function clusterSummary(c: Cluster): string {
  return [c.type ?? 'EDS', c.lbPolicy, c.connectTimeout ? `connect timeout ${c.connectTimeout}` : undefined].filter((x) => x !== undefined).join(', ');
}

function diffClusters(base: SideConfig | undefined, head: SideConfig | undefined, emit: Emit): void {
  const p = pairBy(base?.config.clusters ?? [], head?.config.clusters ?? [], (c) => c.name);
  for (const c of p.removed) emit({ change: 'removed', object: 'cluster', name: c.name, summary: clusterSummary(c), sources: base?.sources.cluster(c) ?? [] });
  for (const c of p.added) emit({ change: 'added', object: 'cluster', name: c.name, summary: clusterSummary(c), sources: head?.sources.cluster(c) ?? [] });
  for (const [b, h] of p.both) {
    // The metadata only names the DestinationRule and Service behind the cluster; renaming them changes nothing Envoy does.
    const { metadata: _bm, ...bx } = b;
    const { metadata: _hm, ...hx } = h;
    const fields = fieldChanges(toJson(bx), toJson(hx));
    if (fields.length > 0) emit({ change: 'changed', object: 'cluster', name: h.name, summary: clusterSummary(h), fields, sources: mergeSources(base?.sources.cluster(b) ?? [], head?.sources.cluster(h) ?? []) });
  }
}

/** The config changes of one workload; a side that lacks the workload is `undefined` (everything added or removed). */
export function diffConfigs(base: SideConfig | undefined, head: SideConfig | undefined): ConfigChange[] {
  const out: ConfigChange[] = [];
  const emit: Emit = (c) =>
    out.push({ change: c.change, object: c.object, listener: c.listener ?? null, routeConfig: c.routeConfig ?? null, virtualHost: c.virtualHost ?? null, name: c.name, summary: c.summary, fields: c.fields ?? [], sources: c.sources ?? [] });
  diffListeners(base, head, emit);
  diffRouteConfigs(base, head, emit);
  diffClusters(base, head, emit);
  return out;
}

/** Only the route configs' changes: whether a sidecar's routes change at all. */
export function routeChanges(changes: readonly ConfigChange[]): ConfigChange[] {
  const routeObjects: ReadonlySet<ConfigObject> = new Set(['route-config', 'virtual-host', 'route']);
  return changes.filter((c) => routeObjects.has(c.object));
}
