// Sidecar egress hosts that import nothing (Kiali KIA1004), and a root-namespace Sidecar with a
// workloadSelector (Kiali KIA1006).
// An `ns/host` entry imports the services (Services, ServiceEntries) of that namespace visible to the
// Sidecar's namespace whose hostname is within the host, and the VirtualServices with a matching host
// (istiod's SidecarScope; explain reports a missing import as GW0272). An entry no input matches
// imports nothing: a typo, or config that is not in the inputs. A namespace no input object lives in
// cannot be judged offline and is left alone, as are `*` hosts and `~` exclusions.
// Only a root-namespace Sidecar WITHOUT a workloadSelector is the mesh-wide default; with one, it is
// an ordinary Sidecar of the root namespace and selects only that namespace's pods.
import { buildServiceRegistry, servicesExportedTo } from '../../../derive/sidecar/registry.js';
import { ROOT_NAMESPACE } from '../../../derive/sidecar/scope.js';
import { effectiveExportTo, hostMatches, hostSubsetOf, isVisibleTo, parseEgressHost } from '../../../model/hosts.js';
import { refOf } from '../../../model/resource.js';
import { defineAnalyzer } from '../../defineAnalyzer.js';
import { selectorPath } from '../../labels.js';

export default defineAnalyzer({
  name: 'sidecar/egress-hosts',
  description: 'Checks that each Sidecar egress host imports some service or VirtualService, and that the root-namespace Sidecar has no workloadSelector',
  inputs: ['Sidecar', 'Service', 'ServiceEntry', 'EndpointSlice', 'VirtualService'],
  emits: ['GW0604', 'GW0605'],
  kiali: ['KIA1004', 'KIA1006'],
  analyze(ctx) {
    const sidecars = ctx.index.ofKind('Sidecar').filter((s) => !s.rejected);
    if (sidecars.length === 0) return;
    const known = new Set(ctx.index.namespaces());
    const registry = buildServiceRegistry(ctx.index);
    const virtualServices = ctx.index.ofKind('VirtualService').filter((vs) => !vs.rejected);
    for (const sc of sidecars) {
      const labels = sc.spec.workloadSelector?.labels ?? {};
      if (sc.namespace === ROOT_NAMESPACE && Object.keys(labels).length > 0) {
        ctx.report('GW0605', { sidecar: refOf(sc), namespace: ROOT_NAMESPACE }, { resource: sc, path: selectorPath(['spec', 'workloadSelector', 'labels'], labels) });
      }
      const visible = servicesExportedTo(registry, sc.namespace);
      const vsVisible = virtualServices.filter((vs) => isVisibleTo(effectiveExportTo(vs.spec.exportTo, vs.namespace), vs.namespace, sc.namespace));
      (sc.spec.egress ?? []).forEach((listener, i) => {
        (listener.hosts ?? []).forEach((raw, j) => {
          const e = parseEgressHost(raw, sc.namespace);
          if (!e || e.exclude || e.host === '*' || e.host === '') return;
          if (e.namespace !== '*' && !known.has(e.namespace)) return; // unknown offline
          const inNs = (ns: string): boolean => e.namespace === '*' || e.namespace === ns;
          const service = visible.some((s) => inNs(s.namespace) && hostSubsetOf(s.hostname, e.host));
          const vs = service || vsVisible.some((v) => inNs(v.namespace) && (v.spec.hosts ?? []).some((h) => hostMatches(h, e.host)));
          if (service || vs) return;
          ctx.report('GW0604', { sidecar: refOf(sc), entry: raw, namespace: sc.namespace }, { resource: sc, path: ['spec', 'egress', i, 'hosts', j] });
        });
      });
    }
  },
});
