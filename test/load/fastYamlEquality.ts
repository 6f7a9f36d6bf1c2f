// The equality contract of load/fastYaml.ts, shared by the corpus test and the differential fuzzer:
// for one document's text, the fast reader either hands it back (undefined) or gives exactly what
// js-yaml with KUBERNETES_SCHEMA gives — value (key order, prototypes, -0, NaN), misreads, and the
// position of every node.
import { loadKubernetesYaml, type KubeLoadResult } from '../../src/load/kubeYaml.js';
import { filePositions, lastFallback, readFastYaml } from '../../src/load/fastYaml.js';
import { fastSourceMap } from '../../src/load/fastPositions.js';
import { buildSourceMap, type Path } from '../../src/load/sourceMap.js';

export const MAX_DEPTH = 200;

export type Outcome = { handled: false; jsYamlError: boolean; where: string } | { handled: true };

/** Compares both readers on one document's text; throws an Error naming the first difference. */
export function checkDocument(text: string, label: string): Outcome {
  let reference: KubeLoadResult | undefined;
  let error: unknown;
  try {
    reference = loadKubernetesYaml(text, { maxDepth: MAX_DEPTH });
  } catch (e) {
    error = e;
  }
  const fast = readFastYaml(text, MAX_DEPTH);
  if (fast === undefined) return { handled: false, jsYamlError: error !== undefined, where: lastFallback };
  if (!reference) throw new Error(`${label}: js-yaml fails (${error instanceof Error ? error.message.split('\n')[0] : String(error)}) but the fast reader read it`);
  const diff = difference(reference.value, fast.value, []);
  if (diff) throw new Error(`${label}: values differ at ${diff}`);
  const misreads = difference(reference.misreads, fast.misreads, ['misreads']);
  if (misreads) throw new Error(`${label}: misreads differ at ${misreads}`);
  if ((fast.positionsAt === undefined) !== (fast.value === null || fast.value === undefined)) throw new Error(`${label}: positions missing`);
  if (fast.positionsAt !== undefined) {
    const slow = buildSourceMap(text);
    const slab = filePositions();
    const quick = fastSourceMap(text, slab.table, slab.start + fast.positionsAt);
    const same = (p: Path): void => {
      const a = slow.positionOf(0, p);
      const b = quick.positionOf(0, p);
      if (a.line !== b.line || a.column !== b.column) throw new Error(`${label}: position of ${JSON.stringify(p)}: js-yaml ${a.line}:${a.column}, fast ${b.line}:${b.column}`);
    };
    const start = [slow.documentStart(0), quick.documentStart(0)];
    if (start[0]?.line !== start[1]?.line || start[0]?.column !== start[1]?.column) throw new Error(`${label}: document start differs`);
    forEachPath(fast.value, [], (p) => {
      same(p);
      same([...p, 'no-such-key']);
      same([...p, 9999]);
    });
  }
  checkInFile(text, fast, label);
  return { handled: true };
}

/**
 * The document read where parseFile reads it, as a range of its file's text between other documents
 * (after one, and before one when it ends with a line break, as documentChunks.ts splits), must give
 * what it gives read alone: value, misreads, the numbers of its positions. After a file that has a
 * lone CR elsewhere too (each document is then checked alone).
 */
function checkInFile(text: string, alone: NonNullable<ReturnType<typeof readFastYaml>>, label: string): void {
  const aloneSlab = filePositions();
  const aloneTable = Array.from(aloneSlab.table.subarray((aloneSlab.start + (alone.positionsAt ?? 0)) * 2, (aloneSlab.start + (alone.positionsAt ?? 0)) * 2 + 2 * nodesOf(alone)));
  for (const after of ['---\nb: 2\n', '---\nb: "x\ry"\n']) {
    const before = 'a: 1\n---\n';
    const file = before + text + (text.endsWith('\n') ? after : '');
    const inFile = readFastYaml(file, MAX_DEPTH, false, false, before.length, before.length + text.length);
    if (!inFile) throw new Error(`${label}: read alone, but not inside its file`);
    const diff = difference(alone.value, inFile.value, []) ?? difference(alone.misreads, inFile.misreads, ['misreads']);
    if (diff) throw new Error(`${label}: read inside its file differently at ${diff}`);
    const slab = filePositions();
    const at = (slab.start + (inFile.positionsAt ?? 0)) * 2;
    const table = Array.from(slab.table.subarray(at, at + 2 * nodesOf(inFile)));
    if (table.join() !== aloneTable.join()) throw new Error(`${label}: positions read inside its file differ`);
  }
}

