// Gateways that land on the same workload (same selector, or selectors that match a common pod)
// and declare the same port with overlapping host/bind pairs conflict: istiod keeps only one.
import { defineAnalyzer } from '../../defineAnalyzer.js';
import { selectorMatches, selectorPath, selectorString } from '../../labels.js';
import { podsOf } from '../../workloads.js';
import { byFullName } from '../../../diagnostics/ref.js';
import { refOf, type Gateway } from '../../../model/resource.js';
import { dictOf } from '../../../load/dict.js';


/** klabels-style "a=b,c=d" back to a map (for selectors that are substrings of each other). */
function parseSelector(s: string): Record<string, string> {
  const out: Record<string, string> = dictOf<string>([]);
  for (const pair of s.split(',')) {
    const kv = pair.split('=');
    if (kv.length === 2) out[kv[0] ?? ''] = kv[1] ?? '';
  }
  return out;
}

/** Istio's CheckDuplicates: hosts already known with the same bind; if none, the hosts become known. */
function duplicates(hosts: readonly string[], bind: string, known: Map<string, string>): string[] {
  const dups = hosts.filter((h) => known.get(h) === bind);
  if (dups.length === 0) for (const h of hosts) known.set(h, bind);
  return dups;
}

export default defineAnalyzer({
  name: 'gateway/conflicting-servers',
  description: 'Checks Gateways on the same workload for servers with the same port and overlapping hosts',
  inputs: ['Gateway', 'Pod', 'Deployment', 'StatefulSet', 'DaemonSet'],
  emits: ['IST0101', 'IST0145'],
  istio: 'gateway.ConflictingGatewayAnalyzer',
  kiali: ['KIA0301'],
  analyze(ctx) {
    const pods = podsOf(ctx);
    const groups = new Map<string, { selector: string; port: string; byGateway: Map<Gateway, Map<string, string>> }>();
    const gateways = ctx.index.ofKind('Gateway');
    for (const gw of gateways) {
      const selector = selectorString(gw.spec.selector);
      for (const server of gw.spec.servers ?? []) {
        const port = String(server.port?.number ?? 0);
        const key = `${selector}~${port}`;
        const group = groups.get(key) ?? { selector, port, byGateway: new Map() };
        group.byGateway.set(gw, new Map((server.hosts ?? []).map((h) => [h, server.bind ?? ''])));
        groups.set(key, group);
      }
    }
    for (const gw of gateways) {
      const selector = gw.spec.selector ?? {};
      const s = selectorString(selector);
      const hits = [...groups.values()].filter((g) => {
        if (g.selector === s) return true;
        if (!g.selector.includes(s) && !s.includes(g.selector)) return false;
        const other = parseSelector(g.selector);
        return pods.some((p) => selectorMatches(selector, p.labels) && selectorMatches(other, p.labels));
      });
      if (s !== '' && hits.length === 0) {
        ctx.report('IST0101', { kind: 'selector', name: s }, { resource: gw, path: selectorPath(['spec', 'selector'], selector) });
        continue;
      }
      (gw.spec.servers ?? []).forEach((server, i) => {
        const port = String(server.port?.number ?? 0);
        const conflicting: Gateway[] = [];
        for (const g of hits) {
          if (g.port !== port) continue;
          for (const [other, known] of g.byGateway) {
            if (other !== gw && duplicates(server.hosts ?? [], server.bind ?? '', known).length > 0) conflicting.push(other);
          }
        }
        if (conflicting.length === 0) return;
        ctx.report(
          'IST0145',
          { gateways: conflicting.map(refOf).sort(byFullName), selector: s, port: server.port?.number ?? 0, hosts: server.hosts ?? [] },
          { resource: gw, path: ['spec', 'servers', i] },
        );
      });
    }
  },
});
