// exportTo naming a namespace in which no input object lives (Kiali KIA0005). Offline gwctl cannot
// tell whether the namespace exists, so this is information, not a warning: a typo there silently
// exports to no one. `.`, `*` and `~` are not namespaces; the schema checks their use.
import { EXPORT_NONE, EXPORT_PRIVATE, EXPORT_PUBLIC } from '../../../model/hosts.js';
import { refOf, type Resource } from '../../../model/resource.js';
import type { Path } from '../../../diagnostics/path.js';
import { defineAnalyzer } from '../../defineAnalyzer.js';

const SERVICE_EXPORT = 'networking.istio.io/exportTo';

export default defineAnalyzer({
  name: 'exportto/namespace',
  description: 'Checks that each namespace an exportTo names holds some input object (information: offline, gwctl cannot see the cluster)',
  inputs: ['VirtualService', 'DestinationRule', 'ServiceEntry', 'Service', 'Namespace'],
  emits: ['GW0101'],
  kiali: ['KIA0005'],
  analyze(ctx) {
    const known = new Set(ctx.index.namespaces());
    for (const ns of ctx.index.ofKind('Namespace')) known.add(ns.name);
    const check = (r: Resource, list: readonly string[], field: string, path: (i: number) => Path): void => {
      const done = new Set<string>();
      list.forEach((raw, i) => {
        const ns = raw.trim();
        if (ns === '' || ns === EXPORT_PUBLIC || ns === EXPORT_PRIVATE || ns === EXPORT_NONE || known.has(ns) || done.has(ns)) return;
        done.add(ns);
        ctx.report('GW0101', { resource: refOf(r), namespace: ns, field }, { resource: r, path: path(i) });
      });
    };
    const spec = (r: Resource, list: readonly string[] | undefined): void => check(r, list ?? [], 'spec.exportTo', (i) => ['spec', 'exportTo', i]);
    for (const r of ctx.index.ofKind('VirtualService')) spec(r, r.spec.exportTo);
    for (const r of ctx.index.ofKind('DestinationRule')) spec(r, r.spec.exportTo);
    for (const r of ctx.index.ofKind('ServiceEntry')) spec(r, r.spec.exportTo);
    for (const r of ctx.index.ofKind('Service')) {
      const anno = r.metadata.annotations?.[SERVICE_EXPORT];
      if (anno === undefined) continue;
      check(r, anno.split(','), `annotation ${SERVICE_EXPORT}`, () => ['metadata', 'annotations', SERVICE_EXPORT]);
    }
  },
});
