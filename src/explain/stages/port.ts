// Spec §2.1: a client behind the load balancer hits a Service port, which kube-proxy forwards to its
// targetPort; a port-forward user hits the pod port directly. Sidecars see the port as dialled.
import type { ProxyConfig } from '../../derive/proxyConfig.js';
import type { ExplainRequest, PortResolution } from '../types.js';

export function resolvePort(config: ProxyConfig, req: ExplainRequest): PortResolution {
  if (config.proxy.mode === 'sidecar') return { requested: req.port, listenerPort: req.port, via: 'destination-port' };
  if (req.portMode === 'auto') {
    // Only the first matching service target counts, as in istiod's resolvePorts.
    const target = config.serviceTargets.find((t) => t.port === req.port && !t.portTranslationDisabled);
    if (target) return { requested: req.port, listenerPort: target.targetPort, via: 'service-port', service: target.service };
  }
  return { requested: req.port, listenerPort: req.port, via: 'pod-port' };
}
