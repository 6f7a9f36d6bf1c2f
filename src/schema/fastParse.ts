// zod's success path, without zod's per-field bookkeeping. A schema is turned once into a tree of
// small functions that answer either the value zod's `safeParse` would return, or REJECT when zod
// would reject the input. Only the answer is produced: a rejected document goes through zod itself,
// which says why. Nearly every document is valid, so nearly every document takes this path.
//
// Why not zod itself: zod allocates a payload and an issue list for every field of every object,
// present or not (DestinationRule and VirtualService are strict objects of dozens of optional
// fields), which made validation about a third of loading at 20k resources. Why not zod's own
// compiler (`z.compile`): it generates source per schema, and generating DestinationRule's and
// VirtualService's took longer than it saved at 20k documents (bench/RESULTS.md, issue 16).
//
// Every node mirrors zod 4's own parse of that node (node_modules/zod/v4/core/schemas.js: objects
// in shape order through handlePropertyResult's rules for optional and defaulted fields, unknown
// keys by catchall, unions first match in order, defaults, nullables, pipes and transforms) and
// runs the node's checks with zod's own check functions. A node it does not model (coercion, a
// discriminated or exclusive union, records, lazy, readonly...) is parsed by zod for that subtree,
// so the answer is zod's there too. test/schema/fastParse.test.ts compares both on every document
// of the corpora and on generated mutations of them, output key order included.
import { z } from 'zod';
import { asDict, dictValue, setOwn } from '../load/dict.js';

/** What a parser returns when zod would reject the input. */
const REJECT: unique symbol = Symbol('rejected');
type Parser = (input: unknown) => unknown;

type Node = z.core.$ZodType;
type Check = z.core.$ZodCheck<never>;

const parsers = new WeakMap<Node, Parser>();

const isCheck = (n: Node): n is Node & Check => n._zod.traits.has('$ZodCheck');

/**
 * Whether the parse under way may answer with the input's own objects and arrays (see fastParse):
 * set for one call at a time (parsing is synchronous and never reenters fastParse).
 */
let reuseInput = false;

/**
 * zod's `safeParse(input)` when it succeeds, else undefined (zod rejects the input: ask zod why).
 * The result is zod's own output: the same values, the same key order, null-prototype dicts.
 *
 * With `reuse`, an object or array of the input that zod would copy unchanged (its keys in the
 * shape's order, no key dropped or added, every value its own parse) is the answer itself rather
 * than a copy: most of a valid document, which then need not be allocated twice. Only for an input
 * that the caller hands over and that shares no object between two places (fastYaml.ts's and
 * JSON.parse's values; js-yaml's aliases do share): the answer then shares nothing either, as zod's.
 */
export function fastParse<S extends z.ZodType>(schema: S, input: unknown, reuse = false): { success: true; data: z.output<S> } | undefined {
  const was = reuseInput;
  reuseInput = reuse;
  try {
    const out = parserOf(schema)(input);
    return out === REJECT ? undefined : { success: true, data: out as z.output<S> };
  } finally {
    reuseInput = was;
  }
}

function parserOf(schema: Node): Parser {
  let p = parsers.get(schema);
  if (p === undefined) {
    // Placeholder while building: a schema reached again inside itself is parsed by zod.
    parsers.set(schema, viaZod(schema));
    p = build(schema);
    parsers.set(schema, p);
  }
  return p;
}

/** The subtree parsed by zod itself: exact by definition. */
function viaZod(schema: Node): Parser {
  return (input) => {
    const r = z.safeParse(schema, input);
    return r.success ? r.data : REJECT;
  };
}

function build(schema: Node): Parser {
  const own = ownParse(schema);
  // As $ZodType's init: a schema that is itself a check (z.int(), z.email()...) runs first.
  const defChecks = (schema._zod.def.checks ?? []) as Check[];
  const checks = isCheck(schema) ? [schema, ...defChecks] : defChecks;
  return checks.length === 0 ? own : withChecks(own, checks, schema);
}

const CHECK_PAYLOAD: z.core.ParsePayload = { value: undefined, issues: [] };

/** zod's runChecks after a successful parse: any issue rejects; checks may rewrite the value. */
function withChecks(parse: Parser, checks: readonly Check[], schema: Node): Parser {
  const fallback = viaZod(schema);
  return (input) => {
    const value = parse(input);
    if (value === REJECT) return REJECT;
    // One payload for every check run (a check reads it and adds issues, and keeps nothing of it):
    // an object and an array per checked value were a tenth of what validation allocated.
    const payload = CHECK_PAYLOAD;
    payload.value = value;
    if (payload.issues.length > 0) payload.issues = [];
    for (const ch of checks) {
      const when = ch._zod.def.when;
      if (when && !when(payload)) continue;
      const r: unknown = ch._zod.check(payload as z.core.ParsePayload<never>);
      if (r instanceof Promise) return fallback(input);
      if (payload.issues.length > 0) return REJECT;
    }
    const out: unknown = payload.value;
    payload.value = undefined;
    return out;
  };
}