/** The nodes of a document's position table: its root's `end` (see PositionTable). */
function nodesOf(doc: NonNullable<ReturnType<typeof readFastYaml>>): number {
  if (doc.positionsAt === undefined) return 0;
  const slab = filePositions();
  return (slab.table[(slab.start + doc.positionsAt) * 2 + 1] ?? 0) >> 2;
}

/**
 * A document that starts with a `---` marker is read from the file's text with the marker read as
 * spaces (documentChunks.ts): it must give exactly what its blanked copy gives (value, misreads,
 * every position), or fall back as the copy does.
 */
export function checkMarker(body: string, label: string): void {
  if (!body.startsWith('---')) return;
  const blankedText = '   ' + body.slice(3);
  const fromCopy = readFastYaml(blankedText, MAX_DEPTH);
  const copySlab = filePositions();
  const fromBody = readFastYaml(body, MAX_DEPTH, true);
  const bodySlab = filePositions();
  if ((fromCopy === undefined) !== (fromBody === undefined)) throw new Error(`${label}: read from the file's text ${fromBody ? 'read' : 'fell back'}, its blanked copy not`);
  if (!fromCopy || !fromBody) return;
  const diff = difference(fromCopy.value, fromBody.value, []) ?? difference(fromCopy.misreads, fromBody.misreads, ['misreads']);
  if (diff) throw new Error(`${label}: the marker read differently at ${diff}`);
  if (fromCopy.positionsAt === undefined || fromBody.positionsAt === undefined) {
    if (fromCopy.positionsAt !== fromBody.positionsAt) throw new Error(`${label}: positions missing`);
    return;
  }
  const a = fastSourceMap(blankedText, copySlab.table, copySlab.start + fromCopy.positionsAt);
  const b = fastSourceMap(blankedText, bodySlab.table, bodySlab.start + fromBody.positionsAt);
  forEachPath(fromBody.value, [], (p) => {
    const x = a.positionOf(0, p);
    const y = b.positionOf(0, p);
    if (x.line !== y.line || x.column !== y.column) throw new Error(`${label}: position of ${JSON.stringify(p)} differs with the marker`);
  });
}

function forEachPath(v: unknown, path: Path, visit: (p: Path) => void): void {
  visit(path);
  if (Array.isArray(v)) v.forEach((x: unknown, i) => forEachPath(x, [...path, i], visit));
  else if (typeof v === 'object' && v !== null) for (const k of Object.keys(v)) forEachPath((v as Record<string, unknown>)[k], [...path, k], visit);
}

/** Where two values first differ (strictly: types, Object.is, key order, prototypes), or undefined. */
export function difference(a: unknown, b: unknown, path: (string | number)[]): string | undefined {
  const here = (why: string): string => `${JSON.stringify(path)}: ${why}`;
  if (typeof a !== typeof b) return here(`${typeof a} vs ${typeof b}`);
  if (typeof a !== 'object' || a === null || b === null) return Object.is(a, b) ? undefined : here(`${String(a)} vs ${String(b)}`);
  if (Array.isArray(a) !== Array.isArray(b)) return here('array vs not');
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return here('prototypes differ');
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return here(`length ${a.length} vs ${b.length}`);
    for (let i = 0; i < a.length; i++) {
      const d = difference(a[i], b[i], [...path, i]);
      if (d) return d;
    }
    return undefined;
  }
  const ka = Object.getOwnPropertyNames(a);
  const kb = Object.getOwnPropertyNames(b as object);
  if (ka.join('\u0000') !== kb.join('\u0000')) return here(`keys ${JSON.stringify(ka)} vs ${JSON.stringify(kb)}`);
  for (const k of ka) {
    const da = Object.getOwnPropertyDescriptor(a, k);
    const db = Object.getOwnPropertyDescriptor(b, k);
    if (da?.enumerable !== db?.enumerable || da?.writable !== db?.writable || da?.configurable !== db?.configurable) return here(`descriptor of ${k}`);
    const d = difference(da?.value, db?.value, [...path, k]);
    if (d) return d;
  }
  return undefined;
}
