// Envoy RouteMatch evaluation: path (prefix / exact / RE2 full match, caseSensitive), headers (with
// invertMatch and treatMissingHeaderAsEmpty), query parameters. Returns the first failing matcher so
// that near misses can be named.
import type { HeaderMatcher, QueryParameterMatcher, Route, RouteMatch, StringMatcher } from '../../derive/envoy.js';
import type { ExplainRequest } from '../types.js';
import { own } from '../../load/dict.js';
import { regexFullMatch } from '../../schema/regex.js';
import { candidateRoutes } from './routeIndex.js';

export type MatchFailure =
  | { on: 'path'; expected: string; kind: 'prefix' | 'exact' | 'regex' | 'pathSeparatedPrefix'; caseSensitive: boolean }
  | { on: 'header'; name: string; expected: string; actual: string | undefined; inverted: boolean }
  | { on: 'query'; name: string; expected: string; actual: string | undefined }
  | { on: 'dynamicMetadata' };

export type MatchResult = { ok: true } | { ok: false; failure: MatchFailure };

/**
 * RE2 full match, as Envoy's safe_regex; a regex RE2 rejects, or one too large for Envoy, never
 * matches (Envoy would NACK it). Compiled once per pattern and run once per subject (schema/regex.ts).
 */
export function fullMatch(regex: string, input: string): boolean {
  return regexFullMatch(regex, input);
}

export function describeStringMatcher(m: StringMatcher): string {
  const ic = m.ignoreCase ? ' (ignoring case)' : '';
  if (m.exact !== undefined) return `exact "${m.exact}"${ic}`;
  if (m.prefix !== undefined) return `prefix "${m.prefix}"${ic}`;
  if (m.suffix !== undefined) return `suffix "${m.suffix}"${ic}`;
  if (m.contains !== undefined) return `contains "${m.contains}"${ic}`;
  if (m.safeRegex !== undefined) return `regex "${m.safeRegex.regex}"`;
  return 'any value';
}

export function stringMatches(m: StringMatcher, value: string): boolean {
  const v = m.ignoreCase ? value.toLowerCase() : value;
  const c = (s: string) => (m.ignoreCase ? s.toLowerCase() : s);
  if (m.exact !== undefined) return v === c(m.exact);
  if (m.prefix !== undefined) return v.startsWith(c(m.prefix));
  if (m.suffix !== undefined) return v.endsWith(c(m.suffix));
  if (m.contains !== undefined) return v.includes(c(m.contains));
  if (m.safeRegex !== undefined) return fullMatch(m.safeRegex.regex, value);
  return true;
}

/** Header value as Envoy sees it, pseudo-headers included; undefined when absent. */
export function headerValue(req: ExplainRequest, name: string): string | undefined {
  switch (name.toLowerCase()) {
    case ':method':
      return req.method;
    case ':authority':
    case 'host':
      return own(req.headers, 'host');
    case ':scheme':
      return req.scheme;
    case ':path':
      return req.query ? `${req.path}?${req.query}` : req.path;
    default:
      return own(req.headers, name.toLowerCase());
  }
}

/** Envoy HeaderUtility::matchHeaders. */
export function headerMatches(h: HeaderMatcher, req: ExplainRequest): boolean {
  const actual = headerValue(req, h.name);
  const inverted = h.invertMatch === true;
  if (actual === undefined && !h.treatMissingHeaderAsEmpty) {
    // Only a presence matcher can say something about a missing header.
    if (h.presentMatch === undefined) return false;
    return inverted ? h.presentMatch : !h.presentMatch;
  }
  const value = actual ?? '';
  const match = h.presentMatch !== undefined ? h.presentMatch : h.stringMatch ? stringMatches(h.stringMatch, value) : true;
  return match !== inverted;
}

function parseQuery(query: string): Map<string, string> {
  const out = new Map<string, string>();
  if (query === '') return out;
  for (const part of query.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const rawName = eq < 0 ? part : part.slice(0, eq);
    const rawValue = eq < 0 ? '' : part.slice(eq + 1);
    const dec = (s: string) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    };
    const name = dec(rawName);
    // Envoy's getFirstValue: the first occurrence wins.
    if (!out.has(name)) out.set(name, dec(rawValue));
  }
  return out;
}

