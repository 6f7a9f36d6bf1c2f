// Istio's default gateways, assumed when the inputs hold no such workload (spec §10.1): the legacy
// charts' Deployments and Services in istio-system. The ingress gateway is assumed whenever the inputs
// hold no gateway workload; the egress gateway (manifests/charts/gateways/istio-egress) when it is
// named (--gateway istio-egressgateway.istio-system) or selected and the inputs lack it.
import type { ProxyWorkload, ServiceTargetPort } from '../proxyConfig.js';

export interface DefaultGateway {
  name: string;
  namespace: string;
  /** What it is called in messages. */
  title: string;
  workload: ProxyWorkload;
  /** The chart's Service ports, in the order the Service lists them. */
  ports: readonly { name: string; port: number; targetPort: number }[];
  message: string;
}

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

export const ASSUMED_GATEWAY_MESSAGE =
  'no gateway workload in the inputs: assuming Istio\'s default ingress gateway (Deployment istio-ingressgateway in istio-system, labels app=istio-ingressgateway, istio=ingressgateway; Service ports 15021→15021, 80→8080, 443→8443)';

export const INGRESS_GATEWAY: DefaultGateway = {
  name: DEFAULT_GATEWAY_NAME,
  namespace: DEFAULT_GATEWAY_NAMESPACE,
  title: 'default ingress gateway',
  workload: DEFAULT_GATEWAY_WORKLOAD,
  ports: DEFAULT_GATEWAY_PORTS,
  message: ASSUMED_GATEWAY_MESSAGE,
};

export const EGRESS_GATEWAY: DefaultGateway = {
  name: 'istio-egressgateway',
  namespace: DEFAULT_GATEWAY_NAMESPACE,
  title: 'default egress gateway',
  workload: { kind: 'Deployment', name: 'istio-egressgateway', namespace: DEFAULT_GATEWAY_NAMESPACE, labels: { app: 'istio-egressgateway', istio: 'egressgateway' }, mode: 'gateway', assumed: true },
  ports: [
    { name: 'http2', port: 80, targetPort: 8080 },
    { name: 'https', port: 443, targetPort: 8443 },
  ],
  message:
    "istio-egressgateway.istio-system is not in the inputs: assuming Istio's default egress gateway (Deployment istio-egressgateway in istio-system, labels app=istio-egressgateway, istio=egressgateway; Service ports 80→8080, 443→8443)",
};

export const DEFAULT_GATEWAYS: readonly DefaultGateway[] = [INGRESS_GATEWAY, EGRESS_GATEWAY];

/** The default gateway an assumed workload stands for. */
export function defaultGatewayOf(w: { name: string; namespace: string }): DefaultGateway {
  return DEFAULT_GATEWAYS.find((g) => g.name === w.name && g.namespace === w.namespace) ?? INGRESS_GATEWAY;
}

export function defaultGatewayTargets(domainSuffix: string, g: DefaultGateway = INGRESS_GATEWAY): ServiceTargetPort[] {
  const hostname = `${g.name}.${g.namespace}.svc.${domainSuffix === '' ? 'cluster.local' : domainSuffix}`;
  return g.ports.map((p) => ({ service: g.name, hostname, namespace: g.namespace, port: p.port, targetPort: p.targetPort, name: p.name, protocol: 'TCP' }));
}
