// A destination names a subset that no DestinationRule for that host defines. When the host itself
// is assumed to exist (the inputs hold nothing of its namespace, or it is declared), so is a
// DestinationRule defining the subset: info GW0471 (declared: nothing), not IST0101.
import { defineAnalyzer } from '../../defineAnalyzer.js';
import { destinationPath, visitMirrorDestinations, visitRouteDestinations, type DestinationVisitor, type Field, type Section } from '../../destinations.js';
import type { Destination } from '../../../schema/kinds/virtualService.js';
import { assumedHost } from '../../../model/assumptions.js';
import { resolveShortnameToFqdn } from '../../../model/hosts.js';
import { fieldSite, missingSubsetFix } from '../../../model/fixes.js';
import type { DestinationRule, VirtualService } from '../../../model/resource.js';
import { analyzerDomain, scopedHosts, lookupHost, type ScopedHosts } from '../../serviceHosts.js';

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Istio's GetResourceNameFromHost: `name.ns.svc.<domain>` names ns/name; anything else is a name in `ns`. */
function resourceKey(host: string, namespace: string, fqdn: RegExp): string {
  const m = fqdn.exec(host);
  return m ? `${m[2]}/${m[1]}` : `${namespace}/${host}`;
}

export default defineAnalyzer({
  name: 'virtualservice/subset-not-found',
  description: 'Checks that every subset a VirtualService routes to is defined by a DestinationRule for that host',
  inputs: ['VirtualService', 'DestinationRule', 'Service', 'ServiceEntry'],
  emits: ['IST0101', 'GW0471'],
  istio: 'virtualservice.DestinationRuleAnalyzer',
  kiali: ['KIA1107'],
  analyze(ctx) {
    const fqdn = new RegExp(`^(.+)\\.(.+)\\.svc\\.${escape(analyzerDomain(ctx.index))}$`);
    // The subsets defined for each host, by resourceKey.
    const known = new Map<string, Set<string>>();
    // The first DestinationRule for each host: the one the fix names.
    const ruleOf = new Map<string, DestinationRule>();
    const rules = ctx.index.ofKind('DestinationRule');
    for (let r = 0; r < rules.length; r++) {
      const dr = rules[r] as DestinationRule;
      const spec = dr.spec;
      const key = resourceKey(spec.host, dr.namespace, fqdn);
      if (!ruleOf.has(key)) ruleOf.set(key, dr);
      const subsets = spec.subsets ?? [];
      let names = known.get(key);
      if (!names) known.set(key, (names = new Set()));
      for (let i = 0; i < subsets.length; i++) names.add((subsets[i] as { name: string }).name);
    }
    const all = ctx.index.ofKind('VirtualService');
    let scoped: ScopedHosts | undefined;
    const hosts = (): ScopedHosts => (scoped ??= scopedHosts(ctx));
    // Indexed loops, one closure: this runs once (cold) over every destination of every VirtualService.
    // A VirtualService's destinations mostly repeat one host: the last host's subsets are remembered.
    let lastHost: string | undefined;
    let lastNamespace: string | undefined;
    let lastSubsets: Set<string> | undefined;
    // The VirtualService being walked (the visitors are made once and read it).
    let vs = all[0] as VirtualService;
    // The path is made only for a destination that is reported.
    const check = (destination: Destination, section: Section, rule: number, field: Field, index: number, kind: string): void => {
      const subset = destination.subset;
      if (!subset) return;
      const host = destination.host;
      if (host !== lastHost || vs.namespace !== lastNamespace) {
        lastHost = host;
        lastNamespace = vs.namespace;
        lastSubsets = known.get(resourceKey(host, vs.namespace, fqdn));
      }
      if (lastSubsets?.has(subset)) return;
      const at = { resource: vs, path: [...destinationPath(section, rule, field, index), 'subset'] };
      // No DestinationRule for the host (`known` has an entry for every rule's host) nor a service: assumed.
      const assumed = lastSubsets === undefined && !lookupHost(hosts(), analyzerDomain(ctx.index), vs.namespace, vs.spec.exportTo, host) ? assumedHost(ctx.index, resolveShortnameToFqdn(host, vs.namespace, ctx.index.options.domainSuffix)) : undefined;
      if (!assumed) {
        const dr = ruleOf.get(resourceKey(host, vs.namespace, fqdn));
        const full = resolveShortnameToFqdn(host, vs.namespace, ctx.index.options.domainSuffix);
        const fix = dr
          ? missingSubsetFix(subset, full, fieldSite(dr, ['spec', 'subsets']), { dr, subsets: (dr.spec.subsets ?? []).map((s) => s.name) })
          : missingSubsetFix(subset, full, fieldSite(vs, at.path));
        ctx.report('IST0101', { kind, name: `${host}+${subset}` }, at, fix);
      }
      else if (assumed.reason === 'partial-namespace') ctx.report('GW0471', { kind, name: `${host}+${subset}`, namespace: assumed.namespace ?? '' }, at);
    };
    const checkRoute: DestinationVisitor = (destination, section, rule, field, index) => check(destination, section, rule, field, index, 'host+subset in destinationrule');
    const checkMirror: DestinationVisitor = (destination, section, rule, field, index) => check(destination, section, rule, field, index, 'mirror+subset in destinationrule');
    for (let v = 0; v < all.length; v++) {
      vs = all[v] as VirtualService;
      visitRouteDestinations(vs, checkRoute);
      visitMirrorDestinations(vs, checkMirror);
    }
  },
});
