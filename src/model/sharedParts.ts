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
