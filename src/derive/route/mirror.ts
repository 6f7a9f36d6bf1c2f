// `mirror`/`mirrors` → Envoy requestMirrorPolicies (MirrorPercent, MirrorPercentByPolicy,
// TranslateRequestMirrorPolicy). DISABLE_SHADOW_HOST_SUFFIX defaults to true in istiod.
import type { Destination, HttpRoute, Percent } from '../../schema/kinds/virtualService.js';
import type { RequestMirrorPolicy } from '../envoy.js';

type FractionalPercent = NonNullable<RequestMirrorPolicy['runtimeFraction']>['defaultValue'];

/** Percent{value} → numerator value×10000 over MILLION (Go truncates the float). */
export function percentToFraction(p: Percent): FractionalPercent {
  const numerator = Math.trunc((p.value ?? 0) * 10000);
  return numerator === 0 ? { denominator: 'MILLION' } : { numerator, denominator: 'MILLION' };
}

/** An integer percentage over HUNDRED (the enum default, omitted). */
export function integerToFraction(p: number): FractionalPercent {
  return p === 0 ? {} : { numerator: p };
}

function mirrorFraction(percentage: Percent | undefined, legacyPercent: number | undefined): FractionalPercent | undefined {
  if (percentage !== undefined) return (percentage.value ?? 0) > 0 ? percentToFraction(percentage) : undefined;
  if (legacyPercent !== undefined) return legacyPercent > 0 ? integerToFraction(legacyPercent) : undefined;
  return integerToFraction(100);
}

/** `clusterOf` resolves a mirror destination to its cluster (host already an FQDN). */
export function translateMirrors(rule: HttpRoute, clusterOf: (d: Destination) => string): RequestMirrorPolicy[] {
  const out: RequestMirrorPolicy[] = [];
  const policy = (cluster: string, fraction: FractionalPercent): RequestMirrorPolicy => ({
    cluster,
    runtimeFraction: { defaultValue: fraction },
    traceSampled: false,
    disableShadowHostSuffixAppend: true,
  });
  if (rule.mirror !== undefined) {
    const f = mirrorFraction(rule.mirrorPercentage, rule.mirrorPercent);
    if (f) out.push(policy(clusterOf(rule.mirror), f));
  }
  for (const m of rule.mirrors ?? []) {
    const f = mirrorFraction(m.percentage, undefined);
    if (f) out.push(policy(clusterOf(m.destination), f));
  }
  return out;
}