function ownParse(schema: Node): Parser {
  const dv = dictValue(schema as z.ZodType);
  if (dv) return dictParser(parserOf(dv));
  const s = schema as z.core.$ZodTypes;
  const traits = s._zod.traits;
  switch (s._zod.def.type) {
    case 'string':
      return s._zod.def.coerce ? viaZod(s) : (v) => (typeof v === 'string' ? v : REJECT);
    case 'number':
      return s._zod.def.coerce ? viaZod(s) : (v) => (typeof v === 'number' && Number.isFinite(v) ? v : REJECT);
    case 'boolean':
      return s._zod.def.coerce ? viaZod(s) : (v) => (typeof v === 'boolean' ? v : REJECT);
    case 'date':
      return s._zod.def.coerce ? viaZod(s) : (v) => (v instanceof Date && !Number.isNaN(v.getTime()) ? v : REJECT);
    case 'unknown':
    case 'any':
      return (v) => v;
    case 'never':
      return () => REJECT;
    case 'null':
      return (v) => (v === null ? v : REJECT);
    case 'undefined':
      return (v) => (v === undefined ? v : REJECT);
    case 'enum':
    case 'literal': {
      const values: ReadonlySet<unknown> | undefined = s._zod.values;
      return values ? (v) => (values.has(v) ? v : REJECT) : viaZod(s);
    }
    case 'optional': {
      if (traits.has('$ZodExactOptional')) return viaZod(s);
      const inner = s._zod.def.innerType;
      const parse = parserOf(inner);
      if (inner._zod.optin !== 'defaulted') return (v) => (v === undefined ? undefined : parse(v));
      // The inner default fills an absent value; if even that fails, zod yields undefined.
      return (v) => {
        const r = parse(v);
        return v === undefined && r === REJECT ? undefined : r;
      };
    }
    case 'nullable': {
      const parse = parserOf(s._zod.def.innerType);
      return (v) => (v === null ? null : parse(v));
    }
    case 'default': {
      const def = s._zod.def;
      const parse = parserOf(def.innerType);
      return (v) => {
        if (v === undefined) return def.defaultValue;
        const r = parse(v);
        return r === undefined ? def.defaultValue : r;
      };
    }
    case 'array': {
      const element = parserOf(s._zod.def.element);
      return (v) => {
        if (!Array.isArray(v)) return REJECT;
        // Undefined while the input's own array is the answer (reuseInput: every item its own parse).
        let out: unknown[] | undefined = reuseInput ? undefined : new Array<unknown>(v.length);
        for (let i = 0; i < v.length; i++) {
          const x: unknown = v[i];
          const r = element(x);
          if (r === REJECT) return REJECT;
          if (out !== undefined) out[i] = r;
          else if (r !== x) {
            out = new Array<unknown>(v.length);
            for (let k = 0; k < i; k++) out[k] = v[k];
            out[i] = r;
          }
        }
        return out ?? v;
      };
    }
    case 'object':
      return objectParser(s as z.core.$ZodObject);
    case 'union': {
      const def = s._zod.def;
      if (traits.has('$ZodDiscriminatedUnion') || traits.has('$ZodXor') || def.inclusive === false) return viaZod(s);
      const options = def.options.map(parserOf);
      return (v) => {
        for (const option of options) {
          const r = option(v);
          if (r !== REJECT) return r;
        }
        return REJECT;
      };
    }
    case 'pipe': {
      if (traits.has('$ZodCodec')) return viaZod(s);
      const left = parserOf(s._zod.def.in);
      const right = parserOf(s._zod.def.out);
      return (v) => {
        const l = left(v);
        return l === REJECT ? REJECT : right(l);
      };
    }
    case 'transform':
      return transformParser(s as z.core.$ZodTransform);
    default:
      return viaZod(s);
  }
}

/** src/load/dict.ts: every own key's value parsed, into a null-prototype object. */
function dictParser(value: Parser): Parser {
  return (v) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return REJECT;
    const input = v as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(input)) {
      const r = value(input[key]);
      if (r === REJECT) return REJECT;
      setOwn(out, key, r);
    }
    return asDict(out);
  };
}

/** A transform as zod's classic ZodTransform runs it: an issue it adds rejects. */
function transformParser(s: z.core.$ZodTransform): Parser {
  const fn = s._zod.def.transform;
  const fallback = viaZod(s);
  return (v) => {
    const issues: unknown[] = [];
    const payload = { value: v, issues, addIssue: (issue: unknown) => void issues.push(issue) };
    const out: unknown = fn(v, payload as z.core.ParsePayload);
    if (out instanceof Promise) return fallback(v);
    return issues.length > 0 ? REJECT : out;
  };
}

