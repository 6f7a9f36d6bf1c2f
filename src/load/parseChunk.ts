// One document's chunk -> the documents in it, with the chunk's findings: the fast reader (fastYaml.ts)
// or js-yaml, JSON.parse for JSON; a `kind: List` flattened into its items; duplicate JSON keys; the
// depth and size limits; YAML 1.2 misreads. Pure: no file system here.
import yaml from 'js-yaml';
import { isKnownNonKubernetesFile } from './nonKubernetes.js';
import { finding, type At, type Finding } from '../diagnostics/finding.js';
import { describeScalar, loadKubernetesYaml, type Misread, type NodeListener } from './kubeYaml.js';
import type { Path, Position } from './sourceMap.js';
import { readFastYaml } from './fastYaml.js';
import type { Chunk, ListItems } from './documentChunks.js';
import { offsetToPosition, positionsIn } from './chunkPositions.js';
import { isRecord } from './isRecord.js';

export interface RawDocument {
  file: string;
  /** Index of the YAML document within the file. */
  doc: number;
  /** Where the object sits inside that document: [] or ['items', i] for `kind: List`. */
  base: Path;
  value: unknown;
  /**
   * Whether `value` was made for this document alone and shares no object between two places (read
   * by fastYaml.ts or JSON.parse, which make every node anew; js-yaml's aliases share theirs): then
   * validation may keep its objects rather than copy them (schema/fastParse.ts).
   */
  fresh?: boolean;
}

/** The `base` of a document that is not a List item: one frozen empty path for all of them (50,000 arrays at 50k resources). */
export const TOP_LEVEL: Path = Object.freeze([]);

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
 * One chunk's documents handed to `take` (a `kind: List`'s items one by one), its findings pushed to
 * `findings`: a parse error, YAML 1.2 misreads, templated text, the size limit, duplicate JSON keys.
 */
export function parseChunk(file: string, chunk: Chunk, doc: number, findings: Finding[], take: (doc: RawDocument) => void): void {
  let value: unknown;
  let misreads: readonly Misread[] = [];
  let fast: ReturnType<typeof readFastYaml> = undefined;
  try {
    if (chunk.json) {
      value = parseJson(chunk.text);
      // JSON.parse has no depth limit: hold JSON to the YAML limit, and let js-yaml find the spot.
      if (deeperThan(value, MAX_DEPTH)) yaml.load(chunk.text, { json: true, maxDepth: MAX_DEPTH } as yaml.LoadOptions);
    } else if (fastYaml && (fast = readFastYaml(chunk.source, MAX_DEPTH, chunk.marker, true, chunk.start, chunk.end)) !== undefined) {
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
    if (/\{\{/.test(chunk.text)) findings.push(finding('GW0004', {}, { at }));
    else findings.push(finding(chunk.json ? 'GW0012' : 'GW0001', { reason: errorReason(e) }, { at }));
    return;
  }
  // At most MISREADS_SHOWN per document, the last one counting the rest: output stays linear. A file
  // that holds no Kubernetes objects (a CI workflow's `on:`) is not read the API server's way at all.
  if (misreads.length > 0 && !isKnownNonKubernetesFile(file)) reportMisreads(file, doc, chunk, misreads, findings);
  if (value === null || value === undefined) return;
  // What the fast reader read needs no measuring: it expands no aliases (so it has fewer nodes than
  // characters, far below the limit) and hands back a `[object Object]` key (a templated document).
  if (fast === undefined) {
    const size = measure(value, 4 * chunk.length + 10_000);
    if (size.templated) {
      if (!isKnownNonKubernetesFile(file)) findings.push(finding('GW0004', {}, { at: { file, doc, path: [] } }));
      return;
    }
    if (size.exceeded) {
      findings.push(finding('GW0003', { nodes: size.count, limit: size.limit }, { at: { file, doc, path: [] } }));
      return;
    }
    if (chunk.json && size.properties < jsonKeyCount(chunk.text)) reportDuplicateKeys(file, doc, chunk, findings);
  }
  const fresh = fast !== undefined || chunk.json;
  if (isRecord(value) && isList(value)) flattenList(file, doc, value, fresh, findings, take);
  else take({ file, doc, base: TOP_LEVEL, value, fresh });
}

function reportMisreads(file: string, doc: number, chunk: Chunk, misreads: readonly Misread[], findings: Finding[]): void {
  const shown = misreads.slice(0, MISREADS_SHOWN);
  const positions = positionsIn(chunk, shown.map((m) => m.offset));
  shown.forEach((m, i) => {
    const more = i === shown.length - 1 ? misreads.length - shown.length : 0;
    const args = { text: m.text, kubernetes: describeScalar(m.kubernetes), yaml12: describeScalar(m.yaml12), more };
    findings.push(finding('GW0013', args, { at: { file, doc, path: [], position: positions[i] ?? { line: chunk.lineOffset + 1, column: 1 } } }));
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
function flattenList(file: string, doc: number, root: Record<string, unknown>, fresh: boolean, findings: Finding[], take: (doc: RawDocument) => void): void {
  const queue: { base: Path; list: Record<string, unknown> }[] = [{ base: [], list: root }];
  for (let q = 0; q < queue.length; q++) {
    const next = queue[q];
    if (!next) break;
    const items = next.list['items'];
    if (items === null || items === undefined) continue;
    if (!Array.isArray(items)) {
      findings.push(finding('GW0015', { found: describeShape(items) }, { at: { file, doc, path: [...next.base, 'items'] } }));
      continue;
    }
    items.forEach((item: unknown, i: number) => {
      const base = [...next.base, 'items', i];
      if (item === null || item === undefined) findings.push(finding('GW0005', { missing: 'apiVersion and kind (the list item is empty)' }, { at: { file, doc, path: base } }));
      else if (isRecord(item) && isList(item)) queue.push({ base, list: item });
      else take({ file, doc, base, value: item, fresh });
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
function reportDuplicateKeys(file: string, doc: number, chunk: Chunk, findings: Finding[]): void {
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
  findings.push(finding('GW0014', { key: first.key, more: found.length - 1 }, { at: { file, doc, path: [], ...(at ? { position: at } : {}) } }));
}
const JSON_TOKEN = /[{}[\]]|"[^"\\]*(?:\\.[^"\\]*)*"(\s*:)?/g;

function isListKind(v: Record<string, unknown>): boolean {
  const kind = v['kind'];
  return typeof kind === 'string' && (kind === 'List' || (kind.endsWith('List') && typeof v['apiVersion'] === 'string'));
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
