// `graph`: gateway workloads → Gateways and their listeners → the hosts each serves → the route
// objects behind them (VirtualServices, HTTPRoutes, Ingresses) → destinations (Services,
// ServiceEntries, subsets, redirects), for one workload or the whole input. Which VirtualService a
// listener serves is what the derivation says (route configs' virtual host origins, L4 chain origins);
// what is wrong is what the analyzers found (GW0203, GW0201, IST0101, GW0470/GW0471). Rendering is
// src/report/views/graphRender.ts. Linear in the inputs; the result is capped at `maxNodes`.
import { ANALYZERS } from '../analysis/analyzers/index.js';
import { gatewayWorkloads } from '../analysis/gatewayProxies.js';
import { analyzerDomain, buildScopedHosts, lookupHost, type ScopedHosts } from '../analysis/serviceHosts.js';
import type { ConfigStore } from '../convert/index.js';
import { defaultRouteTranslator, targetsFor } from '../derive/gateway/index.js';
import { buildGatewayListeners } from '../derive/gateway/listeners.js';
import { mergeGateways } from '../derive/gateway/mergeServers.js';
import { buildGatewayRouteConfigs } from '../derive/gateway/routeConfigs.js';
import { gatewaysForProxy } from '../derive/gateway/selectGateways.js';
import { virtualServiceIndex } from '../derive/gateway/vsIndex.js';
import type { ClusterInfo, ProxyWorkload, ResourceKey, VirtualHostOrigin } from '../derive/proxyConfig.js';
import { fullName, workloadName, type ResourceRef } from '../diagnostics/ref.js';
import { UsageError } from '../diagnostics/usageError.js';
import { MESH_GATEWAY, resolveShortnameToFqdn } from '../model/hosts.js';
import type { Gateway, VirtualService } from '../model/resource.js';
import { refOf } from '../model/resource.js';
import { rulePart, userListenerOf, userRuleOf } from '../model/ruleSources.js';
import { normalizeVirtualService } from '../model/virtualServices.js';
import type { Destination, HttpMatchRequest, HttpRoute } from '../schema/kinds/virtualService.js';
import { clip, type GraphData } from '../report/views/graph.js';
import { analyze } from './analyze.js';
import { Builder, finish, num } from './graphBuilder.js';
import { MARKING_ANALYZERS, marksOf, type Marks } from './graphMarks.js';
import { deriveProxy, resolveProxy, type NamedProxy } from './proxy.js';
import type { Workspace } from './workspace.js';

export { GRAPH_OUTPUTS, type GraphData, type GraphEdge, type GraphNode, type GraphOutput, type Mark, type NodeKind } from '../report/views/graph.js';

export interface GraphOptions {
  /** One workload (`--gateway` / `--from`); absent: every gateway workload, the mesh and what is bound to nothing. */
  proxy?: NamedProxy;
  /** At most this many nodes (default DEFAULT_MAX_NODES); the rest is counted in `omitted`. */
  maxNodes?: number;
}

/** A graph GitHub still renders (Mermaid's default limits: 50,000 characters, 500 edges). */
export const DEFAULT_MAX_NODES = 150;
/** Hosts listed in a listener's or VirtualService's label. */
const LISTED_HOSTS = 3;

const key2 = (r: ResourceKey): string => `${r.namespace}/${r.name}`;
const hostList = (hosts: readonly string[]): string =>
  hosts.length <= LISTED_HOSTS ? hosts.join(', ') : `${hosts.slice(0, LISTED_HOSTS).join(', ')} +${hosts.length - LISTED_HOSTS} more`;

