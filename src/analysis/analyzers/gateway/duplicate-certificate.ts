// Two Gateways that can land on the same workload serve TLS with the same certificate: HTTP/2
// connection reuse across their hosts can then give 404s.
//
// istioctl reports every ordered pair (gateway, other) whose selectors nest: 500 Gateways on one
// certificate gave 249,500 findings. gwctl reports each Gateway once per certificate, with the
// Gateways it pairs with named in the finding (the first nine, then how many more): the same
// Gateways are flagged, and the output grows linearly.
import type { ServerTls } from '../../../schema/kinds/gateway.js';
import { defineAnalyzer } from '../../defineAnalyzer.js';
import { indexByLabels } from '../../../model/labelIndex.js';
import { refOf, type Gateway } from '../../../model/resource.js';

/** Equal keys exactly when Istio's certificate comparison holds; undefined when it never holds. */
function certificateKey(t: ServerTls): string | undefined {
  if (t.credentialName) return `c\u0000${t.credentialName}`;
  if (t.serverCertificate && t.privateKey) return `f\u0000${t.serverCertificate}\u0000${t.privateKey}`;
  return undefined;
}

/** A selector as a key that no two different selectors share. */
const classKey = (selector: Readonly<Record<string, string>>): string => JSON.stringify(Object.entries(selector).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/** Gateways named in a message besides the one reported. */
const NAMED = 9;

/** Gateways with one certificate key and one selector, in input order. */
interface SelectorClass {
  selector: Readonly<Record<string, string>>;
  members: number[];
}

export default defineAnalyzer({
  name: 'gateway/duplicate-certificate',
  description: 'Checks for TLS certificates shared by Gateways on the same workload',
  inputs: ['Gateway'],
  emits: ['IST0138'],
  istio: 'gateway.CertificateAnalyzer',
  analyze(ctx) {
    const gateways = ctx.index.ofKind('Gateway');
    // Certificate key -> selector -> the Gateways with a server using it (each Gateway once).
    const byKey = new Map<string, Map<string, SelectorClass>>();
    const keysOf: string[][] = gateways.map(() => []);
    gateways.forEach((gw, i) => {
      const selector = gw.spec.selector ?? {};
      for (const s of gw.spec.servers ?? []) {
        const key = s.tls ? certificateKey(s.tls) : undefined;
        if (key === undefined || keysOf[i]?.includes(key)) continue;
        keysOf[i]?.push(key);
        const classes = byKey.get(key) ?? new Map<string, SelectorClass>();
        byKey.set(key, classes);
        const sel = classKey(selector);
        const cls = classes.get(sel) ?? { selector, members: [] };
        classes.set(sel, cls);
        cls.members.push(i);
      }
    });
    // Per certificate key and selector class: how many Gateways it pairs with, and the first few.
    // Istio pairs (gw, other) when gw's selector is a subset of other's (an empty one of any).
    const partners = new Map<SelectorClass, { count: number; first: number[] }>();
    for (const classes of byKey.values()) {
      const list = [...classes.values()];
      // One selector class (a certificate of one Gateway, or of Gateways alike): it nests only in itself.
      const bySelector = list.length > 1 ? indexByLabels(list, (c) => c.selector, () => '') : undefined;
      for (const cls of list) {
        const nesting = bySelector ? bySelector.select(cls.selector) : list;
        let count = 0;
        const first: number[] = [];
        for (const other of nesting) {
          count += other.members.length;
          first.push(...other.members.slice(0, NAMED + 1));
        }
        partners.set(cls, { count, first: first.sort((a, b) => a - b) });
      }
    }
    gateways.forEach((gw: Gateway, i) => {
      const selector = classKey(gw.spec.selector ?? {});
      for (const key of keysOf[i] ?? []) {
        const cls = byKey.get(key)?.get(selector);
        const p = cls ? partners.get(cls) : undefined;
        if (!p || p.count < 2) continue;
        const others = p.first.filter((j) => j !== i).slice(0, NAMED);
        const named = [gw, ...others.map((j) => gateways[j]).filter((g): g is Gateway => g !== undefined)].map(refOf);
        ctx.report('IST0138', { gateways: named, more: p.count - 1 - others.length }, { resource: gw, path: ['metadata', 'name'] });
      }
    });
  },
});
