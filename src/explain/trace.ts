// One line per stage reached, for people (the text view) and for scripts (`trace` in the JSON): a ✓
// for each stage the walk got through, then the stage it stopped at (STOPS[stop].stage) and why.
import { rulePart } from '../model/ruleSources.js';
import { fullName } from '../diagnostics/ref.js';
import type { ExplainContext } from './context.js';
import { describeRouteMatch } from './stages/routeMatch.js';
import { STOPS } from './stops.js';
import type { StageName, TraceStep } from './types.js';
import { tcpClusters, type Walk } from './walk.js';

const MAX_LISTED = 6;

const ORDER: readonly StageName[] = ['port', 'listener', 'filterChain', 'routeConfig', 'virtualHost', 'route', 'action', 'cluster'];

function list(xs: readonly (string | number)[]): string {
  const shown = xs.slice(0, MAX_LISTED).join(', ');
  return xs.length > MAX_LISTED ? `${shown} + ${xs.length - MAX_LISTED} more` : shown;
}

export function buildTrace(ctx: ExplainContext, w: Walk): TraceStep[] {
  const steps: TraceStep[] = [];
  const add = (stage: StageName, ok: boolean, detail: string) => steps.push({ stage, ok, detail });
  const stop = STOPS[w.stop].stage;
  /** The walk got through `stage` (it stopped at a later one). */
  const passed = (stage: StageName): boolean => ORDER.indexOf(stage) < ORDER.indexOf(stop);
  const p = w.port;
  if (p.via === 'service-port') add('port', true, `${p.requested}: Service ${p.service ?? ''} port ${p.requested} -> targetPort ${p.listenerPort}`);
  else if (p.via === 'pod-port') add('port', true, `${p.requested}: not a port of the gateway's Service, taken as the pod's own port (as with kubectl port-forward)`);
  else add('port', true, `${p.requested} (outbound)${w.req.address ? ` to ${w.req.address}` : ''}`);

  if (w.listener && passed('listener')) add('listener', true, w.listener.name);
  // The chosen chain is shown even when the walk stops at it (TLS spoken to a plain chain, or the reverse).
  const names = w.chain?.filterChainMatch?.serverNames;
  if (w.listener && w.chain && (w.listener.filterChains.length > 1 || names)) add('filterChain', true, `${w.chain.name ?? `#${w.chainIndex ?? 0}`}${names ? ` (SNI ${list(names)})` : ''}`);
  if (w.tcp && passed('action')) add('action', true, `TCP proxy (no HTTP routing) to ${tcpClusters(w.tcp).map((c) => c.name).join(', ')}`);
  if (w.routeConfig && passed('routeConfig')) add('routeConfig', true, w.routeConfigName ?? '(inline)');
  if (w.vhost && passed('virtualHost')) {
    const how = w.vhostKind === 'exact' ? 'exact domain' : w.vhostKind === 'any' ? 'catch-all domain *' : `wildcard domain`;
    add('virtualHost', true, `${w.vhost.name} (${how}${w.vhostKind === 'suffix' || w.vhostKind === 'prefix' ? ` ${w.vhost.domains.find((d) => d.includes('*')) ?? ''}` : ''})`);
  }
  if (w.route && passed('route')) {
    const vs = w.userRule
      ? ` (${w.userRule.route.kind} ${fullName(w.userRule.route)} ${rulePart(w.userRule)})`
      : w.origin
        ? ` (VirtualService ${fullName(w.origin.virtualService)} http[${w.origin.rule}])`
        : '';
    add('route', true, `${w.route.name ? `${w.route.name} ` : ''}#${w.routeIndex ?? 0}: ${describeRouteMatch(w.route.match)}${vs}`);
  }
  const o = w.outcome;
  if (o?.kind === 'forward' && passed('action')) add('action', true, `forward to ${o.clusters.map((c) => (o.clusters.length > 1 ? `${c.name} (${c.weight})` : c.name)).join(', ')}`);
  const last = stopStep(ctx, w);
  add(stop, last.ok, last.detail);
  return steps;
}

/** The step of the stage the walk stopped at. */
function stopStep(ctx: ExplainContext, w: Walk): { ok: boolean; detail: string } {
  const fail = (detail: string) => ({ ok: false, detail });
  switch (w.stop) {
    case 'no-listener': {
      const ports = [...ctx.listenerPorts.keys()].sort((a, b) => a - b);
      return fail(`no listener on port ${w.port.listenerPort}${ports.length ? ` (listeners: ${list(ports)})` : ' (the proxy has no listeners)'}`);
    }
    case 'ambiguous-filter-chain':
      return fail('several filter chains match equally (Envoy would reject this listener)');
    case 'no-filter-chain':
      return fail(w.chain ? 'the filter chain holds neither an HTTP connection manager nor a TCP proxy' : `no filter chain accepts ${w.req.sni !== undefined ? `SNI ${w.req.sni}` : 'this connection'}`);
    case 'tls-required':
      return fail('the filter chain terminates TLS but the request is plain HTTP');
    case 'tls-unexpected':
      return fail('the port serves plain HTTP but the client starts TLS');
    case 'no-route-config':
      return fail(`route config ${w.routeConfigName ?? '(none)'} does not exist`);
    case 'no-virtual-host': {
      const domains = w.routeConfig ? ctx.domainsOf(w.routeConfig).all : [];
      return fail(`no virtual host for Host ${w.host} (domains: ${list(domains)})`);
    }
    case 'require-tls':
      return fail('the virtual host requires TLS (httpsRedirect): 301 to https');
    case 'no-route': {
      const n = w.vhost?.routes?.length ?? 0;
      return fail(n === 0 ? `virtual host ${w.vhost?.name ?? ''} has no routes: 404` : `none of the ${n} route${n === 1 ? '' : 's'} matches ${w.req.method} ${w.req.path}: 404`);
    }
    case 'route-action':
      return actionStep(w);
    case 'tcp-proxy':
    case 'cluster-missing':
    case 'tcp-cluster-missing':
    case 'no-endpoints':
    case 'tcp-no-endpoints':
    case 'forwarded':
      return clusterStep(w);
  }
}

function actionStep(w: Walk): { ok: boolean; detail: string } {
  const o = w.outcome;
  switch (o?.kind) {
    case 'redirect':
      return { ok: true, detail: `redirect ${o.status} to ${o.location}` };
    case 'direct':
      return { ok: true, detail: `direct response ${o.status}` };
    case 'abort':
      return { ok: true, detail: o.grpcStatus !== undefined ? `fault injection aborts every request: HTTP 200 with grpc-status ${o.grpcStatus} (a local reply)` : `fault injection aborts every request with ${o.status}` };
    case 'cors-preflight':
      return { ok: true, detail: 'CORS preflight: the origin is allowed, the proxy answers it (200 with the CORS headers)' };
    case 'forward':
    case 'none':
    case undefined:
      return { ok: false, detail: 'the route has no action' };
  }
}

function clusterStep(w: Walk): { ok: boolean; detail: string } {
  if (w.stop === 'no-endpoints' || w.stop === 'tcp-no-endpoints') {
    return { ok: false, detail: `${w.noEndpoints.join(', ')} has no endpoint: no workload in the inputs matches it: ${w.tcp ? 'the proxy closes the connection' : '503 (UH)'}` };
  }
  const empty = new Set(w.noEndpoints);
  if (w.missingClusters.length > 0) {
    if (w.tcp) return { ok: false, detail: `cluster ${w.missingClusters.join(', ')} does not exist: the proxy closes the connection (no HTTP exchange)` };
    return { ok: false, detail: `cluster ${w.missingClusters.join(', ')} does not exist: ${missingClusterStatus(w)} (NC)` };
  }
  const clusters = w.tcp ? tcpClusters(w.tcp) : w.outcome?.kind === 'forward' ? w.outcome.clusters : [];
  const assumed = new Set(w.assumed.filter((a) => a.subject === 'host').map((a) => a.name));
  const known = clusters.filter((c) => !assumed.has(c.name) && !empty.has(c.name)).map((c) => c.name);
  const parts = [...(known.length > 0 ? [`${known.join(', ')} exists`] : []), ...(assumed.size > 0 ? [`${[...assumed].join(', ')} assumed to exist (its host is not in the inputs)`] : []), ...(empty.size > 0 ? [`${[...empty].join(', ')} has no endpoint (503 UH for its share)`] : [])];
  return { ok: true, detail: parts.join('; ') };
}

/** RouteAction.cluster_not_found_response_code: 503 unless the route sets 404 or 500 (Gateway API routes). */
const CLUSTER_NOT_FOUND: Readonly<Record<string, number>> = { SERVICE_UNAVAILABLE: 503, NOT_FOUND: 404, INTERNAL_SERVER_ERROR: 500 };

/** What Envoy answers when the route's cluster is missing: the route's cluster_not_found_response_code. */
export function missingClusterStatus(w: Pick<Walk, 'route'>): number {
  return CLUSTER_NOT_FOUND[w.route?.route?.clusterNotFoundResponseCode ?? 'SERVICE_UNAVAILABLE'] ?? 503;
}