/** Summary of one HTTP match: `GET /api*`, `=/exact`, `~regex`, `+2 headers`. */
function matchText(m: HttpMatchRequest): string {
  const parts: string[] = [];
  if (m.method) parts.push(m.method.exact ?? m.method.prefix ?? m.method.regex ?? '');
  if (m.authority) parts.push(`authority ${m.authority.exact ?? m.authority.prefix ?? m.authority.regex ?? ''}`);
  if (m.uri) parts.push(m.uri.exact !== undefined ? `=${m.uri.exact}` : m.uri.prefix !== undefined ? `${m.uri.prefix}*` : `~${m.uri.regex ?? ''}`);
  const headers = Object.keys(m.headers ?? {}).length;
  if (headers > 0) parts.push(`+${headers} header${headers === 1 ? '' : 's'}`);
  const query = Object.keys(m.queryParams ?? {}).length;
  if (query > 0) parts.push(`+${query} query`);
  if (m.port !== undefined) parts.push(`port ${m.port}`);
  return parts.length === 0 ? 'any' : parts.join(' ');
}

function httpMatches(rule: HttpRoute): string {
  const ms = rule.match ?? [];
  if (ms.length === 0) return 'any';
  const shown = ms.slice(0, 2).map(matchText).join(' | ');
  return ms.length > 2 ? `${shown} | +${ms.length - 2}` : shown;
}

interface Context {
  ws: Workspace;
  store: ConfigStore;
  b: Builder;
  marks: Marks;
  hosts: ScopedHosts;
  domain: string;
  /** VirtualServices whose rules were added (each once). */
  expanded: Set<string>;
}

/** The node of the object the user wrote behind rule `rule` of a VirtualService (itself, an HTTPRoute, an Ingress...). */
function ownerOf(c: Context, vs: VirtualService, section: 'http' | 'tcp' | 'tls', rule: number): { key: string; rule: string } {
  const user = section === 'http' && vs.derivedFrom ? userRuleOf(c.store, vs, rule) : undefined;
  const ref: ResourceRef = user ? { kind: user.route.kind, namespace: user.route.namespace, name: user.route.name } : (vs.derivedFrom ?? refOf(vs));
  const key = `r:${ref.kind}/${fullName(ref)}`;
  c.b.node(key, () => ({
    kind: 'route',
    title: `${ref.kind} ${fullName(ref)}`,
    lines: vs.derivedFrom ? [] : [`hosts: ${hostList(vs.spec.hosts ?? [])}`],
    ref,
    marks: [],
    codes: [],
    sort: key,
  }));
  if (!vs.derivedFrom && c.marks.unbound.has(fullName(vs))) c.b.mark(key, 'unbound', 'GW0201');
  return { key, rule: user ? rulePart(user) : `${section}[${rule}]` };
}

