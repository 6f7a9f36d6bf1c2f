// Which Gateways program a gateway proxy (spec §2; istiod PushContext.mergeGateways): a Gateway
// annotated internal.istio.io/gateway-service applies through the service targets of the services
// it names (in its own namespace); else nil selector = every gateway proxy, else a subset match on
// the pod labels. Sorted in Istio's config order (spec §0.1).
import type { ConfigIndex } from '../../model/configIndex.js';
import { configOrder, orderedByTimestamp } from '../../model/order.js';
import type { Gateway, Resource } from '../../model/resource.js';
import type { ServiceTargetPort } from '../proxyConfig.js';
import { selectorMatches } from './labels.js';

/** Set by Istio's Gateway API translation: comma-separated service hostnames the Gateway binds to. */
export const GATEWAY_SERVICE_ANNOTATION = 'internal.istio.io/gateway-service';
/** Set by Istio's Gateway API translation: the namespace of the parent (Kubernetes) Gateway. */
const PARENT_NAMESPACE_ANNOTATION = 'internal.istio.io/parent-namespace';

export interface GatewayBinding {
  gateway: Gateway;
  /** Selected by labels (or no selector): ports missing from every target are used as they are. */
  legacySelector: boolean;
  /** The service targets this Gateway resolves its ports against. */
  targets: readonly ServiceTargetPort[];
}

/** The store's Gateways in config order, sorted once per store (every gateway workload reads them). */
const sortedGateways = new WeakMap<ConfigIndex, readonly Gateway[]>();

function gatewaysInConfigOrder(index: ConfigIndex): readonly Gateway[] {
  let sorted = sortedGateways.get(index);
  if (!sorted) sortedGateways.set(index, (sorted = [...index.ofKind('Gateway')].sort(configOrder)));
  return sorted;
}

export function gatewaysForProxy(index: ConfigIndex, labels: Readonly<Record<string, string>>, targets: readonly ServiceTargetPort[]): GatewayBinding[] {
  const out: GatewayBinding[] = [];
  const gateways = gatewaysInConfigOrder(index);
  // Indexed loop: this runs once per gateway workload (cold), over every Gateway.
  for (let i = 0; i < gateways.length; i++) {
    const g = gateways[i] as Gateway;
    if (g.rejected) continue;
    const named = g.metadata.annotations?.[GATEWAY_SERVICE_ANNOTATION];
    if (named !== undefined) {
      const hosts = new Set(named.split(','));
      const ns = g.metadata.annotations?.[PARENT_NAMESPACE_ANNOTATION] || g.namespace;
      const own = targets.filter((t) => t.hostname !== undefined && hosts.has(t.hostname) && t.namespace === ns);
      if (own.length > 0) out.push({ gateway: g, legacySelector: false, targets: own });
    } else if (g.spec.selector === undefined || selectorMatches(g.spec.selector, labels)) {
      out.push({ gateway: g, legacySelector: true, targets });
    }
  }
  return out;
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
