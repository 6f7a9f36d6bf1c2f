// Sidecar workload selectors must match a pod, must not overlap, and a namespace may have only one
// Sidecar without a selector. Sidecars have no effect on ambient workloads.
import type { Sidecar } from '../../../model/resource.js';
import { defineAnalyzer } from '../../defineAnalyzer.js';
import { indexByLabels } from '../../../model/labelIndex.js';
import { selectorPath, selectorString, type Labels } from '../../labels.js';
import { podsOf, type PodLike } from '../../workloads.js';

const names = (list: readonly Sidecar[]): string[] => list.map((s) => s.name).sort();

function namespaceAmbient(labels: Record<string, string> | undefined): boolean {
  if (!labels) return false;
  if (labels['istio-injection'] === 'enabled') return false;
  if (labels['istio.io/rev']) return false;
  return labels['istio.io/dataplane-mode'] === 'ambient';
}
/** Pods of one namespace with the same labels and the same ambient annotation. */
interface PodClass {
  namespace: string;
  labels: Labels;
  ambient: boolean;
  pods: PodLike[];
  sidecars: Sidecar[];
}

const podAmbient = (p: PodLike): boolean => p.annotations['ambient.istio.io/redirection'] === 'enabled';

export default defineAnalyzer({
  name: 'sidecar/selector',
  description: 'Checks that Sidecar workload selectors match pods and do not overlap',
  inputs: ['Sidecar', 'Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'Namespace'],
  emits: ['IST0101', 'IST0110', 'IST0111', 'IST0167'],
  istio: 'sidecar.SelectorAnalyzer',
  kiali: ['KIA0002', 'KIA0003', 'KIA0004'],
  analyze(ctx) {
    // Every finding is about a Sidecar: without one, there is nothing to match pods against.
    const sidecarList = ctx.index.ofKind('Sidecar');
    if (sidecarList.length === 0) return;
    // Pods alike (namespace, labels, ambient) are selected alike: selectors are matched against
    // classes of pods, so 1,000 replicas of one template cost what one does, and each Sidecar is
    // reported once (istioctl reports every pod and Sidecar pair).
    const classes = new Map<string, PodClass>();
    for (const p of podsOf(ctx)) {
      const ambient = podAmbient(p);
      const key = JSON.stringify([p.namespace, ambient, Object.entries(p.labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))]);
      const c = classes.get(key);
      if (c) c.pods.push(p);
      else classes.set(key, { namespace: p.namespace, labels: p.labels, ambient, pods: [p], sidecars: [] });
    }
    const classList = [...classes.values()];
    const byLabels = indexByLabels(classList, (c) => c.labels, (c) => c.namespace);
    const withoutSelector = new Map<string, Sidecar[]>();
    for (const sc of sidecarList) {
      const labels = sc.spec.workloadSelector?.labels ?? {};
      if (Object.keys(labels).length === 0) {
        const list = withoutSelector.get(sc.namespace);
        if (list) list.push(sc);
        else withoutSelector.set(sc.namespace, [sc]);
        continue;
      }
      const selected = byLabels.select(labels, sc.namespace);
      if (selected.length === 0) {
        ctx.report('IST0101', { kind: 'selector', name: selectorString(labels) }, { resource: sc, path: selectorPath(['spec', 'workloadSelector', 'labels'], labels) });
      }
      for (const c of selected) c.sidecars.push(sc);
    }
    const reported = new Set<Sidecar>();
    const ineffective = (sc: Sidecar, reason: string): void => {
      if (reported.has(sc)) return;
      reported.add(sc);
      ctx.report('IST0167', { reason }, { resource: sc, path: ['metadata', 'name'] });
    };
    // Per Sidecar: the first class of pods it shares with another Sidecar, and how many such pods.
    const conflicts = new Map<Sidecar, { first: PodClass; sidecars: string[]; pods: number }>();
    for (const c of classList) {
      if (c.sidecars.length === 0 || (c.sidecars.length === 1 && !c.ambient)) continue;
      if (c.ambient) {
        for (const sc of c.sidecars) ineffective(sc, 'selected workload is in ambient mode, the policy has no impact');
        continue;
      }
      const sidecars = names(c.sidecars);
      for (const sc of c.sidecars) {
        const seen = conflicts.get(sc);
        if (seen) seen.pods += c.pods.length;
        else conflicts.set(sc, { first: c, sidecars, pods: c.pods.length });
      }
    }
    for (const [sc, c] of conflicts) {
      const pod = c.first.pods[0]?.name ?? '';
      ctx.report('IST0110', { sidecars: c.sidecars, namespace: c.first.namespace, pod, morePods: c.pods - 1 }, { resource: sc, path: ['metadata', 'name'] });
    }
    for (const [ns, list] of withoutSelector) {
      if (namespaceAmbient(ctx.index.get('Namespace', '', ns)?.metadata.labels)) {
        for (const sc of list) ineffective(sc, 'namespace is in ambient mode, the policy has no impact');
        continue;
      }
      if (list.length < 2) continue;
      const sidecars = names(list);
      for (const sc of list) ctx.report('IST0111', { sidecars, namespace: ns }, { resource: sc, path: ['metadata', 'name'] });
    }
  },
});
