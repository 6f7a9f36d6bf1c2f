// Gateway workloads found in the inputs (spec §2 items 4 and 7): Deployments, StatefulSets,
// DaemonSets and Pods, their pod labels, annotations and container ports.
import type { ConfigIndex } from '../../model/configIndex.js';
import type { DaemonSet, Deployment, Pod, StatefulSet } from '../../model/resource.js';
import type { PodSpec } from '../../schema/kinds/workload.js';
import type { ProxyWorkload } from '../proxyConfig.js';
import { selectorMatches, type Labels } from './labels.js';

export type WorkloadResource = Deployment | StatefulSet | DaemonSet | Pod;

export interface FoundWorkload {
  resource: WorkloadResource;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  podSpec: PodSpec | undefined;
}

/** The kinds allWorkloads lists, in its order. */
export const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'Pod'] as const;

export function describeWorkload(r: WorkloadResource): FoundWorkload {
  if (r.kind === 'Pod') {
    return { resource: r, labels: { ...(r.metadata.labels ?? {}) }, annotations: { ...(r.metadata.annotations ?? {}) }, podSpec: r.spec };
  }
  const t = r.spec.template;
  return {
    resource: r,
    labels: { ...(t?.metadata?.labels ?? {}) },
    annotations: { ...(t?.metadata?.annotations ?? {}) },
    podSpec: t?.spec ?? undefined,
  };
}

/** All workloads of the four kinds (of one namespace, when given), in input order. */
export function allWorkloads(index: ConfigIndex, namespace?: string): FoundWorkload[] {
  const out: FoundWorkload[] = [];
  for (const kind of WORKLOAD_KINDS) for (const r of index.ofKind(kind)) if (namespace === undefined || r.namespace === namespace) out.push(describeWorkload(r));
  return out;
}

/** Container port name → number, for resolving named Service targetPorts. */
export function containerPorts(w: FoundWorkload): Map<string, number> {
  const out = new Map<string, number>();
  for (const c of w.podSpec?.containers ?? []) {
    for (const p of c.ports ?? []) if (p.name && !out.has(p.name)) out.set(p.name, p.containerPort);
  }
  return out;
}

/**
 * Spec §2 item 7 (a heuristic): an istio-proxy container started as `router`, or the gateway
 * injection template; gwctl also counts a workload that a Gateway with a selector picks.
 */
export function looksLikeGateway(w: FoundWorkload, gatewaySelectors: readonly Labels[]): boolean {
  if (runsAsGateway(w.podSpec, w.annotations)) return true;
  return gatewaySelectors.some((s) => Object.keys(s).length > 0 && selectorMatches(s, w.labels));
}

/**
 * looksLikeGateway's tests of the pod itself (an istio-proxy container started as `router`, the
 * gateway injection template), on its spec and annotations as written: the analyzers ask it of every
 * workload, and nearly none is a gateway. Indexed loops: no closure or list is made for a workload.
 */
export function runsAsGateway(podSpec: PodSpec | undefined, annotations: Readonly<Record<string, string>>): boolean {
  const containers = podSpec?.containers;
  if (containers) {
    for (let i = 0; i < containers.length; i++) {
      const c = containers[i] as (typeof containers)[number];
      if (c.name === 'istio-proxy' && c.args?.includes('router') === true) return true;
    }
  }
  const templates = annotations['inject.istio.io/templates'];
  return templates !== undefined && templates.split(',').some((t) => t.trim() === 'gateway');
}

/** Distinct non-empty selectors: many Gateways share one, and every workload is tested against each. */
export function distinctSelectors(selectors: readonly Labels[]): Labels[] {
  const seen = new Map<string, Labels>();
  for (const s of selectors) {
    if (Object.keys(s).length === 0) continue;
    const key = JSON.stringify(Object.entries(s).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    if (!seen.has(key)) seen.set(key, s);
  }
  return [...seen.values()];
}

export function toProxyWorkload(w: FoundWorkload, mode: ProxyWorkload['mode']): ProxyWorkload {
  return { kind: w.resource.kind, name: w.resource.name, namespace: w.resource.namespace, labels: w.labels, mode, assumed: false };
}
