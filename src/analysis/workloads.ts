// The pods an analyzer can match selectors against. Istio's analyzers read Pods only; offline
// manifests rarely hold Pods, so the CLI also counts the pod templates of Deployments, StatefulSets
// and DaemonSets (settings.templatesAsPods).
import type { Resource } from '../model/resource.js';
import type { AnalysisContext } from './context.js';
import type { Labels } from './labels.js';

export interface PodLike {
  name: string;
  namespace: string;
  labels: Labels;
  annotations: Labels;
  resource: Resource;
}

export function podsOf(ctx: Pick<AnalysisContext, 'index' | 'settings'>): PodLike[] {
  const out: PodLike[] = [];
  for (const p of ctx.index.ofKind('Pod')) {
    out.push({ name: p.name, namespace: p.namespace, labels: p.metadata.labels ?? {}, annotations: p.metadata.annotations ?? {}, resource: p });
  }
  if (!ctx.settings.templatesAsPods) return out;
  for (const kind of ['Deployment', 'StatefulSet', 'DaemonSet'] as const) {
    for (const w of ctx.index.ofKind(kind)) {
      const meta = w.spec.template?.metadata;
      out.push({ name: w.name, namespace: w.namespace, labels: meta?.labels ?? {}, annotations: meta?.annotations ?? {}, resource: w });
    }
  }
  return out;
}
