// Parts that many derived objects share by reference (Istio mTLS's CommonTlsContext, the default
// circuit breakers): deeply frozen, so that writers may render each once and reuse its text
// (src/report/views/goJson.ts). Registering is only a hint: a part not registered is written as usual.
const SHARED = new WeakSet<object>();

function deepFreeze<T extends object>(o: T): T {
  for (const v of Object.values(o)) if (typeof v === 'object' && v !== null) deepFreeze(v as object);
  return Object.freeze(o);
}

/**
 * `o` deeply frozen and registered as shared: it can never change, so its rendered text cannot go
 * stale. It gets a `toJSON` of its own (not enumerable: no reader of its members sees it) that gives
 * `o` itself, or a placeholder while a writer collects shared parts (`stringifyCollecting`); not when
 * it has a `toJSON` already (its text is then whatever that one gives).
 */
export function sharedPart<T extends object>(o: T): T {
  if (!('toJSON' in o) && Object.isExtensible(o)) Object.defineProperty(o, 'toJSON', { value: sharedToJson });
  SHARED.add(deepFreeze(o));
  return o;
}

/**
 * The placeholder of the i-th shared part a collecting JSON.stringify met is this, then i, then
 * NUL: a string that JSON writes as `"\u0000gwctl-shared:` + i + `\u0000"`. An input string may
 * read the same: the writer then finds more placeholders than parts (see goJson.ts).
 */
export const SHARED_PLACEHOLDER = '\u0000gwctl-shared:';

/** The shared parts met so far, in order, while `stringifyCollecting` runs. */
let collected: object[] | undefined;

function sharedToJson(this: object): unknown {
  if (collected === undefined) return this;
  collected.push(this);
  return `${SHARED_PLACEHOLDER}${collected.length - 1}\u0000`;
}

/**
 * JSON.stringify(value, null, 4) with every registered shared part inside written as its
 * placeholder (a string token), and the parts in the order of their placeholders: V8 indents and
 * escapes a shared part's members again at every place it appears (a route's retry policy is a
 * third of its text), where a writer can put its text, made once per depth.
 */
export function stringifyCollecting(value: unknown): { text: string | undefined; parts: object[] } {
  const parts: object[] = [];
  const outer = collected;
  collected = parts;
  try {
    return { text: JSON.stringify(value, null, 4), parts };
  } finally {
    collected = outer;
  }
}

/** JSON.stringify(value, null, 4) with shared parts written as they are (what a writer falls back to). */
export function stringifyPlain(value: unknown): string | undefined {
  const outer = collected;
  collected = undefined;
  try {
    return JSON.stringify(value, null, 4);
  } finally {
    collected = outer;
  }
}

export const isSharedPart = (o: object): boolean => SHARED.has(o);

/**
 * A value whose JSON text is the same as every other value of its `shape` but for `holes`: strings
 * that each fill whole string tokens at fixed places (a cluster of a Service without a
 * DestinationRule differs from the next one only in its name, host, SNI...). Writers may write it
 * from a text template of its shape (src/report/views/goJson.ts); `value()` is the value itself, and
 * what anything else reads (JSON.stringify through toJSON).
 *
 * The one who makes them promises: two values of one shape whose holes are equal have the same
 * JSON text, and a hole's string is written only as a whole string token. Writers check the rest
 * (they build a template only from values whose holes are all different strings, and use it only
 * once it has given the same text as a second value with none of the first one's holes).
 */
export abstract class Shaped<T> {
  /** Values of one shape hold the same object here. */
  abstract readonly shape: object;
  /** The value's name (what filters read). */
  abstract readonly name: string;
  abstract holes(): readonly string[];
  abstract value(): T;

  toJSON(): T {
    return this.value();
  }
}
