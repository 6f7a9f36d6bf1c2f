// One line per stage reached, for people (the text view) and for scripts (`trace` in the JSON).
import { fullName } from '../diagnostics/ref.js';
import type { ExplainModel } from './model.js';
import { describeRouteMatch } from './stages/routeMatch.js';
import type { TraceStep } from './types.js';
import { tcpClusters, type Walk } from './walk.js';

const MAX_LISTED = 6;

function list(xs: readonly (string | number)[]): string {
  const shown = xs.slice(0, MAX_LISTED).join(', ');
  return xs.length > MAX_LISTED ? `${shown} + ${xs.length - MAX_LISTED} more` : shown;
}

export function buildTrace(model: ExplainModel, w: Walk): TraceStep[] {
  const steps: TraceStep[] = [];
  const add = (stage: TraceStep['stage'], ok: boolean, detail: string) => steps.push({ stage, ok, detail });
  const p = w.port;
  if (p.via === 'service-port') add('port', true, `${p.requested}: Service ${p.service ?? ''} port ${p.requested} -> targetPort ${p.listenerPort}`);
  else if (p.via === 'pod-port') add('port', true, `${p.requested}: not a port of the gateway's Service, taken as the pod's own port (as with kubectl port-forward)`);
  else add('port', true, `${p.requested} (outbound)${w.req.address ? ` to ${w.req.address}` : ''}`);

  if (!w.listener) {
    const ports = [...model.listenerPorts.keys()].sort((a, b) => a - b);
    add('listener', false, `no listener on port ${p.listenerPort}${ports.length ? ` (listeners: ${list(ports)})` : ' (the proxy has no listeners)'}`);
    return steps;
  }
  add('listener', true, w.listener.name);
  if (!w.chain) {
    add('filterChain', false, w.stop === 'ambiguous-filter-chain' ? 'several filter chains match equally (Envoy would reject this listener)' : `no filter chain accepts ${w.req.sni !== undefined ? `SNI ${w.req.sni}` : 'this connection'}`);
    return steps;
  }
  const names = w.chain.filterChainMatch?.serverNames;
  if (w.listener.filterChains.length > 1 || names) add('filterChain', true, `${w.chain.name ?? `#${w.chainIndex ?? 0}`}${names ? ` (SNI ${list(names)})` : ''}`);
  if (w.stop === 'tls-required') {
    add('filterChain', false, `the filter chain terminates TLS but the request is plain HTTP`);
    return steps;
  }
  if (w.stop === 'tls-unexpected') {
    add('filterChain', false, `the port serves plain HTTP but the client starts TLS`);
    return steps;
  }
  if (w.tcp) {
    add('action', true, `TCP proxy (no HTTP routing) to ${tcpClusters(w.tcp).map((c) => c.name).join(', ')}`);
    addCluster(steps, w);
    return steps;
  }
  if (!w.routeConfig) {
    add('routeConfig', false, `route config ${w.routeConfigName ?? '(none)'} does not exist`);
    return steps;
  }
  add('routeConfig', true, w.routeConfigName ?? '(inline)');
  if (!w.vhost) {
    const domains = model.domainsOf(w.routeConfig).all;
    add('virtualHost', false, `no virtual host for Host ${w.host} (domains: ${list(domains)})`);
    return steps;
  }
  const how = w.vhostKind === 'exact' ? 'exact domain' : w.vhostKind === 'any' ? 'catch-all domain *' : `wildcard domain`;
  add('virtualHost', true, `${w.vhost.name} (${how}${w.vhostKind === 'suffix' || w.vhostKind === 'prefix' ? ` ${w.vhost.domains.find((d) => d.includes('*')) ?? ''}` : ''})`);
  if (w.stop === 'require-tls') {
    add('route', false, `the virtual host requires TLS (httpsRedirect): 301 to https`);
    return steps;
  }
  if (!w.route) {
    const n = w.vhost.routes?.length ?? 0;
    add('route', false, n === 0 ? `virtual host ${w.vhost.name} has no routes: 404` : `none of the ${n} route${n === 1 ? '' : 's'} matches ${w.req.method} ${w.req.path}: 404`);
    return steps;
  }
  const vs = w.origin ? ` (VirtualService ${fullName(w.origin.virtualService)} http[${w.origin.rule}])` : '';
  add('route', true, `${w.route.name ? `${w.route.name} ` : ''}#${w.routeIndex ?? 0}: ${describeRouteMatch(w.route.match)}${vs}`);
  const o = w.outcome;
  if (o?.kind === 'redirect') add('action', true, `redirect ${o.status} to ${o.location}`);
  else if (o?.kind === 'direct') add('action', true, `direct response ${o.status}`);
  else if (o?.kind === 'abort') add('action', true, `fault injection aborts with ${o.status}`);
  else if (o?.kind === 'none') add('action', false, 'the route has no action');
  else if (o?.kind === 'forward') {
    add('action', true, `forward to ${o.clusters.map((c) => (o.clusters.length > 1 ? `${c.name} (${c.weight})` : c.name)).join(', ')}`);
    addCluster(steps, w);
  }
  return steps;
}

function addCluster(steps: TraceStep[], w: Walk): void {
  if (w.missingClusters.length === 0) steps.push({ stage: 'cluster', ok: true, detail: `${w.tcp ? tcpClusters(w.tcp).map((c) => c.name).join(', ') : w.outcome?.kind === 'forward' ? w.outcome.clusters.map((c) => c.name).join(', ') : ''} exists` });
  else steps.push({ stage: 'cluster', ok: false, detail: `cluster ${w.missingClusters.join(', ')} does not exist: 503 (NC)` });
}
