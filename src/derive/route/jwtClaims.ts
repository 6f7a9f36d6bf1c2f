// `@request.auth.claims…` header keys become dynamic-metadata matchers on the JWT payload
// (jwt.ToRoutingClaim + authz MetadataMatcherForJWTClaims with the extended-JWT OR form).
import type { StringMatch } from '../../schema/common.js';
import { toEnvoyStringMatcher } from './stringMatch.js';

const CLAIM_PREFIX = '@request.auth.claims';

/** Claim path of a routing-claim header name (`.a.b` or `[a][b]`), or undefined if it is a plain header. */
export function routingClaimPath(headerName: string): string[] | undefined {
  if (!headerName.toLowerCase().startsWith(CLAIM_PREFIX)) return undefined;
  const rest = headerName.slice(CLAIM_PREFIX.length);
  if (rest.startsWith('.') && rest.length > 1) return rest.slice(1).split('.');
  if (rest.startsWith('[') && rest.endsWith(']') && rest.length > 2) return rest.slice(1, -1).split('][');
  return undefined;
}

export function jwtClaimMetadataMatcher(claims: string[], match: StringMatch | undefined, invert: boolean): Record<string, unknown> {
  // A nil StringMatcher inside a set oneof prints as an empty object.
  const stringMatch = toEnvoyStringMatcher(match) ?? {};
  const out: Record<string, unknown> = {
    filter: 'envoy.filters.http.jwt_authn',
    path: ['payload', ...claims].map((key) => ({ key })),
    value: { orMatch: { valueMatchers: [{ listMatch: { oneOf: { stringMatch } } }, { stringMatch }] } },
  };
  if (invert) out.invert = true;
  return out;
}