/** The owners of a VirtualService's rules, each rule's destinations added once. Returns the owners' keys. */
function addVirtualService(c: Context, vs: VirtualService): string[] {
  const id = `${fullName(vs)}`;
  const owners = new Set<string>();
  const sections = ['http', 'tcp', 'tls'] as const;
  let rules = 0;
  for (const section of sections) {
    const n = (vs.spec[section] ?? []).length;
    rules += n;
    for (let i = 0; i < n; i++) owners.add(ownerOf(c, vs, section, i).key);
  }
  if (rules === 0) owners.add(ownerOf(c, vs, 'http', 0).key);
  if (c.expanded.has(id)) return [...owners];
  c.expanded.add(id);
  (vs.spec.http ?? []).forEach((rule, i) => {
    const owner = ownerOf(c, vs, 'http', i);
    const label = `${owner.rule} ${httpMatches(rule)}`;
    if (rule.delegate?.name) {
      const d = c.store.get('VirtualService', rule.delegate.namespace || vs.namespace, rule.delegate.name);
      if (d) for (const k of addVirtualService(c, d)) c.b.edge(owner.key, k, `${label} delegate`);
    }
    if (rule.redirect) {
      const r = rule.redirect;
      const target = `${r.scheme ? `${r.scheme}://` : ''}${r.authority ?? ''}${r.port !== undefined ? `:${r.port}` : ''}${r.uri ?? ''}`;
      const a = c.b.node(`a:${id}#http.${i}`, () => ({ kind: 'action', title: `redirect ${r.redirectCode ?? 301}`, lines: target ? [clip(target)] : [], marks: [], codes: [], sort: `${id}#${num(i)}` }));
      c.b.edge(owner.key, a, label);
    }
    if (rule.directResponse) {
      const status = rule.directResponse.status;
      const a = c.b.node(`a:${id}#http.${i}`, () => ({ kind: 'action', title: `direct response ${status}`, lines: [], marks: [], codes: [], sort: `${id}#${num(i)}` }));
      c.b.edge(owner.key, a, label);
    }
    const routes = rule.route ?? [];
    routes.forEach((rd, j) => {
      const weight = routes.length > 1 || rd.weight !== undefined ? ` ${rd.weight ?? 0}%` : '';
      addDestination(c, vs, owner.key, rd.destination, `${label}${weight}`, ['spec', 'http', i, 'route', j]);
    });
    if (rule.mirror) addDestination(c, vs, owner.key, rule.mirror, `${label} mirror`, ['spec', 'http', i, 'mirror']);
    (rule.mirrors ?? []).forEach((m, j) => addDestination(c, vs, owner.key, m.destination, `${label} mirror`, ['spec', 'http', i, 'mirrors', j]));
  });
  (vs.spec.tcp ?? []).forEach((rule, i) => {
    const owner = ownerOf(c, vs, 'tcp', i);
    const ports = (rule.match ?? []).flatMap((m) => (m.port !== undefined ? [String(m.port)] : []));
    const label = `${owner.rule}${ports.length > 0 ? ` port ${ports.join(',')}` : ''}`;
    const routes = rule.route ?? [];
    routes.forEach((rd, j) => addDestination(c, vs, owner.key, rd.destination, `${label}${routes.length > 1 ? ` ${rd.weight ?? 0}%` : ''}`, ['spec', 'tcp', i, 'route', j]));
  });
  (vs.spec.tls ?? []).forEach((rule, i) => {
    const owner = ownerOf(c, vs, 'tls', i);
    const sni = rule.match.flatMap((m) => m.sniHosts);
    const label = `${owner.rule}${sni.length > 0 ? ` sni ${hostList(sni)}` : ''}`;
    const routes = rule.route ?? [];
    routes.forEach((rd, j) => addDestination(c, vs, owner.key, rd.destination, `${label}${routes.length > 1 ? ` ${rd.weight ?? 0}%` : ''}`, ['spec', 'tls', i, 'route', j]));
  });
  return [...owners];
}

function addDestination(c: Context, vs: VirtualService, from: string, d: Destination, label: string, path: (string | number)[]): void {
  const fqdn = resolveShortnameToFqdn(d.host, vs.namespace, c.store.options.domainSuffix);
  const key = `d:${fqdn}\u0000${d.subset ?? ''}`;
  const found = lookupHost(c.hosts, c.domain, vs.namespace, vs.spec.exportTo, d.host);
  // A converted route whose backend the conversion refused (no ReferenceGrant, unknown kind) has no host: 500.
  const none = d.host === '';
  c.b.node(key, () => ({
    kind: 'destination',
    title: none ? '(no valid backend)' : clip(fqdn),
    lines: none ? ['requests get 500'] : [found ? (found.service ? 'Service' : 'ServiceEntry') : 'not in the inputs', ...(d.subset !== undefined ? [`subset ${clip(d.subset)}`] : [])],
    marks: none ? ['missing'] : [],
    codes: [],
    sort: key,
  }));
  const at = `${fullName(vs)}#${path.join('.')}`;
  for (const m of c.marks.destinations.get(at) ?? []) c.b.mark(key, m.mark, m.code);
  // Not in the inputs and no finding says it is missing: gwctl takes it to exist (a partial view, --assume-host).
  const node = c.b.nodes.get(key);
  if (!found && !none && node && node.marks.length === 0) node.marks.push('assumed');
  const port = d.port?.number;
  c.b.edge(from, key, `${label}${port !== undefined ? ` :${port}` : ''}`);
}

/** A Gateway's node: the object the user wrote (an Istio Gateway, a Gateway API Gateway, an Ingress). */
function gatewayNode(c: Context, g: Gateway): string {
  const ref = g.derivedFrom ?? refOf(g);
  const api = g.derivedFrom && userListenerOf(c.store, g) ? ' (Gateway API)' : '';
  const key = `g:${ref.kind}/${fullName(ref)}${api}`;
  return c.b.node(key, () => ({ kind: 'gateway', title: `${ref.kind}${api} ${fullName(ref)}`, lines: [], ref, marks: [], codes: [], sort: key }));
}

