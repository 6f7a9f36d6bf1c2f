// `[deploy/|sts/|ds/|pod/]name[.namespace]` → the workload whose proxy config is derived. With no
// target: istio-ingressgateway.istio-system, else the only gateway workload in the inputs; Istio's
// default ingress gateway is assumed when the inputs hold no gateway workload at all. As istioctl
// users type them: a pod name pasted from `kubectl get pods` (`productpage-v1-6c886ff494-7vxhs`:
// the ReplicaSet and pod hashes stripped to the Deployment; `-0` to the StatefulSet; `-x7k2p` to the
// DaemonSet), `svc/name` (the workload the Service selects) and `gateway/name` (the gateway workload
// an Istio Gateway selects).
import { UsageError } from '../../diagnostics/usageError.js';
import type { ConfigStore } from '../../convert/index.js';
import { workloadName } from '../../diagnostics/ref.js';
import type { ProxyNote, ProxyWorkload } from '../proxyConfig.js';
import { DEFAULT_GATEWAYS, DEFAULT_GATEWAY_NAME, DEFAULT_GATEWAY_NAMESPACE, EGRESS_GATEWAY, INGRESS_GATEWAY, type DefaultGateway } from './defaultGateway.js';
import { selectorMatches, serviceSelects } from './labels.js';
import { GATEWAY_SERVICE_ANNOTATION } from './selectGateways.js';
import { allWorkloads, distinctSelectors, looksLikeGateway, toProxyWorkload, type FoundWorkload } from './workloads.js';

/** Targets named through the resource that selects the workload. */
const VIA_PREFIXES: Record<string, 'Service' | 'Gateway'> = {
  svc: 'Service',
  service: 'Service',
  services: 'Service',
  gw: 'Gateway',
};

const KIND_PREFIXES: Record<string, FoundWorkload['resource']['kind']> = {
  deploy: 'Deployment',
  deployment: 'Deployment',
  deployments: 'Deployment',
  sts: 'StatefulSet',
  statefulset: 'StatefulSet',
  ds: 'DaemonSet',
  daemonset: 'DaemonSet',
  pod: 'Pod',
  pods: 'Pod',
  po: 'Pod',
};

/** `gateway/<name>[.<namespace>]`: a Gateway API Gateway, resolved to the workload that serves it. */
const GATEWAY_PREFIXES = new Set(['gateway', 'gateways', 'gtw']);

export interface ParsedTarget {
  kind?: FoundWorkload['resource']['kind'];
  /** The target names a Gateway API Gateway (`gateway/<name>.<ns>`), not a workload. */
  gateway?: true;
  /** `svc/` or `gateway/`: the workload this Service or Istio Gateway selects. */
  via?: 'Service' | 'Gateway';
  name: string;
  namespace?: string;
}

export function parseTarget(target: string): ParsedTarget {
  let rest = target;
  let kind: ParsedTarget['kind'];
  const slash = rest.indexOf('/');
  if (slash >= 0) {
    const prefix = rest.slice(0, slash).toLowerCase();
    const isGateway = GATEWAY_PREFIXES.has(prefix);
    const via = Object.hasOwn(VIA_PREFIXES, prefix) ? VIA_PREFIXES[prefix] : undefined;
    kind = Object.hasOwn(KIND_PREFIXES, prefix) ? KIND_PREFIXES[prefix] : undefined;
    if (!kind && !isGateway && !via) throw new UsageError(`unknown workload kind "${rest.slice(0, slash)}" in "${target}" (use deploy/, sts/, ds/, pod/, svc/, or gateway/ for an Istio or Gateway API Gateway)`);
    rest = rest.slice(slash + 1);
    if (isGateway) {
      const dot = rest.indexOf('.');
      const name = dot >= 0 ? rest.slice(0, dot) : rest;
      if (name === '') throw new UsageError(`empty Gateway name in "${target}"`);
      return { gateway: true, name, ...(dot >= 0 ? { namespace: rest.slice(dot + 1) } : {}) };
    }
    if (via) {
      const dot = rest.indexOf('.');
      const name = dot >= 0 ? rest.slice(0, dot) : rest;
      if (name === '') throw new UsageError(`empty ${via} name in "${target}"`);
      return { via, name, ...(dot >= 0 ? { namespace: rest.slice(dot + 1) } : {}) };
    }
  }
  const dot = rest.indexOf('.');
  const name = dot >= 0 ? rest.slice(0, dot) : rest;
  const namespace = dot >= 0 ? rest.slice(dot + 1) : undefined;
  if (name === '') throw new UsageError(`empty workload name in "${target}"`);
  return { ...(kind ? { kind } : {}), name, ...(namespace !== undefined ? { namespace } : {}) };
}

