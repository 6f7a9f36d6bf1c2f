// The gateway workload istiod deploys for a managed Gateway (gatewaycommon/deploymentcontroller.go
// configureIstioGateway, extractServicePorts; the kube-gateway template): a Deployment and a Service
// named `<gateway>-<class>` (or the gateway.istio.io/name-override annotation) in the Gateway's
// namespace, pods labelled gateway.networking.k8s.io/gateway-name=<gateway>, a Service port per
// distinct listener port with no targetPort. Only the fields gwctl reads are produced.
import type { Deployment, KubernetesGateway, ListenerSet, Service } from '../../model/resource.js';
import type { Listener } from '../../schema/kinds/gatewayApi.js';
import { deploymentName, MANAGED_LABEL } from './addresses.js';
import type { ResolvedClass } from './classes.js';

export const GATEWAY_NAME_LABEL = 'gateway.networking.k8s.io/gateway-name';
const CLASS_LABEL = 'gateway.networking.k8s.io/gateway-class-name';
const MANAGED_VALUE = 'istio.io-gateway-controller';

/** extractInfrastructureMetadata: spec.infrastructure.labels, else the Gateway's own labels. */
function infrastructureLabels(gw: KubernetesGateway): Record<string, string> {
  const infra = gw.spec.infrastructure?.labels;
  if (infra) return Object.fromEntries(Object.entries(infra).filter(([k]) => !k.startsWith('gateway.networking.k8s.io/')));
  return { ...(gw.metadata.labels ?? {}) };
}

function portName(l: Listener, i: number, used: Set<string>): string {
  let name = l.name.replace(/\./g, '-').slice(0, 63);
  if (name === '') name = `${l.protocol.toLowerCase()}-${i}`;
  let candidate = name;
  for (let suffix = `-${l.port}`; used.has(candidate); suffix += 'x') candidate = name.slice(0, Math.max(0, 63 - suffix.length)) + suffix;
  used.add(candidate);
  return candidate;
}

/** extractServicePorts: status-port 15021, then one port per distinct listener port (no targetPort). */
export function servicePorts(gw: KubernetesGateway, fromListenerSets: readonly Listener[]): { name: string; port: number; protocol: string; appProtocol: string }[] {
  const out = [{ name: 'status-port', port: 15021, protocol: 'TCP', appProtocol: 'tcp' }];
  const seen = new Set<number>();
  const used = new Set(['status-port']);
  [...gw.spec.listeners, ...fromListenerSets].forEach((l, i) => {
    if (seen.has(l.port)) return;
    seen.add(l.port);
    out.push({ name: portName(l, i, used), port: l.port, protocol: 'TCP', appProtocol: l.protocol.toLowerCase() });
  });
  return out;
}

export interface AutoDeployment {
  gateway: KubernetesGateway;
  deployment: Deployment;
  service: Service;
}

/** The Deployment and Service of a managed Gateway (callers skip the ones the inputs already hold). */
export function autoDeployment(gw: KubernetesGateway, cls: ResolvedClass, listenerSets: readonly ListenerSet[]): AutoDeployment {
  const name = deploymentName(gw, cls.info);
  const infra = infrastructureLabels(gw);
  const ownLabels = { ...infra, [GATEWAY_NAME_LABEL]: gw.name, [CLASS_LABEL]: gw.spec.gatewayClassName };
  const podLabels = {
    'sidecar.istio.io/inject': 'false',
    'service.istio.io/canonical-name': name,
    'service.istio.io/canonical-revision': 'latest',
    ...infra,
    [GATEWAY_NAME_LABEL]: gw.name,
    [CLASS_LABEL]: gw.spec.gatewayClassName,
    [MANAGED_LABEL]: MANAGED_VALUE,
  };
  const serviceType = gw.metadata.annotations?.['networking.istio.io/service-type'] ?? 'LoadBalancer';
  const metadata = (labels: Record<string, string>) => ({ name, namespace: gw.namespace, labels });
  const deployment: Deployment = {
    kind: 'Deployment',
    apiVersion: 'apps/v1',
    name,
    namespace: gw.namespace,
    metadata: metadata({ ...ownLabels, [MANAGED_LABEL]: MANAGED_VALUE }),
    spec: {
      selector: { matchLabels: { [GATEWAY_NAME_LABEL]: gw.name } },
      template: {
        metadata: { labels: podLabels, annotations: { 'istio.io/rev': 'default' } },
        spec: {
          containers: [
            {
              name: 'istio-proxy',
              args: ['proxy', 'router'],
              ports: [
                { name: 'metrics', containerPort: 15020, protocol: 'TCP' },
                { name: 'status-port', containerPort: 15021, protocol: 'TCP' },
                { name: 'http-envoy-prom', containerPort: 15090, protocol: 'TCP' },
              ],
            },
          ],
        },
      },
    },
    origin: gw.origin,
    rejected: false,
  };
  const listenerSetListeners = listenerSets.flatMap((s) => s.spec.listeners);
  const service: Service = {
    kind: 'Service',
    apiVersion: 'v1',
    name,
    namespace: gw.namespace,
    metadata: metadata(ownLabels),
    spec: {
      type: serviceType,
      selector: { [GATEWAY_NAME_LABEL]: gw.name },
      ports: servicePorts(gw, listenerSetListeners),
    },
    origin: gw.origin,
    rejected: false,
  };
  return { gateway: gw, deployment, service };
}
