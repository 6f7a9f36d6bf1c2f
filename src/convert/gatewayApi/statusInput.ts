// The status an object already carries in the inputs (`kubectl get -o yaml` output keeps it): istiod
// updates its own conditions in place and keeps the rest, so the conversion starts from it.
import type { Condition, RouteParentStatus, WrittenParentRef } from './types.js';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const optStr = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function conditions(list: unknown): Condition[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((c: unknown) => {
    if (!isRecord(c)) return [];
    const status = str(c['status']);
    return [{ type: str(c['type']), status: status === 'True' ? 'True' : 'False', reason: str(c['reason']), message: str(c['message']) }];
  });
}

/** status.conditions. */
export function readConditions(status: unknown): Condition[] {
  return isRecord(status) ? conditions(status['conditions']) : [];
}

/** status.listeners[i].conditions, by index (istiod updates listener status by position). */
export function readListenerConditions(status: unknown): Condition[][] {
  if (!isRecord(status) || !Array.isArray(status['listeners'])) return [];
  return status['listeners'].map((l: unknown) => (isRecord(l) ? conditions(l['conditions']) : []));
}

function parentRef(v: unknown): WrittenParentRef | undefined {
  if (!isRecord(v) || typeof v['name'] !== 'string') return undefined;
  const out: WrittenParentRef = { name: v['name'] };
  const group = optStr(v['group']);
  const kind = optStr(v['kind']);
  const namespace = optStr(v['namespace']);
  const sectionName = optStr(v['sectionName']);
  if (group !== undefined) out.group = group;
  if (kind !== undefined) out.kind = kind;
  if (namespace !== undefined) out.namespace = namespace;
  if (sectionName !== undefined) out.sectionName = sectionName;
  if (typeof v['port'] === 'number') out.port = v['port'];
  return out;
}

/** status.parents of a route. */
export function readRouteParents(status: unknown): RouteParentStatus[] {
  if (!isRecord(status) || !Array.isArray(status['parents'])) return [];
  return status['parents'].flatMap((p: unknown) => {
    if (!isRecord(p)) return [];
    const ref = parentRef(p['parentRef']);
    if (!ref) return [];
    return [{ parentRef: ref, controllerName: str(p['controllerName']), conditions: conditions(p['conditions']), carried: true as const }];
  });
}

/** The listener statuses of listeners still in the spec, the first of each name (by set, not by a scan per status). */
export function firstOfEachName<T extends { name: string }>(statuses: readonly T[], listeners: readonly { name: string }[]): T[] {
  const inSpec = new Set(listeners.map((l) => l.name));
  const seen = new Set<string>();
  return statuses.filter((l) => {
    if (seen.has(l.name) || !inSpec.has(l.name)) return false;
    seen.add(l.name);
    return true;
  });
}