const label = (w: FoundWorkload): string => workloadName(w.resource);

export function resolveWorkload(index: ConfigStore, target: string | undefined): { workload: ProxyWorkload; notes: ProxyNote[] } {
  const workloads = allWorkloads(index);
  const selectors = distinctSelectors(index.ofKind('Gateway').flatMap((g) => (g.spec.selector ? [g.spec.selector] : [])));
  // Listed only where a rule needs them all: a target found by name is tested alone (a big mesh has thousands of workloads).
  let gatewayList: FoundWorkload[] | undefined;
  const gatewayWorkloadsOf = (): FoundWorkload[] => (gatewayList ??= workloads.filter((w) => looksLikeGateway(w, selectors)));
  const modeOf = (w: FoundWorkload): ProxyWorkload['mode'] => (looksLikeGateway(w, selectors) ? 'gateway' : 'sidecar');
  const assumed = (g: DefaultGateway = INGRESS_GATEWAY): { workload: ProxyWorkload; notes: ProxyNote[] } => ({
    workload: { ...g.workload, labels: { ...g.workload.labels } },
    notes: [{ code: 'assumed-default-gateway', message: g.message }],
  });

  const t: ParsedTarget = target === undefined ? { name: DEFAULT_GATEWAY_NAME, namespace: DEFAULT_GATEWAY_NAMESPACE } : parseTarget(target);
  if (t.gateway) {
    // gateway/<name>: a Gateway API Gateway when one has that name, else an Istio Gateway (the workload its selector picks).
    const apiGateway = index.ofKind('KubernetesGateway').some((g) => g.name === t.name && (t.namespace === undefined || g.namespace === t.namespace));
    const istioGateway = index.ofKind('Gateway').some((g) => g.derivedFrom === undefined && g.name === t.name && (t.namespace === undefined || g.namespace === t.namespace));
    if (!apiGateway && istioGateway) return resolveVia(index, { ...t, via: 'Gateway' }, target ?? t.name, workloads, gatewayWorkloadsOf(), modeOf, assumed);
    const w = gatewayApiWorkload(index, workloads, t, target ?? '');
    return { workload: toProxyWorkload(w, 'gateway'), notes: [] };
  }
  if (t.via !== undefined) return resolveVia(index, t, target ?? t.name, workloads, gatewayWorkloadsOf(), modeOf, assumed);
  let matches = workloads.filter(
    (w) => w.resource.name === t.name && (t.namespace === undefined || w.resource.namespace === t.namespace) && (t.kind === undefined || w.resource.kind === t.kind),
  );
  const notes: ProxyNote[] = [];
  if (matches.length === 0 && (t.kind === undefined || t.kind === 'Pod')) {
    // A pod name pasted from kubectl: its controller, named without the generated suffixes.
    for (const c of podControllers(t.name)) {
      const found = workloads.filter((w) => w.resource.kind === c.kind && w.resource.name === c.name && (t.namespace === undefined || w.resource.namespace === t.namespace));
      if (found.length === 0) continue;
      matches = found;
      const first = found[0];
      if (first) notes.push({ code: 'pod-name', message: `${t.name} is taken as a pod of ${label(first)} (its generated suffix stripped)` });
      break;
    }
  }
  // A Deployment and its Pods may both be present: the controller is the one istioctl users name.
  const chosen = matches.find((w) => w.resource.kind !== 'Pod') ?? matches[0];
  if (chosen) {
    const others = matches.filter((w) => w !== chosen && w.resource.kind !== 'Pod');
    if (others.length > 0) throw new UsageError(`"${target ?? t.name}" is ambiguous: ${[chosen, ...others].map(label).join(', ')}; add the namespace or kind`);
    return { workload: toProxyWorkload(chosen, modeOf(chosen)), notes };
  }
  const isDefault = t.name === DEFAULT_GATEWAY_NAME && (t.namespace === undefined || t.namespace === DEFAULT_GATEWAY_NAMESPACE) && (t.kind === undefined || t.kind === 'Deployment');
  if (isDefault && gatewayWorkloadsOf().length === 0) return assumed();
  // Istio's default egress gateway, named but not in the inputs (mesh routes often go through it).
  const e = EGRESS_GATEWAY;
  if (target !== undefined && t.name === e.name && (t.namespace === undefined || t.namespace === e.namespace) && (t.kind === undefined || t.kind === 'Deployment')) return assumed(e);
  if (target === undefined) {
    const gatewayWorkloads = gatewayWorkloadsOf();
    const only = gatewayWorkloads.length === 1 ? gatewayWorkloads[0] : undefined;
    if (only) {
      return {
        workload: toProxyWorkload(only, 'gateway'),
        notes: [{ code: 'only-gateway-workload', message: `no istio-ingressgateway.istio-system in the inputs: using the only gateway workload, ${label(only)}` }],
      };
    }
    throw new UsageError(`no istio-ingressgateway.istio-system in the inputs; name one of the gateway workloads: ${gatewayWorkloads.map(label).join(', ')}`);
  }
  const known = workloads.map(label);
  throw new UsageError(`workload "${target}" not found in the inputs${known.length > 0 ? ` (workloads: ${known.slice(0, 10).join(', ')}${known.length > 10 ? ', …' : ''})` : ''}`);
}

