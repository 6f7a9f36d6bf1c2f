// Which proxies a diff looks at. Gateways: every gateway workload of either side (and Istio's default
// ingress gateway where a Gateway selects it and no workload of the inputs matches, as analyze
// assumes it). Sidecars: the other workloads present on both sides, grouped so that each group gets
// the same config (same namespace, same values of the labels any selector or sourceLabels reads):
// one derivation per group, not per workload. Sidecars are looked at only when a resource that can
// reach a sidecar changed at all.
import { selectorMatches, selectsDefaultGateway } from '../analysis/labels.js';
import type { ConfigStore } from '../convert/index.js';
import { DEFAULT_GATEWAY_WORKLOAD } from '../derive/gateway/defaultGateway.js';
import { allWorkloads, distinctSelectors, looksLikeGateway, toProxyWorkload, type FoundWorkload } from '../derive/gateway/workloads.js';
import type { ProxyWorkload } from '../derive/proxyConfig.js';
import { workloadName } from '../diagnostics/ref.js';
import type { Resource } from '../model/resource.js';
import { stableKey } from './json.js';

export const workloadKey = (w: Pick<ProxyWorkload, 'kind' | 'name' | 'namespace'>): string => workloadName(w);

/** The Pods a controller of the inputs would create: the controller stands for them. */
function podOfController(pod: FoundWorkload, controllers: readonly FoundWorkload[]): boolean {
  return controllers.some((c) => c.resource.namespace === pod.resource.namespace && Object.keys(c.labels).length > 0 && selectorMatches(c.labels, pod.labels));
}

/** Gateway workloads of one side, in input order (Istio's default ingress gateway last, when assumed). */
export function gatewayWorkloads(store: ConfigStore): ProxyWorkload[] {
  const gateways = store.ofKind('Gateway');
  const selectors = distinctSelectors(gateways.flatMap((g) => (g.spec.selector ? [g.spec.selector] : [])));
  const found = allWorkloads(store).filter((w) => looksLikeGateway(w, selectors));
  const controllers = found.filter((w) => w.resource.kind !== 'Pod');
  const out = found.filter((w) => w.resource.kind !== 'Pod' || !podOfController(w, controllers)).map((w) => toProxyWorkload(w, 'gateway'));
  const unmatchedDefault = gateways.some((g) => selectsDefaultGateway(g.spec.selector) && !out.some((w) => selectorMatches(g.spec.selector, w.labels)));
  if (unmatchedDefault && !out.some((w) => workloadKey(w) === workloadKey(DEFAULT_GATEWAY_WORKLOAD))) out.push({ ...DEFAULT_GATEWAY_WORKLOAD, labels: { ...DEFAULT_GATEWAY_WORKLOAD.labels } });
  return out;
}

/** Label keys whose values can make two sidecars of one namespace differ. */
export function relevantLabelKeys(stores: readonly ConfigStore[]): string[] {
  const keys = new Set<string>();
  const add = (labels: Readonly<Record<string, string>> | undefined): void => {
    for (const k of Object.keys(labels ?? {})) keys.add(k);
  };
  for (const s of stores) {
    for (const sc of s.ofKind('Sidecar')) add(sc.spec.workloadSelector?.labels);
    for (const dr of s.ofKind('DestinationRule')) add(dr.spec.workloadSelector?.matchLabels);
    for (const vs of s.ofKind('VirtualService')) {
      for (const r of vs.spec.http ?? []) for (const m of r.match ?? []) add(m.sourceLabels);
      for (const r of vs.spec.tcp ?? []) for (const m of r.match ?? []) add(m.sourceLabels);
      for (const r of vs.spec.tls ?? []) for (const m of r.match ?? []) add(m.sourceLabels);
    }
  }
  return [...keys].sort();
}

export interface SidecarGroup {
  /** The workload whose config stands for the group, on each side. */
  base: ProxyWorkload;
  head: ProxyWorkload;
  /** The other workloads of the group. */
  alike: string[];
}

/** Non-gateway workloads present on both sides, grouped by namespace and relevant labels (each side's). */
export function sidecarGroups(base: ConfigStore, head: ConfigStore, gatewayKeys: ReadonlySet<string>): SidecarGroup[] {
  const keys = relevantLabelKeys([base, head]);
  const pick = (labels: Readonly<Record<string, string>>): [string, string | null][] => keys.map((k) => [k, Object.hasOwn(labels, k) ? (labels[k] ?? null) : null]);
  const headByKey = new Map<string, ProxyWorkload>();
  for (const w of allWorkloads(head)) {
    const p = toProxyWorkload(w, 'sidecar');
    if (!gatewayKeys.has(workloadKey(p)) && !headByKey.has(workloadKey(p))) headByKey.set(workloadKey(p), p);
  }
  const groups = new Map<string, SidecarGroup>();
  for (const w of allWorkloads(base)) {
    const b = toProxyWorkload(w, 'sidecar');
    const key = workloadKey(b);
    const h = headByKey.get(key);
    if (!h || gatewayKeys.has(key)) continue;
    const g = stableKey([b.namespace, pick(b.labels), pick(h.labels)]);
    const group = groups.get(g);
    if (group) {
      if (workloadKey(group.base) !== key && !group.alike.includes(key)) group.alike.push(key);
    } else groups.set(g, { base: b, head: h, alike: [] });
  }
  return [...groups.values()];
}

const GATEWAY_ONLY_KINDS: ReadonlySet<string> = new Set(['Gateway', 'KubernetesGateway', 'GatewayClass', 'ListenerSet', 'Ingress', 'IngressClass', 'HTTPRoute', 'GRPCRoute', 'TCPRoute', 'TLSRoute', 'ReferenceGrant']);

/** Can this resource change what a sidecar gets? Gateway resources and route objects act through what the overlays derive from them. */
function reachesSidecars(r: Resource, gatewayKeys: ReadonlySet<string>): boolean {
  if (GATEWAY_ONLY_KINDS.has(r.kind)) return false;
  if (r.kind === 'VirtualService') {
    const gws = r.spec.gateways ?? [];
    return gws.length === 0 || gws.includes('mesh');
  }
  if (r.kind === 'Deployment' || r.kind === 'StatefulSet' || r.kind === 'DaemonSet' || r.kind === 'Pod') return !gatewayKeys.has(workloadName(r));
  return true;
}

const resourceKey = (r: Resource): string => `${r.kind}\u0000${r.namespace}\u0000${r.name}`;
const contentKey = (r: Resource): string => stableKey([r.spec, r.metadata.labels ?? null, r.metadata.annotations ?? null, r.rejected]);

/** Whether anything a sidecar can see differs between the sides (linear: one key per resource). */
export function sidecarsMayChange(base: ConfigStore, head: ConfigStore, gatewayKeys: ReadonlySet<string>): boolean {
  const before = new Map<string, Resource>();
  for (const r of base.all) before.set(resourceKey(r), r);
  const seen = new Set<string>();
  for (const r of head.all) {
    const k = resourceKey(r);
    seen.add(k);
    const b = before.get(k);
    if (b && contentKey(b) === contentKey(r)) continue;
    if (reachesSidecars(r, gatewayKeys) || (b !== undefined && reachesSidecars(b, gatewayKeys))) return true;
  }
  for (const [k, r] of before) if (!seen.has(k) && reachesSidecars(r, gatewayKeys)) return true;
  return false;
}
