// istioctl's JSON: json.MarshalIndent with 4 spaces, and Go's HTML-safe escaping of <, >, & and
// the JS line separators (encoding/json re-compacts Marshaler output with HTML escaping); and, unlike
// Go, what a terminal acts on (escape.ts: DEL, C1 controls, bidirectional controls, BOM).
import { escapeJson } from '../escape.js';

const UNSAFE = /[<>&\u2028\u2029]/;
const UNSAFE_ALL = /[<>&\u2028\u2029]/g;
const ESCAPES: Readonly<Record<string, string>> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029' };

/** Go's escaping of JSON text (character by character, so it applies to any piece of it). */
function goEscape(text: string): string {
  // One pass over the text (big dumps are tens of MB), and none when nothing needs escaping.
  return escapeJson(UNSAFE.test(text) ? text.replace(UNSAFE_ALL, (c) => ESCAPES[c] ?? c) : text);
}

export function goJson(value: unknown): string {
  return goEscape(JSON.stringify(value, null, 4));
}

/** Arrays and objects this close to the top are written piece by piece; deeper values whole. */
const STREAM_DEPTH = 3;
/** Pieces are joined into writes of about this many characters. */
const WRITE_SIZE = 1 << 16;

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as { toJSON?: unknown }).toJSON !== 'function';
const omitted = (v: unknown): boolean => v === undefined || typeof v === 'function' || typeof v === 'symbol';

/**
 * `goJson(value)`, in pieces of about 64 KB: the same bytes, without ever holding the whole text.
 * A cluster dump of 200 MB of Services is over a gigabyte of JSON, more than a JavaScript string holds.
 */
export function* goJsonChunks(value: unknown): Generator<string> {
  let buffer = '';
  for (const piece of pieces(value, 0)) {
    buffer += piece;
    if (buffer.length >= WRITE_SIZE) {
      yield goEscape(buffer);
      buffer = '';
    }
  }
  if (buffer !== '') yield goEscape(buffer);
}

function* pieces(value: unknown, depth: number): Generator<string> {
  const pad = '    '.repeat(depth);
  if (depth < STREAM_DEPTH && Array.isArray(value) && value.length > 0) {
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
  if (depth < STREAM_DEPTH && isPlainObject(value)) {
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
  const text = JSON.stringify(value, null, 4) ?? 'null';
  yield depth === 0 ? text : text.replace(/\n/g, `\n${pad}`);
}
