// The services a sidecar gets clusters for (SidecarScope.collectImportedServices): every egress
// listener's services, then the destinations of its imported VirtualServices that it did not import.
import { resolveShortnameToFqdn } from '../../model/hosts.js';
import type { NormalizedVirtualService } from '../../model/virtualServices.js';
import { serviceVisibleTo, type MeshService, type ServiceRegistry } from './registry.js';
import type { EgressListener } from './scope.js';

function destinationHosts(nv: NormalizedVirtualService, domainSuffix: string): string[] {
  const spec = nv.vs.spec;
  const hosts: string[] = [];
  for (const r of spec.http ?? []) {
    for (const d of r.route ?? []) hosts.push(d.destination.host);
    if (r.mirror) hosts.push(r.mirror.host);
    for (const m of r.mirrors ?? []) hosts.push(m.destination.host);
  }
  for (const r of [...(spec.tcp ?? []), ...(spec.tls ?? [])]) for (const d of r.route ?? []) hosts.push(d.destination.host);
  return hosts.map((h) => resolveShortnameToFqdn(h, nv.vs.namespace, domainSuffix));
}

/** A Kubernetes Service is never replaced by a ServiceEntry; the reverse happens; same-namespace ports merge. */
export function appendService(out: MeshService[], at: Map<string, number>, s: MeshService): void {
  const i = at.get(s.hostname);
  if (i === undefined) {
    at.set(s.hostname, out.length);
    out.push(s);
    return;
  }
  const existing = out[i];
  if (!existing || existing === s) return;
  if (existing.registry === 'Kubernetes' && s.registry !== 'Kubernetes') return;
  if (existing.registry !== 'Kubernetes' && s.registry === 'Kubernetes') {
    out[i] = s;
    return;
  }
  if (existing.namespace !== s.namespace || existing.resolution !== s.resolution || existing.registry !== s.registry) return;
  const ports = [...existing.ports];
  for (const p of s.ports) if (!ports.some((x) => x.port === p.port)) ports.push(p);
  out[i] = { ...existing, ports };
}

export function servicesInScope(egress: readonly EgressListener[], registry: ServiceRegistry, namespace: string, domainSuffix: string): MeshService[] {
  const out: MeshService[] = [];
  const at = new Map<string, number>();
  for (const e of egress) {
    for (const s of e.services) appendService(out, at, s);
    for (const nv of e.virtualServices) {
      for (const h of destinationHosts(nv, domainSuffix)) {
        const byNs = registry.byHostAndNamespace.get(h);
        if (!byNs) continue;
        let svc = byNs.get(namespace);
        if (!svc) {
          // No service of that name in the proxy namespace: the alphabetically first visible namespace.
          const ns = [...byNs.keys()].filter((n) => {
            const cand = byNs.get(n);
            return cand !== undefined && serviceVisibleTo(cand, namespace);
          }).sort()[0];
          svc = ns === undefined ? undefined : byNs.get(ns);
        }
        if (!svc) continue;
        if (e.port && e.port.protocol !== 'HTTP_PROXY') {
          const p = svc.ports.find((x) => x.port === e.port?.number);
          if (!p) continue;
          svc = svc.ports.length === 1 ? svc : { ...svc, ports: [p] };
        }
        appendService(out, at, svc);
      }
    }
  }
  return out;
}
