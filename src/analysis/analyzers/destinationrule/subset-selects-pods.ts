// A DestinationRule host must name a known Service or ServiceEntry, and each subset must select at
// least one pod (else traffic to it fails with 503 UH). Pods carry their Node's topology labels too.
// A wildcard host istiod applies to services (`*.local`, `*.<ns>.svc.<domain>`, or one covering a host
// in the inputs) is not unknown: istioctl reports IST0174 for those, gwctl does not. A host of a
// namespace the inputs hold nothing of is assumed to exist (a partial view: info GW0470), as the
// VirtualService destination checks assume it; --strict makes it IST0174.
import type { DestinationRule } from '../../../model/resource.js';
import { assumedHost } from '../../../model/assumptions.js';
import { resolveShortnameToFqdn } from '../../../model/hosts.js';
import { fieldSite, subsetSelectsNoPodFix } from '../../../model/fixes.js';
import { defineAnalyzer } from '../../defineAnalyzer.js';
import { indexByLabels } from '../../../model/labelIndex.js';
import { isEmptySelector } from '../../labels.js';
import { analyzerDomain, scopedHosts, lookupHost, type HostTarget } from '../../serviceHosts.js';
import { topologyLabeller } from '../../topology.js';
import { knownHostSuffixes, wildcardApplies } from '../../wildcardHosts.js';
import { podsByLabel, podsOf } from '../../workloads.js';

export default defineAnalyzer({
  name: 'destinationrule/subset-selects-pods',
  description: 'Checks that DestinationRule hosts exist and that every subset selects pods',
  inputs: ['DestinationRule', 'Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'Service', 'ServiceEntry', 'Node'],
  emits: ['IST0173', 'IST0174', 'GW0470'],
  istio: 'destinationrule.SubsetSelectPodAnalyzer',
  kiali: ['KIA0202', 'KIA0203'],
  analyze(ctx) {
    const hosts = scopedHosts(ctx);
    const domain = analyzerDomain(ctx.index);
    let known: Set<string> | undefined;
    const suffixes = (): Set<string> => (known ??= knownHostSuffixes(ctx.index, domain));
    // Topology labels are a Pod's (from its Node): without Pods, the run's shared index of pod
    // templates by label is the one to read (Nodes are read all the same: the inputs say so).
    const labelsOf = topologyLabeller(ctx.index);
    const byLabel =
      ctx.index.ofKind('Pod').length === 0
        ? podsByLabel(ctx)
        : indexByLabels(
            podsOf(ctx).map((p) => ({ ...p, labels: labelsOf(p) })),
            (p) => p.labels,
            (p) => p.namespace,
          );
    // `selector` is what the check reads (istioctl: the subset's labels, plus a ServiceEntry's workload
    // labels); `pods` adds the Service selector, which the fix names: no pod carries that either.
    // (`pods` is made only for a subset that is reported.) Subsets that select no pod are reported
    // after every host finding, as when every subset was checked in a second pass.
    const pending: { dr: DestinationRule; index: number; name: string; selector: Record<string, string>; target: HostTarget }[] = [];
    // With partial inputs (the CLI), a host none of whose pods are in the inputs is not judged.
    const hasKnownPods = (t: HostTarget): boolean =>
      t.service
        ? !isEmptySelector(t.service.selector) && byLabel.any(t.service.selector, t.service.namespace)
        : !isEmptySelector(t.workloadLabels) && byLabel.any(t.workloadLabels);
    // Indexed loops: this runs once (cold) over every DestinationRule and subset.
    const rules = ctx.index.ofKind('DestinationRule');
    for (let r = 0; r < rules.length; r++) {
      const dr = rules[r] as DestinationRule;
      const spec = dr.spec;
      const target = lookupHost(hosts, domain, dr.namespace, spec.exportTo, spec.host);
      if (!target) {
        if (wildcardApplies(spec.host, domain, suffixes)) continue;
        const at = { resource: dr, path: ['spec', 'host'] };
        const assumed = assumedHost(ctx.index, resolveShortnameToFqdn(spec.host, dr.namespace, ctx.index.options.domainSuffix));
        if (!assumed) ctx.report('IST0174', { host: spec.host }, at);
        else if (assumed.reason === 'partial-namespace') ctx.report('GW0470', { kind: 'DestinationRule host', host: spec.host, namespace: assumed.namespace ?? '' }, at);
        continue;
      }
      if (ctx.settings.partialInputs && !hasKnownPods(target)) continue;
      const subsets = spec.subsets ?? [];
      for (let index = 0; index < subsets.length; index++) {
        const s = subsets[index];
        if (s === undefined) continue;
        // Without workload labels (a Kubernetes Service), the subset's labels are the selector as they are (read only).
        const selector = isEmptySelector(target.workloadLabels) ? (s.labels ?? {}) : { ...target.workloadLabels, ...(s.labels ?? {}) };
        if (!byLabel.any(selector)) pending.push({ dr, index, name: s.name, selector, target });
      }
    }
    for (let i = 0; i < pending.length; i++) {
      const p = pending[i] as (typeof pending)[number];
      const path = ['spec', 'subsets', p.index, 'labels'];
      const pods = { ...p.target.service?.selector, ...p.selector };
      ctx.report('IST0173', { subset: p.name }, { resource: p.dr, path }, subsetSelectsNoPodFix(p.name, pods, fieldSite(p.dr, path), p.target.service?.namespace));
    }
  },
});
