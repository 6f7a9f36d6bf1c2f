// Source positions for YAML/JSON documents. js-yaml's typed API has no positions; its loader
// `listener` option reports node open/close events with the parser state. This module is the only
// place that knows about that: everything else asks `positionOf(docIndex, path)`.
import yaml from 'js-yaml';
import { kubernetesSchema } from './kubeYaml.js';
import type { Path, PathSegment, Position } from '../diagnostics/path.js';

export type { Path, PathSegment, Position };

interface Node {
  start: number;
  result: unknown;
  /** NO_CHILDREN (shared) until the first child: most nodes are scalars. */
  children: Node[];
  /** Built on the first lookup through this node: a sequence's item nodes, a mapping's key/value nodes by key (first one wins). */
  items?: (Node | undefined)[];
  fields?: Map<string, { key: Node; value: Node }>;
}

interface ListenerState {
  position: number;
  result: unknown;
  kind: string | null;
}

/** Positions of every field of every document in one file, built on first use. */
export interface FileSourceMap {
  /** Position of the field at `path` in document `doc`; falls back to the nearest ancestor. */
  positionOf(doc: number, path: Path): Position;
  /** Position of the document's first content line. */
  documentStart(doc: number): Position;
  /** Whether the whole text was read without an error (else only the documents before it are mapped). */
  complete: boolean;
}

/**
 * The position of an offset in `text`: of the first character at or after it that is not white
 * space, a comment or a `---` marker (a node's listener offset can be before its first character).
 */
export function positionFinder(text: string): (offset: number) => Position {
  let lineStarts: number[] | undefined;
  return (offset) => {
    lineStarts ??= computeLineStarts(text);
    const o = skipBlank(text, offset);
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((lineStarts[mid] ?? 0) <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: o - (lineStarts[lo] ?? 0) + 1 };
  };
}

export function buildSourceMap(text: string, json = false): FileSourceMap {
  const toPosition = positionFinder(text);

  // Nothing is indexed up front: a lookup walks down its path and indexes only the nodes it passes
  // through (once each), so the cost follows the findings, not the size of the document (a 60 MB
  // `kind: List` has millions of paths; a Map of all of them was most of analyze's time).
  const { roots, complete } = collectRoots(text, json);

  return {
    complete,
    positionOf(doc, path) {
      const root = roots[doc];
      return toPosition(root ? locate(root, path) : 0);
    },
    documentStart(doc) {
      const root = roots[doc];
      return toPosition(root ? unwrap(root).start : 0);
    },
  };
}

/** Offset of the field at `path` under `raw`, or of its nearest ancestor that exists. */
function locate(raw: Node, path: Path): number {
  let node = unwrap(raw);
  let at = node.start;
  for (const segment of path) {
    const value = node.result;
    if (Array.isArray(value)) {
      const item = itemsOf(node)[typeof segment === 'number' ? segment : /^\d+$/.test(segment) ? Number(segment) : -1];
      if (!item) return at;
      node = unwrap(item);
      at = node.start;
    } else if (value !== null && typeof value === 'object') {
      const field = fieldsOf(node).get(String(segment));
      if (!field) return at;
      // The key's line is where users look for a field.
      at = field.key.start;
      node = unwrap(field.value);
    } else {
      return at;
    }
  }
  return at;
}

/** A sequence's item nodes by index. Empty items (`-` alone) produce no node, so children pair to items in order. */
function itemsOf(node: Node): (Node | undefined)[] {
  if (node.items) return node.items;
  const value = node.result;
  const items: (Node | undefined)[] = [];
  if (Array.isArray(value)) {
    let j = 0;
    for (let i = 0; i < value.length; i++) {
      const child = node.children[j];
      if (child && sameValue(unwrap(child).result, value[i])) {
        items.push(child);
        j++;
      } else {
        items.push(undefined);
      }
    }
  }
  node.items = items;
  return items;
}

/** A mapping's key and value nodes by key name; the first of duplicate keys wins. */
function fieldsOf(node: Node): Map<string, { key: Node; value: Node }> {
  if (node.fields) return node.fields;
  const fields = new Map<string, { key: Node; value: Node }>();
  const kids = node.children;
  for (let i = 0; i + 1 < kids.length; i += 2) {
    const k = kids[i];
    const v = kids[i + 1];
    if (!k || !v) break;
    const name = unwrap(k).result;
    if (typeof name !== 'string' && typeof name !== 'number' && typeof name !== 'boolean') continue;
    const childKey = String(name);
    if (!fields.has(childKey)) fields.set(childKey, { key: k, value: v });
  }
  node.fields = fields;
  return fields;
}

const NO_CHILDREN: Node[] = [];

/** Re-parses the text with the position listener; a parse error leaves the roots parsed so far. */
function collectRoots(text: string, json: boolean): { roots: (Node | undefined)[]; complete: boolean } {
  const roots: (Node | undefined)[] = [];
  const stack: Node[] = [];
  const listener = (event: 'open' | 'close', state: ListenerState): void => {
    if (event === 'open') {
      stack.push({ start: state.position, result: undefined, children: NO_CHILDREN });
      return;
    }
    const node = stack.pop();
    if (!node) return;
    node.result = state.result;
    const parent = stack[stack.length - 1];
    if (parent) {
      if (parent.children === NO_CHILDREN) parent.children = [node];
      else parent.children.push(node);
    }
    else roots.push(node);
  };
  try {
    // js-yaml's default maxDepth (100) is below the loader's limit: deeper documents had no positions.
    // The loader's schema (YAML 1.1 scalars, as Kubernetes reads them), so that keys and values match.
    yaml.loadAll(text, () => undefined, { json, listener, maxDepth: 1000, schema: kubernetesSchema() } as yaml.LoadOptions);
  } catch {
    // Positions of the documents before the error are still useful.
    return { roots, complete: false };
  }
  return { roots, complete: true };
}

/** A block-sequence item or compact value can wrap one node holding the same value. */
function unwrap(node: Node): Node {
  let n = node;
  for (let only = n.children[0]; n.children.length === 1 && only && only.result === n.result; only = n.children[0]) n = only;
  return n;
}

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || (typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b));
}

function computeLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

/** Skips white space and comments so a node's position is its first character. */
function skipBlank(text: string, offset: number): number {
  let i = offset;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 0xfeff) i++;
    else if (c === 35 /* # */) {
      while (i < text.length && text.charCodeAt(i) !== 10) i++;
    } else if (c === 45 /* - */ && text.startsWith('---', i) && (i === 0 || text.charCodeAt(i - 1) === 10)) i += 3;
    else break;
  }
  return i < text.length ? i : Math.max(0, Math.min(offset, text.length - 1));
}
