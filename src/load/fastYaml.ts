// A reader for the YAML that Kubernetes manifests are written in, several times faster than js-yaml,
// that reads a document exactly as js-yaml with KUBERNETES_SCHEMA (kubeYaml.ts) does, or not at all.
//
// It reads one document (a chunk of documentChunks.ts) of this subset: block mappings and sequences
// (`- key: v` compact form, sequences at their parent key's indent), plain / single-quoted /
// double-quoted scalars on one line, literal and folded block scalars, one-line flow collections of
// scalars (`[]`, `{}`, `[a, "b"]`, `{a: 1}`), comments, CRLF line breaks. Whatever else it meets —
// anchors, aliases, tags, merge keys, complex keys, multi-line plain or quoted scalars, tabs where
// they could matter, directives, empty sequence items, duplicate keys, anything js-yaml would reject
// — and it returns undefined, and the caller reads the document with js-yaml: the same value, the
// same error message and position. Equality with js-yaml is the contract (test/load/fastYaml*.test.ts
// check it on every YAML file of the corpus and with a differential fuzzer); speed is the reason.
//
// Plain scalars resolve through kubeYaml.ts's own `kubernetesScalar` and misread rule. Mappings are
// plain objects with `__proto__` defined as an own property, as js-yaml builds them.
//
// Positions come out of the same pass as a compact table, one pair of numbers per node, so that a
// finding's file:line:column needs no second parse (fastPositions.ts reads it).
import { setOwn } from './dict.js';
import { kubernetesScalar, yaml12Differs, type Misread } from './kubeYaml.js';

/** What a node of the position table is: see PositionTable. */
export const SCALAR = 0;
export const MAP = 1;
export const SEQ = 2;
export const FLOW_MAP = 3;

/**
 * Where each node of a document starts, in document order: pairs (offset, end << 2 | kind). The
 * offset is a mapping entry's key, a sequence item's first character, or the root's. `end` is the
 * index of the first node after this one's descendants, so that a lookup skips whole subtrees.
 */
export type PositionTable = Int32Array;

export interface FastDocument {
  /** The document's value; undefined when the text holds no document (as js-yaml's `load`). */
  value: unknown;
  /** Plain scalars Kubernetes and YAML 1.2 read differently, in text order (kubeYaml.ts). */
  misreads: Misread[];
  /**
   * Where the document's nodes start among those of its file (`filePositions()`); undefined for a
   * document without content (positions then come from js-yaml, on demand).
   */
  positionsAt: number | undefined;
}

/** Thrown to hand the document to js-yaml; never escapes this module. */
const FALLBACK = Symbol('fallback');

const CLIP = 1;
const STRIP = 2;
const KEEP = 3;

const STOP_EOL = 0;
const STOP_COLON = 1;
const STOP_COMMENT = 2;
const STOP_FLOW = 3;

// The reader's state: one document is read at a time, synchronously. The document is `src` from
// `origin` to `len`: its file's whole text, not a slice of it (reading a sliced string's characters
// costs more than a flat one's, for every character), so offsets are counted from `origin` where they
// leave the reader. What follows `len` is never read: a document other than the file's last ends with
// a line break (documentChunks.ts splits before a line), and every scan stops at one or checks `len`.
let src = '';
let len = 0;
let origin = 0;
/** js-yaml appends a line break to text that does not end with one. */
let virtualBreak = false;
let pos = 0;
/** Offset of the current line's first character. */
let lineStart = 0;
/** Spaces before the current line's first content character (where `pos` is after a line change). */
let lineIndent = 0;
let eof = false;
let depth = 0;
let depthLimit = 0;
let misreads: Misread[] = [];
/**
 * Position tables are written into slabs shared by many files (a typed array, its buffer and a copy
 * for each of 50,000 documents, or even of 1,000 files, cost more than the numbers in them). A file's
 * nodes are contiguous from `fileStart`; a file that outgrows the slab moves, alone, to a new one, and
 * the slabs a file was handed stay as they are (nothing written there is overwritten).
 */
const SLAB = 1 << 18;
let table: Int32Array = new Int32Array(0);
/** Nodes in the slab: those of earlier files, then the current file's, then the current document's. */
let count = 0;
/** Where the current file's nodes start. */
let fileStart = 0;
/** Where the current document's nodes start (its node indices, and `end`s, are counted from there). */
let docBase = 0;
/** Whether the last collection read was a flow mapping (whose keys are re-read the flow way). */
let lastFlow = false;
// The last plain scalar scanned: where its text ends (trailing spaces excluded), where and why it stopped.
let scanEnd = 0;
let scanStop = 0;
let scanHow = STOP_EOL;
let scanHash = 0;

/** Starts a new file: the documents read next with `append` add their nodes to its positions. */
export function startPositions(): void {
  fileStart = count;
}

/**
 * The positions of the documents read since `startPositions` (or of the last one read alone): the
 * slab that holds them, and the node where they start in it (a document's `positionsAt` counts from
 * there). Valid for good: what is written in a slab stays.
 */
