// Zod issues -> sentences a user understands: the field, what was expected, what was found.
// No zod issue codes or JavaScript type names leak out of here.
import { z } from 'zod';
import { formatPath } from '../diagnostics/path.js';
import { dictValue } from '../load/dict.js';
import type { Path, PathSegment } from '../load/sourceMap.js';

const EXPECTED: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'a mapping of fields',
  record: 'a mapping of fields',
  array: 'a list',
  date: 'a timestamp',
};

export function describeValue(v: unknown): string {
  if (v === null || v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  switch (typeof v) {
    case 'string':
      return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
    case 'number':
      return Number.isInteger(v) ? `the number ${v}` : `the number ${v}`;
    case 'boolean':
      return `${v}`;
    case 'object':
      return 'a mapping';
    default:
      return 'an unsupported value';
  }
}

export function describeIssue(issue: z.core.$ZodIssue, path: Path): string {
  const field = formatPath(path) || 'document';
  const input = 'input' in issue ? issue.input : undefined;
  switch (issue.code) {
    case 'invalid_type': {
      if (input === undefined) return `${field} is required`;
      const expected = EXPECTED[issue.expected] ?? issue.expected;
      return `${field} must be ${expected}, not ${describeValue(input)}`;
    }
    case 'invalid_value':
      return `${field} must be one of ${issue.values.map((x) => String(x)).join(', ')}, not ${describeValue(input)}`;
    case 'too_small':
    case 'too_big':
    case 'invalid_format':
    case 'custom':
      return issue.message.startsWith('Too') || issue.message.startsWith('Invalid') ? `${field} is out of range` : `${field}: ${issue.message}`;
    case 'invalid_union':
      return `${field} has an unsupported shape (${describeValue(input)})`;
    default:
      return `${field} is not valid`;
  }
}

/** The known name closest to a misspelt one, or '' when nothing is close. */
export function closestName(name: string, known: readonly string[]): string {
  let best = '';
  let bestDistance = Infinity;
  const lower = name.toLowerCase();
  for (const k of known) {
    const d = distance(lower, k.toLowerCase());
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(name.length / 3)) ? best : '';
}

function distance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3) return Math.abs(a.length - b.length);
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0] ?? 0;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j] ?? 0;
      prev[j] = Math.min((prev[j] ?? 0) + 1, (prev[j - 1] ?? 0) + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length] ?? 0;
}

/** The field names an object schema accepts at `path`, for "did you mean" suggestions. */
export function knownKeysAt(schema: z.ZodType, path: PathSegment[]): string[] {
  let s: z.ZodType | undefined = schema;
  for (const p of [...path, undefined]) {
    s = unwrapSchema(s);
    if (!s) return [];
    if (p === undefined) break;
    const shape: Record<string, z.ZodType> | undefined = s instanceof z.ZodObject ? s.shape : undefined;
    if (shape) s = Object.hasOwn(shape, String(p)) ? shape[String(p)] : undefined;
    else if (s instanceof z.ZodArray) s = s.element as z.ZodType;
    else if (s instanceof z.ZodRecord) s = s.valueType as z.ZodType;
    else if (dictValue(s)) s = dictValue(s);
    else return [];
  }
  return s instanceof z.ZodObject ? Object.keys(s.shape) : [];
}

function unwrapSchema(s: z.ZodType | undefined): z.ZodType | undefined {
  let cur = s;
  for (let i = 0; i < 10 && cur; i++) {
    if (dictValue(cur)) break;
    if (cur instanceof z.ZodOptional || cur instanceof z.ZodNullable || cur instanceof z.ZodDefault) cur = cur.unwrap() as z.ZodType;
    // A preprocessing pipe (null read as absent) describes its value with `out`; a transform with `in`.
    else if (cur instanceof z.ZodPipe) cur = (cur.in instanceof z.ZodTransform ? cur.out : cur.in) as z.ZodType;
    else if (cur instanceof z.ZodLazy) cur = cur.unwrap() as z.ZodType;
    else break;
  }
  return cur;
}
