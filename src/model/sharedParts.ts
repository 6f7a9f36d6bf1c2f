// Parts that many derived objects share by reference (Istio mTLS's CommonTlsContext, the default
// circuit breakers): deeply frozen, so that writers may render each once and reuse its text
// (src/report/views/goJson.ts). Registering is only a hint: a part not registered is written as usual.
const SHARED = new WeakSet<object>();

function deepFreeze<T extends object>(o: T): T {
  for (const v of Object.values(o)) if (typeof v === 'object' && v !== null) deepFreeze(v as object);
  return Object.freeze(o);
}

/** `o` deeply frozen and registered as shared: it can never change, so its rendered text cannot go stale. */
export function sharedPart<T extends object>(o: T): T {
  SHARED.add(deepFreeze(o));
  return o;
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
