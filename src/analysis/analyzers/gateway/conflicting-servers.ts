// Gateways that land on the same workload (same selector, or selectors that match a common pod)
// and declare the same port with overlapping host/bind pairs conflict: istiod keeps only one.
//
// Linear in the Gateways' hosts: each (selector, port) group indexes its Gateways by host, so a
// server is compared only with the Gateways that declare one of its hosts. One deliberate
// difference from istioctl: its check (CheckDuplicates) adds a server's hosts to the other
// Gateway's host map whenever they do not overlap, so later Gateways are also compared with hosts
// copied from earlier ones, which reports Gateways whose own servers do not overlap, depends on Go's
// random map order, and grows with the square of the Gateways. gwctl compares each Gateway's own
// hosts only.
import { defineAnalyzer } from '../../defineAnalyzer.js';
import { selectorPath, selectorString, type Labels } from '../../labels.js';
import { podsByLabel } from '../../workloads.js';
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

/** Both selectors as one (a pod matches both iff it matches this), or undefined when they disagree on a key. */
function unionOf(a: Labels, b: Labels): Labels | undefined {
  const out: Record<string, string> = dictOf<string>([]);
  for (const k of Object.keys(a)) out[k] = a[k] as string;
  for (const k of Object.keys(b)) {
    if (k in out && out[k] !== b[k]) return undefined;
    out[k] = b[k] as string;
  }
  return out;
}

interface Group {
  selector: string;
  port: string;
  /** Per Gateway, the hosts of its last server on this port and that server's bind. */
  byGateway: Map<Gateway, Map<string, string>>;
  /** host -> Gateways declaring it here, with their bind: built once all Gateways are in. */
  byHost: Map<string, { gateway: Gateway; bind: string }[]>;
}

export default defineAnalyzer({
  name: 'gateway/conflicting-servers',
  description: 'Checks Gateways on the same workload for servers with the same port and overlapping hosts',
  inputs: ['Gateway', 'Pod', 'Deployment', 'StatefulSet', 'DaemonSet'],
  emits: ['IST0101', 'IST0145'],
  istio: 'gateway.ConflictingGatewayAnalyzer',
  kiali: ['KIA0301'],
  analyze(ctx) {
    const pods = podsByLabel(ctx);
    const groups = new Map<string, Group>();
    const gateways = ctx.index.ofKind('Gateway');
    for (const gw of gateways) {
      const selector = selectorString(gw.spec.selector);
      for (const server of gw.spec.servers ?? []) {
        const port = String(server.port?.number ?? 0);
        const key = `${selector}~${port}`;
        let group = groups.get(key);
        if (!group) groups.set(key, (group = { selector, port, byGateway: new Map(), byHost: new Map() }));
        group.byGateway.set(gw, new Map((server.hosts ?? []).map((h) => [h, server.bind ?? ''])));
      }
    }
    for (const group of groups.values()) {
      for (const [gateway, hosts] of group.byGateway) {
        for (const [host, bind] of hosts) {
          const list = group.byHost.get(host);
          if (list) list.push({ gateway, bind });
          else group.byHost.set(host, [{ gateway, bind }]);
        }
      }
    }
    // Which groups a selector lands with, once per distinct selector: the same selector, or one
    // that is a substring of the other (istioctl's test) and matches a common pod.
    const groupsBySelector = new Map<string, Group[]>();
    for (const g of groups.values()) {
      const list = groupsBySelector.get(g.selector);
      if (list) list.push(g);
      else groupsBySelector.set(g.selector, [g]);
    }
    const hitsOf = new Map<string, Group[]>();
    const hitsFor = (selector: Labels, s: string): Group[] => {
      const known = hitsOf.get(s);
      if (known) return known;
      const hits: Group[] = [];
      for (const [other, list] of groupsBySelector) {
        let hit = other === s;
        if (!hit && (other.includes(s) || s.includes(other))) {
          const both = unionOf(selector, parseSelector(other));
          hit = both !== undefined && pods.any(both);
        }
        if (hit) hits.push(...list);
      }
      hitsOf.set(s, hits);
      return hits;
    };
    for (const gw of gateways) {
      const selector = gw.spec.selector ?? {};
      const s = selectorString(selector);
      const hits = hitsFor(selector, s);
      if (s !== '' && hits.length === 0) {
        ctx.report('IST0101', { kind: 'selector', name: s }, { resource: gw, path: selectorPath(['spec', 'selector'], selector) });
        continue;
      }
      (gw.spec.servers ?? []).forEach((server, i) => {
        const port = String(server.port?.number ?? 0);
        const bind = server.bind ?? '';
        const conflicting = new Set<Gateway>();
        for (const g of hits) {
          if (g.port !== port) continue;
          for (const host of server.hosts ?? []) {
            for (const other of g.byHost.get(host) ?? []) {
              if (other.gateway !== gw && other.bind === bind) conflicting.add(other.gateway);
            }
          }
        }
        if (conflicting.size === 0) return;
        ctx.report(
          'IST0145',
          { gateways: [...conflicting].map(refOf).sort(byFullName), selector: s, port: server.port?.number ?? 0, hosts: server.hosts ?? [] },
          { resource: gw, path: ['spec', 'servers', i] },
        );
      });
    }
  },
});
