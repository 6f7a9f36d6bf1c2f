// A compact, exact copy of plain data across a thread boundary: JSON text (V8's JSON.stringify and
// JSON.parse are the fastest ways to write and rebuild a large tree; structured clone and
// v8.serialize took 2-4x longer on a loaded model, bench/RESULTS.md) plus patches for what JSON
// cannot say, so that the copy is the same tree as the original:
// - null-prototype objects (maps keyed by input, load/dict.ts), whose `__proto__` key stays data;
// - `undefined` values (an own key holding undefined is not an absent key), NaN, ±Infinity, -0;
// - frozen, sealed or non-extensible objects, and the constants both threads share (`constants`:
//   the copy holds the very same object, as the original did);
// - an object reached twice (shared, as findings share the ref of their resource, or cyclic): the
//   copy shares it too.
// Key order is kept by JSON itself. A Map, a class instance, a function, a symbol, a bigint or an
// array with holes is refused (NotPlainData), so that the caller does the work where it is instead
// of getting a different value. What it does not check, to stay cheap (the tree is walked once per
// copy): accessors, non-enumerable or symbol-keyed properties of extensible objects; the model has
// none (test/load/parallelLoad.test.ts compares whole workspaces, sharing included).
//
// Patches are in the order of a depth-first walk, each path written as the length it shares with
// the previous patch's path and the rest, so that the reader walks down only the part that changed.
//
// `encodeCompact` changes the value it is given (a slot that JSON cannot hold is set to null before
// stringifying): it is meant for results that are thrown away once sent.

/** What a patch does to the slot (or object) at its path. */
const enum Op {
  NullPrototype = 0,
  Undefined = 1,
  NaN = 2,
  PositiveInfinity = 3,
  NegativeInfinity = 4,
  NegativeZero = 5,
  /** The slot holds `constants[n]` (patch: op, path, n). */
  Constant = 6,
  /** The slot holds the object at a second path (patch: op, path, full length, ...full path). */
  Alias = 7,
  Freeze = 8,
  Seal = 9,
  PreventExtensions = 10,
}

type Key = string | number;

export class NotPlainData extends Error {}

/** The JSON text of `[value, patches]`. Throws NotPlainData for what it cannot copy exactly. */
export function encodeCompact(value: unknown, constants: readonly object[] = []): string {
  const patches: Key[] = [];
  const path: Key[] = [];
  let last: Key[] = [];
  // Every object met, and where: one met again is written as an alias of the first.
  const seen = new Map<object, Key[]>();
  const record = (op: Op): void => {
    let common = 0;
    while (common < last.length && common < path.length && last[common] === path[common]) common++;
    patches.push(op, common, path.length - common);
    for (let i = common; i < path.length; i++) patches.push(path[i] as Key);
    last = path.slice();
  };
  // The value held in a slot, or null in its place (with a patch) when JSON cannot hold it.
  const slot = (v: unknown): unknown => {
    switch (typeof v) {
      case 'string':
      case 'boolean':
        return v;
      case 'number':
        if (Number.isFinite(v) && !Object.is(v, -0)) return v;
        record(Number.isNaN(v) ? Op.NaN : v === Infinity ? Op.PositiveInfinity : v === -Infinity ? Op.NegativeInfinity : Op.NegativeZero);
        return null;
      case 'undefined':
        record(Op.Undefined);
        return null;
      case 'object': {
        if (v === null) return v;
        const first = seen.get(v);
        if (first) {
          record(Op.Alias);
          patches.push(first.length);
          for (const k of first) patches.push(k);
          return null;
        }
        if (!Object.isExtensible(v)) return fixedObject(v);
        seen.set(v, path.slice());
        if (Array.isArray(v)) return array(v);
        return object(v);
      }
      default:
        throw new NotPlainData(`a ${typeof v} cannot be copied as data`);
    }
  };
  const array = (v: unknown[]): unknown => {
    if (Object.getPrototypeOf(v) !== Array.prototype) throw new NotPlainData('an array of another class');
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (typeof x !== 'object' && typeof x !== 'string') {
        if (x === undefined && !(i in v)) throw new NotPlainData('an array with holes');
        path.push(i);
        const y = slot(x);
        if (y !== x) v[i] = y;
        path.pop();
      } else if (x !== null && typeof x === 'object') {
        path.push(i);
        const y = slot(x);
        if (y !== x) v[i] = y;
        path.pop();
      }
    }
    return v;
  };
  const object = (v: object): unknown => {
    const proto: unknown = Object.getPrototypeOf(v);
    if (proto === null) record(Op.NullPrototype);
    else if (proto !== Object.prototype) throw new NotPlainData('an object of a class');
    const o = v as Record<string, unknown>;
    for (const k in o) {
      const x = o[k];
      if (typeof x === 'string' || x === null) continue;
      path.push(k);
      const y = slot(x);
      // An own data property (a `__proto__` key of a null-prototype object too).
      if (y !== x) Object.defineProperty(o, k, { value: y, writable: true, enumerable: true, configurable: true });
      path.pop();
    }
    return v;
  };
  // Frozen, sealed or non-extensible: rare, so checked in full (every property as the state says).
  const fixedObject = (v: object): unknown => {
    const constant = constants.indexOf(v);
    if (constant >= 0) {
      record(Op.Constant);
      patches.push(constant);
      return null;
    }
    seen.set(v, path.slice());
    const mode = Object.isFrozen(v) ? Op.Freeze : Object.isSealed(v) ? Op.Seal : Op.PreventExtensions;
    const proto: unknown = Object.getPrototypeOf(v);
    if (Array.isArray(v) ? proto !== Array.prototype : proto !== null && proto !== Object.prototype) throw new NotPlainData('an object of a class');
    if (proto === null) record(Op.NullPrototype);
    if (Object.getOwnPropertySymbols(v).length > 0) throw new NotPlainData('an object with symbol keys');
    const record_ = v as Record<string, unknown>;
    for (const k of Object.getOwnPropertyNames(record_)) {
      if (Array.isArray(v) && k === 'length') continue;
      const d = Object.getOwnPropertyDescriptor(record_, k);
      if (!d || !('value' in d) || !d.enumerable || d.writable !== (mode !== Op.Freeze) || d.configurable !== (mode === Op.PreventExtensions)) {
        throw new NotPlainData('a property JSON cannot copy exactly');
      }
      path.push(Array.isArray(v) ? Number(k) : k);
      const x: unknown = d.value;
      if (slot(x) !== x) throw new NotPlainData('a fixed object holding what JSON cannot hold');
      path.pop();
    }
    if (Array.isArray(v) && Object.keys(v).length !== v.length) throw new NotPlainData('an array with holes');
    record(mode);
    return v;
  };
  const root = slot(value);
  return JSON.stringify([root, patches]);
}

