// Findings of two sides, matched by code and resource, never by line: a finding that only moved
// (a rule inserted above it, the file renamed between `--base` and `--head` folders) is unchanged.
// Pass 1 pairs findings equal in code, resource, arguments and place in the document (places in
// arguments compared by their path), pass 2 those equal but for their place (a rule inserted above),
// so that of two IST0101 on one VirtualService the right ones pair; pass 3 pairs what is left by
// code and resource alone. All through maps: linear in the findings.
import type { Finding } from '../diagnostics/finding.js';
import { stableKey, type JsonValue } from './json.js';
import type { FindingsDiff } from './types.js';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Arguments with each place (`At`: file, doc, path) reduced to its path: the file and line are not identity. */
function argsShape(v: unknown): JsonValue {
  if (Array.isArray(v)) return v.map((x) => argsShape(x));
  if (isObject(v)) {
    if ('file' in v && 'doc' in v && 'path' in v) return argsShape(v['path']);
    const out: Record<string, JsonValue> = Object.create(null) as Record<string, JsonValue>;
    for (const k of Object.keys(v)) if (k !== 'position') out[k] = argsShape(v[k]);
    return out;
  }
  if (v === undefined) return null;
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v === null ? v : null;
}

/**
 * The identity of a finding's subject: its resource, or for findings about no resource (a YAML
 * error, a skipped file) its file as `relative` names it (the same file under another folder).
 */
function subjectOf(f: Finding, relative: (file: string) => string): string {
  if (f.resource) return `r:${f.resource.kind}/${f.resource.namespace}/${f.resource.name}`;
  return `f:${f.at ? relative(f.at.file) : ''}`;
}

function match(base: readonly Finding[], head: readonly Finding[], key: (f: Finding, side: 'base' | 'head') => string): { pairs: { head: Finding; base: Finding }[]; base: Finding[]; head: Finding[] } {
  const waiting = new Map<string, Finding[]>();
  for (const f of base) {
    const k = key(f, 'base');
    const list = waiting.get(k);
    if (list) list.push(f);
    else waiting.set(k, [f]);
  }
  const pairs: { head: Finding; base: Finding }[] = [];
  const unmatched: Finding[] = [];
  for (const f of head) {
    const list = waiting.get(key(f, 'head'));
    const b = list?.shift();
    if (b) pairs.push({ head: f, base: b });
    else unmatched.push(f);
  }
  const left = new Set(pairs.map((p) => p.base));
  return { pairs, base: base.filter((f) => !left.has(f)), head: unmatched };
}

export interface FileNames {
  base: (file: string) => string;
  head: (file: string) => string;
}

export function diffFindings(base: readonly Finding[], head: readonly Finding[], names: FileNames): FindingsDiff {
  const exactKey = (f: Finding, side: 'base' | 'head'): string => stableKey([f.code, subjectOf(f, names[side]), argsShape(f.args), f.at ? argsShape(f.at.path) : null]);
  const argsKey = (f: Finding, side: 'base' | 'head'): string => stableKey([f.code, subjectOf(f, names[side]), argsShape(f.args)]);
  const looseKey = (f: Finding, side: 'base' | 'head'): string => stableKey([f.code, subjectOf(f, names[side])]);
  const exact = match(base, head, exactKey);
  // A rule inserted above moves the place of a finding in its object, not what it says.
  const moved = match(exact.base, exact.head, argsKey);
  const loose = match(moved.base, moved.head, looseKey);
  return { introduced: loose.head, fixed: loose.base, unchanged: [...exact.pairs, ...moved.pairs, ...loose.pairs] };
}

/**
 * File names relative to the path the user named them under (`#0/vs.yaml`), so that the same file
 * read from `--base old/` and `--head new/` has one name. Names outside every path stay as they are.
 */
export function relativeTo(paths: readonly string[], sep: string): (file: string) => string {
  return (file) => {
    for (let i = 0; i < paths.length; i++) {
      const p = paths[i] ?? '';
      if (file === p) return `#${i}`;
      const root = p.endsWith(sep) ? p : `${p}${sep}`;
      if (file.startsWith(root)) return `#${i}${sep}${file.slice(root.length)}`;
    }
    return file;
  };
}
