// Client TLS (SIMPLE or MUTUAL) to an upstream without caCertificates does not verify the server.
import { defineAnalyzer } from '../../defineAnalyzer.js';
import type { ClientTls } from '../../../schema/kinds/destinationRule.js';
import { refOf } from '../../../model/resource.js';

const verifying = (mode: string | undefined): mode is 'SIMPLE' | 'MUTUAL' => mode === 'SIMPLE' || mode === 'MUTUAL';

export default defineAnalyzer({
  name: 'destinationrule/ca-certificates',
  description: 'Checks that caCertificates is set when a DestinationRule uses SIMPLE or MUTUAL TLS',
  inputs: ['DestinationRule'],
  emits: ['IST0128', 'IST0129'],
  istio: 'destinationrule.CaCertificateAnalyzer',
  analyze(ctx) {
    for (const dr of ctx.index.ofKind('DestinationRule')) {
      const spec = dr.spec;
      const unverified = (tls: ClientTls | undefined): boolean =>
        verifying(tls?.mode) && !tls?.caCertificates && !(tls?.credentialName && spec.workloadSelector !== undefined);
      const base = { destinationRule: refOf(dr), namespace: dr.namespace, host: spec.host };
      const tls = spec.trafficPolicy?.tls;
      if (unverified(tls)) {
        ctx.report('IST0128', { ...base, mode: tls?.mode ?? '' }, { resource: dr, path: ['spec', 'trafficPolicy', 'tls', 'mode'] });
      }
      (spec.trafficPolicy?.portLevelSettings ?? []).forEach((p, i) => {
        if (!unverified(p.tls)) return;
        const port = p.port?.number !== undefined ? `number:${p.port.number}` : '';
        ctx.report('IST0129', { ...base, mode: p.tls?.mode ?? '', port }, { resource: dr, path: ['spec', 'trafficPolicy', 'portLevelSettings', i, 'tls', 'mode'] });
      });
    }
  },
});
