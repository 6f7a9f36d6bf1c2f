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
//
// CI logs also act on plain printable text (actions/runner ActionCommand; the Azure Pipelines agent
// alike): a line whose text after leading white space starts with `::name` is a workflow command
// (`::error::`, `::add-mask::`, `::stop-commands::`...), and `##[name]` or `##vso[...]` ANYWHERE in a
// line is a command too. A string from input can end up at the start of a line (a file name in
// `file:line: error ...`) or next to any other text, so `escapeText` defuses both: a leading `::`
// followed by a letter is shown as `\x3a:`, and the second `#` of `##[`, `##vso[`, `##teamcity[` as
// `\x23`. JSON text gets the same as `\u0023` (the same data); YAML text holding either is written
// as JSON. `-o github` builds its own commands with `escapeControls` and %-encoding.
import yaml from 'js-yaml';

// C0 controls, DEL, C1 controls (CSI is 0x9b), U+2028/U+2029, bidi marks (ALM, LRM, RLM), embeddings,
// overrides and isolates, the BOM / zero-width no-break space in the middle of text, the noncharacters
// U+FFFE/U+FFFF and lone surrogates (XML 1.0 cannot carry them: a JUnit parser rejects the report).
const UNSAFE_CLASS = '[\\u0000-\\u001f\\u007f-\\u009f\\u061c\\u200e\\u200f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069\\ufeff\\ufffe\\uffff]|[\\ud800-\\udbff](?![\\udc00-\\udfff])|(?<![\\ud800-\\udbff])[\\udc00-\\udfff]';
const UNSAFE = new RegExp(UNSAFE_CLASS);
const UNSAFE_ALL = new RegExp(UNSAFE_CLASS, 'g');

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

/** `s` with every control character shown as an escape (and nothing else changed). */
export function escapeControls(s: string): string {
  return UNSAFE.test(s) ? s.replace(UNSAFE_ALL, escapeOne) : s;
}

// `##[`, `##vso[`, `##teamcity[`: the legacy command prefixes a CI agent finds anywhere in a line.
const CI_HASH = /##(?=[A-Za-z]*\[)/;
const CI_HASH_ALL = /##(?=[A-Za-z]*\[)/g;
// `::name` after leading white space (the runner trims Unicode white space before looking for `::`).
const CI_LEADING = /^(\s*):(?=:[A-Za-z])/;

/**
 * `s` as a terminal or a CI log may show it: control characters as escapes (`escapeControls`), and
 * the text a CI agent reads as a command (`::error::` at the start, `##[...]` anywhere) defused; the
 * same string when there is nothing to escape.
 */
export function escapeText(s: string): string {
  let out = escapeControls(s);
  if (CI_HASH.test(out)) out = out.replace(CI_HASH_ALL, '#\\x23');
  if (CI_LEADING.test(out)) out = out.replace(CI_LEADING, '$1\\x3a');
  return out;
}

/**
 * The message of a GitHub workflow command gwctl writes (`::error file=...::<data>`): `escapeText`,
 * then @actions/core's escaping of `%`, CR and LF.
 */
export function workflowData(s: string): string {
  return escapeText(s).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/**
 * A property value of a workflow command (`file=`, `title=`): control characters escaped, then `%`,
 * CR, LF, `:` and `,` %-encoded as @actions/core does, so that a file name stays the file's path.
 */
export function workflowProperty(s: string): string {
  return escapeControls(s).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A').replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** Whether a CI log would read some line of `text` as a command (tests and guards). */
export function hasCiCommand(text: string): boolean {
  return CI_HASH.test(text) || /^[^\S\n]*::[A-Za-z]/m.test(text);
}

/** Whether `s` holds a character `escapeText` would escape (tests and guards). */
export function hasControlCharacters(s: string): boolean {
  return UNSAFE.test(s);
}

// What JSON.stringify leaves raw although a terminal or a log viewer acts on it: DEL, C1 controls,
// line/paragraph separators, bidirectional controls, BOM. Outside strings JSON text has none of
// these, so replacing them by `\uNNNN` keeps the same data.
const JSON_RAW = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff]/;
const JSON_RAW_ALL = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff]/g;
const unicodeEscape = (c: string): string => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/**
 * JSON text with the characters JSON.stringify leaves raw written as `\uNNNN`, and the `#` of a CI
 * command prefix (`##[`) as `\u0023` (same value: `##` only occurs inside JSON strings).
 */
export function escapeJson(text: string): string {
  const raw = JSON_RAW.test(text) ? text.replace(JSON_RAW_ALL, unicodeEscape) : text;
  return CI_HASH.test(raw) ? raw.replace(CI_HASH_ALL, '#\\u0023') : raw;
}

/** `JSON.stringify(value, null, indent)` safe for a terminal. */
export function jsonText(value: unknown, indent: number): string {
  return escapeJson(JSON.stringify(value, null, indent));
}

/**
 * YAML text safe for a terminal. js-yaml escapes C0/C1 controls in double-quoted scalars but writes
 * bidirectional controls and separators raw, even in keys, and a block scalar can start a line with
 * `::error::`; the rare document holding one of these, or a `##[`, is written as JSON instead, which
 * YAML reads as the same value.
 */
export function yamlText(value: unknown, options: yaml.DumpOptions): string {
  const text = yaml.dump(value, options);
  return JSON_RAW.test(text) || hasCiCommand(text) ? `${jsonText(value, 2)}\n` : text;
}
