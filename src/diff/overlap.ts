// May one request match both of two Envoy route matches? Only "no" is certain: two different exact
// paths, prefixes neither of which extends the other, a header both require with values no string
// satisfies at once. Anything else (regexes against prefixes, say) may overlap. Used to tell a
// reordering of routes that changes which one wins from one that does not.
import type { HeaderMatcher, QueryParameterMatcher, RouteMatch, StringMatcher } from '../derive/envoy.js';
import { fullMatch, stringMatches } from '../explain/stages/routeMatch.js';
import { pushTo } from '../model/multiMap.js';

type PathSpec = { kind: 'prefix' | 'exact' | 'separated'; value: string } | { kind: 'regex'; value: string };

/** `lower`: either match ignores case, so both are compared lower-cased. */
function pathOf(m: RouteMatch, lower: boolean): PathSpec {
  const v = (s: string): string => (lower ? s.toLowerCase() : s);
  if (m.path !== undefined) return { kind: 'exact', value: v(m.path) };
  if (m.safeRegex !== undefined) return { kind: 'regex', value: m.safeRegex.regex };
  if (m.pathSeparatedPrefix !== undefined) return { kind: 'separated', value: v(m.pathSeparatedPrefix) };
  return { kind: 'prefix', value: v(m.prefix ?? '/') };
}

/** Does some path match both? */
function pathsOverlap(a: PathSpec, b: PathSpec): boolean {
  if (a.kind === 'regex' && b.kind === 'exact') return fullMatch(a.value, b.value);
  if (b.kind === 'regex' && a.kind === 'exact') return fullMatch(b.value, a.value);
  if (a.kind === 'regex' || b.kind === 'regex') return true;
  const under = (p: string, s: string): boolean => p === s || p.startsWith(s.endsWith('/') ? s : `${s}/`);
  const [x, y] = a.kind <= b.kind ? [a, b] : [b, a];
  switch (`${x.kind}/${y.kind}`) {
    case 'exact/exact':
      return x.value === y.value;
    case 'exact/prefix':
      return x.value.startsWith(y.value);
    case 'exact/separated':
      return under(x.value, y.value);
    case 'prefix/prefix':
      return x.value.startsWith(y.value) || y.value.startsWith(x.value);
    case 'prefix/separated':
      return y.value.startsWith(x.value) || under(x.value, y.value);
    default:
      return under(x.value, y.value) || under(y.value, x.value);
  }
}

/** A value that satisfies `m` when it is an exact matcher (the one case decidable by trying). */
const exactOf = (m: StringMatcher | undefined): string | undefined => (m?.exact !== undefined && !m.ignoreCase ? m.exact : undefined);

/** Can one value satisfy both string matchers? Decided only when one of them is exact. */
function valuesOverlap(a: StringMatcher | undefined, b: StringMatcher | undefined): boolean {
  const ea = exactOf(a);
  if (ea !== undefined && b) return stringMatches(b, ea);
  const eb = exactOf(b);
  if (eb !== undefined && a) return stringMatches(a, eb);
  return true;
}

/** What a matcher requires of a header: present with a value, or absent; undefined when it is not decidable here. */
function headerRequirement(h: HeaderMatcher): { present: true; value?: StringMatcher } | { present: false } | undefined {
  if (h.presentMatch !== undefined) return h.presentMatch !== (h.invertMatch === true) ? { present: true } : { present: false };
  if (h.invertMatch) return undefined;
  return h.stringMatch ? { present: true, value: h.stringMatch } : { present: true };
}

function headersOverlap(a: readonly HeaderMatcher[], b: readonly HeaderMatcher[]): boolean {
  const byName = new Map<string, HeaderMatcher[]>();
  for (const h of a) {
    const k = h.name.toLowerCase();
    pushTo(byName, k, h);
  }
  for (const h of b) {
    for (const o of byName.get(h.name.toLowerCase()) ?? []) {
      const x = headerRequirement(h);
      const y = headerRequirement(o);
      if (!x || !y) continue;
      if (x.present !== y.present) return false;
      if (x.present && y.present && !valuesOverlap(x.value, y.value)) return false;
    }
  }
  return true;
}

function queriesOverlap(a: readonly QueryParameterMatcher[], b: readonly QueryParameterMatcher[]): boolean {
  const byName = new Map(a.map((q) => [q.name, q]));
  for (const q of b) {
    const o = byName.get(q.name);
    if (o && !valuesOverlap(o.stringMatch, q.stringMatch)) return false;
  }
  return true;
}

/** False only when no request can match both. */
export function mayOverlap(a: RouteMatch, b: RouteMatch): boolean {
  const lower = a.caseSensitive === false || b.caseSensitive === false;
  return pathsOverlap(pathOf(a, lower), pathOf(b, lower)) && headersOverlap(a.headers ?? [], b.headers ?? []) && queriesOverlap(a.queryParameters ?? [], b.queryParameters ?? []);
}
