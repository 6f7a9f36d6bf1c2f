// Destination hosts (and host:port) of a VirtualService must exist as a Service or ServiceEntry
// visible to it; a missing port on a multi-port target is ambiguous; a gateway-bound route without
// a subset ignores the subset routing another VirtualService defines for that host.
import type { VirtualService } from '../../../model/resource.js';
import { defineAnalyzer } from '../../defineAnalyzer.js';
import { mirrorDestinations, routeDestinations, type RouteDestination } from '../../destinations.js';
import { analyzerDomain, buildScopedHosts, lookupHost, type HostTarget } from '../../serviceHosts.js';
import { refOf } from '../../../model/resource.js';


export default defineAnalyzer({
  name: 'virtualservice/destination-not-found',
  description: 'Checks the destination hosts and ports of each VirtualService',
  inputs: ['VirtualService', 'ServiceEntry', 'Service'],
  emits: ['IST0101', 'IST0112', 'IST0140'],
  istio: 'virtualservice.DestinationHostAnalyzer',
  kiali: ['KIA1101'],
  analyze(ctx) {
    const hosts = buildScopedHosts(ctx.index);
    const domain = analyzerDomain(ctx.index);
    const all = ctx.index.ofKind('VirtualService');
    const subsetDestinations = new Map<VirtualService, string[]>();
    for (const vs of all) {
      const vsHosts = vs.spec.hosts ?? [];
      const withSubset = routeDestinations(vs)
        .filter((d) => d.section === 'http' && d.destination.subset && vsHosts.includes(d.destination.host))
        .map((d) => d.destination.host);
      if (withSubset.length > 0) subsetDestinations.set(vs, withSubset);
    }
    for (const vs of all) {
      const check = (d: RouteDestination, kind: string): void => {
        const host = d.destination.host ?? '';
        const target = lookupHost(hosts, domain, vs.namespace, vs.spec.exportTo, host);
        const at = { resource: vs, path: [...d.path, 'host'] };
        if (!target) ctx.report('IST0101', { kind, name: host }, at);
        else checkPorts(d, target, at);
      };
      const checkPorts = (d: RouteDestination, target: HostTarget, at: { resource: VirtualService; path: (string | number)[] }): void => {
        const port = d.destination.port?.number;
        if (port === undefined) {
          if (target.ports.length > 1) ctx.report('IST0112', { host: d.destination.host, ports: target.ports.map((p) => p.number) }, at);
          return;
        }
        if (!target.ports.some((p) => p.number === port)) ctx.report('IST0101', { kind: 'host:port', name: `${d.destination.host}:${port}` }, at);
      };
      for (const d of routeDestinations(vs)) check(d, 'host');
      for (const d of mirrorDestinations(vs)) check(d, 'mirror host');
      if ((vs.spec.gateways ?? []).length === 0) continue;
      for (const d of routeDestinations(vs)) {
        if (d.section !== 'http' || d.destination.subset) continue;
        for (const [other, dests] of subsetDestinations) {
          for (const h of dests) {
            if (h === d.destination.host) {
              ctx.report('IST0140', { virtualService: refOf(other), gateway: refOf(vs) }, { resource: vs, path: [...d.path, 'host'] });
            }
          }
        }
      }
    }
  },
});
