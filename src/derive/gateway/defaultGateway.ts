// Istio's default ingress gateway, assumed when the inputs hold no gateway workload (spec §10.1):
// the legacy chart's Deployment and Service in istio-system.
import type { ProxyWorkload, ServiceTargetPort } from '../proxyConfig.js';

export const DEFAULT_GATEWAY_NAME = 'istio-ingressgateway';
export const DEFAULT_GATEWAY_NAMESPACE = 'istio-system';

export const DEFAULT_GATEWAY_WORKLOAD: ProxyWorkload = {
  kind: 'Deployment',
  name: DEFAULT_GATEWAY_NAME,
  namespace: DEFAULT_GATEWAY_NAMESPACE,
  labels: { app: 'istio-ingressgateway', istio: 'ingressgateway' },
  mode: 'gateway',
  assumed: true,
};

/** The chart's Service ports, in the order the Service lists them. */
export const DEFAULT_GATEWAY_PORTS: readonly { name: string; port: number; targetPort: number }[] = [
  { name: 'status-port', port: 15021, targetPort: 15021 },
  { name: 'http2', port: 80, targetPort: 8080 },
  { name: 'https', port: 443, targetPort: 8443 },
];

export function defaultGatewayTargets(domainSuffix: string): ServiceTargetPort[] {
  const hostname = `${DEFAULT_GATEWAY_NAME}.${DEFAULT_GATEWAY_NAMESPACE}.svc.${domainSuffix === '' ? 'cluster.local' : domainSuffix}`;
  return DEFAULT_GATEWAY_PORTS.map((p) => ({ service: DEFAULT_GATEWAY_NAME, hostname, namespace: DEFAULT_GATEWAY_NAMESPACE, port: p.port, targetPort: p.targetPort, name: p.name, protocol: 'TCP' }));
}

export const ASSUMED_GATEWAY_MESSAGE =
  'no gateway workload in the inputs: assuming Istio\'s default ingress gateway (Deployment istio-ingressgateway in istio-system, labels app=istio-ingressgateway, istio=ingressgateway; Service ports 15021→15021, 80→8080, 443→8443)';
