// VirtualServices bound to one gateway that define the same host are merged by istiod into one
// virtual host, routes in config order: the first VirtualService's rules win, and a rule of a later
// one that an earlier catch-all already answers is never used.
import type { Route } from '../../../derive/envoy.js';
import { distinctRefs, fullName, refTo, type NamedRef } from '../../../diagnostics/ref.js';
import type { VirtualService } from '../../../model/resource.js';
import { defineAnalyzer } from '../../defineAnalyzer.js';
import { GATEWAY_DERIVATION_INPUTS, gatewayProxies } from '../../gatewayProxies.js';

const key = fullName;

/** Whether earlier route `e` takes every request later route `l` would: a path condition only, covering l's. */
function covers(e: Route, l: Route): boolean {
  if ((e.match.headers ?? []).length > 0 || (e.match.queryParameters ?? []).length > 0 || e.match.safeRegex) return false;
  const later = l.match.prefix ?? l.match.path ?? l.match.pathSeparatedPrefix;
  if (later === undefined) return false;
  if (e.match.prefix !== undefined) return later.startsWith(e.match.prefix);
  if (e.match.path !== undefined) return l.match.path === e.match.path;
  return false;
}

export default defineAnalyzer({
  name: 'virtualservice/gateway-host-conflict',
  description: 'Checks for VirtualServices that share a host on a gateway, and rules shadowed after their merge',
  inputs: GATEWAY_DERIVATION_INPUTS,
  emits: ['GW0301', 'GW0302'],
  kiali: ['KIA1106'],
  analyze(ctx) {
    const reported = new Set<string>();
    const once = (k: string): boolean => !reported.has(k) && Boolean(reported.add(k));
    const vsOf = (r: { namespace: string; name: string }): VirtualService | undefined => ctx.index.get('VirtualService', r.namespace, r.name);
    for (const proxy of gatewayProxies(ctx)) {
      // Only virtual hosts merged from two VirtualServices or more can conflict: the others are never made.
      for (const merged of proxy.mergedVirtualHosts()) {
        const origin = merged.origin;
        const virtualServices = origin.virtualServices.map((r) => refTo('VirtualService', r));
        const gateways = distinctRefs(origin.servers.map((s) => refTo('Gateway', s.gateway)));
        const [winner] = virtualServices;
        for (const ref of origin.virtualServices.slice(1)) {
          const vs = vsOf(ref);
          if (vs && winner && once(`301|${key(ref)}|${origin.virtualHost}`)) {
            ctx.report('GW0301', { host: origin.virtualHost, gateways, virtualServices, winner }, { resource: vs, path: ['spec', 'hosts'] });
          }
        }
        // Istio sorts catch-alls last when it merges, so shadowing comes from covering path matches.
        const seen: { route: Route; vs: string; ref: NamedRef; rule: number }[] = [];
        for (const route of merged.routes()) {
          const o = proxy.routeOrigins.get(route);
          if (!o) continue;
          const owner = key(o.virtualService);
          const by = seen.find((e) => e.vs !== owner && covers(e.route, route));
          // The VirtualService is looked up only for a shadowed rule (most routes are not).
          const vs = by ? vsOf(o.virtualService) : undefined;
          if (by && vs && once(`302|${owner}|${o.rule}|${origin.virtualHost}`)) {
            ctx.report(
              'GW0302',
              { rule: o.rule, virtualService: refTo('VirtualService', o.virtualService), host: origin.virtualHost, shadowedBy: refTo('VirtualService', by.ref), shadowingRule: by.rule },
              { resource: vs, path: ['spec', 'http', o.rule] },
            );
          }
          seen.push({ route, vs: owner, ref: o.virtualService, rule: o.rule });
        }
      }
    }
  },
});
