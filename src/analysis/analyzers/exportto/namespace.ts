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
    const namespaces = ctx.index.ofKind('Namespace');
    // The namespaces holding input objects, listed when a first exportTo names one (most name none).
    let knownSet: Set<string> | undefined;
    const known = (): Set<string> => {
      if (knownSet) return knownSet;
      knownSet = new Set(ctx.index.namespaces());
      for (const ns of namespaces) knownSet.add(ns.name);
      return knownSet;
    };
    const check = (r: Resource, list: readonly string[], field: string, path: (i: number) => Path): void => {
      let done: Set<string> | undefined;
      for (let i = 0; i < list.length; i++) {
        const ns = (list[i] as string).trim();
        if (ns === '' || ns === EXPORT_PUBLIC || ns === EXPORT_PRIVATE || ns === EXPORT_NONE || done?.has(ns) || known().has(ns)) continue;
        (done ??= new Set()).add(ns);
        ctx.report('GW0101', { resource: refOf(r), namespace: ns, field }, { resource: r, path: path(i) });
      }
    };
    const specPath = (i: number): Path => ['spec', 'exportTo', i];
    // Indexed loops, no closure per object: this runs once (cold) over every object of four kinds.
    const spec = (list: readonly Resource[]): void => {
      for (let k = 0; k < list.length; k++) {
        const r = list[k] as Resource & { spec: { exportTo?: readonly string[] } };
        const exportTo = r.spec.exportTo;
        if (exportTo && exportTo.length > 0) check(r, exportTo, 'spec.exportTo', specPath);
      }
    };
    spec(ctx.index.ofKind('VirtualService'));
    spec(ctx.index.ofKind('DestinationRule'));
    spec(ctx.index.ofKind('ServiceEntry'));
    for (const r of ctx.index.ofKind('Service')) {
      const anno = r.metadata.annotations?.[SERVICE_EXPORT];
      if (anno === undefined) continue;
      check(r, anno.split(','), `annotation ${SERVICE_EXPORT}`, () => ['metadata', 'annotations', SERVICE_EXPORT]);
    }
  },
});