export function filePositions(): { table: PositionTable; start: number } {
  return { table, start: fileStart };
}

/**
 * Reads one YAML document as `loadKubernetesYaml` would, or returns undefined when the document is
 * not in the subset this reader knows to read exactly (the caller then uses js-yaml). With `marker`,
 * the text starts with a `---` marker, read as if it were three spaces (documentChunks.ts blanks it
 * for js-yaml; here the file's text is read without a copy). With `append`, its positions go after
 * those of the documents read before it (see startPositions); without, they start a table of their own.
 */
export function readFastYaml(text: string, maxDepth: number, marker = false, append = false, start = 0, end = text.length): FastDocument | undefined {
  if (text.charCodeAt(start) === 0xfeff || !readable(text, start, end)) return undefined;
  src = text;
  len = end;
  origin = start;
  virtualBreak = end > start && !isBreak(text.charCodeAt(end - 1));
  pos = start;
  lineStart = start;
  lineIndent = 0;
  eof = false;
  depth = 0;
  // js-yaml counts every node (keys and scalars too) against maxDepth; collections nest at most half as deep.
  depthLimit = maxDepth >> 1;
  misreads = [];
  if (!append) startPositions();
  docBase = count;
  try {
    const value = readDocument(marker ? 3 : 0);
    return { value, misreads, positionsAt: count > docBase ? docBase - fileStart : undefined };
  } catch {
    // FALLBACK, or anything unforeseen: js-yaml reads the document and reports its errors.
    count = docBase;
    return undefined;
  } finally {
    // A document handed back mid-sequence leaves items on the stack.
    for (let i = 0; i < itemTop; i++) items[i] = undefined;
    itemTop = 0;
    src = '';
    misreads = [];
  }
}

/** Whether `text` holds neither a NUL nor a lone CR (a line break to js-yaml; lines here are split at LF, CRLF is fine). */
const plainText = (text: string): boolean => !text.includes('\0') && !(text.includes('\r') && /\r(?!\n)/.test(text));

/** The last file text checked whole, and whether it is plainText. */
let checkedText = '';
let checkedPlain = true;

/**
 * Whether the document `text[start, end)` is plainText: its file's text is checked once for all its
 * documents, and only a file that is not has each document checked alone, as a text of its own.
 */
function readable(text: string, start: number, end: number): boolean {
  if (start === 0 && end === text.length) return plainText(text);
  if (text !== checkedText) {
    checkedText = text;
    checkedPlain = plainText(text);
  }
  return checkedPlain || plainText(text.slice(start, end));
}

/**
 * The key of the mapping entry that starts at `offset` in `text` (a position table's offset), as
 * the reader made it; undefined if it cannot be read (not a key this reader wrote).
 */
export function keyAt(text: string, offset: number, flow: boolean): string | undefined {
  const saved = { src, len, origin, virtualBreak, pos, misreads };
  src = text;
  len = text.length;
  origin = 0;
  virtualBreak = false;
  pos = offset;
  misreads = [];
  try {
    const c = src.charCodeAt(pos);
    if (c === 0x22) return readDouble(false);
    if (c === 0x27) return readSingle(false);
    if (!plainStart(c, pos, flow)) return undefined;
    const start = pos;
    scanPlain(pos, flow);
    const v = resolvePlain(src.slice(start, scanEnd), start);
    return v === null ? undefined : String(v);
  } catch {
    return undefined;
  } finally {
    ({ src, len, origin, virtualBreak, pos, misreads } = saved);
  }
}

/** Where the last document was handed back (for GWCTL_FAST_YAML_DEBUG). */
export let lastFallback = '';
const debug = process.env['GWCTL_FAST_YAML_DEBUG'] !== undefined;

function fallback(): never {
  if (debug) lastFallback = `${new Error().stack?.split('\n')[2]?.trim() ?? ''} at ${JSON.stringify(src.slice(pos, pos + 40))}`;
  throw FALLBACK;
}

const isBreak = (c: number): boolean => c === 0x0a || c === 0x0d;