function queryMatches(q: QueryParameterMatcher, params: Map<string, string>): boolean {
  const v = params.get(q.name);
  if (v === undefined) return false;
  if (q.presentMatch !== undefined) return q.presentMatch;
  return q.stringMatch ? stringMatches(q.stringMatch, v) : true;
}

function pathMatches(m: RouteMatch, path: string): MatchFailure | undefined {
  const cs = m.caseSensitive !== false;
  const p = cs ? path : path.toLowerCase();
  const c = (s: string) => (cs ? s : s.toLowerCase());
  if (m.path !== undefined) return p === c(m.path) ? undefined : { on: 'path', expected: m.path, kind: 'exact', caseSensitive: cs };
  if (m.safeRegex !== undefined) return fullMatch(m.safeRegex.regex, path) ? undefined : { on: 'path', expected: m.safeRegex.regex, kind: 'regex', caseSensitive: true };
  if (m.pathSeparatedPrefix !== undefined) {
    const pre = c(m.pathSeparatedPrefix);
    const ok = p === pre || (p.startsWith(pre) && (pre.endsWith('/') || p.charAt(pre.length) === '/'));
    return ok ? undefined : { on: 'path', expected: m.pathSeparatedPrefix, kind: 'pathSeparatedPrefix', caseSensitive: cs };
  }
  const pre = m.prefix ?? '/';
  return p.startsWith(c(pre)) ? undefined : { on: 'path', expected: pre, kind: 'prefix', caseSensitive: cs };
}

export function matchRoute(route: Route, req: ExplainRequest, params?: Map<string, string>): MatchResult {
  const m = route.match;
  const pf = pathMatches(m, req.path);
  if (pf) return { ok: false, failure: pf };
  for (const h of m.headers ?? []) {
    if (!headerMatches(h, req)) {
      const expected = h.presentMatch !== undefined ? (h.presentMatch ? 'present' : 'absent') : h.stringMatch ? describeStringMatcher(h.stringMatch) : 'any value';
      return { ok: false, failure: { on: 'header', name: h.name, expected, actual: headerValue(req, h.name), inverted: h.invertMatch === true } };
    }
  }
  if (m.queryParameters && m.queryParameters.length > 0) {
    const qp = params ?? parseQuery(req.query);
    for (const q of m.queryParameters) {
      if (!queryMatches(q, qp)) {
        const expected = q.presentMatch !== undefined ? 'present' : q.stringMatch ? describeStringMatcher(q.stringMatch) : 'any value';
        return { ok: false, failure: { on: 'query', name: q.name, expected, actual: qp.get(q.name) } };
      }
    }
  }
  // JWT-claim matchers read metadata that only exists at runtime; offline they cannot match.
  if (m.dynamicMetadata && m.dynamicMetadata.length > 0) return { ok: false, failure: { on: 'dynamicMetadata' } };
  return { ok: true };
}

export function firstMatchingRoute(routes: readonly Route[], req: ExplainRequest): { route: Route; index: number } | undefined {
  const params = parseQuery(req.query);
  const candidates = candidateRoutes(routes, req.path);
  if (candidates === undefined) {
    for (let i = 0; i < routes.length; i++) {
      const r = routes[i];
      if (r && matchRoute(r, req, params).ok) return { route: r, index: i };
    }
    return undefined;
  }
  for (const i of candidates) {
    const r = routes[i];
    if (r && matchRoute(r, req, params).ok) return { route: r, index: i };
  }
  return undefined;
}

export function describeRouteMatch(m: RouteMatch): string {
  const parts: string[] = [];
  if (m.path !== undefined) parts.push(`path = ${m.path}`);
  else if (m.safeRegex !== undefined) parts.push(`path ~ ${m.safeRegex.regex}`);
  else if (m.pathSeparatedPrefix !== undefined) parts.push(`path under ${m.pathSeparatedPrefix}`);
  else parts.push(`prefix ${m.prefix ?? '/'}`);
  if (m.caseSensitive === false) parts.push('ignoring case');
  for (const h of m.headers ?? []) parts.push(`${h.invertMatch ? 'not ' : ''}${h.name} ${h.presentMatch !== undefined ? 'present' : h.stringMatch ? describeStringMatcher(h.stringMatch) : ''}`.trim());
  for (const q of m.queryParameters ?? []) parts.push(`?${q.name} ${q.stringMatch ? describeStringMatcher(q.stringMatch) : 'present'}`);
  return parts.join(', ');
}
