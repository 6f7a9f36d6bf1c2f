// istioctl's JSON: json.MarshalIndent with 4 spaces, and Go's HTML-safe escaping of <, >, & and
// the JS line separators (encoding/json re-compacts Marshaler output with HTML escaping); and, unlike
// Go, what a terminal acts on (escape.ts: DEL, C1 controls, bidirectional controls, BOM).
import { isSharedPart } from '../../model/sharedParts.js';
import { escapeJson } from '../escape.js';

const UNSAFE = /[<>&\u2028\u2029]/;
const UNSAFE_ALL = /[<>&\u2028\u2029]/g;
const ESCAPES: Readonly<Record<string, string>> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029' };
/** DEL and every character past ASCII: escapeJson looks at the text only when it holds one (or a `#`). */
const PAST_ASCII = /[^\u0000-\u007e]/;
/** Whether `text` holds DEL or a character past ASCII (a UTF-8 length is counted much faster than a regex scans). */
const pastAscii = (text: string): boolean => (typeof Buffer === 'undefined' ? PAST_ASCII.test(text) : Buffer.byteLength(text, 'utf8') !== text.length || text.includes('\u007f'));

/**
 * Whether either escaping could change the text: most JSON text has nothing to escape, and is then
 * scanned only by `includes` (a byte search, several times faster than one regex over the text; a
 * cluster dump of a big mesh is gigabytes).
 */
const mayNeedEscaping = (text: string): boolean => text.includes('<') || text.includes('>') || text.includes('&') || text.includes('#') || pastAscii(text);

/** Go's escaping of JSON text (character by character, so it applies to any piece of it), then escapeJson's. */
function goEscape(text: string): string {
  if (!mayNeedEscaping(text)) return text;
  return escapeJson(UNSAFE.test(text) ? text.replace(UNSAFE_ALL, (c) => ESCAPES[c] ?? c) : text);
}

export function goJson(value: unknown): string {
  return goEscape(JSON.stringify(value, null, 4));
}

/**
 * A list whose items are made when it is written (`goJsonChunks` takes them one at a time and keeps
 * none); anywhere else (`goJson`, JSON.stringify) it is the array of all its items.
 */
export class LazyList<T> {
  constructor(readonly items: () => Iterable<T>) {}

  toJSON(): T[] {
    return [...this.items()];
  }
}

/** Containers nearer the top than this are written piece by piece; deeper ones too when they hold long lists. */
const STREAM_DEPTH = 2;
/** An array this long (or an object holding one) is written piece by piece at any depth. */
const LONG_LIST = 32;
/** Pieces are joined into writes of about this many characters. */
const WRITE_SIZE = 1 << 16;

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as { toJSON?: unknown }).toJSON !== 'function';
const omitted = (v: unknown): boolean => v === undefined || typeof v === 'function' || typeof v === 'symbol';
const isLongList = (v: unknown): boolean => Array.isArray(v) && v.length >= LONG_LIST;

/**
 * `goJson(value)`, in pieces of about 64 KB: the same bytes, without ever holding the whole text.
 * A cluster dump of 200 MB of Services is over a gigabyte of JSON, more than a JavaScript string holds.
 */
export function goJsonChunks(value: unknown): Generator<string> {
  return buffered(pieces(value, 0));
}

/**
 * `goJson([...items])` in pieces, taking each item only when the one before it is written: the
 * items can be made one at a time and dropped (a cluster dump of a big mesh is never held whole).
 */
export function goJsonListChunks(items: Iterable<unknown>): Generator<string> {
  return buffered(listPieces(items));
}

function* listPieces(items: Iterable<unknown>): Generator<string> {
  let first = true;
  for (const item of items) {
    yield first ? '[\n    ' : ',\n    ';
    first = false;
    const value = omitted(item) ? null : item;
    // An item is written whole (one JSON.stringify) unless it holds a long list near its top.
    if (holdsLongList(value)) yield* pieces(value, 1);
    else yield withShared(value, 1);
  }
  yield first ? '[]' : '\n]';
}

