// Exclude globs (`--exclude`, `exclude:` of a .gwctl.yaml that comes with the pull request) matched in
// linear time. picomatch parses the glob (its syntax is the documented one); its regular expression
// is then run by RE2 (re2js) instead of the backtracking JavaScript engine, on which `*a*a*a*a*b` or
// `**/a/**/a/**/a/**/b` take exponential time on a long file name (a CI job that never ends).
//
// With `dot: true` picomatch guards segments with lookaheads that only exclude `.`, `..` and empty
// names, which the walk's relative paths never hold: those exact guards are dropped. Extglobs
// (`+(a|b)`, `!(x)`) and a leading `!` (negation) are not glob syntax here (picomatch's `noextglob`,
// `nonegate`: both need lookaheads); anything else RE2 cannot run is a usage error. A glob without `/`
// is matched against the name (picomatch's `basename`, which misses `charts/**` on files below it).
import picomatch from 'picomatch';
import { RE2JS } from 're2js';
import { UsageError } from '../diagnostics/usageError.js';

const OPTIONS = { dot: true, noextglob: true, nonegate: true } as const;

/** picomatch's guards against `.`/`..` segments and empty names (see above), exactly as it writes them. */
const DOT_GUARDS = ['(?!(?:^|\\/)\\.{1,2}(?:\\/|$))', '(?!\\.{1,2}(?:\\/|$))', '(?=.)'];

function compileOne(glob: string): (relative: string) => boolean {
  let source = picomatch.makeRe(glob, OPTIONS).source;
  for (const guard of DOT_GUARDS) source = source.split(guard).join('');
  if (/\(\?[=!<]/.test(source)) throw new UsageError(`exclude glob ${JSON.stringify(glob)} needs a lookaround, which gwctl does not run (use *, **, ?, [...] and {a,b})`);
  let re: RE2JS;
  try {
    re = RE2JS.compile(source);
  } catch (e) {
    throw new UsageError(`exclude glob ${JSON.stringify(glob)} cannot be matched: ${e instanceof Error ? e.message : String(e)}`);
  }
  const byName = !glob.includes('/');
  return (relative) => re.matches(byName ? relative.slice(relative.lastIndexOf('/') + 1) : relative);
}

/** Whether a relative path (`/` separators) matches one of `globs`; a usage error for a glob that cannot be run in linear time. */
export function excludeMatcher(globs: readonly string[]): (relative: string) => boolean {
  const matchers = globs.map(compileOne);
  return (relative) => matchers.some((m) => m(relative));
}
