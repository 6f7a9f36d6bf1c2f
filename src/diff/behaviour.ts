// One request, explained on both sides: does its outcome change? What counts is what the client and
// the backends see (the outcome, the status, the backends and their weights, the redirect target,
// and what the route does to the request when explain describes it), not which rule or virtual host
// produced it: a rule renamed or moved to another VirtualService with the same effect is no change.
import type { ProxyConfig } from '../derive/proxyConfig.js';
import { firstMatchingRoute } from '../explain/stages/routeMatch.js';
import type { ExplainRequest, ExplainResult } from '../explain/types.js';
import { answered } from '../explain/stops.js';
import { fieldChanges, stableKey, type FieldChange, type JsonValue } from './json.js';
import { routeBehaviour } from './routes.js';
import type { BehaviourChange, OutcomeView, RepresentativeRequest, Source } from './types.js';

/** What explain said about the request on one side; `config` and `request` find the route that matched, for its action. */
export function outcomeView(r: ExplainResult, source: Source | null, config?: ProxyConfig, request?: ExplainRequest): OutcomeView {
  const clusters = [...r.clusters].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return {
    outcome: r.outcome,
    status: r.status,
    stop: r.stop,
    answered: answered(r),
    clusters,
    location: r.location,
    virtualHost: r.virtualHost,
    source,
    action: config && request ? actionOf(r, config, request) : null,
  };
}

/**
 * What the matched route does to the request besides choosing its backends (rewrites, host rewrite,
 * timeout, retries, mirrors, header changes, fault injection, CORS), in Envoy's field names; null
 * when no route matched. The route is the first of its virtual host that matches the request, as
 * explain's walk picks it.
 */
function actionOf(r: ExplainResult, config: ProxyConfig, request: ExplainRequest): JsonValue {
  if (r.routeConfig === null || r.virtualHost === null) return null;
  const rc = config.routeConfigs.find((x) => x.name === r.routeConfig);
  const vh = rc?.virtualHosts.find((v) => v.name === r.virtualHost);
  const hit = vh ? firstMatchingRoute(vh.routes ?? [], request) : undefined;
  return hit ? routeBehaviour(hit.route).rest : null;
}

/** The side has no such workload: nothing accepts the connection. */
export const NO_WORKLOAD: OutcomeView = { outcome: 'no-workload', status: null, stop: null, answered: false, clusters: [], location: null, virtualHost: null, source: null, action: null };

const FAILURE_STATUSES: ReadonlySet<number> = new Set([404, 500, 503]);

/** The change in one request's outcome, or undefined when both sides do the same. */
export function compareOutcomes(request: RepresentativeRequest, base: OutcomeView, head: OutcomeView): BehaviourChange | undefined {
  const aspects: string[] = [];
  const fields: FieldChange[] = [];
  if (base.outcome !== head.outcome) aspects.push('outcome');
  if (base.status !== head.status) aspects.push('status');
  const names = (v: OutcomeView): string => stableKey(v.clusters.map((c) => c.name));
  if (names(base) !== names(head)) aspects.push('backends');
  else if (stableKey(base.clusters) !== stableKey(head.clusters)) aspects.push('weights');
  if (base.location !== head.location) aspects.push('location');
  if (base.answered && head.answered && base.action !== null && head.action !== null) {
    const actionFields = fieldChanges(base.action, head.action, 'action');
    if (actionFields.length > 0) {
      for (const a of new Set(actionFields.map((f) => f.field.replace(/\[\d+\].*$|\["[^\]]*"\].*$/, '')))) if (!aspects.includes(a)) aspects.push(a);
      fields.push(...actionFields);
    }
  }
  if (aspects.length === 0) return undefined;
  const kind = base.answered && !head.answered ? 'starts-failing' : !base.answered && head.answered ? 'stops-failing' : 'changes';
  const newStatus = head.status !== null && FAILURE_STATUSES.has(head.status) && base.status !== head.status ? head.status : null;
  return { request, kind, newStatus, aspects, fields, base, head };
}

const KIND_RANK: Record<BehaviourChange['kind'], number> = { 'starts-failing': 1, changes: 2, 'stops-failing': 3 };

/** New 404/500/503 first, then other requests that start failing, then other changes, then fixes. */
export function byImportance(a: BehaviourChange, b: BehaviourChange): number {
  const rank = (c: BehaviourChange): number => (c.newStatus !== null ? 0 : KIND_RANK[c.kind]);
  return rank(a) - rank(b) || (a.request.label < b.request.label ? -1 : a.request.label > b.request.label ? 1 : 0);
}
