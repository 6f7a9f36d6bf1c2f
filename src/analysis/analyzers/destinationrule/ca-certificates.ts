// Client TLS (SIMPLE or MUTUAL) to an upstream without caCertificates does not verify the server.
import { defineAnalyzer } from '../../defineAnalyzer.js';
import type { ClientTls } from '../../../schema/kinds/destinationRule.js';
import { refOf, type DestinationRule } from '../../../model/resource.js';

const verifying = (mode: string | undefined): mode is 'SIMPLE' | 'MUTUAL' => mode === 'SIMPLE' || mode === 'MUTUAL';

/** TLS that verifies nothing: SIMPLE or MUTUAL without caCertificates (a credentialName on a rule with a workload selector brings its own). */
const unverified = (tls: ClientTls | undefined, selected: boolean): boolean => verifying(tls?.mode) && !tls?.caCertificates && !(tls?.credentialName && selected);

/** What both findings name, made only for a rule that is reported. */
const named = (dr: DestinationRule) => ({ destinationRule: refOf(dr), namespace: dr.namespace, host: dr.spec.host });

export default defineAnalyzer({
  name: 'destinationrule/ca-certificates',
  description: 'Checks that caCertificates is set when a DestinationRule uses SIMPLE or MUTUAL TLS',
  inputs: ['DestinationRule'],
  emits: ['IST0128', 'IST0129'],
  istio: 'destinationrule.CaCertificateAnalyzer',
  analyze(ctx) {
    // Indexed loops, no closure or object per DestinationRule: this runs once (cold) over all of them;
    // what a finding names is made only for one that is reported.
    const rules = ctx.index.ofKind('DestinationRule');
    for (let r = 0; r < rules.length; r++) {
      const dr = rules[r] as DestinationRule;
      const spec = dr.spec;
      const policy = spec.trafficPolicy;
      if (!policy) continue;
      const selected = spec.workloadSelector !== undefined;
      const tls = policy.tls;
      if (unverified(tls, selected)) {
        ctx.report('IST0128', { ...named(dr), mode: tls?.mode ?? '' }, { resource: dr, path: ['spec', 'trafficPolicy', 'tls', 'mode'] });
      }
      const ports = policy.portLevelSettings ?? [];
      for (let i = 0; i < ports.length; i++) {
        const p = ports[i] as (typeof ports)[number];
        if (!unverified(p.tls, selected)) continue;
        const port = p.port?.number !== undefined ? `number:${p.port.number}` : '';
        ctx.report('IST0129', { ...named(dr), mode: p.tls?.mode ?? '', port }, { resource: dr, path: ['spec', 'trafficPolicy', 'portLevelSettings', i, 'tls', 'mode'] });
      }
    }
  },
});
