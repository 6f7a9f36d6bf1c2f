// `[deploy/|sts/|ds/|pod/]name[.namespace]` → the workload whose proxy config is derived. With no
// target: istio-ingressgateway.istio-system, else the only gateway workload in the inputs; Istio's
// default ingress gateway is assumed when the inputs hold no gateway workload at all.
import { UsageError } from '../../diagnostics/usageError.js';
import type { ConfigStore } from '../../convert/index.js';
import { workloadName } from '../../diagnostics/ref.js';
import type { ProxyNote, ProxyWorkload } from '../proxyConfig.js';
import { DEFAULT_GATEWAY_NAME, DEFAULT_GATEWAY_NAMESPACE, EGRESS_GATEWAY, INGRESS_GATEWAY, type DefaultGateway } from './defaultGateway.js';
import { serviceSelects } from './labels.js';
import { GATEWAY_SERVICE_ANNOTATION } from './selectGateways.js';
import { allWorkloads, distinctSelectors, looksLikeGateway, toProxyWorkload, type FoundWorkload } from './workloads.js';

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
    kind = KIND_PREFIXES[prefix];
    if (!kind && !isGateway) throw new UsageError(`unknown workload kind "${rest.slice(0, slash)}" in "${target}" (use deploy/, sts/, ds/, pod/, or gateway/ for a Gateway API Gateway)`);
    rest = rest.slice(slash + 1);
    if (isGateway) {
      const dot = rest.indexOf('.');
      const name = dot >= 0 ? rest.slice(0, dot) : rest;
      if (name === '') throw new UsageError(`empty Gateway name in "${target}"`);
      return { gateway: true, name, ...(dot >= 0 ? { namespace: rest.slice(dot + 1) } : {}) };
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
  const gatewayWorkloads = workloads.filter((w) => looksLikeGateway(w, selectors));
  const modeOf = (w: FoundWorkload): ProxyWorkload['mode'] => (gatewayWorkloads.includes(w) ? 'gateway' : 'sidecar');
  const assumed = (g: DefaultGateway = INGRESS_GATEWAY): { workload: ProxyWorkload; notes: ProxyNote[] } => ({
    workload: { ...g.workload, labels: { ...g.workload.labels } },
    notes: [{ code: 'assumed-default-gateway', message: g.message }],
  });

  const t: ParsedTarget = target === undefined ? { name: DEFAULT_GATEWAY_NAME, namespace: DEFAULT_GATEWAY_NAMESPACE } : parseTarget(target);
  if (t.gateway) {
    const w = gatewayApiWorkload(index, workloads, t, target ?? '');
    return { workload: toProxyWorkload(w, 'gateway'), notes: [] };
  }
  const matches = workloads.filter(
    (w) => w.resource.name === t.name && (t.namespace === undefined || w.resource.namespace === t.namespace) && (t.kind === undefined || w.resource.kind === t.kind),
  );
  // A Deployment and its Pods may both be present: the controller is the one istioctl users name.
  const chosen = matches.find((w) => w.resource.kind !== 'Pod') ?? matches[0];
  if (chosen) {
    const others = matches.filter((w) => w !== chosen && w.resource.kind !== 'Pod');
    if (others.length > 0) throw new UsageError(`"${target ?? t.name}" is ambiguous: ${[chosen, ...others].map(label).join(', ')}; add the namespace or kind`);
    return { workload: toProxyWorkload(chosen, modeOf(chosen)), notes: [] };
  }
  const isDefault = t.name === DEFAULT_GATEWAY_NAME && (t.namespace === undefined || t.namespace === DEFAULT_GATEWAY_NAMESPACE) && (t.kind === undefined || t.kind === 'Deployment');
  if (isDefault && gatewayWorkloads.length === 0) return assumed();
  // Istio's default egress gateway, named but not in the inputs (mesh routes often go through it).
  const e = EGRESS_GATEWAY;
  if (target !== undefined && t.name === e.name && (t.namespace === undefined || t.namespace === e.namespace) && (t.kind === undefined || t.kind === 'Deployment')) return assumed(e);
  if (target === undefined) {
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
