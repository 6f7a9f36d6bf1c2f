// Two VirtualServices bound to the mesh claim the same host in overlapping exportTo scopes: sidecars
// get only one of them, chosen by config order.
import { analyzerHostToFqdn, hostMatches } from '../../../model/hosts.js';
import type { VirtualService } from '../../../model/resource.js';
import { defineAnalyzer } from '../../defineAnalyzer.js';
import { analyzerDomain } from '../../serviceHosts.js';
import { byFullName } from '../../../diagnostics/ref.js';
import { refOf } from '../../../model/resource.js';
import { fieldSite, mergeVirtualServiceFix } from '../../../model/fixes.js';
import { configOrder } from '../../../model/order.js';


function scopesOf(vs: VirtualService): string[] {
  const exportTo = vs.spec.exportTo ?? [];
  if (exportTo.length === 0 || exportTo.includes('*')) return ['*'];
  return [...new Set(exportTo.map((e) => (e === '.' ? vs.namespace : e)))];
}

export default defineAnalyzer({
  name: 'virtualservice/mesh-host-conflict',
  description: 'Checks that VirtualServices bound to the mesh do not define the same host in overlapping scopes',
  inputs: ['VirtualService'],
  emits: ['IST0109'],
  istio: 'virtualservice.ConflictingMeshGatewayHostsAnalyzer',
  kiali: ['KIA1106'],
  analyze(ctx) {
    const domain = analyzerDomain(ctx.index);
    const byKey = new Map<string, { scope: string; host: string; list: VirtualService[] }>();
    // Indexed loops: this runs once (cold) over every host of every VirtualService.
    const all = ctx.index.ofKind('VirtualService');
    for (let v = 0; v < all.length; v++) {
      const vs = all[v] as VirtualService;
      const gws = vs.spec.gateways ?? [];
      if (gws.length > 0 && !gws.includes('mesh')) continue;
      const scopes = scopesOf(vs);
      const hosts = vs.spec.hosts ?? [];
      for (let s = 0; s < scopes.length; s++) {
        const scope = scopes[s] as string;
        for (let i = 0; i < hosts.length; i++) {
          const host = analyzerHostToFqdn(hosts[i] as string, vs.namespace, domain);
          const k = `${scope}/${host}`;
          const entry = byKey.get(k) ?? { scope, host, list: [] };
          entry.list.push(vs);
          byKey.set(k, entry);
        }
      }
    }
    const reported = new Set<VirtualService>();
    for (const [k, entry] of byKey) {
      let list = entry.list;
      if (entry.scope !== '*') {
        for (const other of byKey.values()) {
          if (other.scope === '*' && hostMatches(entry.host, other.host)) list = [...list, ...other.list];
        }
      }
      if (list.length < 2) continue;
      const names = list.map(refOf).sort(byFullName);
      // Sidecars keep the first VirtualService for the host in config order: the others merge into it.
      const [winner, second] = [...new Set(list)].sort(configOrder);
      for (const vs of list) {
        if (reported.has(vs)) continue;
        reported.add(vs);
        const later = vs === winner ? second : vs;
        const fix = later ? mergeVirtualServiceFix(later, fieldSite(later, ['spec', 'hosts']), winner, entry.host) : undefined;
        ctx.report('IST0109', { virtualServices: names, host: k }, { resource: vs, path: ['metadata', 'name'] }, fix);
      }
    }
  },
});
