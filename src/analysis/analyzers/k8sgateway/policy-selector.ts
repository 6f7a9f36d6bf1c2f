// Pods of a Gateway API gateway (labelled gateway.networking.k8s.io/gateway-name) are reached by
// policies through targetRef; a policy that reaches them through a workload selector is ineffective.
import type { PolicySpec } from '../../../schema/kinds/policies.js';
import { defineAnalyzer } from '../../defineAnalyzer.js';
import { selectorMatches } from '../../labels.js';
import { pushTo } from '../../../model/multiMap.js';

const GATEWAY_NAME = 'gateway.networking.k8s.io/gateway-name';

export default defineAnalyzer({
  name: 'k8sgateway/policy-selector',
  description: 'Checks for policies that select Gateway API gateway pods by label instead of targetRef',
  inputs: ['AuthorizationPolicy', 'RequestAuthentication', 'Telemetry', 'WasmPlugin', 'Pod'],
  emits: ['IST0166'],
  istio: 'k8sgateway.SelectorAnalyzer',
  analyze(ctx) {
    // Only real Pods carry the label the Gateway API deployment controller sets.
    const gatewayPods = new Map<string, Record<string, string>[]>();
    for (const p of ctx.index.ofKind('Pod')) {
      const labels = p.metadata.labels ?? {};
      if (!Object.hasOwn(labels, GATEWAY_NAME)) continue;
      pushTo(gatewayPods, p.namespace, labels);
    }
    for (const kind of ['AuthorizationPolicy', 'RequestAuthentication', 'Telemetry', 'WasmPlugin'] as const) {
      for (const policy of ctx.index.ofKind(kind)) {
        const spec: PolicySpec = policy.spec;
        // Istio checks the singular targetRef only.
        if (spec.targetRef || !spec.selector) continue;
        for (const labels of gatewayPods.get(policy.namespace) ?? []) {
          if (!selectorMatches(spec.selector.matchLabels, labels)) continue;
          ctx.report('IST0166', { gateway: labels[GATEWAY_NAME] ?? '' }, { resource: policy, path: ['spec', 'selector'] });
        }
      }
    }
  },
});
