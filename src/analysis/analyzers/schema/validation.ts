// Istio's webhook validation of each networking resource (IST0106 errors, IST0133 warnings). The
// checks run while the resource is loaded (src/schema); this analyzer carries their findings into
// the analysis so that selection, suppression and thresholds apply to them like to any other.
import { defineAnalyzer } from '../../defineAnalyzer.js';
import { WEBHOOK_KINDS } from '../../../model/resource.js';

export default defineAnalyzer({
  name: 'schema/validation',
  description: "Checks networking resources against Istio's own validation (the admission webhook)",
  inputs: WEBHOOK_KINDS,
  emits: ['IST0106', 'IST0133'],
  istio: 'schema.ValidationAnalyzer.VirtualService',
  kiali: ['KIA1108'],
  analyze(ctx) {
    for (const f of ctx.loaded(WEBHOOK_KINDS)) {
      if (f.code === 'IST0106' || f.code === 'IST0133') ctx.forward(f);
    }
  },
});
