// ServiceEntries visible in one scope give the same host and port different protocols.
import { refOf, type ServiceEntry } from '../../../model/resource.js';
import { defineAnalyzer } from '../../defineAnalyzer.js';
import { byFullName, distinctRefs } from '../../../diagnostics/ref.js';


function scopes(exportTo: readonly string[] | undefined, namespace: string): string[] {
  if (!exportTo || exportTo.length === 0 || exportTo.includes('*')) return ['*'];
  return [...new Set(exportTo.map((e) => (e === '.' ? namespace : e)))];
}

export default defineAnalyzer({
  name: 'serviceentry/conflicting-protocol',
  description: 'Checks ServiceEntries for the same host and port with different protocols',
  inputs: ['ServiceEntry'],
  emits: ['IST0177'],
  istio: 'serviceentry.ConflictingServiceEntryProtocolAnalyzer',
  kiali: ['KIA1212'],
  analyze(ctx) {
    const index = new Map<string, { scope: string; host: string; port: number; entries: { protocol: string; se: ServiceEntry }[] }>();
    for (const se of ctx.index.ofKind('ServiceEntry')) {
      const spec = se.spec;
      for (const scope of scopes(spec.exportTo, se.namespace)) {
        for (const host of spec.hosts) {
          for (const p of spec.ports ?? []) {
            const port = p.number;
            const k = `${scope}\u0000${host}\u0000${port}`;
            const e = index.get(k) ?? { scope, host, port, entries: [] };
            e.entries.push({ protocol: p.protocol ?? '', se });
            index.set(k, e);
          }
        }
      }
    }
    const reported = new Set<ServiceEntry>();
    for (const e of index.values()) {
      const entries = e.scope === '*' ? e.entries : [...e.entries, ...(index.get(`*\u0000${e.host}\u0000${e.port}`)?.entries ?? [])];
      const protocols = [...new Set(entries.map((x) => x.protocol.toUpperCase()))].sort();
      if (protocols.length < 2) continue;
      const names = distinctRefs(entries.map((x) => refOf(x.se))).sort(byFullName);
      for (const { se } of entries) {
        if (reported.has(se)) continue;
        reported.add(se);
        ctx.report('IST0177', { serviceEntries: names, host: e.host, port: e.port, protocols }, { resource: se, path: ['metadata', 'name'] });
      }
    }
  },
});
