// RE2 as Envoy runs it (re2js has RE2's semantics), at a cost bounded by the input: every distinct
// pattern is compiled once per run, whatever the number of rules that repeat it (1,000 rules with
// one 110-character pattern compiled it 1,000 times: seconds to validate, a minute to explain), and
// the results of matching one subject are remembered too. A pattern whose program is larger than
// Envoy accepts is never run: Envoy rejects the route configuration that holds it.
import { RE2JS } from 're2js';
import { detached } from '../load/detach.js';

/**
 * Envoy refuses a regex whose RE2 program is larger than `re2.max_program_size.error_level`; Istio's
 * bootstrap sets that runtime key to 32768 (pkg/bootstrap/config.go extractRuntimeFlags) and leaves
 * the warn level at Envoy's default, which never warns. re2js counts instructions as RE2 does,
 * closely but not exactly.
 */
export const ENVOY_MAX_PROGRAM_SIZE = 32768;

export type CompiledRegex =
  | { ok: true; re: RE2JS; programSize: number }
  | { ok: false; error: string }
  | { ok: false; programSize: number; tooLarge: true };

const compiled = new Map<string, CompiledRegex>();
/** Instructions held by the cache; past the budget, patterns are compiled again when needed. */
let cachedInstructions = 0;
const CACHE_BUDGET = 1 << 22;

/** How much RE2 work a run did (tests check that it grows with distinct patterns, not with rules). */
export const regexWork = { compiled: 0, matched: 0 };

/** The pattern compiled by RE2 (once per run), or why it cannot be. */
export function compileRegex(pattern: string): CompiledRegex {
  const hit = compiled.get(pattern);
  if (hit) return hit;
  regexWork.compiled++;
  // The cache keeps the pattern (and RE2 its text): a copy, not a slice keeping a file's text alive.
  const own = detached(pattern);
  let result: CompiledRegex;
  try {
    const re = RE2JS.compile(own);
    const programSize = re.programSize();
    result = programSize > ENVOY_MAX_PROGRAM_SIZE ? { ok: false, programSize, tooLarge: true } : { ok: true, re, programSize };
  } catch (e) {
    result = { ok: false, error: (e instanceof Error ? e.message : String(e)).replace(/^error parsing regexp: /, '') };
  }
  const size = result.ok ? result.programSize : 1;
  if (cachedInstructions + size <= CACHE_BUDGET) {
    compiled.set(own, result);
    cachedInstructions += size;
  }
  return result;
}

const matches = new Map<string, boolean>();
const MATCH_MEMO = 100_000;

function memo(kind: 'full' | 'find', pattern: string, input: string, run: (re: RE2JS) => boolean): boolean {
  const key = `${kind}\u0000${pattern}\u0000${input}`;
  const known = matches.get(key);
  if (known !== undefined) return known;
  const c = compileRegex(pattern);
  regexWork.matched++;
  // A pattern RE2 or Envoy rejects never matches: the config holding it is not applied.
  const result = c.ok ? run(c.re) : false;
  if (matches.size < MATCH_MEMO) matches.set(detached(key), result);
  return result;
}

/** RE2 full match, as Envoy's safe_regex matches a path or a header value. */
export function regexFullMatch(pattern: string, input: string): boolean {
  return memo('full', pattern, input, (re) => re.matches(input));
}

/** Whether the pattern matches anywhere in the input (explain's near-miss hints). */
export function regexFind(pattern: string, input: string): boolean {
  return memo('find', pattern, input, (re) => re.matcher(input).find());
}
