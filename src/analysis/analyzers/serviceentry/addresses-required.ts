// A ServiceEntry with TCP (or unspecified-protocol) ports and no addresses cannot be told apart by
// destination IP, unless DNS auto-allocation gives it one.
import { defineAnalyzer } from '../../defineAnalyzer.js';

function hasStatusAddresses(status: unknown): boolean {
  if (typeof status !== 'object' || status === null || !('addresses' in status)) return false;
  return Array.isArray(status.addresses) && status.addresses.length > 0;
}

export default defineAnalyzer({
  name: 'serviceentry/addresses-required',
  description: 'Checks that ServiceEntries with TCP ports have addresses',
  inputs: ['ServiceEntry', 'MeshConfig'],
  emits: ['IST0134'],
  istio: 'serviceentry.Analyzer',
  analyze(ctx) {
    const md = ctx.settings.mesh.proxyMetadata;
    const autoAllocated =
      md['ISTIO_META_DNS_CAPTURE'] === 'true' && (md['ISTIO_META_DNS_AUTO_ALLOCATE'] === 'true' || md['PILOT_ENABLE_IP_AUTOALLOCATE'] === 'true');
    if (autoAllocated) return;
    for (const se of ctx.index.ofKind('ServiceEntry')) {
      const spec = se.spec;
      if ((spec.addresses ?? []).length > 0 || hasStatusAddresses(se.status)) continue;
      (spec.ports ?? []).forEach((p, i) => {
        if (p.protocol && p.protocol.toUpperCase() !== 'TCP') return;
        ctx.report('IST0134', {}, { resource: se, path: ['spec', 'ports', i] });
      });
    }
  },
});
