// Route status: one entry per parentRef as written, the least severe result of its listeners
// (conditions.go createRouteStatus).
import type { ParentReference } from '../../schema/kinds/gatewayApi.js';
import { cond, configError, setConditions, type CondMap } from './conditions.js';
import { isMesh, parentRefString, type AnyRoute, type ParentError, type RouteParentReference } from './routeParents.js';
import { readRouteParents } from './statusInput.js';
import { CONTROLLER, type ConfigError, type RouteParentStatus, type WrittenParentRef } from './types.js';

const RANK: Record<string, number> = { NotAllowedByListeners: 1, NoMatchingListenerHostname: 2, ParentRefConflict: 3, NoMatchingParent: 4 };
const rankOf = (d: ParentError | undefined): number => (d ? (RANK[d.reason] ?? 0) : 0);

const writtenRef = (ref: ParentReference): WrittenParentRef => {
  const out: WrittenParentRef = { name: ref.name };
  if (ref.group !== undefined) out.group = ref.group;
  if (ref.kind !== undefined) out.kind = ref.kind;
  if (ref.namespace !== undefined) out.namespace = ref.namespace;
  if (ref.sectionName !== undefined) out.sectionName = ref.sectionName;
  if (ref.port !== undefined) out.port = ref.port;
  return out;
};

const refIdentity = (ref: ParentReference): string =>
  JSON.stringify([ref.group ?? null, ref.kind ?? null, ref.namespace ?? null, ref.name, ref.sectionName ?? null, ref.port ?? null]);

export function routeStatus(route: AnyRoute, refs: readonly RouteParentReference[], gwError: ConfigError | undefined, meshError: ConfigError | undefined): RouteParentStatus[] {
  const ns = route.namespace;
  const current = readRouteParents(route.status);
  const parents = current.map((p) => ({ ...p }));
  const ourIndexes = new Map<string, number>();
  parents.forEach((p, idx) => {
    if (p.controllerName !== CONTROLLER) return;
    const k = parentRefString(p.parentRef, ns);
    if (!ourIndexes.has(k)) ourIndexes.set(k, idx);
  });
  // Group by the parentRef as written; report the best (least severe) result per reference.
  const seen = new Map<string, { ref: ParentReference; refIndex: number; results: RouteParentReference[]; success: number }>();
  for (const r of refs) {
    const id = refIdentity(r.original);
    const entry = seen.get(id) ?? { ref: r.original, refIndex: r.refIndex, results: [], success: 0 };
    entry.results.push(r);
    if (!r.denied) entry.success++;
    seen.set(id, entry);
  }
  const toAppend: RouteParentStatus[] = [];
  for (const { ref, refIndex, results, success } of seen.values()) {
    const first = results[0];
    if (!first) continue;
    let report = first;
    let denied: ParentError | undefined = first.denied ? { ...first.denied } : undefined;
    let rank = rankOf(first.denied);
    for (const r of results.slice(1)) {
      const rr = rankOf(r.denied);
      if (rr < rank) {
        rank = rr;
        report = r;
        denied = r.denied ? { ...r.denied } : undefined;
      } else if (rr === rank) {
        if (denied === undefined) denied = r.denied ? { ...r.denied } : undefined;
        else if (r.denied) denied.message += `; ${r.denied.message}`;
      }
    }
    const conds: CondMap = new Map([
      ['Accepted', cond('Accepted', success > 1 ? `Route was valid, bound to ${success} parents` : 'Route was valid')],
      ['ResolvedRefs', cond('ResolvedRefs', 'All references resolved')],
    ]);
    const routeError = isMesh(report) ? meshError : gwError;
    const rr = conds.get('ResolvedRefs');
    if (routeError && rr) rr.error = routeError;
    const acc = conds.get('Accepted');
    if (denied && acc) acc.error = configError(denied.reason, denied.message, ['spec', 'parentRefs', refIndex]);
    const myRef = parentRefString(writtenRef(ref), ns);
    const prior = current.find((c) => c.controllerName === CONTROLLER && parentRefString(c.parentRef, ns) === myRef);
    const status: RouteParentStatus = { parentRef: writtenRef(ref), controllerName: CONTROLLER, conditions: setConditions(prior?.conditions ?? [], conds), index: refIndex };
    const idx = ourIndexes.get(myRef);
    if (idx !== undefined) {
      parents[idx] = status;
      ourIndexes.delete(myRef);
    } else {
      toAppend.push(status);
    }
  }
  toAppend.sort((a, b) => {
    const ka = parentRefString(a.parentRef, ns);
    const kb = parentRefString(b.parentRef, ns);
    return ka > kb ? -1 : ka < kb ? 1 : 0;
  });
  const stale = new Set(ourIndexes.values());
  return [...parents.filter((_, i) => !stale.has(i)), ...toAppend];
}
