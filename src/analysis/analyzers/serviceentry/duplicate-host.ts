// Several ServiceEntries for one host in one namespace (Kiali KIA1211). istiod indexes services by
// hostname and namespace and keeps the first (push_context initServiceRegistry: the oldest, a
// Kubernetes Service before any ServiceEntry), so the later entries' resolution, location, addresses
// and ports are ignored for that host, while the endpoints of all of them are merged under it (the
// ServiceEntry registry keys instances by namespace and host). Same host and port with different
// protocols is istioctl's IST0177 and is left to it. Entries in different namespaces are separate
// services (which one a proxy uses depends on its namespace and exportTo), not reported here.
import { refOf, type ServiceEntry } from '../../../model/resource.js';
import { configOrder, orderedByTimestamp } from '../../../model/order.js';
import { defineAnalyzer } from '../../defineAnalyzer.js';

const protocolOf = (p: { protocol?: string | undefined }): string => (p.protocol ?? '').toUpperCase();

export default defineAnalyzer({
  name: 'serviceentry/duplicate-host',
  description: 'Checks for ServiceEntries that define the same host in one namespace, where istiod keeps the oldest and ignores the rest',
  inputs: ['ServiceEntry'],
  emits: ['GW0603'],
  kiali: ['KIA1211'],
  analyze(ctx) {
    const groups = new Map<string, { host: string; entries: { se: ServiceEntry; hostIndex: number }[] }>();
    for (const se of ctx.index.ofKind('ServiceEntry')) {
      if (se.rejected) continue;
      const seen = new Set<string>();
      se.spec.hosts.forEach((host, hostIndex) => {
        if (host === '' || seen.has(host)) return;
        seen.add(host);
        const k = JSON.stringify([se.namespace, host]);
        const g = groups.get(k);
        if (g) g.entries.push({ se, hostIndex });
        else groups.set(k, { host, entries: [{ se, hostIndex }] });
      });
    }
    for (const { host, entries } of groups.values()) {
      if (entries.length < 2) continue;
      const sorted = [...entries].sort((a, b) => configOrder(a.se, b.se));
      const kept = sorted[0];
      if (!kept) continue;
      const keptPorts = new Map((kept.se.spec.ports ?? []).map((p) => [p.number, protocolOf(p)]));
      for (const { se, hostIndex } of sorted.slice(1)) {
        const ports = se.spec.ports ?? [];
        // A shared port with another protocol is IST0177's finding.
        if (ports.some((p) => keptPorts.has(p.number) && keptPorts.get(p.number) !== protocolOf(p))) continue;
        const shared = ports.filter((p) => keptPorts.has(p.number)).map((p) => `${p.number}/${protocolOf(p) || 'TCP'}`);
        const lost = ports.filter((p) => !keptPorts.has(p.number)).map((p) => p.number);
        ctx.report(
          'GW0603',
          {
            serviceEntry: refOf(se),
            kept: refOf(kept.se),
            host,
            order: orderedByTimestamp(kept.se, se) ? 'creation' : 'name',
            shared,
            lost,
            resolution: se.spec.resolution ?? 'NONE',
            keptResolution: kept.se.spec.resolution ?? 'NONE',
          },
          { resource: se, path: ['spec', 'hosts', hostIndex] },
        );
      }
    }
  },
});