/** Whether a member of `value`, or a member of a member, is a long list (what `opened` opens below the top). */
function holdsLongList(value: unknown): boolean {
  if (Array.isArray(value)) return value.length >= LONG_LIST || value.some((v) => opened(v, STREAM_DEPTH));
  if (!isPlainObject(value)) return false;
  for (const k in value) if (opened(value[k], STREAM_DEPTH)) return true;
  return false;
}

/** Pieces joined into writes of about WRITE_SIZE characters, each escaped. */
function* buffered(source: Iterable<string>): Generator<string> {
  let parts: string[] = [];
  let size = 0;
  for (const piece of source) {
    parts.push(piece);
    size += piece.length;
    if (size >= WRITE_SIZE) {
      yield goEscape(parts.join(''));
      parts = [];
      size = 0;
    }
  }
  if (size > 0) yield goEscape(parts.join(''));
}

/** Whether a container is opened (written member by member) rather than stringified whole. */
function opened(value: unknown, depth: number): boolean {
  if (Array.isArray(value)) return value.length > 0 && (depth < STREAM_DEPTH || value.length >= LONG_LIST);
  if (!isPlainObject(value)) return false;
  if (depth < STREAM_DEPTH) return true;
  for (const k in value) if (isLongList(value[k]) || value[k] instanceof LazyList) return true;
  return false;
}

function* pieces(value: unknown, depth: number): Generator<string> {
  const pad = '    '.repeat(depth);
  if (value instanceof LazyList) {
    let first = true;
    for (const item of value.items()) {
      yield first ? `[\n${pad}    ` : `,\n${pad}    `;
      first = false;
      yield* pieces(omitted(item) ? null : item, depth + 1);
    }
    yield first ? '[]' : `\n${pad}]`;
    return;
  }
  if (opened(value, depth) && Array.isArray(value)) {
    yield '[\n';
    for (let i = 0; i < value.length; i++) {
      yield `${pad}    `;
      const item: unknown = value[i];
      yield* pieces(omitted(item) ? null : item, depth + 1);
      yield i < value.length - 1 ? ',\n' : '\n';
    }
    yield `${pad}]`;
    return;
  }
  if (opened(value, depth) && isPlainObject(value)) {
    const keys = Object.keys(value).filter((k) => !omitted(value[k]));
    if (keys.length === 0) {
      yield '{}';
      return;
    }
    yield '{\n';
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i] ?? '';
      yield `${pad}    ${JSON.stringify(k)}: `;
      yield* pieces(value[k], depth + 1);
      yield i < keys.length - 1 ? ',\n' : '\n';
    }
    yield `${pad}}`;
    return;
  }
  yield withShared(value, depth);
}

/**
 * JSON.stringify(value, null, 4) with every line after the first indented by `depth` levels: the
 * value is stringified inside `depth` arrays, so that V8 indents it, and the arrays cut off (about
 * twice as fast as indenting the text afterwards).
 */
function indented(value: unknown, depth: number): string {
  if (depth === 0 || typeof value !== 'object' || value === null) return JSON.stringify(value, null, 4) ?? 'null';
  let wrapped: unknown = value;
  for (let i = 0; i < depth; i++) wrapped = [wrapped];
  const text = JSON.stringify(wrapped, null, 4);
  // Before the value: `[\n` and 4k spaces for k = 1..depth; after it: `\n`, 4k spaces and `]` for k = depth-1..0.
  const head = 2 * depth + 2 * depth * (depth + 1);
  const tail = 2 * depth + 2 * depth * (depth - 1);
  return text.slice(head, text.length - tail);
}

// Shared parts (src/model/sharedParts.ts) are deeply frozen objects many values hold by reference,
// such as Istio mTLS's CommonTlsContext, half of every cluster's text: each is stringified once per
// depth and its text reused. The containers on the way to one are written member by member (runs of
// other members still in one JSON.stringify), which gives the same text as stringifying them whole.

