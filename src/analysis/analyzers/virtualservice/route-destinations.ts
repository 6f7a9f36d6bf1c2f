// Route hygiene in the destinations of one rule (Kiali KIA1104, KIA1105). With a single destination
// istiod builds a plain cluster route (route.go, networkfilter.go: len(routes) == 1), so a weight
// there is ignored and 100% of the requests go to it: usually the leftover of a canary whose other
// half was removed. The same host, subset and port twice in one rule become two weighted clusters
// with one name, whose weights Envoy adds up.
import { resolveShortnameToFqdn } from '../../../model/hosts.js';
import { refOf, type VirtualService } from '../../../model/resource.js';
import type { Path } from '../../../diagnostics/path.js';
import { defineAnalyzer } from '../../defineAnalyzer.js';

interface Dest {
  destination?: { host?: string; subset?: string; port?: { number?: number } } | undefined;
  weight?: number | undefined;
}

function describe(d: Dest): string {
  const dst = d.destination;
  const subset = dst?.subset ? ` subset ${dst.subset}` : '';
  const port = dst?.port?.number ? ` port ${dst.port.number}` : '';
  return `${dst?.host ?? ''}${subset}${port}`;
}

export default defineAnalyzer({
  name: 'virtualservice/route-destinations',
  description: 'Checks the destinations of each route: a weight on a single destination (ignored), the same destination twice in one rule',
  inputs: ['VirtualService'],
  emits: ['GW0463', 'GW0464'],
  kiali: ['KIA1104', 'KIA1105'],
  analyze(ctx) {
    const suffix = ctx.index.options.domainSuffix;
    const check = (vs: VirtualService, section: 'http' | 'tcp' | 'tls', i: number, name: string | undefined, route: readonly Dest[] | undefined): void => {
      if (!route || route.length === 0) return;
      // What a finding names, built only for a rule that has one (most have none).
      const at = (): Path => ['spec', section, i, 'route'];
      const rule = (): string => `${section}[${i}]${name ? ` (${JSON.stringify(name)})` : ''}`;
      const only = route[0];
      if (route.length === 1 && only && only.weight !== undefined && only.weight !== 100) {
        ctx.report('GW0463', { rule: rule(), virtualService: refOf(vs), host: describe(only), weight: only.weight }, { resource: vs, path: [...at(), 0, 'weight'] });
      }
      if (route.length < 2) return;
      const seen = new Map<string, number>();
      route.forEach((d, j) => {
        const dst = d.destination;
        if (!dst?.host) return;
        const key = JSON.stringify([resolveShortnameToFqdn(dst.host, vs.namespace, suffix), dst.subset ?? '', dst.port?.number ?? 0]);
        const first = seen.get(key);
        if (first === undefined) {
          seen.set(key, j);
          return;
        }
        const weights = `${route[first]?.weight ?? 0} + ${d.weight ?? 0}`;
        ctx.report('GW0464', { rule: rule(), virtualService: refOf(vs), destination: describe(d), first, index: j, weights }, { resource: vs, path: [...at(), j, 'destination'] });
      });
    };
    // Indexed loops: this runs once (cold) over every rule of every VirtualService.
    const all = ctx.index.ofKind('VirtualService');
    for (let v = 0; v < all.length; v++) {
      const vs = all[v] as VirtualService;
      const http = vs.spec.http ?? [];
      for (let i = 0; i < http.length; i++) {
        const r = http[i];
        if (r !== undefined && r.route && r.route.length > 0) check(vs, 'http', i, r.name, r.route);
      }
      const tcp = vs.spec.tcp ?? [];
      for (let i = 0; i < tcp.length; i++) {
        const r = tcp[i];
        if (r !== undefined && r.route && r.route.length > 0) check(vs, 'tcp', i, undefined, r.route);
      }
      const tls = vs.spec.tls ?? [];
      for (let i = 0; i < tls.length; i++) {
        const r = tls[i];
        if (r !== undefined && r.route && r.route.length > 0) check(vs, 'tls', i, undefined, r.route);
      }
    }
  },
});
