// The Gateway API overlay: what istiod's Gateway API controller adds to the config store (internal
// Gateways and VirtualServices, the gateway Deployments and Services it deploys) and the status it
// would write, as findings. Each derived resource names the object the user wrote.
import { refOf, type Resource, type RuleSource } from '../../model/resource.js';
import type { Derived, Overlay } from '../overlay.js';
import { convertGatewayApi, hasGatewayApi, type GatewayApiOptions } from './index.js';

export const GATEWAY_API_INPUTS = [
  'KubernetesGateway',
  'GatewayClass',
  'HTTPRoute',
  'GRPCRoute',
  'TCPRoute',
  'TLSRoute',
  'ListenerSet',
  'ReferenceGrant',
  'Service',
  'ServiceEntry',
  'Namespace',
  'Secret',
  'ConfigMap',
  'Deployment',
] as const;

const derived = <R extends Resource>(r: R, from: Resource): Derived<R> => ({ ...r, derivedFrom: refOf(from) });

export function gatewayApiOverlay(opts: GatewayApiOptions = {}): Overlay {
  return {
    name: 'gateway-api',
    inputs: GATEWAY_API_INPUTS,
    outputs: ['Gateway', 'VirtualService', 'Deployment', 'Service'],
    convert(inputs) {
      if (!hasGatewayApi(inputs)) return { resources: [], findings: [] };
      const c = convertGatewayApi(inputs, opts);
      const resources: Derived[] = [];
      for (const l of c.listeners) if (l.valid) resources.push(derived(l.config, l.owner));
      for (const v of c.virtualServices) {
        const first = v.sources[0];
        if (!first) continue;
        const ruleSources: RuleSource[] = v.origins.map((o) => (o.match === undefined ? { ref: refOf(o.route), rule: o.rule } : { ref: refOf(o.route), rule: o.rule, match: o.match }));
        resources.push({ ...derived(v.vs, first), ruleSources });
      }
      for (const d of c.deployments) resources.push(derived(d.deployment, d.gateway), derived(d.service, d.gateway));
      return { resources, findings: c.findings };
    },
  };
}
