// Which Gateways program a gateway proxy (spec §2): nil selector = every gateway proxy, else a
// subset match on the pod labels; sorted in Istio's config order (spec §0.1).
import type { ConfigIndex } from '../../model/configIndex.js';
import { configOrder, orderedByTimestamp } from '../../model/order.js';
import type { Gateway, Resource } from '../../model/resource.js';
import { selectorMatches } from './labels.js';

export function gatewaysForProxy(index: ConfigIndex, labels: Readonly<Record<string, string>>): Gateway[] {
  return index
    .ofKind('Gateway')
    .filter((g) => !g.rejected && (g.spec.selector === undefined || selectorMatches(g.spec.selector, labels)))
    .slice()
    .sort(configOrder);
}

/** Whether any two of these configs were ordered by name/namespace because timestamps tie. */
export function orderDecidedByName(sorted: readonly Resource[]): boolean {
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1];
    const b = sorted[i];
    if (a && b && !orderedByTimestamp(a, b)) return true;
  }
  return false;
}
