// A string an RE2 regex fully matches, for the representative request of a route whose path or
// header is a regex (`^/api/v[0-9]+/.*` -> `/api/v0/`). A small generator over the common subset
// (literals, escapes, classes, groups, alternation, quantifiers), checked with RE2 itself: when the
// guess does not match, the route gets no request rather than a wrong one.
import { fullMatch } from '../explain/stages/routeMatch.js';

/** Work cap: regexes from input can be long; past this the sampler gives up. */
const MAX_LENGTH = 4096;

interface Cursor {
  s: string;
  i: number;
  /** Repetitions for `*` (0 or 1): a second attempt uses 1. */
  star: number;
}

const ESCAPE_SAMPLE: Readonly<Record<string, string>> = { d: '0', w: 'x', s: ' ', D: 'x', W: '-', S: 'x', n: '\n', t: '\t', r: '\r', f: '\f', v: '\v' };
const ZERO_WIDTH = new Set(['b', 'B', 'A', 'z', 'Z']);

function classSample(c: Cursor): string {
  // c.i is just past '['
  let negated = false;
  if (c.s[c.i] === '^') {
    negated = true;
    c.i++;
  }
  const members: string[] = [];
  const ranges: [string, string][] = [];
  let first = true;
  while (c.i < c.s.length && (c.s[c.i] !== ']' || first)) {
    first = false;
    let ch = c.s[c.i++] ?? '';
    if (ch === '[' && c.s[c.i] === ':') {
      const end = c.s.indexOf(':]', c.i);
      if (end < 0) return '';
      const name = c.s.slice(c.i + 1, end);
      c.i = end + 2;
      members.push(name === 'digit' ? '0' : name === 'space' ? ' ' : 'a');
      continue;
    }
    if (ch === '\\') {
      const e = c.s[c.i++] ?? '';
      ch = ESCAPE_SAMPLE[e] ?? e;
    }
    if (c.s[c.i] === '-' && c.s[c.i + 1] !== ']' && c.i + 1 < c.s.length) {
      c.i++;
      let to = c.s[c.i++] ?? '';
      if (to === '\\') to = c.s[c.i++] ?? '';
      ranges.push([ch, to]);
    } else {
      members.push(ch);
    }
  }
  c.i++; // ']'
  const inClass = (x: string): boolean => members.includes(x) || ranges.some(([a, b]) => x >= a && x <= b);
  if (!negated) return members[0] ?? ranges[0]?.[0] ?? '';
  return ['x', 'a', '0', '-', '_'].find((x) => !inClass(x)) ?? '';
}

function quantifier(c: Cursor): { min: number } | undefined {
  const q = c.s[c.i];
  let min: number;
  if (q === '*') {
    c.i++;
    min = c.star;
  } else if (q === '+') {
    c.i++;
    min = 1;
  } else if (q === '?') {
    c.i++;
    min = 0;
  } else if (q === '{') {
    const m = /^\{(\d+)(,\d*)?\}/.exec(c.s.slice(c.i));
    if (!m) return undefined;
    c.i += m[0].length;
    min = Math.min(Number(m[1]), 64);
  } else {
    return undefined;
  }
  if (c.s[c.i] === '?') c.i++; // lazy
  return { min };
}

/** One alternative list up to `)` or the end; returns the first alternative's sample. */
function alternation(c: Cursor): string {
  let out = '';
  let chosen: string | undefined;
  while (c.i < c.s.length && c.s[c.i] !== ')') {
    if (c.s[c.i] === '|') {
      c.i++;
      chosen ??= out;
      out = '';
      continue;
    }
    const atom = atomSample(c);
    const q = quantifier(c);
    out += q ? atom.repeat(q.min) : atom;
  }
  return chosen ?? out;
}

function atomSample(c: Cursor): string {
  const ch = c.s[c.i++] ?? '';
  switch (ch) {
    case '^':
    case '$':
      return '';
    case '.':
      return 'x';
    case '[':
      return classSample(c);
    case '(': {
      if (c.s[c.i] === '?') {
        // (?:...), (?P<name>...), (?<name>...), (?i) and (?i:...)
        const m = /^\?(P?<[^>]*>|[a-zA-Z-]*:|[a-zA-Z-]*\))/.exec(c.s.slice(c.i));
        if (!m) return '';
        c.i += m[0].length;
        if (m[0].endsWith(')')) return '';
      }
      const inner = alternation(c);
      c.i++; // ')'
      return inner;
    }
    case '\\': {
      const e = c.s[c.i++] ?? '';
      if (ZERO_WIDTH.has(e)) return '';
      if (e === 'p' || e === 'P') {
        if (c.s[c.i] === '{') c.i = c.s.indexOf('}', c.i) + 1 || c.s.length;
        else c.i++;
        return 'a';
      }
      if (e === 'Q') {
        const end = c.s.indexOf('\\E', c.i);
        const lit = c.s.slice(c.i, end < 0 ? c.s.length : end);
        c.i = end < 0 ? c.s.length : end + 2;
        return lit;
      }
      return ESCAPE_SAMPLE[e] ?? e;
    }
    default:
      return ch;
  }
}

/** A string `regex` fully matches (RE2, as Envoy's safe_regex), or undefined when none was found. */
export function sampleRegex(regex: string, prefer: (s: string) => boolean = () => true): string | undefined {
  if (regex.length > MAX_LENGTH) return undefined;
  for (const star of [0, 1]) {
    const c: Cursor = { s: regex, i: 0, star };
    let sample = '';
    while (c.i < c.s.length) {
      sample += alternation(c);
      if (c.s[c.i] === ')') c.i++;
    }
    if (prefer(sample) && fullMatch(regex, sample)) return sample;
  }
  return undefined;
}
