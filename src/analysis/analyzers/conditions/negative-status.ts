// Controllers (istiod, a waypoint, a Gateway API implementation) record trouble in status
// conditions. A condition type a kind's controller sets, in its failing state, is reported as is.
// Only `status` is read; conditions of other controllers (e.g. Argo CD) are ignored.
import type { Kind, Resource } from '../../../model/resource.js';
import { defineAnalyzer } from '../../defineAnalyzer.js';

interface Condition {
  type: string;
  status: string;
  reason: string;
  message: string;
  index: number;
  /** Path of the conditions list inside `status`. */
  base: (string | number)[];
}

const WAYPOINT = { 'istio.io/WaypointBound': 'False' };
const GATEWAY_API = { Accepted: 'False', Programmed: 'False', ResolvedRefs: 'False' };

/** Per kind: condition type -> the status that means trouble (Istio's negativeConditionsToReport). */
const NEGATIVE: readonly [Kind, Readonly<Record<string, string>>][] = [
  ['Service', WAYPOINT],
  ['ServiceEntry', WAYPOINT],
  ['WorkloadEntry', WAYPOINT],
  ['AuthorizationPolicy', { ZtunnelAccepted: 'False', WaypointAccepted: 'False' }],
  ['KubernetesGateway', GATEWAY_API],
  ['HTTPRoute', GATEWAY_API],
  ['GRPCRoute', GATEWAY_API],
];

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string => (typeof v === 'string' ? v : '');

function conditionsIn(list: unknown, base: (string | number)[]): Condition[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((c: unknown, index) =>
    isRecord(c) ? [{ type: text(c['type']), status: text(c['status']), reason: text(c['reason']), message: text(c['message']), index, base }] : [],
  );
}

/** Routes keep their conditions per parent (status.parents[].conditions); the rest at status.conditions. */
function conditionsOf(r: Resource): Condition[] {
  const status = r.status;
  if (!isRecord(status)) return [];
  if (r.kind === 'HTTPRoute' || r.kind === 'GRPCRoute') {
    const parents = Array.isArray(status['parents']) ? (status['parents'] as unknown[]) : [];
    return parents.flatMap((p, i) => (isRecord(p) ? conditionsIn(p['conditions'], ['status', 'parents', i, 'conditions']) : []));
  }
  return conditionsIn(status['conditions'], ['status', 'conditions']);
}

export default defineAnalyzer({
  name: 'conditions/negative-status',
  description: 'Checks for status conditions in a failing state',
  inputs: ['Service', 'ServiceEntry', 'WorkloadEntry', 'AuthorizationPolicy', 'KubernetesGateway', 'HTTPRoute', 'GRPCRoute'],
  emits: ['IST0171'],
  istio: 'conditions.ConditionAnalyzer',
  analyze(ctx) {
    for (const [kind, negative] of NEGATIVE) {
      for (const r of ctx.index.ofKind(kind)) {
        for (const c of conditionsOf(r)) {
          const at = { resource: r, path: [...c.base, c.index, 'status'] };
          const args = { type: c.type, reason: c.reason, message: c.message };
          if (Object.hasOwn(negative, c.type) && negative[c.type] === c.status) ctx.report('IST0171', args, at);
          // A waypoint that accepts only part of a policy says so with status True; reported on its own
          // (pointing at the reason), so that a False one carrying it is reported twice, as istioctl does.
          if (kind === 'AuthorizationPolicy' && c.type === 'WaypointAccepted' && c.reason === 'PartiallyInvalid') {
            ctx.report('IST0171', args, { resource: r, path: [...c.base, c.index, 'reason'] });
          }
        }
      }
    }
  },
});
