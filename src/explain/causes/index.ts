// Root causes for where the walk stopped, most specific first. Finders run only on the failure
// path; a forwarded request gets only the warnings that still apply (shadowing, pod-port access).
import { distinctRefs, refTo } from '../../diagnostics/ref.js';
import { ref, text } from '../../diagnostics/text.js';
import type { ExplainModel } from '../model.js';
import { STOPS, type CauseSearch } from '../stops.js';
import type { Cause } from '../types.js';
import type { Walk } from '../walk.js';
import { bindingCauses } from './binding.js';
import { makeCause } from './cause.js';
import { destinationCauses } from './destination.js';
import { filterChainCauses, noListenerCauses, tlsMismatchCauses } from './listener.js';
import { noRouteCauses, noVirtualHostCause, requireTlsCause, shadowCauses } from './routing.js';
import { unselectedGatewayCauses } from './selector.js';

export function findCauses(model: ExplainModel, w: Walk): Cause[] {
  const out = causesFor(model, w);
  const note = podPortNote(model, w);
  if (note) out.push(note);
  return out;
}

type Finder = (model: ExplainModel, w: Walk) => Cause[];

/** The finders for each kind of stop (STOPS[stop].causes). */
const FINDERS = {
  listener: noListenerCauses,
  'filter-chain': filterChainCauses,
  'tls-mismatch': tlsMismatchCauses,
  'virtual-host': (model, w) => {
    const binding = bindingCauses(model, w);
    return [...binding, ...(binding.length === 0 ? unselectedGatewayCauses(model, w.host, []) : []), noVirtualHostCause(model, w)];
  },
  route: (model, w) => {
    const routes = w.vhost?.routes ?? [];
    const binding = bindingCauses(model, w);
    if (routes.length > 0) return [...noRouteCauses(model, w), ...binding];
    // The blackhole (or an empty httpsRedirect vhost): nobody contributed routes for this host.
    if (binding.length > 0) return binding;
    const selectors = unselectedGatewayCauses(model, w.host, []);
    if (selectors.length > 0) return selectors;
    const gws = distinctRefs(model.config.servers.filter((s) => s.routeName === w.routeConfigName).map((s) => refTo('Gateway', s.gateway)));
    const [first] = gws;
    return [makeCause('GW0271', { routeConfig: w.routeConfigName ?? '', gateways: gws }, {}, () => text`create a VirtualService with \`${w.host}\` in spec.hosts and \`${first ? ref(first) : 'the Gateway'}\` in spec.gateways`)];
  },
  redirect: requireTlsCause,
  'route-action': (model, w) => (w.outcome?.kind === 'none' ? noRouteCauses(model, w) : shadowCauses(model, w)),
  destination: destinationCauses,
  forwarded: (model, w) => [...destinationCauses(model, w), ...shadowCauses(model, w)],
  none: () => [],
} satisfies Record<CauseSearch, Finder>;

function causesFor(model: ExplainModel, w: Walk): Cause[] {
  return FINDERS[STOPS[w.stop].causes](model, w);
}

/** C2: reachable only on the pod port; a client behind the load balancer cannot use it. */
function podPortNote(model: ExplainModel, w: Walk): Cause | undefined {
  if (w.mode !== 'gateway' || w.port.via !== 'pod-port' || !w.listener || model.config.serviceTargets.length === 0) return undefined;
  if (model.config.serviceTargets.some((t) => t.targetPort === w.port.listenerPort)) return undefined;
  const p = model.config.proxy;
  const selector = Object.entries(p.labels).map(([k, v]) => `${k}=${v}`).join(',');
  return makeCause('IST0162', { port: w.port.listenerPort, selector }, {}, () => text`add a port with targetPort ${w.port.listenerPort} to the Service of ${ref(p)}, or keep using kubectl port-forward`);
}
