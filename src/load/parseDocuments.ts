// Bytes of one file -> the documents in it, each with its origin. Pure: no file system here.
// Documents are split before parsing so that one broken document never hides the others.
import yaml from 'js-yaml';
import { isKnownNonKubernetesFile } from './nonKubernetes.js';
import { finding, type At, type Finding } from '../diagnostics/finding.js';
import { describeScalar, loadKubernetesYaml, type Misread, type NodeListener } from './kubeYaml.js';
import { buildSourceMap, type FileSourceMap, type Path, type Position } from './sourceMap.js';
import { filePositions, readFastYaml, startPositions, type PositionTable } from './fastYaml.js';
import { fastSourceMap } from './fastPositions.js';

export interface SourceFile {
  /** The path as the user gave it (or `<stdin>`). */
  name: string;
  bytes: Uint8Array;
  /**
   * The bytes as text, when the reader decoded them already (src/load/readInputs.ts): only text that
   * is valid UTF-8 without NUL characters, so that decoding it strictly here would give the same
   * string. Its byte order mark, if any, is still there.
   */
  text?: string;
  /**
   * The file read again (src/load/readInputs.ts), if it has not changed on disk since: what lets a
   * caller that was done with a file drop its text and still locate a finding found later in it.
   * Undefined (the function, or its answer) when it cannot be read again as it was.
   */
  reread?: () => SourceFile | undefined;
}

export interface RawDocument {
  file: string;
  /** Index of the YAML document within the file. */
  doc: number;
  /** Where the object sits inside that document: [] or ['items', i] for `kind: List`. */
  base: Path;
  value: unknown;
}

/**
 * One YAML document of a file: where its text sits in the file's text, kept so that positions can
 * be computed when a finding needs them. The file's text is kept once for all its documents (the
 * values read from it share it too), and a document's text is sliced from it on demand.
 */
export class Chunk {
  /** Whether the document starts with a `---` marker, blanked in `text` so that lines and columns stay true. */
  readonly marker: boolean;
  map: FileSourceMap | undefined = undefined;
  /** A big `kind: List`: where each item starts, recorded in the one parse (see ListItems). */
  items: ListItems | undefined = undefined;
  /**
   * Where every node starts, when fastYaml.ts read the document (positions without a re-parse): the
   * table of all such documents of the file, this one's nodes from node `positionsAt` on (-1: none).
   */
  positions: PositionTable | undefined = undefined;
  positionsAt = -1;

  constructor(
    readonly source: string,
    readonly start: number,
    readonly end: number,
    readonly lineOffset: number,
    readonly json: boolean,
  ) {
    this.marker = !json && source.startsWith('---', start);
  }

  /** `text` of a document with a marker: a copy, made once (a big List's items are located in it one by one). */
  private blanked: string | undefined = undefined;

  /** The document's text, its `---` marker blanked. */
  get text(): string {
    if (!this.marker) return this.body;
    this.blanked ??= '   ' + this.source.slice(this.start + 3, this.end);
    return this.blanked;
  }

  /** The document's text as it is in the file, marker included (no copy: a slice of the file's text). */
  get body(): string {
    return this.source.slice(this.start, this.end);
  }

  get length(): number {
    return this.end - this.start;
  }
}

/**
 * A file's chunks as kept after loading, for the positions of findings: four numbers per document in
 * one array (50,000 Chunk objects weighed 5 MB), made Chunks again on first use.
 */
