// Routing on a JWT claim (`@request.auth.claims.*` header matches) works only where the gateway pods
// validate the token: each pod of a Gateway the VirtualService is bound to needs a
// RequestAuthentication (in istio-system or the pod's namespace) that selects it.
import { routingClaimPath } from '../../../derive/route/jwtClaims.js';
import type { VirtualService } from '../../../model/resource.js';
import { defineAnalyzer } from '../../defineAnalyzer.js';
import { DEFAULT_GATEWAY_LABELS, selectorMatches, selectsDefaultGateway, type Labels } from '../../labels.js';
import { podsOf, type PodLike } from '../../workloads.js';
import { refTo } from '../../../diagnostics/ref.js';
import { pushTo } from '../../../model/multiMap.js';

const ISTIO_SYSTEM = 'istio-system';

/** The first header or withoutHeaders key of an HTTP match that names a JWT claim. */
function claimKey(vs: VirtualService): { key: string; path: (string | number)[] } | undefined {
  const rules = vs.spec.http ?? [];
  for (let r = 0; r < rules.length; r++) {
    const matches = rules[r]?.match ?? [];
    for (let m = 0; m < matches.length; m++) {
      const match = matches[m];
      if (match === undefined) continue;
      for (let f = 0; f < CLAIM_FIELDS.length; f++) {
        const field = CLAIM_FIELDS[f] as (typeof CLAIM_FIELDS)[number];
        const map = match[field];
        if (map === undefined) continue;
        for (const key in map) if (routingClaimPath(key) !== undefined) return { key, path: ['spec', 'http', r, 'match', m, field, key] };
      }
    }
  }
  return undefined;
}

const CLAIM_FIELDS = ['headers', 'withoutHeaders'] as const;

/** Istio's NewShortOrFullName: `ns/name`, else a name in the VirtualService namespace. */
function resolve(ref: string, namespace: string): { namespace: string; name: string } {
  const slash = ref.indexOf('/');
  return slash < 0 ? { namespace, name: ref } : { namespace: ref.slice(0, slash), name: ref.slice(slash + 1) };
}

export default defineAnalyzer({
  name: 'virtualservice/jwt-claim-route',
  description: 'Checks that JWT claim based routing has a RequestAuthentication on the gateway pods',
  inputs: ['VirtualService', 'RequestAuthentication', 'Gateway', 'Pod', 'Deployment', 'StatefulSet', 'DaemonSet'],
  emits: ['IST0149'],
  istio: 'virtualservice.JWTClaimRouteAnalyzer',
  analyze(ctx) {
    const selectors = new Map<string, Labels[]>();
    for (const ra of ctx.index.ofKind('RequestAuthentication')) {
      pushTo(selectors, ra.namespace, ra.spec.selector?.matchLabels ?? {});
    }
    // Pods are listed only when a VirtualService routes on a claim.
    let podList: PodLike[] | undefined;
    const pods = (): PodLike[] => (podList ??= podsOf(ctx));
    for (const vs of ctx.index.ofKind('VirtualService')) {
      const claim = claimKey(vs);
      if (!claim) continue;
      for (const ref of vs.spec.gateways ?? []) {
        if (ref === 'mesh') continue;
        const target = resolve(ref, vs.namespace);
        const gw = ctx.index.get('Gateway', target.namespace, target.name);
        // A missing Gateway is virtualservice/gateway-not-found's finding.
        if (!gw) continue;
        const selector = gw.spec.selector ?? {};
        let selected = pods().filter((p) => selectorMatches(selector, p.labels)).map((p) => ({ name: p.name, namespace: p.namespace, labels: p.labels }));
        if (selected.length === 0 && ctx.settings.assumeDefaultGateway && selectsDefaultGateway(selector)) {
          selected = [{ name: 'istio-ingressgateway', namespace: ISTIO_SYSTEM, labels: DEFAULT_GATEWAY_LABELS }];
        }
        for (const pod of selected) {
          const candidates = [...(selectors.get(ISTIO_SYSTEM) ?? []), ...(pod.namespace === ISTIO_SYSTEM ? [] : (selectors.get(pod.namespace) ?? []))];
          if (candidates.some((s) => selectorMatches(s, pod.labels))) continue;
          const gateway = refTo('Gateway', target);
          ctx.report('IST0149', { claimKey: claim.key, gateway, pod: pod.name }, { resource: vs, path: claim.path });
        }
      }
    }
  },
});
