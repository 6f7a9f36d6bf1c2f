// Sidecar workload selectors must match a pod, must not overlap, and a namespace may have only one
// Sidecar without a selector. Sidecars have no effect on ambient workloads.
import type { Sidecar } from '../../../model/resource.js';
import { defineAnalyzer } from '../../defineAnalyzer.js';
import { selectorMatches, selectorPath, selectorString } from '../../labels.js';
import { podsOf, type PodLike } from '../../workloads.js';

const names = (list: readonly Sidecar[]): string[] => list.map((s) => s.name).sort();

function namespaceAmbient(labels: Record<string, string> | undefined): boolean {
  if (!labels) return false;
  if (labels['istio-injection'] === 'enabled') return false;
  if (labels['istio.io/rev']) return false;
  return labels['istio.io/dataplane-mode'] === 'ambient';
}
const podAmbient = (p: PodLike): boolean => p.annotations['ambient.istio.io/redirection'] === 'enabled';

export default defineAnalyzer({
  name: 'sidecar/selector',
  description: 'Checks that Sidecar workload selectors match pods and do not overlap',
  inputs: ['Sidecar', 'Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'Namespace'],
  emits: ['IST0101', 'IST0110', 'IST0111', 'IST0167'],
  istio: 'sidecar.SelectorAnalyzer',
  analyze(ctx) {
    const pods = podsOf(ctx);
    const byPod = new Map<PodLike, Sidecar[]>();
    const withoutSelector = new Map<string, Sidecar[]>();
    for (const sc of ctx.index.ofKind('Sidecar')) {
      const labels = sc.spec.workloadSelector?.labels ?? {};
      if (Object.keys(labels).length === 0) {
        withoutSelector.set(sc.namespace, [...(withoutSelector.get(sc.namespace) ?? []), sc]);
        continue;
      }
      let found = false;
      for (const p of pods) {
        if (p.namespace !== sc.namespace || !selectorMatches(labels, p.labels)) continue;
        found = true;
        byPod.set(p, [...(byPod.get(p) ?? []), sc]);
      }
      if (!found) {
        ctx.report('IST0101', { kind: 'selector', name: selectorString(labels) }, { resource: sc, path: selectorPath(['spec', 'workloadSelector', 'labels'], labels) });
      }
    }
    const reported = new Set<Sidecar>();
    const ineffective = (sc: Sidecar, reason: string): void => {
      if (reported.has(sc)) return;
      reported.add(sc);
      ctx.report('IST0167', { reason }, { resource: sc, path: ['metadata', 'name'] });
    };
    for (const [pod, list] of byPod) {
      const ambient = podAmbient(pod);
      if (list.length === 1 && !ambient) continue;
      for (const sc of list) {
        if (ambient) ineffective(sc, 'selected workload is in ambient mode, the policy has no impact');
        else ctx.report('IST0110', { sidecars: names(list), namespace: pod.namespace, pod: pod.name }, { resource: sc, path: ['metadata', 'name'] });
      }
    }
    for (const [ns, list] of withoutSelector) {
      if (namespaceAmbient(ctx.index.get('Namespace', '', ns)?.metadata.labels)) {
        for (const sc of list) ineffective(sc, 'namespace is in ambient mode, the policy has no impact');
        continue;
      }
      if (list.length < 2) continue;
      for (const sc of list) ctx.report('IST0111', { sidecars: names(list), namespace: ns }, { resource: sc, path: ['metadata', 'name'] });
    }
  },
});
