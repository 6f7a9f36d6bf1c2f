// Route hygiene in the destinations of one rule (Kiali KIA1104, KIA1105). With a single destination
// istiod builds a plain cluster route (route.go, networkfilter.go: len(routes) == 1), so a weight
// there is ignored and 100% of the requests go to it: usually the leftover of a canary whose other
// half was removed. The same host, subset and port twice in one rule become two weighted clusters
// with one name, whose weights Envoy adds up.
import { resolveShortnameToFqdn } from '../../../model/hosts.js';
import { refOf, type VirtualService } from '../../../model/resource.js';
import type { Path } from '../../../diagnostics/path.js';
import { defineAnalyzer } from '../../defineAnalyzer.js';
import { NO_ITEMS } from '../../../model/empty.js';

export interface Dest {
  destination?: { host?: string; subset?: string; port?: { number?: number } } | undefined;
  weight?: number | undefined;
}

/** The sections in the order findings are reported. */
const SECTIONS = ['http', 'tcp', 'tls'] as const;

/** A destination's port as the map's JSON key compares it (NaN and the infinities are all `null` there). */
const portKey = (d: NonNullable<Dest['destination']>): number | null => {
  const n = d.port?.number ?? 0;
  return Number.isFinite(n) ? n : null;
};

/** Up to this many destinations in one rule are compared pairwise (no key strings, no map). */
const PAIRWISE = 16;

function describe(d: Dest): string {
  const dst = d.destination;
  const subset = dst?.subset ? ` subset ${dst.subset}` : '';
  const port = dst?.port?.number ? ` port ${dst.port.number}` : '';
  return `${dst?.host ?? ''}${subset}${port}`;
}

/**
 * The destinations that repeat an earlier one of the same rule (same host as an FQDN, subset and
 * port), as flat pairs `[first, index, ...]` in index order, `first` the earliest equal one. Lists of
 * up to `pairwise` destinations (nearly all) are compared pairwise, without key strings or a map;
 * longer ones through a map of JSON keys (linear).
 */
export function duplicateDestinations(route: readonly Dest[], fqdn: (host: string) => string, pairwise = PAIRWISE): readonly number[] {
  if (route.length <= pairwise) {
    // Nothing is made for a rule without duplicates (nearly all): the pairs list with the first pair,
    // the hosts as FQDNs only for destinations whose subset and port are equal (a canary's two
    // destinations differ by subset: none is made).
    let out: number[] | undefined;
    let hosts: (string | undefined)[] | undefined;
    for (let j = 0; j < route.length; j++) {
      const dst = route[j]?.destination;
      if (!dst?.host) continue;
      for (let first = 0; first < j; first++) {
        const e = route[first]?.destination;
        if (!e?.host || (e.subset ?? '') !== (dst.subset ?? '') || portKey(e) !== portKey(dst)) continue;
        hosts ??= new Array<string | undefined>(route.length);
        const a = (hosts[first] ??= fqdn(e.host));
        const b = (hosts[j] ??= fqdn(dst.host));
        if (a !== b) continue;
        (out ??= []).push(first, j);
        break;
      }
    }
    return out ?? NO_ITEMS;
  }
  const out: number[] = [];
  const seen = new Map<string, number>();
  route.forEach((d, j) => {
    const dst = d.destination;
    if (!dst?.host) return;
    const key = JSON.stringify([fqdn(dst.host), dst.subset ?? '', dst.port?.number ?? 0]);
    const first = seen.get(key);
    if (first === undefined) seen.set(key, j);
    else out.push(first, j);
  });
  return out;
}

export default defineAnalyzer({
  name: 'virtualservice/route-destinations',
  description: 'Checks the destinations of each route: a weight on a single destination (ignored), the same destination twice in one rule',
  inputs: ['VirtualService'],
  emits: ['GW0463', 'GW0464'],
  kiali: ['KIA1104', 'KIA1105'],
  analyze(ctx) {
    const suffix = ctx.index.options.domainSuffix;
    // What a finding names, built only for a rule that has one (most have none).
    const at = (section: string, i: number): Path => ['spec', section, i, 'route'];
    const ruleOf = (section: string, i: number, name: string | undefined): string => `${section}[${i}]${name ? ` (${JSON.stringify(name)})` : ''}`;
    // The VirtualService whose short hosts are expanded.
    let namespace = '';
    const fqdn = (host: string): string => resolveShortnameToFqdn(host, namespace, suffix);
    const check = (vs: VirtualService, section: 'http' | 'tcp' | 'tls', i: number, name: string | undefined, route: readonly Dest[] | undefined): void => {
      if (!route || route.length === 0) return;
      const only = route[0];
      if (route.length === 1 && only && only.weight !== undefined && only.weight !== 100) {
        ctx.report('GW0463', { rule: ruleOf(section, i, name), virtualService: refOf(vs), host: describe(only), weight: only.weight }, { resource: vs, path: [...at(section, i), 0, 'weight'] });
      }
      if (route.length < 2) return;
      namespace = vs.namespace;
      const pairs = duplicateDestinations(route, fqdn);
      for (let k = 0; k < pairs.length; k += 2) {
        const first = pairs[k] as number;
        const j = pairs[k + 1] as number;
        const d = route[j] as Dest;
        const weights = `${route[first]?.weight ?? 0} + ${d.weight ?? 0}`;
        ctx.report('GW0464', { rule: ruleOf(section, i, name), virtualService: refOf(vs), destination: describe(d), first, index: j, weights }, { resource: vs, path: [...at(section, i), j, 'destination'] });
      }
    };
    // Indexed loops: this runs once (cold) over every rule of every VirtualService.
    const all = ctx.index.ofKind('VirtualService');
    for (let v = 0; v < all.length; v++) {
      const vs = all[v] as VirtualService;
      for (let s = 0; s < SECTIONS.length; s++) {
        const section = SECTIONS[s] as (typeof SECTIONS)[number];
        const rules: readonly { name?: string | undefined; route?: readonly Dest[] | undefined }[] = vs.spec[section] ?? [];
        for (let i = 0; i < rules.length; i++) {
          const r = rules[i];
          // Only http rules have names.
          if (r !== undefined && r.route && r.route.length > 0) check(vs, section, i, section === 'http' ? r.name : undefined, r.route);
        }
      }
    }
  },
});