/**
 * The workload serving a Gateway API Gateway: the pods of the Services istiod binds its listeners to
 * (the internal Gateways' internal.istio.io/gateway-service), or of the Service it deploys for it.
 */
function gatewayApiWorkload(index: ConfigStore, workloads: readonly FoundWorkload[], t: ParsedTarget, target: string): FoundWorkload {
  const gws = index.ofKind('KubernetesGateway').filter((g) => g.name === t.name && (t.namespace === undefined || g.namespace === t.namespace));
  const [gw, ...more] = gws;
  if (!gw) {
    const known = index.ofKind('KubernetesGateway').map((g) => `gateway/${g.name}.${g.namespace}`);
    throw new UsageError(`Gateway API Gateway "${target}" not found in the inputs${known.length > 0 ? ` (Gateways: ${known.slice(0, 10).join(', ')}${known.length > 10 ? ', …' : ''})` : ''}`);
  }
  if (more.length > 0) throw new UsageError(`"${target}" is ambiguous: ${gws.map((g) => `gateway/${g.name}.${g.namespace}`).join(', ')}; add the namespace`);
  const hosts = new Set<string>();
  for (const g of index.ofKind('Gateway')) {
    const from = g.derivedFrom;
    if (from?.name !== gw.name || from.namespace !== gw.namespace || from.kind !== 'Gateway') continue;
    for (const h of (g.metadata.annotations?.[GATEWAY_SERVICE_ANNOTATION] ?? '').split(',')) if (h !== '') hosts.add(h);
  }
  const services = index.ofKind('Service').filter(
    (s) =>
      s.namespace === gw.namespace &&
      ([...hosts].some((h) => h === s.name || h.startsWith(`${s.name}.${s.namespace}.`)) || (s.derivedFrom?.name === gw.name && s.derivedFrom.namespace === gw.namespace)),
  );
  const served = workloads.filter((w) => w.resource.namespace === gw.namespace && services.some((s) => serviceSelects(s.spec.selector ?? undefined, w.labels)));
  const chosen = served.find((w) => w.resource.kind !== 'Pod') ?? served[0];
  if (!chosen) {
    const why = hosts.size === 0 ? 'it has no valid listener, so istiod binds it to no Service (see gwctl analyze)' : `no workload in the inputs is selected by its Services (${[...hosts].join(', ')})`;
    throw new UsageError(`Gateway API Gateway ${gw.namespace}/${gw.name}: ${why}`);
  }
  return chosen;
}

