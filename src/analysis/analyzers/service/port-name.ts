// A Service port whose name (or appProtocol) names no protocol Istio knows is treated as plain TCP:
// HTTP routing, retries and metrics silently do not apply to it. When appProtocol is set Istio reads
// only it, so the finding names the appProtocol (istioctl's message names the port name, which is fine).
import type { ServicePort } from '../../../schema/kinds/service.js';
import { defineAnalyzer } from '../../defineAnalyzer.js';

const KNOWN = new Set(['tcp', 'udp', 'grpc', 'grpc-web', 'http', 'http_proxy', 'http2', 'https', 'tls', 'mongo', 'redis', 'mysql']);
const WELL_KNOWN_TCP_PORTS = new Set([25, 53, 3306, 27017]);
const APP_PROTOCOLS = new Set(['kubernetes.io/h2c', 'kubernetes.io/ws', 'kubernetes.io/wss']);
const MANAGED_BY_ISTIO = new Set(['istio.io-gateway-controller', 'istio.io-mesh-controller', 'istio.io-eastwest-controller']);

/** Istio's ConvertProtocol, reduced to "is the protocol known". */
function protocolKnown(p: ServicePort): boolean {
  if (p.protocol === 'UDP') return true;
  let name = p.appProtocol ?? p.name ?? '';
  if (p.appProtocol !== undefined && APP_PROTOCOLS.has(p.appProtocol)) return true;
  if (name.toLowerCase().startsWith('grpc-web')) return true;
  const dash = name.indexOf('-');
  if (dash >= 0) name = name.slice(0, dash);
  return KNOWN.has(name.toLowerCase()) || WELL_KNOWN_TCP_PORTS.has(p.port);
}

export default defineAnalyzer({
  name: 'service/port-name',
  description: 'Checks that Service port names follow the Istio protocol naming convention',
  inputs: ['Service'],
  emits: ['IST0118', 'IST0150'],
  istio: 'service.PortNameAnalyzer',
  kiali: ['KIA0601', 'KIA0602'],
  analyze(ctx) {
    for (const svc of ctx.index.ofKind('Service')) {
      const labels = svc.metadata.labels ?? {};
      if ('istio' in labels || labels['release'] === 'istio') continue;
      if (MANAGED_BY_ISTIO.has(labels['gateway.istio.io/managed'] ?? '')) continue;
      const external = svc.spec.type === 'ExternalName';
      (svc.spec.ports ?? []).forEach((p, i) => {
        if (protocolKnown(p) && !(p.name === 'tcp' && external)) return;
        const at = { resource: svc, path: ['spec', 'ports', i] };
        if (external) {
          ctx.report('IST0150', {}, at);
          return;
        }
        // Kubernetes defaults targetPort to port; a port of a single-port Service may have no name.
        const args = { portName: p.name || '(unnamed)', port: p.port, targetPort: String(p.targetPort ?? p.port) };
        // A set appProtocol decides alone (the name is not read): name it, on its own line.
        if (p.appProtocol !== undefined) ctx.report('IST0118', { ...args, appProtocol: p.appProtocol }, { resource: svc, path: ['spec', 'ports', i, 'appProtocol'] });
        else ctx.report('IST0118', args, at);
      });
    }
  },
});
