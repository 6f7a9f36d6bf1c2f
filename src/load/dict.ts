// Mappings whose keys come from the input (labels, selectors, headers, query parameters, ports by
// name...): every key is data, `__proto__`, `constructor` and `prototype` included.
//
// zod's own record drops a `__proto__` key from its output without a word (checked with zod 4.6:
// `z.record(z.string(), z.string()).parse({['__proto__']: 'x'})` is `{}`), so a Gateway selector
// `{__proto__: nomatch}` became the empty selector and selected every pod. js-yaml 4 and JSON.parse
// both keep `__proto__` as an own key (js-yaml defines it as a property); the loss was only zod's.
// `dict` validates every own key's value and returns a null-prototype object, so that a lookup of
// a key that is absent (`labels['constructor']`) is undefined rather than an Object method.
import { z } from 'zod';

/** The value schema of each `dict(...)`, for "did you mean" lookups through it (schema/validate.ts). */
const valueSchemas = new WeakMap<z.ZodType, z.ZodType>();

const isMapping = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A mapping from input keys to values of `value`, held in a null-prototype object. */
export function dict<V extends z.ZodType>(value: V): z.ZodType<Record<string, z.output<V>>> {
  const schema = z.unknown().transform((input, ctx): Record<string, z.output<V>> => {
    const out: Record<string, z.output<V>> = {};
    if (!isMapping(input)) {
      ctx.addIssue({ code: 'invalid_type', expected: 'record', input });
      return asDict(out);
    }
    for (const key of Object.keys(input)) {
      const item = input[key];
      const parsed = value.safeParse(item);
      if (parsed.success) {
        setOwn(out, key, parsed.data);
        continue;
      }
      // Parsed again only to carry the offending input in the issues (schema/issues.ts quotes it).
      const detailed = value.safeParse(item, { reportInput: true });
      for (const issue of detailed.success ? parsed.error.issues : detailed.error.issues) {
        ctx.addIssue({ ...issue, path: [key, ...issue.path] });
      }
    }
    return asDict(out);
  });
  valueSchemas.set(schema, value);
  return schema;
}

/** The value schema of a `dict`, or undefined for any other schema. */
export function dictValue(schema: z.ZodType): z.ZodType | undefined {
  return valueSchemas.get(schema);
}

/** An empty, frozen, null-prototype mapping: the default for an absent one. */
export const EMPTY_DICT: Readonly<Record<string, never>> = Object.freeze(Object.create(null) as Record<string, never>);

/** A null-prototype copy of `entries` (constants and derived maps keyed by input). */
export function dictOf<V>(entries: Iterable<readonly [string, V]> | Readonly<Record<string, V>>): Record<string, V> {
  const out: Record<string, V> = {};
  const list: Iterable<readonly [string, V]> = Symbol.iterator in entries ? (entries as Iterable<readonly [string, V]>) : Object.entries(entries);
  for (const [k, v] of list) setOwn(out, k, v);
  return asDict(out);
}

/**
 * Sets `key` as an own data property of an object that `asDict` will finish: `__proto__` too (as
 * data, never the prototype), as on a null-prototype object.
 */
export function setOwn<V>(out: Record<string, V>, key: string, value: V): void {
  if (key === '__proto__') Object.defineProperty(out, key, { value, writable: true, enumerable: true, configurable: true });
  else out[key] = value;
}

/**
 * An object filled through `setOwn`, made a null-prototype dict. Built this way rather than from
 * `Object.create(null)`, which V8 keeps as a hash table from the start (about 180 bytes for one or
 * two labels, against 56): labels, selectors and headers are a large part of the loaded model.
 */
export function asDict<V>(out: Record<string, V>): Record<string, V> {
  return Object.setPrototypeOf(out, null) as Record<string, V>;
}

/** The value of an own key, or undefined: in any mapping, `constructor` or `__proto__` is only data. */
export function own<V>(map: Readonly<Record<string, V>> | null | undefined, key: string): V | undefined {
  return map !== null && map !== undefined && Object.hasOwn(map, key) ? map[key] : undefined;
}

/**
 * Structured clone (worker threads) keeps no prototypes, so dicts would arrive as plain objects:
 * before posting, each null-prototype object below `value` becomes a Map (input never holds Maps),
 * and `unpackDicts` turns them back. Both work in place.
 */
export function packDicts(value: unknown): unknown {
  return swap(value, (v) => (Object.getPrototypeOf(v) === null ? new Map(Object.entries(v)) : undefined));
}

export function unpackDicts(value: unknown): unknown {
  return swap(value, (v) => (v instanceof Map ? dictOf(v as Map<string, unknown>) : undefined));
}

function swap(root: unknown, replace: (v: object) => object | undefined): unknown {
  const visit = (v: unknown): unknown => {
    if (typeof v !== 'object' || v === null) return v;
    const replaced = replace(v);
    const node = replaced ?? v;
    if (node instanceof Map) {
      for (const [k, x] of node) node.set(k, visit(x));
    } else if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) node[i] = visit(node[i]);
    } else {
      const record = node as Record<string, unknown>;
      for (const k of Object.keys(record)) {
        const x = record[k];
        if (typeof x === 'object' && x !== null) Object.defineProperty(record, k, { value: visit(x), writable: true, enumerable: true, configurable: true });
      }
    }
    return node;
  };
  return visit(root);
}