/** The controllers a pod of this name may belong to, most likely first (Kubernetes' generated names). */
function podControllers(pod: string): { kind: FoundWorkload['resource']['kind']; name: string }[] {
  const out: { kind: FoundWorkload['resource']['kind']; name: string }[] = [];
  // Deployment pods: <deployment>-<pod-template-hash>-<5 random>; the hash is 1-10 characters of [bcdfghjklmnpqrstvwxz2-9].
  const deploy = /^(.+)-[a-z0-9]{1,10}-[a-z0-9]{5}$/.exec(pod);
  if (deploy?.[1]) out.push({ kind: 'Deployment', name: deploy[1] });
  const sts = /^(.+)-\d+$/.exec(pod);
  if (sts?.[1]) out.push({ kind: 'StatefulSet', name: sts[1] });
  const ds = /^(.+)-[a-z0-9]{5}$/.exec(pod);
  if (ds?.[1]) out.push({ kind: 'DaemonSet', name: ds[1] }, { kind: 'Deployment', name: ds[1] });
  return out;
}

/** `svc/name[.ns]` and `gateway/name[.ns]`: the one workload the Service or Istio Gateway selects. */
function resolveVia(
  index: ConfigStore,
  t: ParsedTarget,
  target: string,
  workloads: readonly FoundWorkload[],
  gatewayWorkloads: readonly FoundWorkload[],
  modeOf: (w: FoundWorkload) => ProxyWorkload['mode'],
  assumed: (g?: DefaultGateway) => { workload: ProxyWorkload; notes: ProxyNote[] },
): { workload: ProxyWorkload; notes: ProxyNote[] } {
  const kind = t.via === 'Service' ? 'Service' : 'Gateway';
  const found = index.ofKind(kind).filter((r) => r.name === t.name && (t.namespace === undefined || r.namespace === t.namespace));
  if (found.length === 0) throw new UsageError(`${kind} "${t.name}${t.namespace !== undefined ? `.${t.namespace}` : ''}" not found in the inputs`);
  if (found.length > 1) throw new UsageError(`"${target}" is ambiguous: ${found.map((r) => `${kind} ${r.name}.${r.namespace}`).join(', ')}; add the namespace`);
  const r = found[0];
  if (!r) throw new UsageError(`${kind} "${t.name}" not found in the inputs`);
  let selected: FoundWorkload[];
  let selector: Readonly<Record<string, string>>;
  if (r.kind === 'Service') {
    selector = r.spec.selector ?? {};
    selected = workloads.filter((w) => w.resource.kind !== 'Pod' && w.resource.namespace === r.namespace && serviceSelects(selector, w.labels));
    if (selected.length === 0) selected = workloads.filter((w) => w.resource.namespace === r.namespace && serviceSelects(selector, w.labels));
  } else {
    selector = r.spec.selector ?? {};
    selected = gatewayWorkloads.filter((w) => w.resource.kind !== 'Pod' && selectorMatches(selector, w.labels));
    if (selected.length === 0) selected = gatewayWorkloads.filter((w) => selectorMatches(selector, w.labels));
  }
  const shown = `${kind} ${r.name}.${r.namespace}`;
  const labels = Object.entries(selector).map(([k, v]) => `${k}=${v}`).join(',') || '(none)';
  if (selected.length === 0) {
    // Istio's default ingress (or egress) gateway, which gwctl assumes when the inputs hold no gateway workload.
    const selectsDefault = (g: DefaultGateway): boolean =>
      Object.keys(selector).length > 0 && selectorMatches(selector, g.workload.labels) && (r.kind === 'Gateway' || r.namespace === g.workload.namespace);
    const g = DEFAULT_GATEWAYS.find(selectsDefault);
    if (g !== undefined && gatewayWorkloads.length === 0) return assumed(g);
    throw new UsageError(`${shown} selects ${labels}, which matches no workload in the inputs`);
  }
  if (selected.length > 1) throw new UsageError(`${shown} selects more than one workload: ${selected.map(label).join(', ')}; name one of them`);
  const w = selected[0];
  if (!w) throw new UsageError(`${shown} selects no workload`);
  return { workload: toProxyWorkload(w, r.kind === 'Gateway' ? 'gateway' : modeOf(w)), notes: [] };
}
