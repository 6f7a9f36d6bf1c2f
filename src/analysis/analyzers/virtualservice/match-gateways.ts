// `match[].gateways` entries that can never apply (rest of Kiali KIA1102). istiod builds a
// VirtualService's routes once per gateway it is bound to (spec.gateways, `mesh` when empty), and a
// match that lists gateways applies only on those (route.go sourceMatchHTTP: the gateway being built
// must be in the list). So an entry naming no Gateway, or a Gateway the VirtualService is not bound
// to, never matches: when every entry of a match is such, the match never applies (GW0204), else the
// entry is dead weight (GW0205). Names resolve as istiod resolves them (`ns/name`, legacy `name.ns`).
import { MESH_GATEWAY, resolveGatewayName } from '../../../model/hosts.js';
import { refOf, type VirtualService } from '../../../model/resource.js';
import type { Path } from '../../../diagnostics/path.js';
import { defineAnalyzer } from '../../defineAnalyzer.js';

const SECTIONS = ['http', 'tcp', 'tls'] as const;

export default defineAnalyzer({
  name: 'virtualservice/match-gateways',
  description: 'Checks that each gateway a route match lists is one the VirtualService is bound to (else the match never applies there)',
  inputs: ['VirtualService', 'Gateway', 'KubernetesGateway'],
  emits: ['GW0204', 'GW0205'],
  kiali: ['KIA1102'],
  analyze(ctx) {
    const resolve = (g: string, vs: VirtualService): string => resolveGatewayName(g, vs.namespace, '');
    const exists = (full: string): boolean => {
      if (full === MESH_GATEWAY) return true;
      const slash = full.indexOf('/');
      const ns = full.slice(0, slash);
      const name = full.slice(slash + 1);
      return ctx.index.get('Gateway', ns, name) !== undefined || ctx.index.get('KubernetesGateway', ns, name) !== undefined;
    };
    // The VirtualService being checked and its bound gateways, resolved when a match first lists
    // gateways (most list none).
    let vs: VirtualService;
    let bound: Set<string> | undefined;
    let boundList: string[] = [];
    // Indexed loops, one closure: this runs once (cold) over every match of every VirtualService.
    const check = (section: 'http' | 'tcp' | 'tls', i: number, j: number, gateways: readonly string[] | undefined): void => {
      if (!gateways || gateways.length === 0) return;
      if (bound === undefined) {
        const declared = vs.spec.gateways && vs.spec.gateways.length > 0 ? vs.spec.gateways : [MESH_GATEWAY];
        bound = new Set(declared.map((g) => resolve(g, vs)));
        boundList = [...bound].sort();
      }
      const boundSet = bound;
      const at: Path = ['spec', section, i, 'match', j, 'gateways'];
      const dead = gateways
        .map((g, k) => ({ g, k, full: resolve(g, vs) }))
        .filter((e) => !boundSet.has(e.full))
        .map((e) => ({ ...e, why: exists(e.full) ? ('unbound' as const) : ('missing' as const) }));
      if (dead.length === 0) return;
      const rule = `${section}[${i}].match[${j}]`;
      if (dead.length === gateways.length) {
        const entries = dead.map((e) => `${e.g} (${e.why === 'missing' ? 'no such Gateway' : 'not in spec.gateways'})`);
        ctx.report('GW0204', { rule, virtualService: refOf(vs), entries, bound: boundList }, { resource: vs, path: at });
        return;
      }
      for (const e of dead) {
        ctx.report('GW0205', { rule, virtualService: refOf(vs), gateway: e.g, missing: e.why === 'missing', bound: boundList }, { resource: vs, path: [...at, e.k] });
      }
    };
    const all = ctx.index.ofKind('VirtualService');
    for (let v = 0; v < all.length; v++) {
      vs = all[v] as VirtualService;
      bound = undefined;
      boundList = [];
      for (let s = 0; s < SECTIONS.length; s++) {
        const section = SECTIONS[s] as (typeof SECTIONS)[number];
        const rules: readonly { match?: readonly { gateways?: readonly string[] }[] }[] | undefined = vs.spec[section];
        if (rules === undefined) continue;
        for (let i = 0; i < rules.length; i++) {
          const matches = rules[i]?.match;
          if (matches === undefined) continue;
          for (let j = 0; j < matches.length; j++) check(section, i, j, matches[j]?.gateways);
        }
      }
    }
  },
});
