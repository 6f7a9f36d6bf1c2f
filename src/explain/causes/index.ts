// Root causes for where the walk stopped, most specific first. Finders run only on the failure
// path; a forwarded request gets only the warnings that still apply (shadowing, pod-port access).
import { distinctRefs, fullName, refTo, type ResourceRef } from '../../diagnostics/ref.js';
import { attachHttpRouteFix, createVirtualServiceFix, gatewayServicePortFix } from '../../model/fixes.js';
import type { ExplainContext } from '../context.js';
import { STOPS, type CauseSearch } from '../stops.js';
import type { Cause } from '../types.js';
import type { Walk } from '../walk.js';
import { actionCauses } from './action.js';
import { bindingCauses } from './binding.js';
import { gatewayApiCauses } from './gatewayApi.js';
import { makeCause } from './cause.js';
import { destinationCauses } from './destination.js';
import { filterChainCauses, noListenerCauses, tlsMismatchCauses } from './listener.js';
import { noRouteCauses, noVirtualHostCause, requireTlsCause, shadowCauses } from './routing.js';
import { unselectedGatewayCauses } from './selector.js';

export function findCauses(ctx: ExplainContext, w: Walk): Cause[] {
  // Gateway API objects speak for themselves first: the route or listener istiod would mark, at its line.
  const out = [...gatewayApiCauses(ctx, w), ...causesFor(ctx, w)];
  const note = podPortNote(ctx, w);
  if (note) out.push(note);
  return out;
}

type Finder = (ctx: ExplainContext, w: Walk) => Cause[];

/** The finders for each kind of stop (STOPS[stop].causes). */
const FINDERS = {
  listener: noListenerCauses,
  'filter-chain': filterChainCauses,
  'tls-mismatch': tlsMismatchCauses,
  'virtual-host': (ctx, w) => {
    const binding = bindingCauses(ctx, w);
    return [...binding, ...(binding.length === 0 ? unselectedGatewayCauses(ctx, w.host, []) : []), noVirtualHostCause(ctx, w)];
  },
  route: (ctx, w) => {
    const routes = w.vhost?.routes ?? [];
    const binding = bindingCauses(ctx, w);
    if (routes.length > 0) return [...noRouteCauses(ctx, w), ...binding];
    // The blackhole (or an empty httpsRedirect vhost): nobody contributed routes for this host.
    if (binding.length > 0) return binding;
    const selectors = unselectedGatewayCauses(ctx, w.host, []);
    if (selectors.length > 0) return selectors;
    const gws = distinctRefs(ctx.config.servers.filter((s) => s.routeName === w.routeConfigName).map((s) => refTo('Gateway', s.gateway)));
    // Gateways istiod generated from Gateway API Gateways are fixed with an HTTPRoute, not a VirtualService.
    const owners = gws.map((g) => ctx.index.get('Gateway', g.namespace, g.name)?.derivedFrom);
    const userGateways = distinctRefs(owners.filter((o): o is ResourceRef => o?.kind === 'Gateway'));
    if (gws.length > 0 && userGateways.length === owners.length) {
      const [gw] = userGateways;
      return [makeCause('GW0524', { routeConfig: w.routeConfigName ?? '', gateways: userGateways }, {}, () => attachHttpRouteFix(w.host, gw ?? { namespace: '', name: '' }))];
    }
    const [first] = gws;
    return [makeCause('GW0271', { routeConfig: w.routeConfigName ?? '', gateways: gws }, {}, () => createVirtualServiceFix(w.host, first ? fullName(first) : 'the Gateway'))];
  },
  redirect: requireTlsCause,
  'route-action': (ctx, w) => (w.outcome?.kind === 'none' ? noRouteCauses(ctx, w) : [...actionCauses(ctx, w), ...shadowCauses(ctx, w)]),
  destination: destinationCauses,
  forwarded: (ctx, w) => [...destinationCauses(ctx, w), ...actionCauses(ctx, w), ...shadowCauses(ctx, w)],
  none: () => [],
} satisfies Record<CauseSearch, Finder>;

function causesFor(ctx: ExplainContext, w: Walk): Cause[] {
  return FINDERS[STOPS[w.stop].causes](ctx, w);
}

/** C2: reachable only on the pod port; a client behind the load balancer cannot use it. */
function podPortNote(ctx: ExplainContext, w: Walk): Cause | undefined {
  if (w.mode !== 'gateway' || w.port.via !== 'pod-port' || !w.listener || ctx.config.serviceTargets.length === 0) return undefined;
  if (ctx.config.serviceTargets.some((t) => t.targetPort === w.port.listenerPort)) return undefined;
  const p = ctx.config.proxy;
  const selector = Object.entries(p.labels).map(([k, v]) => `${k}=${v}`).join(',');
  const [t] = ctx.config.serviceTargets;
  const service = t?.namespace !== undefined ? { namespace: t.namespace, name: t.service } : undefined;
  return makeCause('IST0162', { port: w.port.listenerPort, selector }, {}, () => gatewayServicePortFix(w.port.listenerPort, service, p));
}