/** Keys whose containers are opened on the way to the shared parts inside (a cluster in a config dump, its TLS sockets and filters). */
const TOWARD_SHARED: ReadonlySet<string> = new Set(['cluster', 'transportSocketMatches', 'transportSocket', 'typedConfig', 'filters']);

/** The text of each shared part, by depth. */
const sharedTexts = new WeakMap<object, string[]>();

function sharedText(value: object, depth: number): string {
  let byDepth = sharedTexts.get(value);
  if (!byDepth) sharedTexts.set(value, (byDepth = []));
  return (byDepth[depth] ??= indented(value, depth));
}

const isContainer = (v: unknown): v is object => isPlainObject(v) || Array.isArray(v);

/** Whether writing `value` member by member reaches a shared part. */
function leadsToShared(value: Record<string, unknown>): boolean {
  for (const k in value) {
    const v = value[k];
    if (typeof v === 'object' && v !== null && (isSharedPart(v) || (TOWARD_SHARED.has(k) && isContainer(v)))) return true;
  }
  return false;
}

/** `indented(value, depth)`: the same text, with shared parts written from their cached text. */
export function withShared(value: unknown, depth: number): string {
  if (typeof value !== 'object' || value === null) return indented(value, depth);
  if (isSharedPart(value)) return sharedText(value, depth);
  if (Array.isArray(value)) return indented(value, depth);
  if (!isPlainObject(value) || !leadsToShared(value)) return indented(value, depth);
  return openedObject(value, depth);
}

/** An array under a TOWARD_SHARED key, item by item. */
function openedArray(value: readonly unknown[], depth: number): string {
  if (value.length === 0) return '[]';
  const pad = '    '.repeat(depth);
  const items: string[] = [];
  for (const item of value) items.push(`${pad}    ${omitted(item) ? 'null' : towardShared(item, depth + 1)}`);
  return `[\n${items.join(',\n')}\n${pad}]`;
}

function towardShared(value: unknown, depth: number): string {
  return Array.isArray(value) ? openedArray(value, depth) : withShared(value, depth);
}

const PADS: string[] = [];
const padOf = (depth: number): string => (PADS[depth] ??= '    '.repeat(depth));

/** A plain object member by member: shared parts from cache, TOWARD_SHARED containers opened, the runs between them stringified together. */
function openedObject(value: Record<string, unknown>, depth: number): string {
  const pad = padOf(depth);
  const inner = padOf(depth + 1);
  let out = '{';
  let first = true;
  const line = (text: string): void => {
    out += first ? `\n${text}` : `,\n${text}`;
    first = false;
  };
  let run: Record<string, unknown> | undefined;
  let runKey = '';
  let runSize = 0;
  const flush = (): void => {
    if (runSize === 1) {
      const v = run?.[runKey];
      // One member alone (the usual case between shared parts): no object to build.
      line(`${inner}${JSON.stringify(runKey)}: ${typeof v === 'object' && v !== null ? indented(v, depth + 1) : (JSON.stringify(v) ?? 'null')}`);
    } else if (run !== undefined) {
      const text = indented(run, depth);
      // `{\n`, the members' lines, `\n` + pad + `}`.
      line(text.slice(2, text.length - pad.length - 2));
    }
    run = undefined;
    runSize = 0;
  };
  for (const k of Object.keys(value)) {
    const v = value[k];
    if (omitted(v)) continue;
    // A member with toJSON (which may turn it into anything, or drop it): the object is written whole.
    if (typeof v === 'object' && v !== null && typeof (v as { toJSON?: unknown }).toJSON === 'function') return indented(value, depth);
    if (typeof v === 'object' && v !== null && (isSharedPart(v) || (TOWARD_SHARED.has(k) && isContainer(v)))) {
      flush();
      line(`${inner}${JSON.stringify(k)}: ${towardShared(v, depth + 1)}`);
    } else {
      // `__proto__` would set the run's prototype instead of a member: such an object is written whole.
      if (k === '__proto__') return indented(value, depth);
      run ??= {};
      run[k] = v;
      runKey = k;
      runSize++;
    }
  }
  flush();
  return first ? '{}' : `${out}\n${pad}}`;
}
