// THE escaping function for strings that come from input (manifest keys and values, file names,
// names of resources) on their way to a terminal, a CI log or a report a person reads. Pull requests
// are written by anyone: a raw LF followed by `::error ...` forges a GitHub workflow command, CR and
// ESC sequences rewrite or erase log lines, bidirectional overrides reorder what a reviewer sees.
// Every reporter and view calls `escapeText` on every such string; JSON and YAML output go through
// `jsonText` / `yamlText`, which keep the data and escape what those formats leave raw.
//
// Control characters are shown as C-style escapes (`\n`, `\r`, `\t`, `\e`, `\0`...), other C0/C1
// controls, DEL, line/paragraph separators and bidirectional controls as `\xNN` / `\uNNNN`.
// Backslashes are left alone: regexes such as `^/api/\d+` read as written.
import yaml from 'js-yaml';

// C0 controls, DEL, C1 controls (CSI is 0x9b), U+2028/U+2029, bidi embeddings, overrides and isolates,
// the BOM / zero-width no-break space in the middle of text.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/;
const UNSAFE_ALL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;

const NAMED: Readonly<Record<string, string>> = {
  '\u0000': '\\0',
  '\u0007': '\\a',
  '\b': '\\b',
  '\t': '\\t',
  '\n': '\\n',
  '\u000b': '\\v',
  '\f': '\\f',
  '\r': '\\r',
  '\u001b': '\\e',
};

function escapeOne(c: string): string {
  const named = NAMED[c];
  if (named !== undefined) return named;
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** `s` with every control character shown as an escape; the same string when there is none. */
export function escapeText(s: string): string {
  return UNSAFE.test(s) ? s.replace(UNSAFE_ALL, escapeOne) : s;
}

/** Whether `s` holds a character `escapeText` would escape (tests and guards). */
export function hasControlCharacters(s: string): boolean {
  return UNSAFE.test(s);
}

// What JSON.stringify leaves raw although a terminal or a log viewer acts on it: DEL, C1 controls,
// line/paragraph separators, bidirectional controls, BOM. Outside strings JSON text has none of
// these, so replacing them by `\uNNNN` keeps the same data.
const JSON_RAW = /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/;
const JSON_RAW_ALL = /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;
const unicodeEscape = (c: string): string => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** JSON text with the characters JSON.stringify leaves raw written as `\uNNNN` (same value). */
export function escapeJson(text: string): string {
  return JSON_RAW.test(text) ? text.replace(JSON_RAW_ALL, unicodeEscape) : text;
}

/** `JSON.stringify(value, null, indent)` safe for a terminal. */
export function jsonText(value: unknown, indent: number): string {
  return escapeJson(JSON.stringify(value, null, indent));
}

/**
 * YAML text safe for a terminal. js-yaml escapes C0/C1 controls in double-quoted scalars but writes
 * bidirectional controls and separators raw, even in keys; the rare document holding one is written
 * as JSON instead, which YAML reads as the same value.
 */
export function yamlText(value: unknown, options: yaml.DumpOptions): string {
  const text = yaml.dump(value, options);
  return JSON_RAW.test(text) ? `${jsonText(value, 2)}\n` : text;
}
