// Several DestinationRules for one host in one namespace (Kiali KIA0201). istiod merges them
// (push_context setDestinationRules, destination_rule.go mergeDestinationRule) when their exportTo
// sets are equal and their workload selectors agree: in config order (creation time, then name) the
// first trafficPolicy is kept whole and every later one dropped, the first definition of each subset
// name is kept and later ones dropped, silently. Rules for different hosts (a mesh-wide `*.local`
// default beside a specific host) are never merged: the most specific host wins, which is no drop.
import { refOf, type DestinationRule } from '../../../model/resource.js';
import { resolveShortnameToFqdn } from '../../../model/hosts.js';
import { configOrder, orderedByTimestamp } from '../../../model/order.js';
import { defineAnalyzer } from '../../defineAnalyzer.js';
import { selectorString } from '../../labels.js';

const LOCAL_ONLY: readonly string[] = ['.'];
const NONE: readonly string[] = [];

/** What istiod compares before merging: namespace, resolved host, selector (none ≠ empty), exportTo set. */
function mergeKey(dr: DestinationRule, domainSuffix: string): string {
  const { host, workloadSelector, exportTo } = dr.spec;
  const selector = workloadSelector === undefined ? '-' : `=${selectorString(workloadSelector.matchLabels)}`;
  // A rule with a selector is exported to its namespace only, whatever it says.
  const exported = workloadSelector !== undefined ? LOCAL_ONLY : !exportTo || exportTo.length === 0 ? NONE : exportTo.length === 1 ? exportTo : [...new Set(exportTo)].sort();
  return JSON.stringify([dr.namespace, resolveShortnameToFqdn(host, dr.namespace, domainSuffix), selector, exported]);
}

export default defineAnalyzer({
  name: 'destinationrule/merged-rules',
  description: 'Checks for DestinationRules istiod merges for one host, and the traffic policies and subsets the merge drops',
  inputs: ['DestinationRule'],
  emits: ['GW0401'],
  kiali: ['KIA0201'],
  analyze(ctx) {
    const groups = new Map<string, DestinationRule[]>();
    // Indexed loop: this runs once (cold) over every DestinationRule.
    const rules = ctx.index.ofKind('DestinationRule');
    for (let i = 0; i < rules.length; i++) {
      const dr = rules[i] as DestinationRule;
      if (dr.rejected || !dr.spec.host) continue;
      const k = mergeKey(dr, ctx.index.options.domainSuffix);
      const list = groups.get(k);
      if (list) list.push(dr);
      else groups.set(k, [dr]);
    }
    for (const list of groups.values()) {
      if (list.length < 2) continue;
      const [first, ...later] = [...list].sort(configOrder);
      if (!first) continue;
      let policyFrom: DestinationRule | undefined = first.spec.trafficPolicy ? first : undefined;
      const subsetFrom = new Map<string, DestinationRule>();
      for (const s of first.spec.subsets ?? []) if (!subsetFrom.has(s.name)) subsetFrom.set(s.name, first);
      for (const dr of later) {
        const host = resolveShortnameToFqdn(dr.spec.host, dr.namespace, ctx.index.options.domainSuffix);
        const dropped = (kept: DestinationRule, what: string, path: (string | number)[]): void => {
          const order = orderedByTimestamp(kept, dr) ? 'creation' : 'name';
          ctx.report('GW0401', { destinationRule: refOf(dr), kept: refOf(kept), host, what, order }, { resource: dr, path });
        };
        if (dr.spec.trafficPolicy) {
          if (policyFrom) dropped(policyFrom, 'trafficPolicy', ['spec', 'trafficPolicy']);
          else policyFrom = dr;
        }
        (dr.spec.subsets ?? []).forEach((s, i) => {
          const kept = subsetFrom.get(s.name);
          if (kept) dropped(kept, `subset ${JSON.stringify(s.name)}`, ['spec', 'subsets', i, 'name']);
          else subsetFrom.set(s.name, dr);
        });
      }
    }
  },
});
