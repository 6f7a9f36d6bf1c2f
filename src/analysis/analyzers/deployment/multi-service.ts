// A meshed Deployment selected by several Services that disagree about a port: one port number with
// different protocols, or one targetPort reached from different service ports.
import { refOf, type Deployment, type Service } from '../../../model/resource.js';
import type { ConfigIndex } from '../../../model/configIndex.js';
import { defineAnalyzer } from '../../defineAnalyzer.js';
import { indexSelectors } from '../../../model/labelIndex.js';
import { byFullName, type ResourceRef } from '../../../diagnostics/ref.js';
import { pushTo } from '../../../model/multiMap.js';


/** Istio's inMesh: an istio-proxy container, else the inject label/annotation, else the namespace label. */
function inMesh(d: Deployment, index: ConfigIndex): boolean {
  const t = d.spec.template;
  if ((t?.spec?.containers ?? []).some((c) => c.name === 'istio-proxy' && c.image)) return true;
  const label = t?.metadata?.labels?.['sidecar.istio.io/inject'];
  if (label !== undefined) return label === 'true';
  const anno = t?.metadata?.annotations?.['sidecar.istio.io/inject'];
  if (anno !== undefined) return anno === 'true';
  const ns = index.get('Namespace', '', d.namespace);
  return ns !== undefined && ns.metadata.labels?.['istio-injection'] === 'enabled';
}

export default defineAnalyzer({
  name: 'deployment/multi-service',
  description: 'Checks Services that select the same meshed Deployment for conflicting ports and protocols',
  inputs: ['Deployment', 'Service', 'Namespace'],
  emits: ['IST0116', 'IST0137'],
  istio: 'deployment.MultiServiceAnalyzer',
  analyze(ctx) {
    // Indexed by selector: comparing every Service with every Deployment is quadratic.
    const services = indexSelectors(ctx.index.ofKind('Service'), (s) => s.spec.selector, (s) => s.namespace);
    // An indexed loop: this runs once (cold) over every Deployment.
    const deployments = ctx.index.ofKind('Deployment');
    for (let k = 0; k < deployments.length; k++) {
      const d = deployments[k] as Deployment;
      if (d.metadata.labels?.['gateway.istio.io/managed'] === 'istio.io-mesh-controller') continue;
      const labels = d.spec.template?.metadata?.labels ?? {};
      const matching: Service[] = services.matching(labels, d.namespace);
      // Conflicts need two ports: of two Services, or of one Service (one number, two protocols).
      if (matching.length === 0 || (matching.length === 1 && (matching[0]?.spec.ports ?? []).length < 2)) continue;
      if (!inMesh(d, ctx.index)) continue;
      const at = { resource: d, path: ['metadata', 'name'] };
      const protocols = new Map<number, Map<string, ResourceRef[]>>();
      const targets = new Map<string, Map<number, ResourceRef>>();
      for (const s of matching) {
        for (const p of s.spec.ports ?? []) {
          const byProto = protocols.get(p.port) ?? new Map<string, ResourceRef[]>();
          const proto = p.protocol || 'TCP';
          pushTo(byProto, proto, refOf(s));
          protocols.set(p.port, byProto);
          const tp = p.targetPort === undefined || p.targetPort === 0 || p.targetPort === '' ? String(p.port) : String(p.targetPort);
          const byPort = targets.get(tp) ?? new Map<number, ResourceRef>();
          byPort.set(p.port, refOf(s));
          targets.set(tp, byPort);
        }
      }
      for (const [port, byProto] of protocols) {
        if (byProto.size < 2) continue;
        ctx.report('IST0116', { deployment: d.name, port, services: [...byProto.values()].flat().sort(byFullName) }, at);
      }
      for (const [tp, byPort] of targets) {
        if (byPort.size < 2) continue;
        ctx.report('IST0137', { deployment: d.name, services: [...byPort.values()].sort(byFullName), targetPort: tp, ports: [...byPort.keys()].sort((a, b) => a - b) }, at);
      }
    }
  },
});
