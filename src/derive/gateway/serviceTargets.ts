// The proxy's service targets (spec §2.1; istiod GetProxyServiceTargets): Services in the pod's
// namespace selecting the pod, each port with its targetPort resolved (named ports against container
// ports), plus ServiceEntries in that namespace with an endpoint that is the pod. istiod finds those
// endpoints by the proxy IP; manifests carry no pod IP, so without one gwctl matches endpoint labels.
import type { ConfigIndex } from '../../model/configIndex.js';
import type { ServiceEntry } from '../../model/resource.js';
import type { ServiceTargetPort } from '../proxyConfig.js';
import { selectorMatches, serviceSelects } from './labels.js';
import { serviceEntryEndpoints, serviceEntrySelector, namespaceServices, type MeshService, type MeshServicePort } from './services.js';

/** Services labelled so are skipped by legacy port translation (resolvePorts). */
export const DISABLE_PORT_TRANSLATION_LABEL = 'experimental.istio.io/disable-gateway-port-translation';

export interface TargetsInput {
  namespace: string;
  labels: Readonly<Record<string, string>>;
  containerPorts: ReadonlyMap<string, number>;
  /** The pod IP when known (see ProxyWorkload.ip). */
  ip?: string | undefined;
}

/** For each port of the ServiceEntry, the endpoint ports of the endpoints that are this proxy (none: not a target). */
function serviceEntryTargetPorts(se: ServiceEntry, ports: readonly MeshServicePort[], w: TargetsInput): number[][] {
  const own = serviceEntryEndpoints(se).filter((e) =>
    w.ip !== undefined ? e.address === w.ip : Object.keys(e.labels).length > 0 && selectorMatches(e.labels, w.labels),
  );
  const selector = serviceEntrySelector(se);
  // WorkloadEntries are not modelled: a workloadSelector matching the pod labels stands for one.
  const selected = Object.keys(selector).length > 0 && selectorMatches(selector, w.labels);
  return ports.map((p) => {
    // convertWorkloadInstanceToServiceInstance: endpoint port by name > targetPort > port.
    const fallback = typeof p.targetPort === 'number' ? p.targetPort : p.port;
    const out = own.map((e) => (p.name !== undefined && (e.ports[p.name] ?? 0) > 0 ? (e.ports[p.name] ?? fallback) : fallback));
    if (selected) out.push(fallback);
    return [...new Set(out)];
  });
}

function kubernetesTargetPorts(svc: MeshService, w: TargetsInput): number[][] {
  const src = svc.source;
  if (src.kind !== 'Service' || !serviceSelects(src.spec.selector ?? undefined, w.labels)) return [];
  return svc.ports.map((p) => {
    if (p.targetPort === undefined) return [p.port];
    if (typeof p.targetPort === 'number') return [p.targetPort];
    if (/^\d+$/.test(p.targetPort)) return [Number(p.targetPort)];
    const named = w.containerPorts.get(p.targetPort);
    return named === undefined ? [] : [named]; // a named port the pod does not declare: no endpoint
  });
}

/**
 * Ordered by service hostname then port: istiod orders by service creation time, then hostname
 * (SetServiceTargets); the stable order keeps the "first match wins" translation reproducible.
 */
export function serviceTargets(index: ConfigIndex, w: TargetsInput): ServiceTargetPort[] {
  const out: (ServiceTargetPort & { hostname: string })[] = [];
  for (const svc of namespaceServices(index, w.namespace)) {
    if (svc.alias) continue;
    const src = svc.source;
    const perPort = src.kind === 'Service' ? kubernetesTargetPorts(svc, w) : serviceEntryTargetPorts(src, svc.ports, w);
    const disabled = svc.labels[DISABLE_PORT_TRANSLATION_LABEL] !== undefined;
    svc.ports.forEach((p, i) => {
      for (const target of perPort[i] ?? []) {
        out.push({
          service: src.name,
          hostname: svc.hostname,
          namespace: svc.namespace,
          port: p.port,
          targetPort: target,
          ...(p.name !== undefined ? { name: p.name } : {}),
          protocol: p.protocol,
          ...(disabled ? { portTranslationDisabled: true } : {}),
        });
      }
    });
  }
  out.sort((a, b) => (a.hostname < b.hostname ? -1 : a.hostname > b.hostname ? 1 : a.port - b.port));
  return out;
}
