// A DestinationRule subset without labels (Kiali KIA0209): istiod builds its cluster over every
// endpoint of the host, so a route to "v1" reaches every version. Usually labels forgotten or
// mis-indented. A subset without labels that carries a trafficPolicy is a documented pattern (Istio's
// egress gateway tasks name one subset per external host to give it its own TLS settings), so only a
// subset with neither labels nor a trafficPolicy is reported: it is the host under another name.
import { resolveShortnameToFqdn } from '../../../model/hosts.js';
import { refOf } from '../../../model/resource.js';
import { defineAnalyzer } from '../../defineAnalyzer.js';

export default defineAnalyzer({
  name: 'destinationrule/subset-labels',
  description: 'Checks that every DestinationRule subset has labels or a trafficPolicy (one with neither is the whole host under another name)',
  inputs: ['DestinationRule'],
  emits: ['GW0402'],
  kiali: ['KIA0209'],
  analyze(ctx) {
    for (const dr of ctx.index.ofKind('DestinationRule')) {
      if (dr.rejected || !dr.spec.host) continue;
      const host = resolveShortnameToFqdn(dr.spec.host, dr.namespace, ctx.index.options.domainSuffix);
      (dr.spec.subsets ?? []).forEach((s, i) => {
        if (Object.keys(s.labels ?? {}).length > 0 || s.trafficPolicy !== undefined) return;
        ctx.report('GW0402', { subset: s.name, destinationRule: refOf(dr), host }, { resource: dr, path: ['spec', 'subsets', i, 'name'] });
      });
    }
  },
});
