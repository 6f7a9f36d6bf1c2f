// The endpoints of a DNS ServiceEntry cluster (serviceentry conversion.go convertServiceEntryToInstances):
// its inline endpoints, else the WorkloadEntries its workloadSelector picks in its namespace, else
// (no endpoints and no selector) one endpoint per host, addressed by the host name itself.
import type { ConfigIndex } from '../../model/configIndex.js';
import type { MeshPort, MeshService } from '../sidecar/registry.js';
import type { StaticEndpoint } from './outboundCluster.js';

const TLS_MODE_LABEL = 'security.istio.io/tlsMode';

function matches(selector: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

/** `subsetLabels` narrows to a subset (undefined: every endpoint). */
export function serviceEntryDnsEndpoints(index: ConfigIndex, svc: MeshService, port: MeshPort, subsetLabels: Readonly<Record<string, string>> | undefined): StaticEndpoint[] {
  const se = svc.source;
  if (se.kind !== 'ServiceEntry') return [];
  const spec = se.spec;
  const sePort = (spec.ports ?? []).find((p) => p.number === port.port);
  const defaultPort = sePort?.targetPort ?? port.port;
  const out: StaticEndpoint[] = [];
  const add = (address: string, ports: Readonly<Record<string, number>>, labels: Readonly<Record<string, string>>, weight: number | undefined): void => {
    if (subsetLabels && !matches(subsetLabels, labels)) return;
    out.push({ address, port: ports[port.name] ?? defaultPort, labels, namespace: se.namespace, weight: weight && weight > 0 ? weight : 1, tlsMode: labels[TLS_MODE_LABEL] ?? '' });
  };
  if (spec.endpoints !== undefined && spec.endpoints.length > 0) {
    for (const e of spec.endpoints) add(e.address ?? '', e.ports ?? {}, e.labels ?? {}, e.weight);
    return out;
  }
  const selector = spec.workloadSelector?.labels;
  if (spec.workloadSelector) {
    for (const we of index.ofKind('WorkloadEntry')) {
      const labels = { ...(we.metadata.labels ?? {}), ...(we.spec.labels ?? {}) };
      if (we.namespace !== se.namespace || we.rejected || !matches(selector ?? {}, labels)) continue;
      add(we.spec.address ?? '', we.spec.ports ?? {}, labels, we.spec.weight ?? undefined);
    }
    return out;
  }
  add(svc.hostname, {}, {}, undefined);
  return out;
}
