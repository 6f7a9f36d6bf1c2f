// Two Gateways that can land on the same workload serve TLS with the same certificate: HTTP/2
// connection reuse across their hosts can then give 404s.
import type { ServerTls } from '../../../schema/kinds/gateway.js';
import { defineAnalyzer } from '../../defineAnalyzer.js';
import { isEmptySelector } from '../../labels.js';

const fullName = (r: { namespace: string; name: string }): string => (r.namespace ? `${r.namespace}/${r.name}` : r.name);

function sameCertificate(a: ServerTls, b: ServerTls): boolean {
  if (a.credentialName && b.credentialName) return a.credentialName === b.credentialName;
  if (a.credentialName || b.credentialName) return false;
  if (!a.serverCertificate || !b.serverCertificate || a.serverCertificate !== b.serverCertificate) return false;
  return Boolean(a.privateKey && b.privateKey && a.privateKey === b.privateKey);
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
    for (const gw of gateways) {
      const selector = gw.spec.selector ?? {};
      for (const other of gateways) {
        if (other === gw) continue;
        if (!isEmptySelector(selector) && !subset(selector, other.spec.selector ?? {})) continue;
        for (const a of gw.spec.servers ?? []) {
          for (const b of other.spec.servers ?? []) {
            if (!a.tls || !b.tls || !sameCertificate(a.tls, b.tls)) continue;
            ctx.report('IST0138', { gateways: [fullName(gw), fullName(other)] }, { resource: gw, path: ['metadata', 'name'] });
          }
        }
      }
    }
  },
});
