// istioctl's JSON: json.MarshalIndent with 4 spaces, and Go's HTML-safe escaping of <, >, & and
// the JS line separators (encoding/json re-compacts Marshaler output with HTML escaping); and, unlike
// Go, what a terminal acts on (escape.ts: DEL, C1 controls, bidirectional controls, BOM).
import { isSharedPart, Shaped, SHARED_PLACEHOLDER, stringifyCollecting, stringifyPlain } from '../../model/sharedParts.js';
import { escapeJson } from '../escape.js';

const UNSAFE = /[<>&\u2028\u2029]/;
const UNSAFE_ALL = /[<>&\u2028\u2029]/g;
const ESCAPES: Readonly<Record<string, string>> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029' };
/** DEL and every character past ASCII: escapeJson looks at the text only when it holds one (or a `#`). */
const PAST_ASCII = /[^\u0000-\u007e]/;
/** Texts up to a third of this many UTF-16 units are encoded into it whole (3 bytes a unit at most). */
const SCRATCH_BYTES = 1 << 16;
let scratch: Buffer | undefined;

/**
 * Whether `text` holds DEL or a character past ASCII: its UTF-8 length is its length exactly when it
 * is ASCII (both much faster than a regex scan). Node 20 encodes UTF-8 about twice as fast as it
 * counts it (Buffer.byteLength), so a text that surely fits is encoded into a scratch buffer.
 */
export function pastAscii(text: string): boolean {
  if (typeof Buffer === 'undefined') return PAST_ASCII.test(text);
  const bytes = text.length * 3 <= SCRATCH_BYTES ? (scratch ??= Buffer.allocUnsafe(SCRATCH_BYTES)).write(text, 0, 'utf8') : Buffer.byteLength(text, 'utf8');
  return bytes !== text.length || text.includes('\u007f');
}

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
 * `goJsonChunks(value)` as the escaped pieces the writer makes, not joined (for a sink that copies
 * pieces into its own buffer: the 64 KB joins are as much text again, allocated and copied). Escaping
 * each piece gives the same text as escaping them joined: a piece never splits a JSON token, and the
 * escapes work character by character but for `##[...`, which lies inside one string token.
 */
export function goJsonPieces(value: unknown): Generator<string> {
  return pieces(value, 0);
}

/**
 * `goJson([...items])` in pieces, taking each item only when the one before it is written: the
 * items can be made one at a time and dropped (a cluster dump of a big mesh is never held whole).
 */
export function goJsonListChunks(items: Iterable<unknown>): Generator<string> {
  return buffered(listPieces(items));
}

/** `goJsonListChunks(items)` as escaped pieces, not joined (see goJsonPieces). */
export function goJsonListPieces(items: Iterable<unknown>): Generator<string> {
  return listPieces(items);
}