interface ServerFacts {
  port: number;
  listenerPort?: number;
  protocol: string;
  hosts: readonly string[];
}

function listenerNode(c: Context, g: Gateway, serverIndex: number, facts: ServerFacts): string {
  const gw = gatewayNode(c, g);
  const user = userListenerOf(c.store, g);
  const name = user ? `listener ${user.name}` : `servers[${serverIndex}]${g.spec.servers?.[serverIndex]?.port?.name ? ` ${g.spec.servers[serverIndex]?.port?.name ?? ''}` : ''}`;
  const key = `l:${key2(g)}#${serverIndex}`;
  const hosts = user ? [user.owner.spec.listeners[user.index]?.hostname ?? '*'] : facts.hosts;
  const translated = facts.listenerPort !== undefined && facts.listenerPort !== facts.port ? ` (listener ${facts.listenerPort})` : '';
  c.b.node(key, () => ({
    kind: 'listener',
    title: clip(name),
    lines: [`${facts.port}/${facts.protocol}${translated}`, `hosts: ${hostList(hosts)}`],
    marks: [],
    codes: [],
    sort: `${c.b.nodes.get(gw)?.sort ?? ''}#${num(serverIndex)}`,
  }));
  c.b.edge(gw, key);
  if (!g.derivedFrom && c.marks.servers.has(`${key2(g)}#${serverIndex}`)) c.b.mark(key, 'only-404', 'GW0203');
  return key;
}

function workloadNode(c: Context, w: ProxyWorkload): string {
  const ref = { kind: w.kind, namespace: w.namespace, name: w.name };
  const key = `w:${workloadName(ref)}`;
  c.b.node(key, () => ({
    kind: 'workload',
    title: `${w.mode} ${workloadName(ref)}`,
    lines: w.assumed ? ["Istio's default ingress gateway"] : [],
    ...(w.assumed ? {} : { ref }),
    marks: w.assumed ? ['assumed'] : [],
    codes: [],
    sort: key,
  }));
  return key;
}

const isBlackhole = (name: string): boolean => name.startsWith('blackhole:');

/** What one gateway workload serves: its Gateways' servers, the hosts on each, the route objects, L4 chains. */
function addGatewayWorkload(c: Context, w: ProxyWorkload): void {
  const store = c.store;
  const wk = workloadNode(c, w);
  const merged = mergeGateways(gatewaysForProxy(store, w.labels, targetsFor(store, w)));
  const scope = { index: store, proxyNamespace: w.namespace, proxyLabels: w.labels };
  const vsIndex = virtualServiceIndex(store);
  const routes = buildGatewayRouteConfigs(merged, vsIndex, scope, defaultRouteTranslator);
  const listenerOf = new Map<string, string>();
  const gatewayOf = (k: ResourceKey): Gateway | undefined => store.get('Gateway', k.namespace, k.name);
  for (const s of merged.servers) {
    const g = gatewayOf(s.gateway);
    if (!g) continue;
    c.b.edge(wk, gatewayNode(c, g));
    listenerOf.set(`${key2(s.gateway)}#${s.serverIndex}`, listenerNode(c, g, s.serverIndex, { port: s.port, listenerPort: s.listenerPort, protocol: s.protocol, hosts: s.hosts }));
  }
  // Servers merging dropped (a protocol conflict, a duplicate TLS host...): drawn, and said why.
  for (const d of merged.dropped) {
    const g = gatewayOf(d.gateway);
    const server = g?.spec.servers?.[d.serverIndex];
    if (!g || !server) continue;
    c.b.edge(wk, gatewayNode(c, g));
    const l = listenerNode(c, g, d.serverIndex, { port: server.port?.number ?? 0, protocol: server.port?.protocol ?? '', hosts: server.hosts ?? [] });
    const line = `dropped by ${w.name}: ${d.reason.code}`;
    const n = c.b.nodes.get(l);
    if (n && !n.lines.includes(line)) n.lines.push(clip(line));
  }
  // A Gateway converted from another object has no findings of its own: its 404-only ports are
  // the route configs holding only the blackhole virtual host, the rule GW0203 applies to the rest.
  for (const rc of routes.routeConfigs) {
    if (!rc.name || !rc.virtualHosts.every((vh) => isBlackhole(vh.name))) continue;
    for (const s of merged.servers) {
      const l = listenerOf.get(`${key2(s.gateway)}#${s.serverIndex}`);
      if (s.routeName === rc.name && l && gatewayOf(s.gateway)?.derivedFrom) c.b.mark(l, 'only-404', 'GW0203');
    }
  }
  for (const o of routes.virtualHostOrigins) addVirtualHost(c, wk, o, listenerOf);
  for (const o of buildGatewayListeners(store, merged, vsIndex, scope).l4Origins) {
    const l = listenerOf.get(`${o.server.gatewayName}#${o.server.serverIndex}`);
    if (!l) continue;
    const section = o.pick.block;
    const { key, rule } = ownerOf(c, o.pick.vs.vs, section, o.pick.rule);
    addVirtualService(c, o.pick.vs.vs);
    c.b.edge(l, key, `${rule}${o.pick.sniHosts && o.pick.sniHosts.length > 0 ? ` sni ${hostList(o.pick.sniHosts)}` : ''}`);
  }
}

