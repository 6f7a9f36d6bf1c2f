// The proxy's service targets (spec §2.1): Services in the pod's namespace selecting the pod, each
// port with its targetPort resolved (named ports against container ports), plus ServiceEntries in
// that namespace whose workload endpoints carry the pod's labels.
import type { ConfigIndex } from '../../model/configIndex.js';
import type { ServiceTargetPort } from '../proxyModel.js';
import { selectorMatches, serviceSelects } from './labels.js';
import { serviceEntryEndpointLabels, serviceRegistry } from './services.js';

/** Services labelled so are skipped by legacy port translation (resolvePorts). */
export const DISABLE_PORT_TRANSLATION_LABEL = 'experimental.istio.io/disable-gateway-port-translation';

export interface TargetsInput {
  namespace: string;
  labels: Readonly<Record<string, string>>;
  containerPorts: ReadonlyMap<string, number>;
}

/**
 * Ordered by service hostname then port: istiod's own order is unconfirmed (spec §2.1), and a
 * stable order keeps the "first match wins" translation reproducible.
 */
export function serviceTargets(index: ConfigIndex, w: TargetsInput): ServiceTargetPort[] {
  const reg = serviceRegistry(index);
  const out: (ServiceTargetPort & { hostname: string })[] = [];
  for (const svc of reg.all) {
    if (svc.namespace !== w.namespace || svc.alias) continue;
    const src = svc.source;
    const selects =
      src.kind === 'Service'
        ? serviceSelects(src.spec.selector ?? undefined, w.labels)
        : serviceEntryEndpointLabels(src).some((l) => Object.keys(l).length > 0 && selectorMatches(l, w.labels));
    if (!selects) continue;
    const disabled = svc.labels[DISABLE_PORT_TRANSLATION_LABEL] !== undefined;
    for (const p of svc.ports) {
      let target: number | undefined;
      if (p.targetPort === undefined) target = p.port;
      else if (typeof p.targetPort === 'number') target = p.targetPort;
      else if (/^\d+$/.test(p.targetPort)) target = Number(p.targetPort);
      else target = w.containerPorts.get(p.targetPort);
      if (target === undefined) continue; // a named port the pod does not declare: no endpoint
      out.push({
        service: src.name,
        hostname: svc.hostname,
        port: p.port,
        targetPort: target,
        ...(p.name !== undefined ? { name: p.name } : {}),
        protocol: p.protocol,
        ...(disabled ? { portTranslationDisabled: true } : {}),
      });
    }
  }
  out.sort((a, b) => (a.hostname < b.hostname ? -1 : a.hostname > b.hostname ? 1 : a.port - b.port));
  return out;
}