/** js-yaml's isWsOrEol of the character at `i` (past the end: the line break js-yaml appends). */
function wsOrEolAt(i: number): boolean {
  if (i >= len) return true;
  const c = src.charCodeAt(i);
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

const isFlowIndicator = (c: number): boolean => c === 0x2c || c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d;

/** A character js-yaml accepts inside a scalar, beyond ASCII (its PATTERN_NON_PRINTABLE, stricter). */
const printableWide = (c: number): boolean =>
  c > 0x9f && !(c >= 0xd800 && c <= 0xdfff) && c !== 0xfffe && c !== 0xffff && c !== 0xfeff && c !== 0x2028 && c !== 0x2029;

/** The document; its first `skip` characters are read as spaces (a `---` marker). */
function readDocument(skip: number): unknown {
  // js-yaml's loadDocuments: text that is empty or only spaces and one line break holds no document.
  let p = origin + skip;
  while (src.charCodeAt(p) === 0x20) p++;
  if (p >= len + (virtualBreak ? 1 : 0) - 1) return undefined;
  if (!contentFrom(origin, skip)) return null;
  if (lineIndent !== 0) fallback();
  const root = push(pos);
  const value = src.charCodeAt(pos) === 0x2d && wsOrEolAt(pos + 1) ? readSequence(0) : readMapping(0, false);
  close(root, value);
  if (!eof) fallback();
  return value;
}

/**
 * From the start of a line at `from`, past blank and comment lines, to the first content character
 * of a line (`pos`, `lineStart`, `lineIndent`); false, with `eof` set, at the end of the text.
 */
function contentFrom(from: number, skip = 0): boolean {
  let i = from;
  let j0 = from + skip;
  for (;;) {
    let j = j0;
    while (src.charCodeAt(j) === 0x20) j++;
    let c = src.charCodeAt(j);
    if (c === 0x09) {
      // Tabs before content are an error or a trap in js-yaml; on a blank or comment line they are nothing.
      while (c === 0x20 || c === 0x09) c = src.charCodeAt(++j);
      if (j < len && c !== 0x23 && !isBreak(c)) fallback();
    }
    if (j >= len) {
      pos = len;
      eof = true;
      return false;
    }
    if (c === 0x23 || isBreak(c)) {
      const nl = src.indexOf('\n', j);
      if (nl < 0) {
        pos = len;
        eof = true;
        return false;
      }
      i = j0 = nl + 1;
      continue;
    }
    lineStart = i;
    lineIndent = j - i;
    pos = j;
    return true;
  }
}

/** After a value: only spaces and a comment may end the line; then on to the next content line. */
function endLine(): boolean {
  let j = pos;
  let c = src.charCodeAt(j);
  while (c === 0x20) c = src.charCodeAt(++j);
  if (j >= len) {
    pos = len;
    eof = true;
    return false;
  }
  if (c !== 0x23 && !isBreak(c)) fallback();
  const nl = src.indexOf('\n', j);
  if (nl < 0) {
    pos = len;
    eof = true;
    return false;
  }
  return contentFrom(nl + 1);
}

/**
 * js-yaml's readPlainScalar past the line break that ended the scalar just scanned: while the next
 * line that is not blank (a comment line counts) is indented at least `threshold`, its text joins
 * the scalar (one line break folds to a space, n breaks to n - 1 newlines). A `: ` on such a line is
 * an error in js-yaml, and a tab in its indentation a trap: both fall back.
 */
function plainLines(threshold: number): string {
  let out = '';
  for (;;) {
    let i = pos;
    let breaks = 0;
    let spaces = 0;
    for (;;) {
      const nl = src.indexOf('\n', i);
      if (nl < 0) return out;
      breaks++;
      i = nl + 1;
      const lineBegin = i;
      while (src.charCodeAt(i) === 0x20) i++;
      spaces = i - lineBegin;
      let c = src.charCodeAt(i);
      if (c === 0x09) {
        while (c === 0x20 || c === 0x09) c = src.charCodeAt(++i);
        if (i < len && !isBreak(c)) fallback();
      }
      if (i >= len) return out;
      if (!isBreak(c)) break;
    }
    if (spaces < threshold) return out;
    // A comment at the start of a continuation line ends the scalar there.
    if (src.charCodeAt(i) === 0x23) {
      pos = i;
      return out;
    }
    scanPlain(i, false);
    if (scanHow === STOP_COLON) fallback();
    out += (breaks === 1 ? ' ' : '\n'.repeat(breaks - 1)) + src.slice(i, scanEnd);
    pos = scanStop;
    if (scanHow === STOP_COMMENT) return out;
  }
}

function push(offset: number): number {
  if (count * 2 >= table.length) {
    // The current file moves to a new slab (at least twice its size), the earlier ones stay.
    const used = (count - fileStart) * 2;
    const slab = new Int32Array(Math.max(SLAB, used * 2));
    slab.set(table.subarray(fileStart * 2, count * 2));
    table = slab;
    count -= fileStart;
    docBase -= fileStart;
    fileStart = 0;
  }
  table[count * 2] = offset - origin;
  return count++ - docBase;
}

/** Node `entry` (counted from the document's first) ends here: its descendants are the nodes since. */
function close(entry: number, value: unknown): void {
  const kind = Array.isArray(value) ? SEQ : typeof value === 'object' && value !== null ? (lastFlow ? FLOW_MAP : MAP) : SCALAR;
  table[(docBase + entry) * 2 + 1] = ((count - docBase) << 2) | kind;
}

function setKey(map: Record<string, unknown>, key: string, value: unknown): void {
  // The key js-yaml gives a mapping used as a key (a `{{ }}` template): parseChunk.ts's to report.
  if (key === '[object Object]') fallback();
  // js-yaml's setProperty: `__proto__` becomes an own property, never the prototype.
  setOwn(map, key, value);
}

/** A block mapping whose keys sit at column `n`; `pos` is at its first key (already scanned if `scanned`). */
function readMapping(n: number, scanned: boolean): Record<string, unknown> {
  if (++depth > depthLimit) fallback();
  const map: Record<string, unknown> = {};
  let first = scanned;
  let entries = 0;
  for (;;) {
    const keyStart = pos;
    const key = first ? scannedKey() : readKey();
    first = false;
    entries++;
    const entry = push(keyStart);
    const value = readValue(n);
    close(entry, value);
    setKey(map, key, value);
    if (eof || lineIndent < n) break;
    if (lineIndent > n) fallback();
    // `- ` at a mapping's indent: js-yaml reports an error, or reads something this reader does not.
    if (src.charCodeAt(pos) === 0x2d && wsOrEolAt(pos + 1)) fallback();
  }
  depth--;
  lastFlow = false;
  // A duplicate key set a property again rather than adding one: fewer own keys than entries (one
  // count per mapping rather than a lookup per key).
  let own = 0;
  for (const k in map) if (k !== undefined) own++;
  if (own !== entries) fallback();
  return map;
}

/** A key at `pos`, through its `:`. */
function readKey(): string {
  const c = src.charCodeAt(pos);
  if (c === 0x22 || c === 0x27) {
    const key = c === 0x22 ? readDouble(false) : readSingle(false);
    let j = pos;
    while (src.charCodeAt(j) === 0x20) j++;
    if (src.charCodeAt(j) !== 0x3a || !wsOrEolAt(j + 1)) fallback();
    pos = j + 1;
    return key;
  }
  if (!plainStart(c, pos, false)) fallback();
  scanPlain(pos, false);
  if (scanHow !== STOP_COLON) fallback();
  return scannedKey();
}

/** The plain key just scanned at `pos` (it stopped at its `:`), resolved as js-yaml resolves keys. */
function scannedKey(): string {
  const start = pos;
  const v = scannedScalar(start);
  // A null key is the key "null" to js-yaml but has no position there: leave it to js-yaml.
  if (v === null) fallback();
  pos = scanStop + 1;
  return typeof v === 'string' ? v : String(v);
}

/** A mapping value, `pos` just after the `:` of a key at column `n`. */
function readValue(n: number): unknown {
  let j = pos;
  let c = src.charCodeAt(j);
  while (c === 0x20) c = src.charCodeAt(++j);
  if (c === 0x09) fallback();
  pos = j;
  if (j < len && c !== 0x23 && !isBreak(c)) return readInline(n + 1);
  // Nothing on the key's line: the value is on the lines below, or empty.
  if (!endLine() || lineIndent < n) return null;
  const dash = src.charCodeAt(pos) === 0x2d && wsOrEolAt(pos + 1);
  if (lineIndent === n) return dash ? readSequence(n) : null;
  return dash ? readSequence(lineIndent) : readMapping(lineIndent, false);
}

/** A value on its key's line; `threshold` is the indent at which a plain scalar would continue. */
function readInline(threshold: number): unknown {
  const c = src.charCodeAt(pos);
  if (c === 0x7c || c === 0x3e) return readBlockScalar(threshold);
  let v: unknown;
  if (c === 0x22) v = readDouble(true);
  else if (c === 0x27) v = readSingle(true);
  else if (c === 0x5b || c === 0x7b) v = readFlow();
  else return readPlainValue(threshold);
  endLine();
  return v;
}

/** A plain scalar value at `pos` that must end its line. */
function readPlainValue(threshold: number): unknown {
  if (!plainStart(src.charCodeAt(pos), pos, false)) fallback();
  scanPlain(pos, false);
  if (scanHow === STOP_COLON) fallback();
  return plainScalar(threshold);
}

/** The plain scalar just scanned at `pos`, with the lines it goes on to; then on to the next line. */
function plainScalar(threshold: number): unknown {
  const start = pos;
  const end = scanEnd;
  const stop = scanStop;
  if (scanHow === STOP_EOL && src.charCodeAt(stop) === 0x0a) {
    // The common line: the next one holds content indented less than a continuation would be (the
    // next key or item), so the scalar ends here and that line is where reading goes on. What
    // plainLines and endLine would find, without looking at the line twice.
    const next = stop + 1;
    let j = next;
    while (src.charCodeAt(j) === 0x20) j++;
    const c = src.charCodeAt(j);
    if (j - next < threshold && j < len && c !== 0x09 && c !== 0x23 && c !== 0x0a && c !== 0x0d) {
      const v = scannedScalar(start);
      lineStart = next;
      lineIndent = j - next;
      pos = j;
      return v;
    }
  }
  pos = stop;
  const more = scanHow === STOP_EOL ? plainLines(threshold) : '';
  const v = more === '' ? scannedScalar(start) : resolvePlain(src.slice(start, end) + more, start);
  endLine();
  return v;
}

/** A block sequence whose `-` sit at column `s`; `pos` is at the first `-`. */
function readSequence(s: number): unknown[] {
  if (++depth > depthLimit) fallback();
  const base = itemTop;
  for (;;) {
    let j = pos + 1;
    let c = src.charCodeAt(j);
    while (c === 0x20) c = src.charCodeAt(++j);
    if (c === 0x09) fallback();
    pos = j;
    let entry: number;
    let value: unknown;
    if (j >= len || c === 0x23 || isBreak(c)) {
      // The item starts on a later line (an empty item `-` falls back: js-yaml gives it no position).
      if (!endLine() || lineIndent <= s) fallback();
      entry = push(pos);
      value = src.charCodeAt(pos) === 0x2d && wsOrEolAt(pos + 1) ? readSequence(lineIndent) : readMapping(lineIndent, false);
    } else {
      entry = push(pos);
      value = readItem(s);
    }
    close(entry, value);
    items[itemTop++] = value;
    if (eof || lineIndent < s) break;
    if (lineIndent > s) fallback();
    if (src.charCodeAt(pos) !== 0x2d || !wsOrEolAt(pos + 1)) break;
  }
  depth--;
  return takeItems(base);
}

/**
 * Sequence items are gathered on one stack shared by every sequence and copied out once, at their
 * final length: a sequence grown by push got a backing store of 17 slots for its one or two items.
 */
const items: unknown[] = [];
let itemTop = 0;

/** The items pushed since `base`, as an array of their own; the stack drops them. */
function takeItems(base: number): unknown[] {
  const out = items.slice(base, itemTop);
  // Cleared, so that the stack keeps no document's values alive.
  for (let i = base; i < itemTop; i++) items[i] = undefined;
  itemTop = base;
  return out;
}

/** An item on its `-` line, at `pos`: a compact mapping (`- key: v`) or a scalar or flow collection. */
function readItem(s: number): unknown {
  const c = src.charCodeAt(pos);
  const column = pos - lineStart;
  if (c === 0x2d && wsOrEolAt(pos + 1)) fallback();
  if (c === 0x7c || c === 0x3e) return readBlockScalar(s + 1);
  if (c === 0x22 || c === 0x27) {
    const start = pos;
    const v = c === 0x22 ? readDouble(true) : readSingle(true);
    let j = pos;
    while (src.charCodeAt(j) === 0x20) j++;
    if (src.charCodeAt(j) === 0x3a && wsOrEolAt(j + 1)) {
      if (quotedLines) fallback();
      pos = start;
      return readMapping(column, false);
    }
    endLine();
    return v;
  }
  if (c === 0x5b || c === 0x7b) {
    const v = readFlow();
    let j = pos;
    while (src.charCodeAt(j) === 0x20) j++;
    if (src.charCodeAt(j) === 0x3a) fallback();
    endLine();
    return v;
  }
  if (!plainStart(c, pos, false)) fallback();
  scanPlain(pos, false);
  if (scanHow === STOP_COLON) return readMapping(column, true);
  return plainScalar(s + 1);
}

/** js-yaml's readPlainScalar: whether `c` at `i` can start a plain scalar. */
function plainStart(c: number, i: number, flow: boolean): boolean {
  if (i >= len) return false;
  switch (c) {
    case 0x20: case 0x09: case 0x0a: case 0x0d:
    case 0x2c: case 0x5b: case 0x5d: case 0x7b: case 0x7d:
    case 0x23: case 0x26: case 0x2a: case 0x21: case 0x7c: case 0x3e: case 0x27: case 0x22: case 0x25: case 0x40: case 0x60:
      return false;
    case 0x3f:
    case 0x2d:
      return !(wsOrEolAt(i + 1) || (flow && isFlowIndicator(src.charCodeAt(i + 1))));
    default:
      return true;
  }
}

/**
 * Scans a plain scalar on one line from `start`, as js-yaml's readPlainScalar does until its first
 * line break: `scanEnd` (its text's end), `scanStop` and `scanHow` (a `: `, ` #`, the line's end, or
 * in flow context a flow indicator).
 */
function scanPlain(start: number, flow: boolean): void {
  let i = start;
  let end = start;
  // A hash of the text (to find it in the scalar cache without slicing it), up to `end`.
  let h = 0;
  let hEnd = 0;
  for (;;) {
    const c = src.charCodeAt(i);
    if (c > 0x3a && c < 0x7f) {
      if (flow && (c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d)) {
        scanHow = STOP_FLOW;
        break;
      }
      hEnd = h = (Math.imul(h, 31) + c) | 0;
      end = ++i;
      continue;
    }
    if (c === 0x3a) {
      if (wsOrEolAt(i + 1) || (flow && isFlowIndicator(src.charCodeAt(i + 1)))) {
        scanHow = STOP_COLON;
        break;
      }
      hEnd = h = (Math.imul(h, 31) + c) | 0;
      end = ++i;
      continue;
    }
    if (c === 0x20 || c === 0x09) {
      h = (Math.imul(h, 31) + c) | 0;
      i++;
      continue;
    }
    if (i >= len || isBreak(c)) {
      scanHow = STOP_EOL;
      break;
    }
    if (c === 0x23) {
      const before = src.charCodeAt(i - 1);
      if (before === 0x20 || before === 0x09) {
        scanHow = STOP_COMMENT;
        break;
      }
    } else if (c === 0x2c && flow) {
      scanHow = STOP_FLOW;
      break;
    } else if (c < 0x20) {
      fallback();
    } else if (c >= 0x7f && !printableWide(c)) {
      const next = src.charCodeAt(i + 1);
      if (c >= 0xd800 && c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        h = (Math.imul(h, 31) + c) | 0;
        i++;
        h = (Math.imul(h, 31) + next) | 0;
        hEnd = h;
        end = ++i;
        continue;
      }
      fallback();
    }
    hEnd = h = (Math.imul(h, 31) + c) | 0;
    end = ++i;
  }
  scanEnd = end;
  scanStop = i;
  scanHash = hEnd;
}

/**
 * The scalar cache: manifests repeat the same short keys and values (`name`, `port`, `80`, `http`)
 * thousands of times. A hit costs no slice, no resolution and no new string (less memory, too).
 * Texts with a misread are never cached, so that each occurrence is reported.
 */
const CACHE_SLOTS = 1 << 12;
const CACHED_LENGTH = 32;
const cacheText: string[] = new Array<string>(CACHE_SLOTS).fill('');
const cacheValue: (string | number | boolean | null)[] = new Array<string | number | boolean | null>(CACHE_SLOTS).fill(null);

/** The plain scalar just scanned at `start` (to `scanEnd`), resolved. */
function scannedScalar(start: number): string | number | boolean | null {
  const end = scanEnd;
  const n = end - start;
  if (n > CACHED_LENGTH || n === 0) return resolvePlain(src.slice(start, end), start);
  const slot = (scanHash ^ (scanHash >>> 13)) & (CACHE_SLOTS - 1);
  const cached = cacheText[slot] ?? '';
  if (cached.length === n && src.startsWith(cached, start)) return cacheValue[slot] ?? null;
  const before = misreads.length;
  // The cache outlives the document: a copy of 13 or more characters, so that it keeps no file's text
  // alive (a slice would). Hits share it.
  const text = n < 13 ? src.slice(start, end) : flatCopy(src.slice(start, end));
  const v = resolvePlain(text, start);
  if (misreads.length === before) {
    cacheText[slot] = text;
    cacheValue[slot] = v;
  }
  return v;
}

/** A copy that shares no memory with `s` (a slice would keep its source alive). */
function flatCopy(s: string): string {
  return (s + ' ').slice(0, -1);
}

/** A plain scalar's value under KUBERNETES_SCHEMA, noting a misread at `start`. */
function resolvePlain(text: string, start: number): string | number | boolean | null {
  // An empty plain scalar is js-yaml's "no content"; `<<` is its merge key.
  if (text.length === 0 || text === '<<') fallback();
  const v = kubernetesScalar(text);
  if (typeof v !== 'string') {
    const differs = yaml12Differs(text, v);
    if (differs) misreads.push({ offset: start - origin, text, kubernetes: v, yaml12: differs.yaml12 });
  }
  return v;
}

/** js-yaml's simpleEscapeSequence. */
const SIMPLE_ESCAPES = new Map<number, string>([
  [0x30, '\x00'], [0x61, '\x07'], [0x62, '\x08'], [0x74, '\x09'], [0x09, '\x09'], [0x6e, '\x0A'], [0x76, '\x0B'],
  [0x66, '\x0C'], [0x72, '\x0D'], [0x65, '\x1B'], [0x20, ' '], [0x22, '\x22'], [0x2f, '/'], [0x5c, '\x5C'],
  [0x4e, '\x85'], [0x5f, '\xA0'], [0x4c, '\u2028'], [0x50, '\u2029'],
]);

function fromHex(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const lc = c | 0x20;
  return lc >= 0x61 && lc <= 0x66 ? lc - 0x61 + 10 : -1;
}

/** js-yaml's charFromCodepoint. */
function fromCodepoint(c: number): string {
  if (c <= 0xffff) return String.fromCharCode(c);
  return String.fromCharCode(((c - 0x010000) >> 10) + 0xd800, ((c - 0x010000) & 0x03ff) + 0xdc00);
}

/** Whether the last quoted scalar read went over more than one line. */
let quotedLines = false;

/**
 * js-yaml's skipSeparationSpace without comments, from the line break at `i`: past blank lines and
 * the next line's leading white space. Returns how many line breaks it crossed; `pos` is after them.
 */
function foldBreaks(i: number): number {
  let breaks = 0;
  let p = i;
  for (;;) {
    let c = src.charCodeAt(p);
    while (c === 0x20 || c === 0x09) c = src.charCodeAt(++p);
    if (c === 0x0d) c = src.charCodeAt(++p);
    if (c !== 0x0a) break;
    p++;
    breaks++;
  }
  pos = p;
  quotedLines = true;
  return breaks;
}

const folded = (breaks: number): string => (breaks === 1 ? ' ' : breaks > 1 ? '\n'.repeat(breaks - 1) : '');

/**
 * A double-quoted scalar, `pos` at its opening quote; `pos` ends after the closing one. js-yaml's
 * readDoubleQuotedScalar; lines fold only where `lines` (block values and items), else fall back.
 */
function readDouble(lines: boolean): string {
  let p = pos + 1;
  let captureStart = p;
  let captureEnd = p;
  let out = '';
  quotedLines = false;
  for (;;) {
    if (p >= len) fallback();
    const c = src.charCodeAt(p);
    if (c === 0x22) {
      out += src.slice(captureStart, p);
      pos = p + 1;
      return out;
    }
    if (c === 0x5c) {
      out += src.slice(captureStart, p);
      const e = src.charCodeAt(p + 1);
      if (isBreak(e)) {
        // An escaped line break joins the lines.
        if (!lines) fallback();
        foldBreaks(p + 1);
        p = pos;
      } else {
        const simple = SIMPLE_ESCAPES.get(e);
        if (simple !== undefined) {
          out += simple;
          p += 2;
        } else {
          const digits = e === 0x78 ? 2 : e === 0x75 ? 4 : e === 0x55 ? 8 : 0;
          if (digits === 0) fallback();
          let code = 0;
          for (let k = 1; k <= digits; k++) {
            const h = fromHex(src.charCodeAt(p + 1 + k));
            if (h < 0) fallback();
            code = (code << 4) + h;
          }
          out += fromCodepoint(code);
          p += 2 + digits;
        }
      }
      captureStart = captureEnd = p;
      continue;
    }
    if (isBreak(c)) {
      if (!lines) fallback();
      out += src.slice(captureStart, captureEnd) + folded(foldBreaks(p));
      p = captureStart = captureEnd = pos;
      continue;
    }
    if (c < 0x20 && c !== 0x09) fallback();
    p++;
    if (c !== 0x20 && c !== 0x09) captureEnd = p;
  }
}

/** A single-quoted scalar, `pos` at its opening quote: js-yaml's readSingleQuotedScalar. */
function readSingle(lines: boolean): string {
  let p = pos + 1;
  let captureStart = p;
  let captureEnd = p;
  let out = '';
  quotedLines = false;
  for (;;) {
    if (p >= len) fallback();
    const c = src.charCodeAt(p);
    if (c === 0x27) {
      out += src.slice(captureStart, p);
      p++;
      if (src.charCodeAt(p) !== 0x27) {
        pos = p;
        return out;
      }
      captureStart = p;
      p++;
      captureEnd = p;
      continue;
    }
    if (isBreak(c)) {
      if (!lines) fallback();
      out += src.slice(captureStart, captureEnd) + folded(foldBreaks(p));
      p = captureStart = captureEnd = pos;
      continue;
    }
    if (c < 0x20 && c !== 0x09) fallback();
    p++;
    if (c !== 0x20 && c !== 0x09) captureEnd = p;
  }
}

/** A flow collection on one line, `pos` at its `[` or `{`; `pos` ends after its closing bracket. */
function readFlow(): unknown[] | Record<string, unknown> {
  if (++depth > depthLimit) fallback();
  const isMap = src.charCodeAt(pos) === 0x7b;
  const closing = isMap ? 0x7d : 0x5d;
  const base = itemTop;
  const map: Record<string, unknown> = {};
  let i = pos + 1;
  let readNext = true;
  for (;;) {
    let c = src.charCodeAt(i);
    while (c === 0x20) c = src.charCodeAt(++i);
    if (c === closing) {
      pos = i + 1;
      break;
    }
    // Line breaks, comments and tabs inside, missing or extra commas, explicit keys: js-yaml's.
    if (!readNext || i >= len || c === 0x2c || c === 0x09 || c === 0x23 || isBreak(c) || (c === 0x3f && wsOrEolAt(i + 1))) fallback();
    const entry = push(i);
    pos = i;
    const item = isMap ? flowScalar() : flowNode();
    i = pos;
    c = src.charCodeAt(i);
    while (c === 0x20) c = src.charCodeAt(++i);
    if (isMap) {
      // Every entry a `key: value` pair (js-yaml gives a key without a value no node for it).
      if (c !== 0x3a || item === null) fallback();
      c = src.charCodeAt(++i);
      while (c === 0x20) c = src.charCodeAt(++i);
      let value: unknown = null;
      if (c !== 0x2c && c !== closing) {
        pos = i;
        value = flowNode();
        i = pos;
      }
      const key = typeof item === 'string' ? item : String(item);
      if (Object.hasOwn(map, key)) fallback();
      close(entry, value);
      setKey(map, key, value);
    } else {
      if (c === 0x3a) fallback();
      close(entry, item);
      items[itemTop++] = item;
    }
    c = src.charCodeAt(i);
    while (c === 0x20) c = src.charCodeAt(++i);
    readNext = c === 0x2c;
    if (readNext) i++;
  }
  depth--;
  lastFlow = true;
  return isMap ? map : takeItems(base);
}

/** A value inside a flow collection: a nested collection or a scalar. */
function flowNode(): unknown {
  const c = src.charCodeAt(pos);
  return c === 0x5b || c === 0x7b ? readFlow() : flowScalar();
}

/** A scalar inside a flow collection, `pos` at its first character; `pos` ends just after it. */
function flowScalar(): string | number | boolean | null {
  const c = src.charCodeAt(pos);
  if (c === 0x22) return readDouble(false);
  if (c === 0x27) return readSingle(false);
  if (!plainStart(c, pos, true)) fallback();
  const start = pos;
  scanPlain(pos, true);
  if (scanHow === STOP_EOL || scanHow === STOP_COMMENT) fallback();
  const v = scannedScalar(start);
  pos = scanStop;
  return v;
}

/** The character js-yaml sees at `i`: past the end, its appended line break, then its terminator 0. */
function at(i: number): number {
  return i < len ? src.charCodeAt(i) : i === len && virtualBreak ? 0x0a : 0;
}

/**
 * A literal or folded block scalar, `pos` at its `|` or `>`: js-yaml's readBlockScalar, statement for
 * statement. It ends at the first content character of the next line that is less indented than its
 * text (or the end of the text); the caller goes on from there.
 */
function readBlockScalar(nodeIndent: number): string {
  let p = pos;
  let ch = at(p);
  const folding = ch === 0x3e;
  let chomping = CLIP;
  let detectedIndent = false;
  let textIndent = nodeIndent;
  let emptyLines = 0;
  let atMoreIndented = false;
  let didReadContent = false;
  let result = '';
  while (ch !== 0) {
    ch = at(++p);
    if (ch === 0x2b || ch === 0x2d) {
      if (chomping !== CLIP) fallback();
      chomping = ch === 0x2b ? KEEP : STRIP;
    } else if (ch >= 0x30 && ch <= 0x39) {
      if (ch === 0x30 || detectedIndent) fallback();
      textIndent = nodeIndent + (ch - 0x30) - 1;
      detectedIndent = true;
    } else {
      break;
    }
  }
  if (ch === 0x20 || ch === 0x09) {
    do ch = at(++p);
    while (ch === 0x20 || ch === 0x09);
    if (ch === 0x23) {
      do ch = at(++p);
      while (ch !== 0x0a && ch !== 0x0d && ch !== 0);
    }
  }
  let indent = 0;
  let start = lineStart;
  while (ch !== 0) {
    if (ch === 0x0a) p++;
    else if (ch === 0x0d) {
      p++;
      if (at(p) === 0x0a) p++;
    } else fallback();
    start = p;
    indent = 0;
    ch = at(p);
    while ((!detectedIndent || indent < textIndent) && ch === 0x20) {
      indent++;
      ch = at(++p);
    }
    if (!detectedIndent && indent > textIndent) textIndent = indent;
    if (ch === 0x0a || ch === 0x0d) {
      emptyLines++;
      continue;
    }
    if (!detectedIndent && textIndent === 0) fallback();
    if (indent < textIndent) {
      if (chomping === KEEP) result += '\n'.repeat(didReadContent ? 1 + emptyLines : emptyLines);
      else if (chomping === CLIP && didReadContent) result += '\n';
      break;
    }
    if (folding) {
      if (ch === 0x20 || ch === 0x09) {
        atMoreIndented = true;
        result += '\n'.repeat(didReadContent ? 1 + emptyLines : emptyLines);
      } else if (atMoreIndented) {
        atMoreIndented = false;
        result += '\n'.repeat(emptyLines + 1);
      } else if (emptyLines === 0) {
        if (didReadContent) result += ' ';
      } else {
        result += '\n'.repeat(emptyLines);
      }
    } else {
      result += '\n'.repeat(didReadContent ? 1 + emptyLines : emptyLines);
    }
    didReadContent = true;
    detectedIndent = true;
    emptyLines = 0;
    const captureStart = p;
    while (ch !== 0x0a && ch !== 0x0d && ch !== 0) {
      if ((ch < 0x20 && ch !== 0x09) || (ch >= 0x7f && !printableWide(ch))) {
        const next = at(p + 1);
        if (ch >= 0xd800 && ch <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) p++;
        else fallback();
      }
      ch = at(++p);
    }
    result += src.slice(captureStart, p);
  }
  if (p >= len) {
    pos = len;
    eof = true;
    return result;
  }
  // The scalar ended at a less indented line: at its first character, which may open a comment.
  lineStart = start;
  lineIndent = indent;
  pos = p;
  const c = src.charCodeAt(p);
  if (c === 0x09) fallback();
  if (c === 0x23) endLine();
  return result;
}
