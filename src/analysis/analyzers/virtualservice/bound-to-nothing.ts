// A VirtualService that is not bound to the mesh and whose gateways are all missing or serve none of
// its hosts reaches no proxy at all (istioctl reports each gateway separately, never the sum). With a
// single gateway the sum says nothing its IST0101/IST0132 pair does not: one mistake, one pair.
import { hostMatches, MESH_GATEWAY, resolveGatewayName, serverHostsForNamespace } from '../../../model/hosts.js';
import { refOf } from '../../../model/resource.js';
import { defineAnalyzer } from '../../defineAnalyzer.js';

export default defineAnalyzer({
  name: 'virtualservice/bound-to-nothing',
  description: 'Checks for VirtualServices that no gateway and no sidecar receives',
  inputs: ['VirtualService', 'Gateway'],
  emits: ['GW0201'],
  analyze(ctx) {
    for (const vs of ctx.index.ofKind('VirtualService')) {
      const hosts = vs.spec.hosts ?? [];
      const refs = vs.spec.gateways ?? [];
      if (hosts.length === 0 || refs.length < 2 || refs.includes(MESH_GATEWAY)) continue;
      let existing = 0;
      const bound = refs.some((ref) => {
        const [ns = '', name = ''] = resolveGatewayName(ref, vs.namespace, ctx.index.options.domainSuffix).split('/');
        const gw = ctx.index.get('Gateway', ns, name);
        if (!gw) return false;
        existing++;
        const served = (gw.spec.servers ?? []).flatMap((s) => serverHostsForNamespace(s.hosts ?? [], gw.namespace, vs.namespace));
        return served.some((gh) => hosts.some((h) => hostMatches(gh, h)));
      });
      if (bound) continue;
      const why = existing === 0 ? `none of its gateways (${refs.join(', ')}) exists` : `none of its gateways (${refs.join(', ')}) serves any of its hosts`;
      ctx.report('GW0201', { virtualService: refOf(vs), why }, { resource: vs, path: ['spec', 'gateways'] });
    }
  },
});
