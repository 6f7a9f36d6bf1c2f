// Plain JSON values, a stable key for them, and the field-by-field difference of two of them: the
// vocabulary of every "changed" entry of the config diff (`route.timeout: 0s -> 15s`).

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A field that differs: its path in Envoy's JSON names, and the value on each side (null: absent). */
export interface FieldChange {
  field: string;
  base: JsonValue;
  head: JsonValue;
}

/** Differences past this many in one object are summed up in one entry (`… and N more fields`). */
export const MAX_FIELD_CHANGES = 40;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * `value` as a JsonValue: undefined members dropped, Maps as objects, keys of input objects kept as
 * data (a key `__proto__` stays a key: the result objects have no prototype).
 */
export function toJson(value: unknown): JsonValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (Array.isArray(value)) return value.map(toJson);
  if (value instanceof Map) {
    const out: Record<string, JsonValue> = Object.create(null) as Record<string, JsonValue>;
    for (const [k, v] of value) if (v !== undefined) out[String(k)] = toJson(v);
    return out;
  }
  if (isObject(value)) {
    const out: Record<string, JsonValue> = Object.create(null) as Record<string, JsonValue>;
    for (const k of Object.keys(value)) {
      const v = value[k];
      if (v !== undefined && typeof v !== 'function') out[k] = toJson(v);
    }
    return out;
  }
  return null;
}

/** A key equal for equal values whatever their objects' key order. */
export function stableKey(value: unknown): string {
  return JSON.stringify(sortKeys(toJson(value)));
}

function sortKeys(v: JsonValue): JsonValue {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, JsonValue> = Object.create(null) as Record<string, JsonValue>;
    for (const k of Object.keys(v).sort()) {
      const x = v[k];
      if (x !== undefined) out[k] = sortKeys(x);
    }
    return out;
  }
  return v;
}

const IDENT = /^[A-Za-z_$][\w$-]*$/;

function child(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  if (IDENT.test(key)) return path ? `${path}.${key}` : key;
  return `${path}[${JSON.stringify(key)}]`;
}

const isScalarArray = (a: readonly JsonValue[]): boolean => a.every((x) => x === null || typeof x !== 'object');

/**
 * The leaves that differ between two values, each with its path; arrays of scalars and arrays whose
 * length changed are compared as one value. At most MAX_FIELD_CHANGES entries, then a `…` entry.
 */
export function fieldChanges(base: JsonValue, head: JsonValue, path = ''): FieldChange[] {
  const out: FieldChange[] = [];
  let more = 0;
  const push = (c: FieldChange): void => {
    if (out.length < MAX_FIELD_CHANGES) out.push(c);
    else more++;
  };
  const walk = (b: JsonValue | undefined, h: JsonValue | undefined, p: string): void => {
    if (b === undefined && h === undefined) return;
    if (b !== undefined && h !== undefined && stableKey(b) === stableKey(h)) return;
    if (isObject(b) && isObject(h)) {
      const bo = b as Record<string, JsonValue>;
      const ho = h as Record<string, JsonValue>;
      const keys = [...Object.keys(bo), ...Object.keys(ho).filter((k) => !Object.hasOwn(bo, k))];
      for (const k of keys) walk(Object.hasOwn(bo, k) ? bo[k] : undefined, Object.hasOwn(ho, k) ? ho[k] : undefined, child(p, k));
      return;
    }
    if (Array.isArray(b) && Array.isArray(h) && b.length === h.length && !(isScalarArray(b) && isScalarArray(h))) {
      b.forEach((x, i) => walk(x, h[i], child(p, i)));
      return;
    }
    push({ field: p || '(value)', base: b ?? null, head: h ?? null });
  };
  walk(base, head, path);
  if (more > 0) out.push({ field: `… and ${more} more fields`, base: null, head: null });
  return out;
}