function addVirtualHost(c: Context, wk: string, o: VirtualHostOrigin, listenerOf: ReadonlyMap<string, string>): void {
  if (isBlackhole(o.virtualHost)) return; // the 404 of a port nothing serves: the listener's mark says it
  const h = c.b.node(`h:${wk}\u0000${o.routeConfig}\u0000${o.virtualHost}`, () => ({
    kind: 'host',
    title: clip(o.virtualHost),
    lines: [],
    marks: [],
    codes: [],
    sort: `${o.virtualHost}\u0000${wk}\u0000${o.routeConfig}`,
  }));
  for (const s of o.servers) {
    const l = listenerOf.get(`${key2(s.gateway)}#${s.serverIndex}`);
    if (l) c.b.edge(l, h);
  }
  for (const v of o.virtualServices) {
    const vs = c.store.get('VirtualService', v.namespace, v.name);
    if (vs) for (const owner of addVirtualService(c, vs)) c.b.edge(h, owner);
  }
}

/** A sidecar's outbound HTTP routes: port → host → route object → destination (default routes go straight to the service). */
function addSidecar(c: Context, ws: Workspace, proxy: NamedProxy): string[] {
  const derived = deriveProxy(ws, proxy);
  const wk = workloadNode(c, derived.proxy);
  const info = derived.config.clusterInfo;
  const origins = new Map(derived.config.virtualHostOrigins.map((o) => [`${o.routeConfig}\u0000${o.virtualHost}`, o] as const));
  for (const rc of derived.config.routeConfigs) {
    const port = rc.name ?? '';
    const l = c.b.node(`l:${wk}#${port}`, () => ({ kind: 'listener', title: `outbound ${port}`, lines: ['HTTP routes'], marks: [], codes: [], sort: `${wk}#${port.padStart(20, '0')}` }));
    c.b.edge(wk, l);
    for (const vh of rc.virtualHosts) {
      const o = origins.get(`${port}\u0000${vh.name}`);
      if (!o) continue;
      const h = c.b.node(`h:${wk}\u0000${port}\u0000${vh.name}`, () => ({ kind: 'host', title: clip(vh.name), lines: [], marks: [], codes: [], sort: `${vh.name}\u0000${port}` }));
      c.b.edge(l, h);
      if (o.virtualServices.length > 0) {
        for (const v of o.virtualServices) {
          const vs = c.store.get('VirtualService', v.namespace, v.name);
          if (vs) for (const owner of addVirtualService(c, vs)) c.b.edge(h, owner);
        }
        continue;
      }
      for (const r of vh.routes ?? []) {
        const cluster = r.route?.cluster;
        const ci: ClusterInfo | undefined = cluster !== undefined ? info.get(cluster) : undefined;
        if (!ci) continue;
        const key = `d:${ci.host}\u0000${ci.subset}`;
        c.b.node(key, () => ({
          kind: 'destination',
          title: ci.host,
          lines: [ci.service.assumed ? 'not in the inputs' : ci.service.registry === 'External' ? 'ServiceEntry' : 'Service', ...(ci.subset ? [`subset ${ci.subset}`] : [])],
          marks: ci.service.assumed ? ['assumed'] : [],
          codes: [],
          sort: key,
        }));
        c.b.edge(h, key, `default :${ci.port}`);
      }
    }
  }
  return derived.notes.map((n) => n.message);
}

