// A Service port whose targetPort no container of the selected workload exposes (Kiali KIA0701, the
// perennial port/targetPort confusion). Workloads are matched by their pod-template labels (what the
// Service selector really selects; Kiali reads Deployment metadata). A named targetPort must be a
// container port name, else Kubernetes makes those pods no endpoints of the port; a numeric one that
// no container declares, while the containers declare others, is refused unless the app listens on an
// undeclared port. Containers that declare no port at all say nothing about a numeric one.
import { thousands } from '../../../diagnostics/catalog.js';
import { byFullName, type ResourceRef } from '../../../diagnostics/ref.js';
import { ref, text, type Text } from '../../../diagnostics/text.js';
import { refOf, type Resource, type Service } from '../../../model/resource.js';
import type { PodSpec } from '../../../schema/kinds/workload.js';
import { defineAnalyzer } from '../../defineAnalyzer.js';
import { isEmptySelector } from '../../labels.js';
import { podsByLabel, type PodLike } from '../../workloads.js';

type ContainerPort = NonNullable<NonNullable<NonNullable<PodSpec['containers']>[number]['ports']>[number]>;

function containerPorts(r: Resource): ContainerPort[] {
  const spec: PodSpec | null | undefined =
    r.kind === 'Pod' ? r.spec : r.kind === 'Deployment' || r.kind === 'StatefulSet' || r.kind === 'DaemonSet' ? r.spec.template?.spec : undefined;
  return (spec?.containers ?? []).flatMap((c) => c.ports ?? []);
}

const describe = (ports: readonly ContainerPort[]): string[] => ports.map((p) => (p.name ? `${p.containerPort} (${p.name})` : String(p.containerPort)));

/** Workloads named in a message; more are counted ("and 1,497 more"), as catalog lists are. */
const SHOWN = 10;

/** `Deployment shop/web, Pod shop/web-1`: workloads with their kinds (a Service often shares the name). */
function workloadList(refs: readonly ResourceRef[]): Text {
  const shown = refs.slice(0, SHOWN).reduce<Text>((acc, r, i) => (i === 0 ? text`${r.kind} ${ref(r)}` : text`${acc}, ${r.kind} ${ref(r)}`), text``);
  return refs.length > SHOWN ? text`${shown} and ${thousands(refs.length - SHOWN)} more` : shown;
}

export default defineAnalyzer({
  name: 'service/target-port',
  description: "Checks that each Service targetPort is a port the containers of the selected workloads expose",
  inputs: ['Service', 'Pod', 'Deployment', 'StatefulSet', 'DaemonSet'],
  emits: ['GW0601', 'GW0602'],
  kiali: ['KIA0701'],
  analyze(ctx) {
    const pods = podsByLabel(ctx);
    // Indexed loops, each workload's container ports listed once: this runs once (cold) over every Service port.
    const services = ctx.index.ofKind('Service');
    for (let k = 0; k < services.length; k++) {
      const svc = services[k] as Service;
      const selector = svc.spec.selector;
      if (svc.spec.type === 'ExternalName' || isEmptySelector(selector)) continue;
      // With partial inputs a Service whose workloads are elsewhere is not judged.
      const selected: PodLike[] = pods.select(selector, svc.namespace);
      if (selected.length === 0) continue;
      const portsOf = selected.map((w) => containerPorts(w.resource));
      const ports = svc.spec.ports ?? [];
      for (let i = 0; i < ports.length; i++) {
        const p = ports[i];
        if (p === undefined) continue;
        const target = p.targetPort === undefined || p.targetPort === '' || p.targetPort === 0 ? p.port : p.targetPort;
        const named = typeof target === 'string';
        const missing: PodLike[] = [];
        for (let w = 0; w < selected.length; w++) {
          const exposed = portsOf[w] as ContainerPort[];
          let found = false;
          for (let c = 0; c < exposed.length && !found; c++) found = named ? exposed[c]?.name === target : exposed[c]?.containerPort === target;
          if (named ? !found : exposed.length > 0 && !found) missing.push(selected[w] as PodLike);
        }
        if (missing.length === 0) continue;
        const at = { resource: svc, path: ['spec', 'ports', i, p.targetPort === undefined ? 'port' : 'targetPort'] };
        const args = {
          service: refOf(svc),
          port: p.port,
          targetPort: String(target),
          workloads: workloadList(missing.map((w) => refOf(w.resource)).sort(byFullName)),
          exposed: [...new Set(describe(missing.flatMap((w) => containerPorts(w.resource))))],
        };
        if (named) ctx.report('GW0601', args, at);
        else ctx.report('GW0602', { ...args, implicit: at.path[at.path.length - 1] === 'port' }, at);
      }
    }
  },
});
