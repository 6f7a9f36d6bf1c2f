// A Gateway's selector must match a workload, and each server port must be reachable through a
// Service in front of that workload. When nothing in the inputs matches a selector that Istio's
// default ingress (or egress) gateway would satisfy, gwctl assumes that gateway (info) rather than
// erroring: offline inputs rarely hold the gateway Deployment. Its server ports are then checked
// against that gateway's chart Service (IST0162), as explain does.
import { defineAnalyzer } from '../../defineAnalyzer.js';
import { assumedDefaultGateway, selectorPath, selectorString } from '../../labels.js';
import { podsByLabel } from '../../workloads.js';
import { indexSelectors } from '../../../model/labelIndex.js';
import { refOf, type Service } from '../../../model/resource.js';
import { pushTo } from '../../../model/multiMap.js';
import type { NamedRef } from '../../../diagnostics/ref.js';
import { gatewayServicePortFix } from '../../../model/fixes.js';


export default defineAnalyzer({
  name: 'gateway/workload-port',
  description: "Checks that a Gateway's selector matches a workload and that its ports are on the workload's Service",
  inputs: ['Gateway', 'Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'Service'],
  emits: ['IST0101', 'IST0162', 'GW0202'],
  istio: 'gateway.IngressGatewayPortAnalyzer',
  kiali: ['KIA0302'],
  analyze(ctx) {
    // Indexed by label: comparing every Gateway with every pod and Service is quadratic.
    const pods = podsByLabel(ctx);
    const allServices = ctx.index.ofKind('Service');
    const selecting = indexSelectors(allServices, (s) => s.spec.selector, (s) => s.namespace);
    // An empty Service selector matches every pod of its namespace.
    const selectAll = new Map<string, Service[]>();
    for (const s of allServices) if (Object.keys(s.spec.selector ?? {}).length === 0) pushTo(selectAll, s.namespace, s);
    for (const gw of ctx.index.ofKind('Gateway')) {
      const selector = gw.spec.selector ?? {};
      const targetPorts = new Set<number>();
      const servicePorts = new Set<number>();
      let matched = 0;
      // The gateway's Service and workload the fix names: the first of each.
      let service: NamedRef | undefined;
      let workload: NamedRef | undefined;
      for (const pod of pods.select(selector)) {
        matched++;
        workload ??= pod;
        for (const svc of [...selecting.matching(pod.labels, pod.namespace), ...(selectAll.get(pod.namespace) ?? [])]) {
          service ??= svc;
          for (const p of svc.spec.ports ?? []) {
            const protocol = p.protocol ?? (ctx.settings.kubernetesDefaults ? 'TCP' : '');
            if (protocol !== 'TCP') continue;
            const tp = typeof p.targetPort === 'number' ? p.targetPort : Number.parseInt(p.targetPort ?? '', 10) || 0;
            if (tp !== 0) {
              targetPorts.add(tp);
              servicePorts.add(p.port);
            } else targetPorts.add(p.port);
          }
        }
      }
      const at = { resource: gw, path: selectorPath(['spec', 'selector'], selector) };
      if (matched === 0) {
        const assumed = ctx.settings.assumeDefaultGateway ? assumedDefaultGateway(selector) : undefined;
        if (!assumed) {
          ctx.report('IST0101', { kind: 'selector', name: selectorString(selector) }, at);
          continue;
        }
        ctx.report('GW0202', { gateway: refOf(gw), selector: selectorString(selector), assumed: `${assumed.title} (${assumed.namespace}/${assumed.name})` }, at);
        service = { namespace: assumed.namespace, name: assumed.name };
        workload = service;
        for (const p of assumed.ports) {
          targetPorts.add(p.targetPort);
          servicePorts.add(p.port);
        }
      }
      for (const server of gw.spec.servers ?? []) {
        const n = server.port?.number;
        if (n === undefined || targetPorts.has(n) || servicePorts.has(n)) continue;
        ctx.report('IST0162', { port: n, selector: selectorString(selector) }, at, workload ? gatewayServicePortFix(n, service, workload) : undefined);
      }
    }
  },
});
