// Envoy's path rewrites (RouteEntryImplBase::currentUrlPathAfterRewrite): `prefix_rewrite` swaps the
// part of the path the route matched (the prefix of a prefix or path-separated-prefix route, the whole
// path of an exact or regex route) for its value; `regex_rewrite` replaces every match of its pattern
// in the path (RE2 GlobalReplace, `\1` for groups). The query string is kept either way.
import { RE2JS } from 're2js';
import type { RouteMatch } from '../../derive/envoy.js';

/** The path (no query) after `prefixRewrite` on a route with `match`. */
export function prefixRewritten(match: RouteMatch, path: string, prefixRewrite: string): string {
  const matched = match.prefix ?? match.pathSeparatedPrefix;
  if (matched !== undefined) return prefixRewrite + path.slice(matched.length);
  return prefixRewrite;
}

/** RE2's `\N` substitution syntax to re2js's `$N` (a literal `$` doubled). */
function toRe2jsReplacement(substitution: string): string {
  let out = '';
  for (let i = 0; i < substitution.length; i++) {
    const c = substitution.charAt(i);
    const next = substitution.charAt(i + 1);
    if (c === '\\' && /[0-9]/.test(next)) {
      out += `$${next}`;
      i++;
    } else if (c === '\\' && next === '\\') {
      out += '\\';
      i++;
    } else if (c === '$') out += '$$';
    else out += c;
  }
  return out;
}

/** The path after `regexRewrite`; undefined when the pattern is not RE2 (Envoy would reject the route). */
export function regexRewritten(path: string, pattern: string, substitution: string): string | undefined {
  try {
    return RE2JS.compile(pattern).matcher(path).replaceAll(toRe2jsReplacement(substitution));
  } catch {
    return undefined;
  }
}
