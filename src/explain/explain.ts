// explainRequest(ctx, request): one request through the derived proxy config -> the JSON contract.
// Pure and cheap per call (the context is indexed once); causes are looked for only when needed.
import { dottedName, fullName } from '../diagnostics/ref.js';
import { configPathRef } from '../model/virtualServices.js';
import { actionSummary, tcpActionSummary } from './actionSummary.js';
import { findCauses } from './causes/index.js';
import type { ExplainContext } from './context.js';
import type { RouteOutcome } from './stages/action.js';
import { STOPS } from './stops.js';
import { buildTrace, missingClusterStatus } from './trace.js';
import type { Assumption, ClusterWeight, ExplainRequest, ExplainResult, FailingShare, Outcome } from './types.js';
import { tcpClusters, walk, type Walk } from './walk.js';

export function explainRequest(ctx: ExplainContext, req: ExplainRequest): ExplainResult {
  const w = walk(ctx, req);
  const p = ctx.config.proxy;
  return {
    request: { scheme: req.scheme, host: w.host, port: req.port, path: req.path, query: req.query, method: req.method, headers: { ...req.headers }, sni: req.sni ?? null },
    proxy: { workload: dottedName(p), mode: p.mode, assumed: p.assumed },
    port: w.port,
    listener: w.listener?.name ?? null,
    filterChain: w.chain ? (w.chain.name ?? (w.chainIndex === -1 ? 'default' : `#${w.chainIndex ?? 0}`)) : null,
    routeConfig: w.routeConfigName ?? null,
    virtualHost: w.vhost?.name ?? null,
    route: w.route?.name ?? null,
    virtualService: w.userRule ? null : virtualServiceOf(w),
    httpRoute: w.userRule && (w.userRule.route.kind === 'HTTPRoute' || w.userRule.route.kind === 'GRPCRoute') ? fullName(w.userRule.route) : null,
    rule: w.userRule ? { http: w.userRule.rule, match: w.userRule.match ?? null } : w.origin ? { http: w.origin.rule, match: w.origin.match ?? null } : null,
    delegate: w.origin?.delegate ? { virtualService: fullName(w.origin.delegate), rule: { http: w.origin.delegate.rule, match: w.origin.delegate.match ?? null } } : null,
    clusters: forwardedClusters(w),
    routeClusters: w.tcp ? tcpClusters(w.tcp) : w.outcome?.kind === 'forward' ? w.outcome.clusters : [],
    failing: failingShares(w),
    stop: w.stop,
    status: statusOf(w),
    outcome: outcomeOf(w),
    location: locationOf(w),
    grpcStatus: w.outcome?.kind === 'abort' ? (w.outcome.grpcStatus ?? null) : null,
    action: w.tcp ? tcpActionSummary(ctx, w.tcp) : w.route && w.outcome ? actionSummary(ctx, req, w.route, w.outcome) : null,
    assumptions: assumptionsOf(w, p),
    trace: buildTrace(ctx, w),
    causes: findCauses(ctx, w),
  };
}

function virtualServiceOf(w: Walk): string | null {
  if (w.origin) return fullName(w.origin.virtualService);
  const path = w.route?.metadata?.filterMetadata.istio.config;
  const ref = path !== undefined ? configPathRef(path) : undefined;
  return ref?.kind === 'virtual-service' ? fullName(ref) : null;
}

function forwardedClusters(w: Walk): ClusterWeight[] {
  if (STOPS[w.stop].outcome !== 'forwarded') return [];
  if (w.tcp) return tcpClusters(w.tcp);
  return w.outcome?.kind === 'forward' ? w.outcome.clusters : [];
}

/** The weighted destinations of a forwarded request that fail for their share: no endpoint (503 UH) or no cluster (NC). */
function failingShares(w: Walk): FailingShare[] {
  const clusters = forwardedClusters(w);
  const total = clusters.reduce((a, c) => a + c.weight, 0);
  if (clusters.length === 0 || total <= 0) return [];
  const tcp = w.tcp !== undefined;
  const out: FailingShare[] = [];
  for (const c of clusters) {
    const percent = Math.round((c.weight / total) * 10000) / 100;
    if (w.noEndpoints.includes(c.name)) out.push({ cluster: c.name, weight: c.weight, percent, reason: 'no-endpoints', status: tcp ? null : 503, flag: 'UH' });
    else if (w.missingClusters.includes(c.name)) out.push({ cluster: c.name, weight: c.weight, percent, reason: 'cluster-missing', status: tcp ? null : missingClusterStatus(w), flag: 'NC' });
  }
  return out;
}

function actionStatus(o: RouteOutcome | undefined): number | null {
  if (!o) return null;
  switch (o.kind) {
    case 'redirect':
    case 'direct':
    case 'abort':
    case 'cors-preflight':
      return o.status;
    case 'none':
      return 404;
    case 'forward':
      return null;
  }
}

function statusOf(w: Walk): number | null {
  const status = STOPS[w.stop].status;
  if (status === 'cluster-not-found') return missingClusterStatus(w);
  return status === 'action' ? actionStatus(w.outcome) : status;
}

function outcomeOf(w: Walk): Outcome {
  const outcome = STOPS[w.stop].outcome;
  if (outcome !== 'by-scheme') return outcome;
  return w.req.scheme === 'https' ? 'tls-failure' : 'connection-refused';
}

function locationOf(w: Walk): string | null {
  if (w.stop === 'require-tls') {
    const host = w.req.headers['host'] ?? w.req.urlHost;
    return `https://${host.replace(/:\d+$/, '')}${w.req.path}${w.req.query ? `?${w.req.query}` : ''}`;
  }
  return w.outcome?.kind === 'redirect' ? w.outcome.location : null;
}

/** What the answer rests on beyond the inputs: an assumed gateway workload, hosts outside the files. */
function assumptionsOf(w: Walk, p: ExplainContext['config']['proxy']): Assumption[] {
  const out: Assumption[] = [];
  if (p.assumed) {
    out.push({ subject: 'gateway', name: dottedName(p), detail: `the gateway workload ${dottedName(p)} and its Service are Istio's defaults (the inputs hold no workload for it); if yours differ, ports and selectors may not match` });
  }
  return [...out, ...w.assumed];
}
