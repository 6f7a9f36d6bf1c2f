// Positions (line and column) inside a file's chunks: of a field, found by reading the document again
// (or its position table, or one item of a big List) on first use; and of offsets in a chunk's text.
import { buildSourceMap, type Path, type Position } from './sourceMap.js';
import { fastSourceMap } from './fastPositions.js';
import type { Chunk, ListItems } from './documentChunks.js';

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

/** Positions of increasing offsets in a chunk, in one pass over its text. */
export function positionsIn(chunk: Chunk, offsets: readonly number[]): Position[] {
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

/** Line and column of an offset in a text. */
export function offsetToPosition(text: string, offset: number): Position {
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