/** Everything bound to the mesh (every sidecar), by host. */
function addMesh(c: Context): void {
  const vses = c.store.ofKind('VirtualService').filter((vs) => !vs.rejected);
  let mesh: string | undefined;
  for (const vs of vses) {
    const n = normalizeVirtualService(vs, c.store.options.domainSuffix);
    if (n.isDelegate || !n.gateways.includes(MESH_GATEWAY)) continue;
    mesh ??= c.b.node('w:mesh', () => ({ kind: 'workload', title: 'mesh', lines: ['every sidecar'], marks: [], codes: [], sort: '\uffff' }));
    for (const host of n.hosts) {
      const h = c.b.node(`h:mesh\u0000${host}`, () => ({ kind: 'host', title: clip(host), lines: [], marks: [], codes: [], sort: `${host}\u0000mesh` }));
      c.b.edge(mesh, h);
      for (const owner of addVirtualService(c, vs)) c.b.edge(h, owner);
    }
  }
}

export function graph(ws: Workspace, opts: GraphOptions = {}): GraphData {
  const maxNodes = opts.maxNodes ?? DEFAULT_MAX_NODES;
  if (!Number.isInteger(maxNodes) || maxNodes < 1) throw new UsageError(`--max-nodes must be a positive whole number, not ${String(opts.maxNodes)}`);
  const findings = analyze(ws, { analyzers: MARKING_ANALYZERS.filter((a) => ANALYZERS.some((x) => x.name === a)) }).findings;
  const c: Context = { ws, store: ws.config, b: new Builder(), marks: marksOf(findings), hosts: buildScopedHosts(ws.inputs), domain: analyzerDomain(ws.inputs), expanded: new Set() };
  const notes: string[] = [];
  let scope = 'all inputs';
  if (opts.proxy) {
    const { proxy, notes: chosen } = resolveProxy(ws, opts.proxy);
    if (proxy.mode === 'gateway') {
      scope = `gateway ${workloadName({ kind: proxy.kind, namespace: proxy.namespace, name: proxy.name })}`;
      notes.push(...chosen.map((n) => n.message));
      addGatewayWorkload(c, proxy);
    } else {
      scope = `sidecar ${workloadName({ kind: proxy.kind, namespace: proxy.namespace, name: proxy.name })}`;
      notes.push(...addSidecar(c, ws, opts.proxy), 'a sidecar graph shows its outbound HTTP routes only');
    }
  } else {
    for (const w of gatewayWorkloads(ws.config)) addGatewayWorkload(c, w);
    // Gateways no workload runs, with their servers as written.
    for (const g of ws.config.ofKind('Gateway')) {
      if (g.rejected) continue;
      (g.spec.servers ?? []).forEach((s, i) => {
        if (!c.b.nodes.has(`l:${key2(g)}#${i}`)) listenerNode(c, g, i, { port: s.port?.number ?? 0, protocol: s.port?.protocol ?? '', hosts: s.hosts ?? [] });
      });
    }
    addMesh(c);
    // What nothing above reached: bound to nothing, or to Gateways that serve none of its hosts.
    for (const vs of ws.config.ofKind('VirtualService')) if (!vs.rejected && (vs.spec.hosts ?? []).length > 0) addVirtualService(c, vs);
    for (const [key, n] of c.b.nodes) if (n.kind === 'route' && !c.b.incoming.has(key)) n.lines.push('served by no gateway workload or sidecar');
  }
  return finish(c.b, scope, maxNodes, notes);
}
