// istioctl's JSON: json.MarshalIndent with 4 spaces, and Go's HTML-safe escaping of <, >, & and
// the JS line separators (encoding/json re-compacts Marshaler output with HTML escaping); and, unlike
// Go, what a terminal acts on (escape.ts: DEL, C1 controls, bidirectional controls, BOM).
import { escapeJson } from '../escape.js';

const UNSAFE = /[<>&\u2028\u2029]/;
const UNSAFE_ALL = /[<>&\u2028\u2029]/g;
const ESCAPES: Readonly<Record<string, string>> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029' };

export function goJson(value: unknown): string {
  // One pass over the text (big dumps are tens of MB), and none when nothing needs escaping.
  const text = JSON.stringify(value, null, 4);
  return escapeJson(UNSAFE.test(text) ? text.replace(UNSAFE_ALL, (c) => ESCAPES[c] ?? c) : text);
}
