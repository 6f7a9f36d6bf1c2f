// Positions of a document read by fastYaml.ts, from the table it wrote in its one pass: the same
// answers as sourceMap.ts's listener re-parse (test/load/fastYamlCorpus.test.ts checks every leaf).
import { FLOW_MAP, keyAt, MAP, SEQ, type PositionTable } from './fastYaml.js';
import { positionFinder, type FileSourceMap, type Path } from './sourceMap.js';

/** Sequences with more items than this get an index of their items on first lookup (big Lists). */
const INDEXED_ITEMS = 32;

/** `table` from node `base` on is the document's (several documents' tables packed in one). */
export function fastSourceMap(text: string, table: PositionTable, base = 0): FileSourceMap {
  const toPosition = positionFinder(text);
  const items = new Map<number, Int32Array>();
  // Node indices below are the document's own (as the reader wrote them): 0 is its root.
  const nodeEnd = (i: number): number => (table[(base + i) * 2 + 1] ?? 0) >> 2;
  const kindOf = (i: number): number => (table[(base + i) * 2 + 1] ?? 0) & 3;
  const offsetOf = (i: number): number => table[(base + i) * 2] ?? 0;

  /** Node index of item `k` of the sequence at node `i`, or -1. */
  const itemOf = (i: number, k: number): number => {
    const end = nodeEnd(i);
    let index = items.get(i);
    if (!index) {
      let j = i + 1;
      let n = 0;
      for (; j < end && n <= INDEXED_ITEMS; n++) j = nodeEnd(j);
      if (n <= INDEXED_ITEMS) {
        // Few items: walk them.
        j = i + 1;
        for (let m = 0; j < end; m++, j = nodeEnd(j)) if (m === k) return j;
        return -1;
      }
      const starts: number[] = [];
      for (j = i + 1; j < end; j = nodeEnd(j)) starts.push(j);
      index = Int32Array.from(starts);
      items.set(i, index);
    }
    return index[k] ?? -1;
  };

  /** Node index of the entry named `name` in the mapping at node `i`, or -1. */
  const fieldOf = (i: number, name: string): number => {
    const end = nodeEnd(i);
    const flow = kindOf(i) === FLOW_MAP;
    for (let j = i + 1; j < end; j = nodeEnd(j)) if (keyAt(text, offsetOf(j), flow) === name) return j;
    return -1;
  };

  /** sourceMap.ts's `locate`: the offset of the field at `path`, or of its nearest ancestor that exists. */
  const locate = (path: Path): number => {
    let i = 0;
    let at = offsetOf(0);
    for (const segment of path) {
      const kind = kindOf(i);
      let next = -1;
      if (kind === SEQ) {
        const k = typeof segment === 'number' ? segment : /^\d+$/.test(segment) ? Number(segment) : -1;
        if (Number.isInteger(k) && k >= 0) next = itemOf(i, k);
      } else if (kind === MAP || kind === FLOW_MAP) {
        next = fieldOf(i, String(segment));
      }
      if (next < 0) return at;
      i = next;
      at = offsetOf(i);
    }
    return at;
  };

  return {
    complete: true,
    positionOf: (doc, path) => toPosition(doc === 0 ? locate(path) : 0),
    documentStart: (doc) => toPosition(doc === 0 ? offsetOf(0) : 0),
  };
}
