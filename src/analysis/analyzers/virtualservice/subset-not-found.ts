// A destination names a subset that no DestinationRule for that host defines.
import { defineAnalyzer } from '../../defineAnalyzer.js';
import { mirrorDestinations, routeDestinations } from '../../destinations.js';
import { analyzerDomain } from '../../serviceHosts.js';

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Istio's GetResourceNameFromHost: `name.ns.svc.<domain>` names ns/name; anything else is a name in `ns`. */
function resourceKey(host: string, namespace: string, fqdn: RegExp): string {
  const m = fqdn.exec(host);
  return m ? `${m[2]}/${m[1]}` : `${namespace}/${host}`;
}

export default defineAnalyzer({
  name: 'virtualservice/subset-not-found',
  description: 'Checks that every subset a VirtualService routes to is defined by a DestinationRule for that host',
  inputs: ['VirtualService', 'DestinationRule'],
  emits: ['IST0101'],
  istio: 'virtualservice.DestinationRuleAnalyzer',
  kiali: ['KIA1107'],
  analyze(ctx) {
    const fqdn = new RegExp(`^(.+)\\.(.+)\\.svc\\.${escape(analyzerDomain(ctx.index))}$`);
    const known = new Set<string>();
    for (const dr of ctx.index.ofKind('DestinationRule')) {
      const spec = dr.spec;
      for (const s of spec.subsets ?? []) known.add(`${resourceKey(spec.host, dr.namespace, fqdn)}+${s.name}`);
    }
    for (const vs of ctx.index.ofKind('VirtualService')) {
      const check = (host: string, subset: string | undefined, path: (string | number)[], kind: string): void => {
        if (!subset) return;
        if (known.has(`${resourceKey(host, vs.namespace, fqdn)}+${subset}`)) return;
        ctx.report('IST0101', { kind, name: `${host}+${subset}` }, { resource: vs, path: [...path, 'subset'] });
      };
      for (const d of routeDestinations(vs)) check(d.destination.host, d.destination.subset, [...d.path], 'host+subset in destinationrule');
      for (const d of mirrorDestinations(vs)) check(d.destination.host, d.destination.subset, [...d.path], 'mirror+subset in destinationrule');
    }
  },
});
