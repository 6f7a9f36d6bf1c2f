// VS HTTPMatchRequest → Envoy RouteMatch (TranslateRouteMatch). Keys in route_components.proto order.
import type { StringMatch } from '../../schema/common.js';
import type { HttpMatchRequest } from '../../schema/kinds/virtualService.js';
import type { HeaderMatcher, QueryParameterMatcher, RouteMatch } from '../envoy.js';
import { jwtClaimMetadataMatcher, routingClaimPath } from './jwtClaims.js';
import { isPresenceMatch, stringMatchKind, toEnvoyStringMatcher } from './stringMatch.js';

/** Istio-internal route semantics (annotation `internal.istio.io/route-semantics`); users' VSes are 'default'. */
export type RouteSemantics = 'default' | 'ingress' | 'gateway';

export function headerMatcher(name: string, m: StringMatch | undefined): HeaderMatcher {
  if (isPresenceMatch(m)) return { name, presentMatch: true };
  const stringMatch = toEnvoyStringMatcher(m);
  return stringMatch ? { name, stringMatch } : { name };
}

function queryParamMatcher(name: string, m: StringMatch | undefined): QueryParameterMatcher {
  if (isPresenceMatch(m)) return { name, presentMatch: true };
  const stringMatch = toEnvoyStringMatcher(m);
  return stringMatch ? { name, stringMatch } : { name };
}

// Go map order is random; gwctl sorts by key so output is stable (spec 5.6).
const sortedEntries = <V>(rec: Record<string, V> | undefined): [string, V][] =>
  rec === undefined ? [] : Object.entries(rec).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/** A rule without `match` gives `{prefix: "/"}` and no caseSensitive. */
export function translateRouteMatch(match: HttpMatchRequest | undefined, semantics: RouteSemantics = 'default'): RouteMatch {
  if (match === undefined) return { prefix: '/' };

  // Made only when a match has some (most have none: every route's match comes here).
  let headers: HeaderMatcher[] | undefined;
  let dynamicMetadata: unknown[] | undefined;
  if (match.headers !== undefined) {
    for (const [name, m] of sortedEntries(match.headers)) {
      const claims = routingClaimPath(name);
      if (claims) (dynamicMetadata ??= []).push(jwtClaimMetadataMatcher(claims, m, false));
      else (headers ??= []).push(headerMatcher(name, m));
    }
  }
  if (match.withoutHeaders !== undefined) {
    for (const [name, m] of sortedEntries(match.withoutHeaders)) {
      const claims = routingClaimPath(name);
      if (claims) {
        (dynamicMetadata ??= []).push(jwtClaimMetadataMatcher(claims, m, true));
        continue;
      }
      const h = headerMatcher(name, m);
      h.invertMatch = true;
      // treat_missing_header_as_empty cannot combine with present_match.
      if (!isPresenceMatch(m)) h.treatMissingHeaderAsEmpty = true;
      (headers ??= []).push(h);
    }
  }
  if (headers !== undefined && headers.length > 1) headers.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (match.method) (headers ??= []).push(headerMatcher(':method', match.method));
  if (match.authority) (headers ??= []).push(headerMatcher(':authority', match.authority));
  if (match.scheme) (headers ??= []).push(headerMatcher(':scheme', match.scheme));

  const out: RouteMatch = {};
  const uri = match.uri;
  switch (stringMatchKind(uri)) {
    case 'exact':
      out.path = uri?.exact ?? '';
      break;
    case 'prefix': {
      const prefix = uri?.prefix ?? '';
      if (semantics !== 'default' && prefix !== '/') out.pathSeparatedPrefix = prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
      else out.prefix = prefix;
      break;
    }
    case 'regex':
      out.safeRegex = { regex: uri?.regex ?? '' };
      break;
    default:
      out.prefix = '/';
  }
  out.caseSensitive = !(match.ignoreUriCase ?? false);
  if (headers !== undefined) out.headers = headers;
  if (match.queryParams !== undefined) {
    const query = sortedEntries(match.queryParams).map(([name, m]) => queryParamMatcher(name, m));
    if (query.length > 0) out.queryParameters = query;
  }
  if (dynamicMetadata !== undefined) out.dynamicMetadata = dynamicMetadata;
  return out;
}
