// One request, explained on both sides: does its outcome change? What counts is what the client and
// the backends see (the outcome, the status, the backends and their weights, the redirect target,
// and what the route does to the request when explain describes it), not which rule or virtual host
// produced it: a rule renamed or moved to another VirtualService with the same effect is no change.
import type { ExplainResult } from '../explain/types.js';
import { answered } from '../explain/stops.js';
import { fieldChanges, stableKey, type FieldChange, type JsonValue } from './json.js';
import type { BehaviourChange, OutcomeView, RepresentativeRequest, Source } from './types.js';

/** What explain said about the request on one side. */
export function outcomeView(r: ExplainResult, source: Source | null): OutcomeView {
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
    action: actionOf(r),
  };
}

/** explain's description of what the matched route does, when this version of explain gives one. */
function actionOf(_r: ExplainResult): JsonValue {
  return null;
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
      aspects.push(...new Set(actionFields.map((f) => f.field.replace(/\[\d+\].*$|\["[^\]]*"\].*$/, ''))));
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
