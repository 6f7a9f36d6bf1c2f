// The pods an analyzer can match selectors against. Istio's analyzers read Pods only; offline
// manifests rarely hold Pods, so the CLI also counts the pod templates of Deployments, StatefulSets
// and DaemonSets (settings.templatesAsPods).
import { indexByLabels, type ObjectsByLabel } from '../model/labelIndex.js';
import type { DaemonSet, Deployment, Pod, Resource, StatefulSet } from '../model/resource.js';

const TEMPLATE_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet'] as const;
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
  // Indexed loops: this runs once or twice per run (cold) over every workload.
  const out: PodLike[] = [];
  const pods = ctx.index.ofKind('Pod');
  for (let i = 0; i < pods.length; i++) {
    const p = pods[i] as Pod;
    out.push({ name: p.name, namespace: p.namespace, labels: p.metadata.labels ?? {}, annotations: p.metadata.annotations ?? {}, resource: p });
  }
  if (!ctx.settings.templatesAsPods) return out;
  for (const kind of TEMPLATE_KINDS) {
    const list: readonly (Deployment | StatefulSet | DaemonSet)[] = ctx.index.ofKind(kind);
    for (let i = 0; i < list.length; i++) {
      const w = list[i] as Deployment | StatefulSet | DaemonSet;
      const meta = w.spec.template?.metadata;
      out.push({ name: w.name, namespace: w.namespace, labels: meta?.labels ?? {}, annotations: meta?.annotations ?? {}, resource: w });
    }
  }
  return out;
}

/**
 * podsOf by label, built once per run and shared by the analyzers that select pods. The kinds are
 * read through each caller's context every time, so that each analyzer's inputs are recorded even
 * when another one built the index.
 */
export function podsByLabel(ctx: Pick<AnalysisContext, 'index' | 'settings' | 'memo'>): ObjectsByLabel<PodLike> {
  ctx.index.ofKind('Pod');
  const templates = ctx.settings.templatesAsPods;
  if (templates) for (const kind of ['Deployment', 'StatefulSet', 'DaemonSet'] as const) ctx.index.ofKind(kind);
  return ctx.memo(`pods-by-label:${templates ? 'templates' : 'pods'}`, () => indexByLabels(podsOf(ctx), (p) => p.labels, (p) => p.namespace));
}