export function keptChunks(chunks: readonly Chunk[]): () => Chunk[] {
  const first = chunks[0];
  if (!first) return () => [];
  const numbers: number[] = [];
  let positions: PositionTable | undefined;
  let extras: Map<number, Chunk> | undefined;
  chunks.forEach((c, i) => {
    numbers.push(c.start, c.end, c.lineOffset, c.positionsAt);
    positions ??= c.positions;
    // A big List's item index (or a map already built): this chunk is kept as it is.
    if (c.items || c.map) (extras ??= new Map()).set(i, c);
  });
  const count = chunks.length;
  const { source, json } = first;
  let made: Chunk[] | undefined;
  return () => {
    made ??= Array.from({ length: count }, (_, i) => {
      const kept = extras?.get(i);
      if (kept) return kept;
      const c = new Chunk(source, numbers[i * 4] ?? 0, numbers[i * 4 + 1] ?? 0, numbers[i * 4 + 2] ?? 0, json);
      c.positionsAt = numbers[i * 4 + 3] ?? -1;
      if (c.positionsAt >= 0) c.positions = positions;
      return c;
    });
    return made;
  };
}

/**
 * Where each item of a big `kind: List` sits in its chunk's text (offset, start of its line, line
 * number), and where the list ends. A finding's position is then found by re-reading only its item,
 * not the whole document: in a 60 MB kubectl dump with thousands of findings, re-reading the
 * document cost as much as reading it.
 */
interface ListItems {
  starts: number[];
  lineStarts: number[];
  lines: number[];
  end: number;
  maps: Map<number, FileSourceMap | null>;
}

/** The `base` of a document that is not a List item: one frozen empty path for all of them (50,000 arrays at 50k resources). */
export const TOP_LEVEL: Path = Object.freeze([]);

export interface ParsedFile {
  documents: RawDocument[];
  findings: Finding[];
  chunks: Chunk[];
}

const MAX_DEPTH = 200;

/**
 * Whether documents are first offered to fastYaml.ts (js-yaml reads whatever it hands back): on
 * unless GWCTL_FAST_YAML=0 (to compare, or to rule the fast reader out when chasing a bug).
 */
let fastYaml = process.env['GWCTL_FAST_YAML'] !== '0';

/** Turns the fast reader on or off (tests and benchmarks compare both); returns the previous setting. */
export function useFastYaml(on: boolean): boolean {
  const was = fastYaml;
  fastYaml = on;
  return was;
}
/** Values read differently by YAML 1.2 reported per document; the last report counts the others. */
const MISREADS_SHOWN = 10;

/**
 * The file's documents, its parse findings and its chunks. With `onDocument`, each document is handed
 * over as soon as it is read instead of kept in `documents` (validating it then, rather than after the
 * whole file is read, holds one document's values at a time); the findings are the same.
 */
export function parseFile(file: SourceFile, onDocument?: (doc: RawDocument) => void): ParsedFile {
  const out: ParsedFile = { documents: [], findings: [], chunks: [] };
  const text = decode(file, out.findings);
  if (text === undefined) return out;
  const chunks = chunksOf(file.name, text);
  out.chunks = chunks;
  const take = onDocument ?? ((d: RawDocument) => void out.documents.push(d));
  startPositions();
  chunks.forEach((chunk, doc) => parseChunk(file.name, chunk, doc, out, take));
  // The file's positions sit together in a slab of the fast reader's (fastYaml.ts).
  const { table, start } = filePositions();
  for (const chunk of chunks) {
    if (chunk.positionsAt < 0) continue;
    chunk.positions = table;
    chunk.positionsAt += start;
  }
  return out;
}