/** The value `encodeCompact` was given, rebuilt from its text; `constants` as the encoder's. */
export function decodeCompact(text: string, constants: readonly object[] = []): unknown {
  const [root, patches] = JSON.parse(text) as [unknown, Key[]];
  const holder: Record<Key, unknown> = { root };
  // The path of the last patch, with the object each of its prefixes leads to (objects[0]: holder).
  const keys: Key[] = ['root'];
  const objects: Record<Key, unknown>[] = [holder];
  const afterwards: { op: Op; target: object }[] = [];
  const set = (parent: Record<Key, unknown>, key: Key, value: unknown): void => {
    Object.defineProperty(parent, key, { value, writable: true, enumerable: true, configurable: true });
  };
  let i = 0;
  while (i < patches.length) {
    const op = patches[i++] as Op;
    // Paths are written without the holder's `root` key: shared lengths count from 1 here.
    const common = (patches[i++] as number) + 1;
    const rest = patches[i++] as number;
    keys.length = common;
    if (objects.length > common) objects.length = common;
    for (let n = 0; n < rest; n++) keys.push(patches[i++] as Key);
    while (objects.length < keys.length) {
      const d = objects.length;
      objects.push((objects[d - 1] as Record<Key, unknown>)[keys[d - 1] as Key] as Record<Key, unknown>);
    }
    const parent = objects[keys.length - 1] as Record<Key, unknown>;
    const key = keys[keys.length - 1] as Key;
    switch (op) {
      case Op.NullPrototype:
        Object.setPrototypeOf(parent[key] as object, null);
        break;
      case Op.Undefined:
        set(parent, key, undefined);
        break;
      case Op.NaN:
        set(parent, key, NaN);
        break;
      case Op.PositiveInfinity:
        set(parent, key, Infinity);
        break;
      case Op.NegativeInfinity:
        set(parent, key, -Infinity);
        break;
      case Op.NegativeZero:
        set(parent, key, -0);
        break;
      case Op.Constant:
        set(parent, key, constants[patches[i++] as number]);
        break;
      case Op.Alias: {
        const length = patches[i++] as number;
        let target: unknown = root;
        for (let n = 0; n < length; n++) target = (target as Record<Key, unknown>)[patches[i++] as Key];
        set(parent, key, target);
        break;
      }
      case Op.Freeze:
      case Op.Seal:
      case Op.PreventExtensions:
        afterwards.push({ op, target: parent[key] as object });
        break;
    }
  }
  // Fixed last, once every patch below them is made.
  for (const { op, target } of afterwards) {
    if (op === Op.Freeze) Object.freeze(target);
    else if (op === Op.Seal) Object.seal(target);
    else Object.preventExtensions(target);
  }
  return holder['root'];
}
