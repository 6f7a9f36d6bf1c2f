// The walk itself, stage by stage, on the derived ProxyConfig (spec §8 order): port -> listener ->
// filter chain -> route config -> virtual host -> route -> action -> cluster. It records where it
// stopped; the cause finders read that record.
import { userRuleOf, type UserRule } from '../model/ruleSources.js';
import type { FilterChain, HttpConnectionManager, Listener, Route, RouteConfiguration, TcpProxy, VirtualHost } from '../derive/envoy.js';
import type { RouteOrigin } from '../derive/proxyConfig.js';
import type { ExplainContext } from './context.js';
import { hostWithoutPort } from './request.js';
import { routeOutcome, type RouteOutcome } from './stages/action.js';
import { selectFilterChain } from './stages/filterChain.js';
import { selectListener } from './stages/listener.js';
import { resolvePort } from './stages/port.js';
import { firstMatchingRoute } from './stages/routeMatch.js';
import { selectVirtualHost, type VirtualHostMatchKind } from './stages/virtualHost.js';
import { assumedCluster } from './assumed.js';
import type { Assumption, ExplainRequest, PortResolution, StopReason } from './types.js';

export interface Walk {
  req: ExplainRequest;
  mode: 'gateway' | 'sidecar';
  port: PortResolution;
  /** Host header without port, lower-case: what vhost domains are matched against. */
  host: string;
  listener?: Listener;
  chain?: FilterChain;
  chainIndex?: number;
  hcm?: HttpConnectionManager;
  tcp?: TcpProxy;
  routeConfigName?: string;
  routeConfig?: RouteConfiguration;
  vhost?: VirtualHost;
  vhostKind?: VirtualHostMatchKind;
  route?: Route;
  routeIndex?: number;
  origin?: RouteOrigin;
  /** The Gateway API route rule behind the matched rule, when the VirtualService is derived from one. */
  userRule?: UserRule;
  outcome?: RouteOutcome;
  missingClusters: string[];
  /** Clusters the derived config lacks but that are taken to exist (a host outside the inputs). */
  assumed: Assumption[];
  /** Existing clusters the inputs show without any endpoint (503 UH for the share routed to them). */
  noEndpoints: string[];
  stop: StopReason;
}

export function walk(ctx: ExplainContext, req: ExplainRequest): Walk {
  const mode = ctx.config.proxy.mode;
  const port = resolvePort(ctx.config, req);
  const w: Walk = { req, mode, port, host: hostWithoutPort(req.headers['host'] ?? req.urlHost).toLowerCase(), missingClusters: [], assumed: [], noEndpoints: [], stop: 'no-listener' };
  const choice = selectListener(ctx.listeners, port.listenerPort, req.address, mode === 'sidecar');
  if (!choice) return w;
  w.listener = choice.listener;
  const tls = req.scheme === 'https';
  const chain = selectFilterChain(choice.listener, { port: port.listenerPort, address: req.address, sni: req.sni, tls, alpn: tls ? ['h2', 'http/1.1'] : [] });
  if (!chain.ok) {
    w.stop = chain.reason === 'ambiguous' ? 'ambiguous-filter-chain' : 'no-filter-chain';
    return w;
  }
  w.chain = chain.chain;
  w.chainIndex = chain.index;
  const terminates = chain.chain.transportSocket !== undefined;
  const filter = chain.chain.filters[0];
  if (filter?.name === 'envoy.filters.network.tcp_proxy') {
    // TLS passthrough or TCP: bytes go to the cluster as they are; no HTTP routing happens here.
    w.tcp = filter.typedConfig;
    w.stop = tls && !terminates ? 'tcp-proxy' : !tls && terminates ? 'tls-required' : 'tcp-proxy';
    if (w.stop === 'tcp-proxy') checkClusters(ctx, w, tcpClusters(w.tcp).map((c) => c.name), 'tcp-cluster-missing');
    return w;
  }
  if (terminates && !tls) {
    w.stop = 'tls-required';
    return w;
  }
  if (!terminates && tls) {
    w.stop = 'tls-unexpected';
    return w;
  }
  if (filter?.name !== 'envoy.filters.network.http_connection_manager') {
    w.stop = 'no-filter-chain';
    return w;
  }
  w.hcm = filter.typedConfig;
  const rc = w.hcm.routeConfig ?? (w.hcm.rds ? ctx.routeConfigs.get(w.hcm.rds.routeConfigName) : undefined);
  w.routeConfigName = w.hcm.rds?.routeConfigName ?? rc?.name;
  if (!rc) {
    w.stop = 'no-route-config';
    return w;
  }
  w.routeConfig = rc;
  const vh = selectVirtualHost(ctx.virtualHostIndex(rc), req.headers['host'] ?? req.urlHost);
  if (!vh) {
    w.stop = 'no-virtual-host';
    return w;
  }
  const walked = ctx.walked(vh.vh);
  w.vhost = walked;
  w.vhostKind = vh.kind;
  // Envoy checks require_tls before any route (the 301 of httpsRedirect).
  if (walked.requireTls === 'ALL' && !tls) {
    w.stop = 'require-tls';
    return w;
  }
  const m = firstMatchingRoute(walked.routes ?? [], req);
  if (!m) {
    w.stop = 'no-route';
    return w;
  }
  w.route = m.route;
  w.routeIndex = m.index;
  const origin = ctx.config.routeOrigins.get(m.route);
  if (origin) {
    w.origin = origin;
    const user = userRuleOf(ctx.index, origin.virtualService, origin.rule);
    if (user) w.userRule = user;
  }
  const outcome = routeOutcome(m.route, req);
  w.outcome = outcome;
  if (outcome.kind !== 'forward') {
    w.stop = 'route-action';
    return w;
  }
  checkClusters(ctx, w, outcome.clusters.map((c) => c.name));
  return w;
}

function checkClusters(ctx: ExplainContext, w: Walk, names: string[], missing: 'cluster-missing' | 'tcp-cluster-missing' = 'cluster-missing'): void {
  const absent = names.filter((n) => !ctx.hasCluster(n));
  const tcp = missing === 'tcp-cluster-missing';
  w.missingClusters = [];
  for (const n of absent) {
    const a = assumedCluster(ctx, n, tcp);
    if (a) w.assumed.push(a);
    else w.missingClusters.push(n);
  }
  w.stop = names.length > 0 && w.missingClusters.length === names.length ? missing : 'forwarded';
  for (const n of names) {
    if (!ctx.hasCluster(n)) continue;
    const e = ctx.endpoints(n);
    if (e?.state === 'known' && e.endpoints.length === 0) w.noEndpoints.push(n);
    else if (e?.state === 'unknown') {
      const failure = tcp ? 'the proxy closes the connection' : 'the request gets 503 UH';
      w.assumed.push({ subject: 'endpoints', name: n, detail: `${n} has a ready endpoint: its endpoints are unknown because ${e.reason}; if it has none, ${failure}` });
    }
  }
  // Every cluster is missing or empty, and at least one is empty: no healthy upstream.
  if (w.noEndpoints.length > 0 && w.missingClusters.length + w.noEndpoints.length === names.length) w.stop = tcp ? 'tcp-no-endpoints' : 'no-endpoints';
}

export function tcpClusters(t: TcpProxy): { name: string; weight: number }[] {
  if (t.cluster !== undefined) return [{ name: t.cluster, weight: 100 }];
  return (t.weightedClusters?.clusters ?? []).filter((c) => c.weight > 0);
}