/** The list's text in escaped pieces (items written from a template come escaped already). */
function* listPieces(items: Iterable<unknown>): Generator<string> {
  let first = true;
  const templates = new Templates(1);
  for (const item of items) {
    yield first ? '[\n    ' : ',\n    ';
    first = false;
    if (item instanceof Shaped) {
      yield templates.write(item);
      continue;
    }
    const value = omitted(item) ? null : item;
    // An item is written whole (one JSON.stringify) unless it holds a long list near its top.
    if (holdsLongList(value)) yield* pieces(value, 1);
    else yield goEscape(withShared(value, 1));
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

/** Escaped pieces joined into writes of about WRITE_SIZE characters. */
function* buffered(source: Iterable<string>): Generator<string> {
  let parts: string[] = [];
  let size = 0;
  for (const piece of source) {
    parts.push(piece);
    size += piece.length;
    if (size >= WRITE_SIZE) {
      yield parts.join('');
      parts = [];
      size = 0;
    }
  }
  if (size > 0) yield parts.join('');
}

/** Whether a container is opened (written member by member) rather than stringified whole. */
function opened(value: unknown, depth: number): boolean {
  if (Array.isArray(value)) return value.length > 0 && (depth < STREAM_DEPTH || value.length >= LONG_LIST);
  if (!isPlainObject(value)) return false;
  if (depth < STREAM_DEPTH) return true;
  for (const k in value) if (isLongList(value[k]) || value[k] instanceof LazyList) return true;
  return false;
}

/**
 * The JSON text of `value` at `depth`, escaped (goEscape), in pieces: the text of each value written
 * whole and of each key is escaped on its own; the punctuation and indentation between them, which
 * escaping leaves as they are, are not looked at.
 */
function* pieces(value: unknown, depth: number): Generator<string> {
  const pad = '    '.repeat(depth);
  if (value instanceof LazyList) {
    let first = true;
    const next = `,\n${pad}    `;
    for (const item of value.items()) {
      const v = omitted(item) ? null : item;
      // An item written whole (each virtual host of a streamed route dump) without a generator of
      // its own, and after the first one with its separator.
      if (!first && !(v instanceof LazyList) && !opened(v, depth + 1) && writtenIndented(v)) yield goEscape(indentedAfterComma(v, depth + 1));
      else {
        yield first ? `[\n${pad}    ` : next;
        if (v instanceof LazyList || opened(v, depth + 1)) yield* pieces(v, depth + 1);
        else yield goEscape(withShared(v, depth + 1));
      }
      first = false;
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
      yield `${pad}    ${goEscape(JSON.stringify(k))}: `;
      yield* pieces(value[k], depth + 1);
      yield i < keys.length - 1 ? ',\n' : '\n';
    }
    yield `${pad}}`;
    return;
  }
  yield goEscape(withShared(value, depth));
}

/**
 * JSON.stringify(value, null, 4) with every line after the first indented by `depth` levels: the
 * value is stringified inside `depth` arrays, so that V8 indents it, and the arrays cut off (about
 * twice as fast as indenting the text afterwards). Shared parts inside are written from their text
 * (spliced: the same text V8 would write there).
 */
function indented(value: unknown, depth: number): string {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value, null, 4) ?? 'null';
  let wrapped: unknown = value;
  for (let i = 0; i < depth; i++) wrapped = [wrapped];
  return unwrapped(stringifiedWithShared(wrapped), depth);
}

/**
 * `,\n`, the indentation of `depth` and `indented(value, depth)` (depth 1 or more): a list item after
 * the first with its separator, in one string (a route dump's thousands of virtual hosts are as
 * many pieces fewer to write). The value is stringified after a 0 in the innermost array, and cut
 * from the comma V8 writes after the 0 (the first comma of the text: only brackets and white space
 * come before it).
 */
function indentedAfterComma(value: object, depth: number): string {
  let wrapped: unknown = [0, value];
  for (let i = 1; i < depth; i++) wrapped = [wrapped];
  const text = stringifiedWithShared(wrapped);
  return text.slice(text.indexOf(','), text.length - tailOf(depth));
}

/** JSON.stringify(wrapped, null, 4) (an array: never undefined), shared parts inside written from their text. */
function stringifiedWithShared(wrapped: unknown): string {
  const { text, parts } = stringifyCollecting(wrapped);
  if (text === undefined) return 'null';
  return parts.length === 0 ? text : (splicedShared(text, parts) ?? stringifyPlain(wrapped) ?? 'null');
}

/** The text of the value stringified inside `depth` arrays, without them. */
function unwrapped(text: string, depth: number): string {
  if (depth === 0) return text;
  // Before the value: `[\n` and 4k spaces for k = 1..depth.
  const head = 2 * depth + 2 * depth * (depth + 1);
  return text.slice(head, text.length - tailOf(depth));
}

/** After a value stringified inside `depth` arrays: `\n`, 4k spaces and `]` for k = depth-1..0. */
const tailOf = (depth: number): number => 2 * depth + 2 * depth * (depth - 1);

/**
 * How a placeholder token starts (after its quote) and ends in JSON text: both begin with a
 * backslash, which JSON text holds only in escapes (a search for them skips from one to the next;
 * a quote, their other first character, is everywhere).
 */
const PLACEHOLDER_START = JSON.stringify(SHARED_PLACEHOLDER).slice(1, -1);
const PLACEHOLDER_END = JSON.stringify('\u0000').slice(1);

/**
 * `text` (stringifyCollecting's) with the i-th placeholder token replaced by the i-th part's text at
 * the depth of its line; undefined when the tokens are not exactly the parts' placeholders in order
 * (a string of the input that reads as one: the caller writes the value without placeholders). A
 * placeholder token can only be a whole string token: inside one, its quotes would be escaped.
 */
function splicedShared(text: string, parts: readonly object[]): string | undefined {
  let out = '';
  let from = 0;
  let n = 0;
  for (let found = text.indexOf(PLACEHOLDER_START); found >= 0; found = text.indexOf(PLACEHOLDER_START, from)) {
    const at = found - 1;
    const idAt = found + PLACEHOLDER_START.length;
    const end = text.indexOf(PLACEHOLDER_END, idAt);
    const part = parts[n];
    if (text.charCodeAt(at) !== 34 || end < 0 || part === undefined || text.slice(idAt, end) !== String(n)) return undefined;
    // A value starts on the line of its key or as an array item, the line's first quote: its indentation is the value's depth.
    const lineStart = text.lastIndexOf('\n', at) + 1;
    out += text.slice(from, at) + sharedText(part, (text.indexOf('"', lineStart) - lineStart) / 4);
    from = end + PLACEHOLDER_END.length;
    n++;
  }
  return n === parts.length ? out + text.slice(from) : undefined;
}

// Shared parts (src/model/sharedParts.ts) are deeply frozen objects many values hold by reference,
// such as Istio mTLS's CommonTlsContext, half of every cluster's text: each is stringified once per
// depth and its text reused, spliced into the text of any value that holds it (indented).

/** The text of each shared part, by depth. */
const sharedTexts = new WeakMap<object, string[]>();

function sharedText(value: object, depth: number): string {
  let byDepth = sharedTexts.get(value);
  if (!byDepth) sharedTexts.set(value, (byDepth = []));
  return (byDepth[depth] ??= plainIndented(value, depth));
}

/** `indented` of a shared part itself: written as it is (its own placeholder would stand for it), and the parts inside it too. */
function plainIndented(value: object, depth: number): string {
  let wrapped: unknown = value;
  for (let i = 0; i < depth; i++) wrapped = [wrapped];
  return unwrapped(stringifyPlain(wrapped) ?? 'null', depth);
}

/** Whether `withShared(value, depth)` is `indented(value, depth)` of an object or array. */
function writtenIndented(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !isSharedPart(value);
}

/** `indented(value, depth)`: the same text, with shared parts written from their cached text. */
export function withShared(value: unknown, depth: number): string {
  return typeof value === 'object' && value !== null && isSharedPart(value) ? sharedText(value, depth) : indented(value, depth);
}

// Shaped values (src/model/sharedParts.ts): values of one shape have the same JSON text but for their
// holes, strings that fill whole string tokens. The first value of a shape whose holes are all
// different strings gives a template: its text, every string token equal to one of its holes made a
// hole. The template is used once it gives the text of a second value none of whose holes is one of
// the first one's (a token of the text that only happened to equal a hole of the first value is then
// caught: the second value's text still has it); until then, and forever if it does not, each value
// is written by the general writer.

/** A template: escaped text between the holes, and which hole goes between each two pieces. */
interface Template {
  texts: string[];
  holes: number[];
}

interface ShapeState {
  /** The template being confirmed, and the holes of the value it was made from. */
  candidate?: { template: Template; holes: readonly string[] };
  confirmed?: Template;
  /** A second value did not give the template's text: every value of this shape is written the general way. */
  failed?: boolean;
}

/** Bounds what one writer keeps: shapes past it are written the general way. */
const MAX_SHAPES = 10_000;

/** Printable ASCII but `"`, `\\` (JSON escapes them), `<`, `>`, `&` (Go does) and `#` (a `##[` is): JSON.stringify and goEscape leave such text as it is. */
const PLAIN = /^[\x20\x21\x24\x25\x27-\x3b\x3d\x3f-\x5b\x5d-\x7e]*$/;

/** Each hole as it is written: a JSON string token, escaped. */
const holeText = (s: string): string => (PLAIN.test(s) ? `"${s}"` : goEscape(JSON.stringify(s)));

export class Templates {
  private readonly states = new WeakMap<object, ShapeState>();
  private count = 0;

  constructor(private readonly depth: number) {}

  /** The escaped text of `item` at this writer's depth: from its shape's template when there is one. */
  write(item: Shaped<unknown>): string {
    let state = this.states.get(item.shape);
    if (state === undefined) {
      state = this.count < MAX_SHAPES ? {} : { failed: true };
      this.states.set(item.shape, state);
      this.count++;
    }
    if (state.confirmed) return fill(state.confirmed, item.holes());
    const text = goEscape(withShared(omittedValue(item.value()), this.depth));
    if (state.failed) return text;
    const holes = item.holes();
    if (!allDifferent(holes)) return text;
    const candidate = state.candidate;
    if (!candidate) {
      state.candidate = { template: templateOf(text, holes), holes };
      return text;
    }
    if (holes.some((h) => candidate.holes.includes(h))) return text;
    if (fill(candidate.template, holes) === text) state.confirmed = candidate.template;
    else state.failed = true;
    state.candidate = undefined;
    return text;
  }
}

const omittedValue = (v: unknown): unknown => (omitted(v) ? null : v);

function allDifferent(holes: readonly string[]): boolean {
  return new Set(holes).size === holes.length;
}

function fill(t: Template, holes: readonly string[]): string {
  const written: (string | undefined)[] = [];
  let out = t.texts[0] ?? '';
  for (let i = 0; i < t.holes.length; i++) {
    const h = t.holes[i] ?? 0;
    out += (written[h] ??= holeText(holes[h] ?? '')) + (t.texts[i + 1] ?? '');
  }
  return out;
}

/**
 * `text` (escaped JSON) cut at every string token that is one of `holes` written as a hole is
 * (holeText). Escaping works character by character, and never across a token's quotes, so a
 * token of the escaped text is the escaped token.
 */
function templateOf(text: string, holes: readonly string[]): Template {
  const byToken = new Map<string, number>();
  holes.forEach((h, i) => byToken.set(holeText(h), i));
  const texts: string[] = [];
  const at: number[] = [];
  let from = 0;
  let i = text.indexOf('"');
  while (i >= 0) {
    // The token's end: the next quote not escaped by a backslash.
    let j = i + 1;
    for (;;) {
      const q = text.indexOf('"', j);
      if (q < 0) return { texts: [...texts, text.slice(from)], holes: at };
      let backslashes = 0;
      while (text.charCodeAt(q - 1 - backslashes) === 92) backslashes++;
      j = q + 1;
      if (backslashes % 2 === 0) break;
    }
    const hole = byToken.get(text.slice(i, j));
    if (hole !== undefined) {
      texts.push(text.slice(from, i));
      at.push(hole);
      from = j;
    }
    i = text.indexOf('"', j);
  }
  texts.push(text.slice(from));
  return { texts, holes: at };
}
