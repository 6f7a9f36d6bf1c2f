// Servers of different Gateways on the same workload and port whose hosts overlap by a wildcard (the
// rest of Kiali KIA0301; identical hosts are istioctl's IST0145). istiod merges them into one
// listener: HTTP servers become virtual hosts of one route configuration, TLS servers filter chains
// matched by SNI, and Envoy picks the most specific host. So requests for the specific host are
// served by its own Gateway's server and the routes bound to it, never by the wildcard's: a catch-all
// Gateway silently loses those hosts. That is often intended (a `*` catch-all beside specific
// Gateways), so `--skip-wildcard-gateway-hosts` (Kiali's validations.skip_wildcard_gateway_hosts)
// skips overlaps with a bare `*`. Workloads are grouped by selector, as Kiali and istioctl group
// them; hosts are compared without their namespace part (Envoy's choice ignores it).
// Cost: each host looks up only its own wildcard suffixes (a.b.c: *.b.c, *.c, *), so linear.
import { byFullName } from '../../../diagnostics/ref.js';
import { refOf, type Gateway } from '../../../model/resource.js';
import { defineAnalyzer } from '../../defineAnalyzer.js';
import { selectorString } from '../../labels.js';

/** Gateways named in a finding; the rest are counted. */
const SHOWN = 10;

interface Entry {
  gateway: Gateway;
  server: number;
  host: number;
  dns: string;
}

/** The wildcard hosts broader than `dns`: `a.b.c` → `*.b.c`, `*.c`, `*`; `*.b.c` → `*.c`, `*`. */
export function broader(dns: string): string[] {
  const out: string[] = [];
  // `*` and what follows each dot (no label lists joined again for each suffix).
  for (let dot = dns.indexOf('.'); dot >= 0; dot = dns.indexOf('.', dot + 1)) out.push(`*${dns.slice(dot)}`);
  if (dns !== '*') out.push('*');
  return out;
}

export default defineAnalyzer({
  name: 'gateway/overlapping-hosts',
  description: 'Checks Gateways on the same workload and port for server hosts that overlap by a wildcard (the more specific host takes those requests)',
  inputs: ['Gateway'],
  emits: ['GW0303'],
  kiali: ['KIA0301'],
  analyze(ctx) {
    const skipStar = ctx.settings.skipWildcardGatewayHosts === true;
    // Per wildcard host of a group: the distinct Gateways declaring it.
    const groups = new Map<string, { selector: string; port: number; entries: Entry[]; wild: Map<string, { list: Gateway[]; set: Set<Gateway> }> }>();
    for (const gw of ctx.index.ofKind('Gateway')) {
      if (gw.rejected) continue;
      const selector = selectorString(gw.spec.selector);
      (gw.spec.servers ?? []).forEach((server, i) => {
        const port = server.port?.number ?? 0;
        const key = JSON.stringify([selector, port, server.bind ?? '']);
        let g = groups.get(key);
        if (!g) groups.set(key, (g = { selector, port, entries: [], wild: new Map() }));
        (server.hosts ?? []).forEach((raw, j) => {
          const dns = raw.slice(raw.indexOf('/') + 1).toLowerCase();
          if (dns === '') return;
          const e: Entry = { gateway: gw, server: i, host: j, dns };
          g.entries.push(e);
          if (dns.startsWith('*')) {
            let w = g.wild.get(dns);
            if (!w) g.wild.set(dns, (w = { list: [], set: new Set() }));
            if (!w.set.has(gw)) {
              w.set.add(gw);
              w.list.push(gw);
            }
          }
        });
      });
    }
    for (const g of groups.values()) {
      if (g.wild.size === 0) continue;
      for (const e of g.entries) {
        const wildcards: string[] = [];
        const decls: { list: Gateway[]; set: Set<Gateway> }[] = [];
        for (const w of broader(e.dns)) {
          if (skipStar && w === '*') continue;
          const decl = g.wild.get(w);
          if (!decl || decl.list.length - (decl.set.has(e.gateway) ? 1 : 0) === 0) continue;
          wildcards.push(w);
          decls.push(decl);
        }
        if (decls.length === 0) continue;
        // Distinct Gateways over the covering wildcards (one wildcard: its list as is).
        // Only the shown ones are copied, so a host under a `*` 10,000 Gateways declare costs what ten do.
        const one = decls.length === 1 ? decls[0] : undefined;
        const all = one ? one.list : [...new Set(decls.flatMap((d) => d.list))];
        const own = (one ? one.set.has(e.gateway) : all.includes(e.gateway)) ? 1 : 0;
        const shown = all.slice(0, SHOWN + own).filter((o) => o !== e.gateway).slice(0, SHOWN);
        const total = all.length - own;
        if (total === 0) continue;
        ctx.report(
          'GW0303',
          {
            host: e.dns,
            server: e.server,
            gateway: refOf(e.gateway),
            wildcards,
            others: shown.map(refOf).sort(byFullName),
            more: Math.max(0, total - shown.length),
            selector: g.selector,
            port: g.port,
          },
          { resource: e.gateway, path: ['spec', 'servers', e.server, 'hosts', e.host] },
        );
      }
    }
  },
});