/** The lowest set bit of `bits` at `from` or above; 32 if none. */
function nextBit(bits: number, from: number): number {
  const rest = from > 31 ? 0 : bits >>> from;
  return rest === 0 ? 32 : from + 31 - Math.clz32(rest & -rest);
}

interface Field {
  key: string;
  parse: Parser;
  optin: 'optional' | 'defaulted' | undefined;
  optionalOut: boolean;
}

/**
 * $ZodObject's parse: shape keys in shape order (`__proto__` never copied), each through
 * handlePropertyResult's rules; then unknown keys, `for...in` order, by the catchall: none (strip),
 * never (strict: any unknown key rejects), or a schema (loose) that parses each.
 */
function objectParser(s: z.core.$ZodObject): Parser {
  const def = s._zod.def;
  const shape = def.shape;
  if (Object.getOwnPropertySymbols(shape).length > 0) return viaZod(s);
  const keys = Object.keys(shape);
  const keySet = new Set(keys);
  const fields: Field[] = keys
    .filter((key) => key !== '__proto__')
    .map((key) => {
      const field = shape[key] as Node;
      return { key, parse: parserOf(field), optin: field._zod.optin, optionalOut: field._zod.optout === 'optional' };
    });
  const catchall: Node | undefined = def.catchall;
  const strict = catchall !== undefined && catchall._zod.def.type === 'never';
  const extra = catchall !== undefined && !strict ? parserOf(catchall) : undefined;
  // Which fields the input has, found by walking its own few keys rather than asking it for each of
  // the schema's dozens (`in` on inputs of every shape is a slow, megamorphic lookup). A field whose
  // name an object inherits (`toString`...) is asked with `in`, as zod does.
  const position = new Map(keys.map((key) => [key, fields.findIndex((f) => f.key === key)]));
  const inherited = fields.map((f) => f.key in Object.prototype);
  const masked = fields.length <= 30;
  // Fields read even when the input lacks them: one to fill in (a default) or to reject (required),
  // one asked with `in`. The others, absent, are skipped as zod skips them.
  let visitAbsent = 0;
  fields.forEach((f, i) => {
    if (inherited[i] || !(f.optionalOut && f.optin === 'optional')) visitAbsent |= 1 << i;
  });
  // The input may be the answer only when the mask says everything (no field asked with `in`).
  const reusable = masked && !inherited.some((x) => x) && keys.length === fields.length;
  return (v) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return REJECT;
    const input = v as Record<string, unknown>;
    let mask = 0;
    let unknown = false;
    // Whether the input's fields come in the shape's order (and it has no other keys): the condition
    // for it to be the answer itself (reuseInput).
    let ordered = reuseInput && reusable;
    if (masked) {
      let last = -1;
      for (const key in input) {
        const i = position.get(key);
        if (i === undefined) unknown = true;
        else if (i >= 0) {
          mask |= 1 << i;
          if (i <= last) ordered = false;
          last = i;
        } else ordered = false;
      }
    }
    // Undefined while the input itself is the answer: every field so far its own parse, none added.
    let out: Record<string, unknown> | undefined = ordered && !unknown && Object.getPrototypeOf(input) === Object.prototype ? undefined : {};
    // With the mask, only the fields present or read even when absent: schemas of dozens of optional
    // fields meet objects that set two or three.
    const visit = mask | visitAbsent;
    for (let i = masked ? nextBit(visit, 0) : 0; i < fields.length; i = masked ? nextBit(visit, i + 1) : i + 1) {
      const f = fields[i] as Field;
      const present = masked && !inherited[i] ? (mask & (1 << i)) !== 0 : f.key in input;
      if (!present && f.optionalOut && f.optin === 'optional') continue;
      const value = present ? input[f.key] : undefined;
      const r = f.parse(value);
      if (r === REJECT) {
        if (f.optin !== undefined && f.optionalOut && !present) continue;
        return REJECT;
      }
      if (!present && f.optin === undefined) return REJECT;
      if (out === undefined) {
        if (present ? r === value : r === undefined && !(f.optin === 'defaulted' && !f.optionalOut)) continue;
        // The first difference: a copy of the fields so far (all present as they are), then on as zod.
        out = {};
        for (let k = 0; k < i; k++) {
          const g = fields[k] as Field;
          if ((mask & (1 << k)) !== 0) out[g.key] = input[g.key];
        }
      }
      if (r === undefined) {
        if (present || (f.optin === 'defaulted' && !f.optionalOut)) out[f.key] = undefined;
      } else out[f.key] = r;
    }
    if (out === undefined) return input;
    if (catchall === undefined || (masked && !unknown)) return out;
    for (const key in input) {
      if (keySet.has(key)) continue;
      if (strict) return REJECT;
      if (key === '__proto__') continue;
      const r = (extra as Parser)(input[key]);
      if (r === REJECT) return REJECT;
      out[key] = r;
    }
    return out;
  };
}
