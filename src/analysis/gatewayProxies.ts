// The derived config of every gateway workload in the inputs (plus Istio's default ingress gateway
// when a Gateway selects only it), computed once per run for the analyzers that read routes.
import { deriveGatewayConfig } from '../derive/gateway/index.js';
import { DEFAULT_GATEWAY_WORKLOAD } from '../derive/gateway/defaultGateway.js';
import { allWorkloads, looksLikeGateway, toProxyWorkload } from '../derive/gateway/workloads.js';
import type { ProxyConfig } from '../derive/proxyModel.js';
import type { AnalysisContext } from './context.js';
import { selectorMatches, selectsDefaultGateway } from './labels.js';

export function gatewayProxies(ctx: Pick<AnalysisContext, 'index' | 'memo'>): ProxyConfig[] {
  const gateways = ctx.index.ofKind('Gateway');
  return ctx.memo('gateway-proxies', () => {
    const selectors = gateways.flatMap((g) => (g.spec.selector ? [g.spec.selector] : []));
    const workloads = allWorkloads(ctx.index).filter((w) => looksLikeGateway(w, selectors));
    const proxies = workloads.map((w) => deriveGatewayConfig(ctx.index, toProxyWorkload(w, 'gateway')));
    const unmatchedDefault = gateways.some(
      (g) => selectsDefaultGateway(g.spec.selector) && !workloads.some((w) => selectorMatches(g.spec.selector, w.labels)),
    );
    if (unmatchedDefault) proxies.push(deriveGatewayConfig(ctx.index, { ...DEFAULT_GATEWAY_WORKLOAD, labels: { ...DEFAULT_GATEWAY_WORKLOAD.labels } }));
    return proxies;
  });
}

/** Every kind the gateway derivation may read: the inputs of the analyzers built on it. */
export const GATEWAY_DERIVATION_INPUTS = ['Gateway', 'VirtualService', 'DestinationRule', 'ServiceEntry', 'Sidecar', 'Service', 'Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'Namespace', 'Ingress', 'IngressClass'] as const;
