// istiod ignores a Gateway API CRD whose bundle version is below the minimum it needs: the resources
// of that kind are then never processed (e.g. TLSRoutes of an old bundle leave TLS listeners empty).
import { defineAnalyzer } from '../../defineAnalyzer.js';

const BUNDLE_VERSION = 'gateway.networking.k8s.io/bundle-version';

/** Minimum bundle version per CRD name, as of the Istio commit the peer suite reproduces. */
const MINIMUM: Readonly<Record<string, readonly [number, number, number]>> = {
  'grpcroutes.gateway.networking.k8s.io': [1, 1, 0],
  'backendtlspolicies.gateway.networking.k8s.io': [1, 4, 0],
  'tlsroutes.gateway.networking.k8s.io': [1, 5, 0],
  'tcproutes.gateway.networking.k8s.io': [1, 6, 0],
};

/** A semantic version as Masterminds' lenient parser reads it ("v1.4", "1.4.1-rc.1+build"). */
function parseVersion(s: string): { core: [number, number, number]; text: string } | undefined {
  const m = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z.-]+))?(?:\+([0-9A-Za-z.-]+))?$/.exec(s.trim());
  if (!m) return undefined;
  const core: [number, number, number] = [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)];
  return { core, text: `${core.join('.')}${m[4] ? `-${m[4]}` : ''}${m[5] ? `+${m[5]}` : ''}` };
}

function less(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) < (b[i] ?? 0);
  return false;
}

export default defineAnalyzer({
  name: 'k8sgateway/crd-version',
  description: 'Checks that Gateway API CRDs are at the minimum bundle version Istio requires',
  inputs: ['CustomResourceDefinition'],
  emits: ['IST0176'],
  istio: 'k8sgateway.CRDVersionAnalyzer',
  analyze(ctx) {
    for (const crd of ctx.index.ofKind('CustomResourceDefinition')) {
      const minimum = Object.hasOwn(MINIMUM, crd.name) ? MINIMUM[crd.name] : undefined;
      const annotation = crd.metadata.annotations?.[BUNDLE_VERSION];
      if (!minimum || annotation === undefined) continue;
      const installed = parseVersion(annotation);
      // A pre-release of the minimum counts as the minimum.
      if (!installed || !less(installed.core, minimum)) continue;
      ctx.report(
        'IST0176',
        { crd: crd.name, installed: installed.text, minimum: minimum.join('.') },
        { resource: crd, path: ['metadata', 'annotations', BUNDLE_VERSION] },
      );
    }
  },
});
