// Two Gateways that can land on the same workload serve TLS with the same certificate: HTTP/2
// connection reuse across their hosts can then give 404s.
import type { ServerTls } from '../../../schema/kinds/gateway.js';
import { defineAnalyzer } from '../../defineAnalyzer.js';
import { isEmptySelector } from '../../labels.js';
import { refOf } from '../../../model/resource.js';


function sameCertificate(a: ServerTls, b: ServerTls): boolean {
  if (a.credentialName && b.credentialName) return a.credentialName === b.credentialName;
  if (a.credentialName || b.credentialName) return false;
  if (!a.serverCertificate || !b.serverCertificate || a.serverCertificate !== b.serverCertificate) return false;
  return Boolean(a.privateKey && b.privateKey && a.privateKey === b.privateKey);
}

/** Equal keys exactly when sameCertificate holds; undefined when it holds for no other server. */
function certificateKey(t: ServerTls): string | undefined {
  if (t.credentialName) return `c\u0000${t.credentialName}`;
  if (t.serverCertificate && t.privateKey) return `f\u0000${t.serverCertificate}\u0000${t.privateKey}`;
  return undefined;
}

/** Istio's selectorSubset: every key of x is in y with the same value. */
function subset(x: Record<string, string>, y: Record<string, string>): boolean {
  return Object.entries(x).every(([k, v]) => y[k] === v);
}

export default defineAnalyzer({
  name: 'gateway/duplicate-certificate',
  description: 'Checks for TLS certificates shared by Gateways on the same workload',
  inputs: ['Gateway'],
  emits: ['IST0138'],
  istio: 'gateway.CertificateAnalyzer',
  analyze(ctx) {
    const gateways = ctx.index.ofKind('Gateway');
    // Gateways by certificate key: only Gateways sharing a key with gw can pair with it.
    const byKey = new Map<string, number[]>();
    gateways.forEach((gw, i) => {
      for (const s of gw.spec.servers ?? []) {
        const key = s.tls ? certificateKey(s.tls) : undefined;
        if (key === undefined) continue;
        const list = byKey.get(key);
        if (!list) byKey.set(key, [i]);
        else if (list[list.length - 1] !== i) list.push(i);
      }
    });
    gateways.forEach((gw, i) => {
      const candidates = new Set<number>();
      for (const s of gw.spec.servers ?? []) {
        const key = s.tls ? certificateKey(s.tls) : undefined;
        if (key !== undefined) for (const j of byKey.get(key) ?? []) if (j !== i) candidates.add(j);
      }
      if (candidates.size === 0) return;
      const selector = gw.spec.selector ?? {};
      // Ascending index keeps the order of comparing every Gateway with every other.
      for (const j of [...candidates].sort((a, b) => a - b)) {
        const other = gateways[j];
        if (!other || other === gw) continue;
        if (!isEmptySelector(selector) && !subset(selector, other.spec.selector ?? {})) continue;
        for (const a of gw.spec.servers ?? []) {
          for (const b of other.spec.servers ?? []) {
            if (!a.tls || !b.tls || !sameCertificate(a.tls, b.tls)) continue;
            ctx.report('IST0138', { gateways: [refOf(gw), refOf(other)] }, { resource: gw, path: ['metadata', 'name'] });
          }
        }
      }
    });
  },
});