function chunksOf(name: string, text: string): Chunk[] {
  const json = /\.json$/i.test(name) || /^\s*[[{]/.test(text.slice(0, 64)) && looksLikeJson(text);
  return json ? [new Chunk(text, 0, text.length, 0, true)] : splitDocuments(text);
}

/**
 * The chunks `parseFile` would keep for this file, rebuilt from its bytes: files parsed elsewhere
 * (worker threads) keep only their bytes until a finding needs a position.
 */
export function sourceChunks(file: SourceFile): Chunk[] {
  const text = decode(file, []);
  return text === undefined ? [] : chunksOf(file.name, text);
}

function looksLikeJson(text: string): boolean {
  const t = text.trimStart();
  return t.startsWith('{"') || t.startsWith('[') || t.startsWith('{\n') || t.startsWith('{\r');
}

/** Stateless between calls (no `stream`): one for every file. */
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

function decode(file: SourceFile, findings: Finding[]): string | undefined {
  if (file.text !== undefined) return withoutByteOrderMarks(file.text.charCodeAt(0) === 0xfeff ? file.text.slice(1) : file.text);
  const bytes = file.bytes;
  const at: At = { file: file.name, doc: -1, path: [] };
  const head = bytes.subarray(0, 8192);
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
    findings.push(finding('GW0002', { detail: 'UTF-16 text; save it as UTF-8' }, { at }));
    return undefined;
  }
  if (head.includes(0)) {
    findings.push(finding('GW0002', { detail: 'it contains binary data' }, { at }));
    return undefined;
  }
  let text: string;
  try {
    text = STRICT_UTF8.decode(bytes);
  } catch {
    const lossy = new TextDecoder('utf-8').decode(bytes);
    const bad = lossy.indexOf('\uFFFD');
    findings.push(
      finding('GW0002', { detail: 'invalid UTF-8 byte sequence' }, { at: { ...at, position: offsetToPosition(lossy, Math.max(bad, 0)) } }),
    );
    return undefined;
  }
  return withoutByteOrderMarks(text);
}

/** `text` as TextDecoder gave it (one leading byte order mark dropped), without those that remain. */
function withoutByteOrderMarks(text: string): string {
  // `cat a.yaml b.yaml` puts b's byte order mark at the start of a line inside the stream.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return body.includes('\ufeff') ? body.replace(/^\ufeff+/gm, '') : body;
}

/** Splits at `---` lines; the marker is blanked (in the chunk's `text`) so that lines and columns stay true. */
export function splitDocuments(text: string): Chunk[] {
  const chunks: Chunk[] = [];
  const lineAt = lineCounter(text);
  let start = 0;
  let startLine = 0;
  for (const marker of markers(text)) {
    // Even: a `---` at marker / 2; odd: a `...`.
    const at = Math.floor(marker / 2);
    chunks.push(new Chunk(text, start, at, startLine, false));
    startLine = lineAt(at);
    if (marker % 2 === 1) {
      const eol = text.indexOf('\n', at);
      start = eol === -1 ? text.length : eol + 1;
      startLine += 1;
    } else {
      start = at;
    }
  }
  chunks.push(new Chunk(text, start, text.length, startLine, false));
  return chunks;
}

const MARKER = /^(---|\.\.\.)(?=[ \t\r\n]|$)/gm;

/**
 * Where the `---` and `...` lines start, MARKER's matches, as 2 × offset (+ 1 for `...`). Text with only
 * LF line breaks (no CR, U+2028 or U+2029, which also start a line for the regex's `^`) is searched
 * with indexOf, without a match object per document.
 */
function markers(text: string): number[] {
  const out: number[] = [];
  if (text.includes('\r') || text.includes('\u2028') || text.includes('\u2029')) {
    for (const m of text.matchAll(MARKER)) out.push(m.index * 2 + (m[1] === '...' ? 1 : 0));
    return out;
  }
  const isMarker = (at: number): boolean => {
    const c = text.charCodeAt(at + 3);
    return at + 3 >= text.length || c === 0x20 || c === 0x09 || c === 0x0a;
  };
  // A marker at the very start, then after each line break.
  let dash = text.startsWith('---') ? 0 : nextAfterBreak(text, '\n---', 0);
  let dots = text.startsWith('...') ? 0 : nextAfterBreak(text, '\n...', 0);
  while (dash !== -1 || dots !== -1) {
    const isDots = dash === -1 || (dots !== -1 && dots < dash);
    const at = isDots ? dots : dash;
    if (isMarker(at)) out.push(at * 2 + (isDots ? 1 : 0));
    if (isDots) dots = nextAfterBreak(text, '\n...', at + 1);
    else dash = nextAfterBreak(text, '\n---', at + 1);
  }
  return out;
}

/** Where the text after the line break of the next `needle` (a line break and three characters) from `from` starts; -1 if none. */
function nextAfterBreak(text: string, needle: string, from: number): number {
  const i = text.indexOf(needle, from - 1 < 0 ? 0 : from - 1);
  return i === -1 ? -1 : i + 1;
}

function lineCounter(text: string): (offset: number) => number {
  let line = 0;
  let pos = 0;
  return (offset) => {
    for (let nl = text.indexOf('\n', pos); nl !== -1 && nl < offset; nl = text.indexOf('\n', nl + 1)) line++;
    pos = Math.max(pos, offset);
    return line;
  };
}

function parseChunk(file: string, chunk: Chunk, doc: number, out: ParsedFile, take: (doc: RawDocument) => void): void {
  let value: unknown;
  let misreads: readonly Misread[] = [];
  let fast: ReturnType<typeof readFastYaml> = undefined;
  try {
    if (chunk.json) {
      value = parseJson(chunk.text);
      // JSON.parse has no depth limit: hold JSON to the YAML limit, and let js-yaml find the spot.
      if (deeperThan(value, MAX_DEPTH)) yaml.load(chunk.text, { json: true, maxDepth: MAX_DEPTH } as yaml.LoadOptions);
    } else if (fastYaml && (fast = readFastYaml(chunk.body, MAX_DEPTH, chunk.marker, true)) !== undefined) {
      ({ value, misreads } = fast);
      if (fast.positionsAt !== undefined) chunk.positionsAt = fast.positionsAt;
    } else {
      const text = chunk.text;
      const recorder = text.length >= ITEM_INDEX_MIN && /^items[ \t]*:/m.test(text) ? listItemRecorder() : undefined;
      ({ value, misreads } = loadKubernetesYaml(text, { maxDepth: MAX_DEPTH, ...(recorder ? { listener: recorder.listener } : {}) }));
      const items = recorder && isRecord(value) ? value['items'] : undefined;
      if (recorder && Array.isArray(items)) {
        const found = recorder.itemsOf(items);
        if (found) chunk.items = found;
      }
    }
  } catch (e) {
    const at: At = { file, doc, path: [], position: errorPosition(e, chunk) };
    if (/\{\{/.test(chunk.text)) out.findings.push(finding('GW0004', {}, { at }));
    else out.findings.push(finding(chunk.json ? 'GW0012' : 'GW0001', { reason: errorReason(e) }, { at }));
    return;
  }
  // At most MISREADS_SHOWN per document, the last one counting the rest: output stays linear. A file
  // that holds no Kubernetes objects (a CI workflow's `on:`) is not read the API server's way at all.
  if (misreads.length > 0 && !isKnownNonKubernetesFile(file)) reportMisreads(file, doc, chunk, misreads, out);
  if (value === null || value === undefined) return;
  // What the fast reader read needs no measuring: it expands no aliases (so it has fewer nodes than
  // characters, far below the limit) and hands back a `[object Object]` key (a templated document).
  if (fast === undefined) {
    const size = measure(value, 4 * chunk.length + 10_000);
    if (size.templated) {
      if (!isKnownNonKubernetesFile(file)) out.findings.push(finding('GW0004', {}, { at: { file, doc, path: [] } }));
      return;
    }
    if (size.exceeded) {
      out.findings.push(finding('GW0003', { nodes: size.count, limit: size.limit }, { at: { file, doc, path: [] } }));
      return;
    }
    if (chunk.json && size.properties < jsonKeyCount(chunk.text)) reportDuplicateKeys(file, doc, chunk, out);
  }
  if (isRecord(value) && isList(value)) flattenList(file, doc, value, out, take);
  else take({ file, doc, base: TOP_LEVEL, value });
}

function reportMisreads(file: string, doc: number, chunk: Chunk, misreads: readonly Misread[], out: ParsedFile): void {
  const shown = misreads.slice(0, MISREADS_SHOWN);
  const positions = positionsIn(chunk, shown.map((m) => m.offset));
  shown.forEach((m, i) => {
    const more = i === shown.length - 1 ? misreads.length - shown.length : 0;
    const args = { text: m.text, kubernetes: describeScalar(m.kubernetes), yaml12: describeScalar(m.yaml12), more };
    out.findings.push(finding('GW0013', args, { at: { file, doc, path: [], position: positions[i] ?? { line: chunk.lineOffset + 1, column: 1 } } }));
  });
}

/** Documents smaller than this are re-read whole for positions (cheap); bigger Lists index their items. */
const ITEM_INDEX_MIN = 1 << 16;

/**
 * A parse listener that notes where every child of every top-level value starts (the items of
 * `items:` among them; a few numbers per node, dropped when the value is not a list), and keeps them
 * for the values that turn out to be arrays with one start per element.
 */
function listItemRecorder(): { listener: NodeListener; itemsOf(items: unknown[]): ListItems | undefined } {
  let depth = 0;
  let starts: number[] = [];
  let lineStarts: number[] = [];
  let lines: number[] = [];
  const kept = new Map<unknown, ListItems>();
  const listener: NodeListener = (event, state) => {
    if (event === 'open') {
      depth++;
      if (depth === 3) {
        starts.push(state.position);
        lineStarts.push(state.lineStart);
        lines.push(state.line);
      } else if (depth === 2 && starts.length > 0) {
        starts = [];
        lineStarts = [];
        lines = [];
      }
      return;
    }
    if (depth === 2) {
      const result = state.result;
      if (Array.isArray(result) && result.length === starts.length && result.length > 0) {
        // The list ends where the line of what follows it starts (or with the text).
        const end = state.position >= state.input.length ? state.input.length : state.lineStart;
        kept.set(result, { starts, lineStarts, lines, end, maps: new Map() });
      }
      starts = [];
      lineStarts = [];
      lines = [];
    }
    depth--;
  };
  return { listener, itemsOf: (items) => kept.get(items) };
}

const isList = (v: Record<string, unknown>): boolean => isListKind(v) && Object.hasOwn(v, 'items');

/**
 * A `kind: List` (or `*List`) gives its items as documents, nested Lists flattened as kubectl's
 * FlattenListVisitor does (breadth first: a nested List's items come after its siblings). Items
 * that are not a list, and empty items, are findings: kubectl cannot decode them.
 */
function flattenList(file: string, doc: number, root: Record<string, unknown>, out: ParsedFile, take: (doc: RawDocument) => void): void {
  const queue: { base: Path; list: Record<string, unknown> }[] = [{ base: [], list: root }];
  for (let q = 0; q < queue.length; q++) {
    const next = queue[q];
    if (!next) break;
    const items = next.list['items'];
    if (items === null || items === undefined) continue;
    if (!Array.isArray(items)) {
      out.findings.push(finding('GW0015', { found: describeShape(items) }, { at: { file, doc, path: [...next.base, 'items'] } }));
      continue;
    }
    items.forEach((item: unknown, i: number) => {
      const base = [...next.base, 'items', i];
      if (item === null || item === undefined) out.findings.push(finding('GW0005', { missing: 'apiVersion and kind (the list item is empty)' }, { at: { file, doc, path: base } }));
      else if (isRecord(item) && isList(item)) queue.push({ base, list: item });
      else take({ file, doc, base, value: item });
    });
  }
}

function describeShape(v: unknown): string {
  if (isRecord(v)) return 'a mapping';
  if (typeof v === 'string') return 'a string';
  return typeof v === 'number' || typeof v === 'boolean' ? `the value ${String(v)}` : 'not a list';
}

/** Keys in JSON text: every string token followed by a colon (strings are consumed whole, in order). */
function jsonKeyCount(text: string): number {
  let n = 0;
  JSON_STRING.lastIndex = 0;
  // exec in a loop: about twice as fast as matchAll on a 100 MB kubectl dump.
  for (let m = JSON_STRING.exec(text); m !== null; m = JSON_STRING.exec(text)) if (m[1] !== undefined) n++;
  return n;
}
const JSON_STRING = /"[^"\\]*(?:\\.[^"\\]*)*"(\s*:)?/g;

/**
 * JSON.parse keeps the last of duplicate keys without a word; the API server's strict validation
 * rejects them. Found only when the parsed value has fewer properties than the text has keys: the
 * first duplicate is reported with its position, and how many more there are.
 */
function reportDuplicateKeys(file: string, doc: number, chunk: Chunk, out: ParsedFile): void {
  const stack: (Set<string> | null)[] = [];
  const found: { key: string; offset: number }[] = [];
  for (const m of chunk.text.matchAll(JSON_TOKEN)) {
    const t = m[0];
    if (t === '{') stack.push(new Set());
    else if (t === '[') stack.push(null);
    else if (t === '}' || t === ']') stack.pop();
    else if (m[1] !== undefined) {
      const keys = stack[stack.length - 1];
      if (!keys) continue;
      const key = String(JSON.parse(t.slice(0, t.length - m[1].length)));
      if (keys.has(key)) found.push({ key, offset: m.index });
      else keys.add(key);
    }
  }
  const first = found[0];
  if (!first) return;
  const at = positionsIn(chunk, [first.offset])[0];
  out.findings.push(finding('GW0014', { key: first.key, more: found.length - 1 }, { at: { file, doc, path: [], ...(at ? { position: at } : {}) } }));
}
const JSON_TOKEN = /[{}[\]]|"[^"\\]*(?:\\.[^"\\]*)*"(\s*:)?/g;

/** Positions of increasing offsets in a chunk, in one pass over its text. */
function positionsIn(chunk: Chunk, offsets: readonly number[]): Position[] {
  const out: Position[] = [];
  const text = chunk.text;
  let line = 1;
  let lineStart = 0;
  let i = 0;
  for (const offset of offsets) {
    if (offset < i) {
      line = 1;
      lineStart = 0;
      i = 0;
    }
    for (; i < offset && i < text.length; i++) {
      if (text.charCodeAt(i) === 10) {
        line++;
        lineStart = i + 1;
      }
    }
    out.push({ line: line + chunk.lineOffset, column: offset - lineStart + 1 });
  }
  return out;
}

function isListKind(v: Record<string, unknown>): boolean {
  const kind = v['kind'];
  return typeof kind === 'string' && (kind === 'List' || (kind.endsWith('List') && typeof v['apiVersion'] === 'string'));
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function deeperThan(root: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop() as [unknown, number];
    if (typeof v !== 'object' || v === null) continue;
    if (depth >= limit) return true;
    for (const x of Array.isArray(v) ? v : Object.values(v)) stack.push([x, depth + 1]);
  }
  return false;
}

/** JSON.parse is several times faster than YAML for .json files; its errors name an offset. */
function parseJson(text: string): unknown {
  return JSON.parse(text);
}

/**
 * Counts values as a reader would see them, aliases expanded. js-yaml shares aliased objects, so
 * parsing a "billion laughs" is cheap but walking it is not: stop at a budget proportional to the
 * text, which honest documents never reach.
 */
function measure(root: unknown, limit: number): { count: number; limit: number; exceeded: boolean; templated: boolean; properties: number } {
  let count = 0;
  let properties = 0;
  let templated = false;
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const v = stack.pop();
    if (++count > limit) return { count, limit, exceeded: true, templated, properties };
    if (Array.isArray(v)) for (const x of v) stack.push(x);
    else if (isRecord(v)) {
      // for-in visits the same keys as Object.keys here (plain objects), without an array per object.
      for (const k in v) {
        properties++;
        if (k === '[object Object]') templated = true;
        stack.push(v[k]);
      }
    }
  }
  return { count, limit, exceeded: false, templated, properties };
}

function errorReason(e: unknown): string {
  if (e instanceof yaml.YAMLException) {
    const reason = e.reason || 'cannot parse';
    const depth = /nesting exceeded maxDepth \((\d+)\)/.exec(reason);
    if (depth) return `document is nested deeper than ${depth[1]} levels`;
    if (reason.startsWith('unknown tag')) return `${reason.replace(/!<tag:yaml\.org,2002:([^>]*)>/, '!!$1')} (gwctl never evaluates tags)`;
    return reason;
  }
  if (e instanceof SyntaxError) return e.message.replace(/ in JSON at position \d+.*$/, '').replace(/^JSON\.parse: /, '');
  return 'cannot parse';
}

function errorPosition(e: unknown, chunk: Chunk): Position {
  if (e instanceof yaml.YAMLException && e.mark) {
    return { line: e.mark.line + 1 + chunk.lineOffset, column: e.mark.column + 1 };
  }
  if (e instanceof SyntaxError) {
    const m = /position (\d+)/.exec(e.message);
    if (m) {
      const p = offsetToPosition(chunk.text, Number(m[1]));
      return { line: p.line + chunk.lineOffset, column: p.column };
    }
  }
  return { line: chunk.lineOffset + 1, column: 1 };
}

function offsetToPosition(text: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** Position of a field, computed on first use per document (positions cost a re-parse). */
export function chunkPosition(chunks: Chunk[], doc: number, path: Path): Position | undefined {
  const chunk = chunks[doc];
  if (!chunk) return undefined;
  const item = path[0] === 'items' && typeof path[1] === 'number' && chunk.items ? itemPosition(chunk, chunk.items, path[1], path.slice(2)) : undefined;
  if (item) return item;
  chunk.map ??= chunk.positions ? fastSourceMap(chunk.text, chunk.positions, chunk.positionsAt) : buildSourceMap(chunk.text, chunk.json);
  const p = path.length === 0 ? chunk.map.documentStart(0) : chunk.map.positionOf(0, path);
  return { line: p.line + chunk.lineOffset, column: p.column };
}

/**
 * Position of a field inside item `i` of a big List, from that item's lines alone: the text from the
 * start of its line to the next item's line, with the `- ` before it blanked, read as a document of
 * its own (lines and columns stay true). Undefined, so that the whole document is read instead,
 * unless the item is a block entry (`- ` then the item, on its own lines) that reads back starting
 * exactly where the one parse saw it start (an alias to an earlier item, for one, does not).
 */
function itemPosition(chunk: Chunk, items: ListItems, i: number, path: Path): Position | undefined {
  let map = items.maps.get(i);
  const start = items.starts[i];
  const lineStart = items.lineStarts[i];
  const line = items.lines[i];
  if (start === undefined || lineStart === undefined || line === undefined) return undefined;
  if (map === undefined) {
    map = null;
    const end = items.lineStarts[i + 1] ?? items.end;
    const text = chunk.text;
    const prefix = text.slice(lineStart, start);
    if (end > start && /^ *- +$/.test(prefix)) {
      const candidate = buildSourceMap(' '.repeat(prefix.length) + text.slice(start, end));
      const first = candidate.documentStart(0);
      if (candidate.complete && first.line === 1 && first.column === prefix.length + 1) map = candidate;
    }
    items.maps.set(i, map);
  }
  if (map === null) return undefined;
  const p = path.length === 0 ? map.documentStart(0) : map.positionOf(0, path);
  return { line: p.line + line + chunk.lineOffset, column: p.column };
}
