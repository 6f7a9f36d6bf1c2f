// Parallel loading (src/load/workerPool.ts, src/load/compact.ts) builds exactly the model one thread
// builds: the same trees (prototypes, key order, property attributes, undefined against absent, -0,
// NaN, sharing), the same findings at the same positions, on our fixtures, the real-world corpus,
// generated meshes of both shapes and hostile names; and a worker that fails changes nothing.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { generate } from '../../bench/generate.js';
import { decodeCompact, encodeCompact, NotPlainData } from '../../src/load/compact.js';
import { TOP_LEVEL } from '../../src/load/parseChunk.js';
import type { SourceFile } from '../../src/load/parseDocuments.js';
import { readInputs } from '../../src/load/readInputs.js';
import { indexFiles } from '../../src/model/indexFiles.js';
import { CONSTANTS, VALIDATE_ROLE, validateFile, validateFiles, type FileResult, type ValidatedFile } from '../../src/schema/validateFiles.js';
import { shareWithWorkers } from '../../src/load/workerPool.js';
import { repoRoot, sharedRoot } from '../helpers/paths.js';

/**
 * Fails unless `b` is the same tree as `a`: same primitives (Object.is), prototypes, own property
 * names in order with the same attributes, extensibility, and the same sharing (an object reached
 * twice in `a` is one object reached at the same places in `b`).
 */
function assertSameTree(a: unknown, b: unknown, where = '$', pairs = new Map<object, object>()): void {
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) {
    assert.ok(Object.is(a, b), `${where}: ${String(a)} != ${String(b)}`);
    return;
  }
  const paired = pairs.get(a);
  if (paired !== undefined) {
    assert.ok(paired === b, `${where}: shared in one tree, not in the other`);
    return;
  }
  pairs.set(a, b);
  assert.equal(Object.getPrototypeOf(b), Object.getPrototypeOf(a), `${where}: prototype`);
  assert.equal(Object.isExtensible(b), Object.isExtensible(a), `${where}: extensible`);
  assert.equal(Object.isFrozen(b), Object.isFrozen(a), `${where}: frozen`);
  assert.equal(Object.isSealed(b), Object.isSealed(a), `${where}: sealed`);
  assert.deepEqual(Object.getOwnPropertySymbols(b), Object.getOwnPropertySymbols(a), `${where}: symbols`);
  const names = Object.getOwnPropertyNames(a);
  assert.deepEqual(Object.getOwnPropertyNames(b), names, `${where}: keys`);
  for (const k of names) {
    const da = Object.getOwnPropertyDescriptor(a, k) as PropertyDescriptor;
    const db = Object.getOwnPropertyDescriptor(b, k) as PropertyDescriptor;
    assert.deepEqual(
      [db.enumerable, db.writable, db.configurable, 'get' in db, 'set' in db],
      [da.enumerable, da.writable, da.configurable, 'get' in da, 'set' in da],
      `${where}.${k}: attributes`,
    );
    if ('value' in da) assertSameTree(da.value, db.value, `${where}.${k}`, pairs);
  }
}

const copy = (v: unknown, constants: readonly object[] = []): unknown => decodeCompact(encodeCompact(v, constants), constants);

const dictOf = (entries: [string, unknown][]): Record<string, unknown> => {
  const o: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const [k, v] of entries) Object.defineProperty(o, k, { value: v, writable: true, enumerable: true, configurable: true });
  return o;
};

test('compact copies keep what JSON alone loses', () => {
  const shared = Object.freeze({ frozen: true });
  const sealed = Object.seal({ a: 1 });
  const closed = Object.preventExtensions({ b: [1, 2] });
  const cases: [string, () => unknown][] = [
    ['primitives', () => ['', 'x', 0, 1.5, -1, true, false, null]],
    ['numbers JSON cannot hold', () => ({ nan: NaN, inf: Infinity, ninf: -Infinity, negzero: -0, list: [NaN, -0, Infinity] })],
    ['undefined against absent', () => ({ a: undefined, b: 1, c: [undefined, 2], d: { e: undefined } })],
    ['a top-level undefined', () => undefined],
    ['null-prototype dicts from input', () => ({ labels: dictOf([['__proto__', 'x'], ['constructor', 'y'], ['toJSON', 'z'], ['0', 'n'], ['app', 'a']]) })],
    ['a __proto__ key in a plain object', () => JSON.parse('{"__proto__": {"polluted": true}, "k": 1}') as unknown],
    ['hostile strings', () => ({ [`a\u2028b`]: 'line\u2029sep', [`\u202eevil\u202c`]: '\u2066bidi\u2069', ['ünï-cödé 名前']: '\ud800 lone \udfff', '\u0000': '\u0000nul' })],
    ['integer-like keys keep their order', () => ({ b: 1, 10: 'ten', 2: 'two', a: 0 })],
    ['frozen, sealed, non-extensible', () => ({ shared, sealed, closed })],
    ['a frozen object reached twice', () => ({ x: shared, y: [shared, { z: shared }] })],
    ['a frozen null-prototype dict', () => ({ d: Object.freeze(dictOf([['__proto__', 1]])) })],
    ['a constant', () => ({ base: TOP_LEVEL, again: [TOP_LEVEL] })],
    ['empty containers', () => ({ o: {}, a: [], n: Object.create(null) as object })],
    ['deep nesting', () => {
      let v: unknown = 'leaf';
      for (let i = 0; i < 500; i++) v = i % 2 === 0 ? [v] : { v };
      return v;
    }],
  ];
  for (const [name, make] of cases) assertSameTree(make(), copy(make(), [TOP_LEVEL]), name);
  // The constant is the very object this thread holds.
  assert.equal((copy({ base: TOP_LEVEL }, [TOP_LEVEL]) as { base: unknown }).base, TOP_LEVEL);
});

test('compact copies refuse what they cannot copy exactly', () => {
  class Thing {
    x = 1;
  }
  const accessor = {};
  Object.defineProperty(accessor, 'g', { get: () => 1, enumerable: true });
  const cases: [string, unknown][] = [
    ['a Map', new Map([['a', 1]])],
    ['a Set', new Set([1])],
    ['a Date', new Date(0)],
    ['a class instance', new Thing()],
    ['a function', { f: () => 1 }],
    ['a symbol', { s: Symbol('s') }],
    ['a bigint', { b: 1n }],
    ['an array with holes', [1, , 3]],
    ['a typed array', new Uint8Array(2)],
    ['a frozen object with an accessor', Object.freeze(accessor)],
  ];
  for (const [name, value] of cases) assert.throws(() => encodeCompact(value), NotPlainData, name);
});

const enc = new TextEncoder();

/** Hostile names and values through the whole loader: dict keys, strings, numbers JSON cannot hold. */
function hostileFiles(): SourceFile[] {
  const labels = `      __proto__: polluted\n      constructor: c\n      toJSON: j\n      "0": zero\n      "a\\u2028b": "x\\u2029y"\n      "\\u202eevil": "\\u2066bidi\\u2069"\n      ünï: "名前"\n`;
  const text =
    `apiVersion: v1\nkind: Service\nmetadata:\n  name: svc\n  namespace: ns\n  labels:\n${labels.replace(/^ {6}/gm, '    ')}spec:\n  selector:\n${labels.replace(/^ {6}/gm, '    ')}  ports: [{port: 80, name: http}]\nstatus: {nan: .nan, inf: .inf, ninf: -.inf, negzero: -0.0, none: ~}\n` +
    `---\napiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: "v\\u2028s", namespace: ns}\nspec:\n  hosts: ["\\u202ehost"]\n  http:\n  - match:\n    - headers:\n        __proto__: {exact: p}\n        constructor: {prefix: c}\n    route:\n    - destination: {host: svc}\n  bogus: 1\n` +
    `---\napiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: dr, namespace: ns}\nspec:\n  host: svc\n  subsets:\n  - name: v1\n    labels: {__proto__: x, version: v1}\n`;
  const out: SourceFile[] = [];
  for (let i = 0; i < 6; i++) out.push({ name: `hostile-${i}.yaml`, bytes: enc.encode(text.replaceAll('name: svc', `name: svc${i}`)) });
  out.push({ name: 'latin1.yaml', bytes: new Uint8Array([0x6b, 0x69, 0x6e, 0x64, 0x3a, 0x20, 0xe9, 0x0a]) });
  out.push({ name: 'broken.yaml', bytes: enc.encode('kind: [\n') });
  out.push({ name: 'utf16.yaml', bytes: new Uint8Array([0xff, 0xfe, 0x6b, 0x00]) });
  return out;
}

async function readDir(dir: string): Promise<SourceFile[]> {
  const read = await readInputs([dir], async () => new Uint8Array());
  return read.files;
}

function meshFiles(shape: 'A' | 'B', size: number): SourceFile[] {
  return generate(shape, size, 7).files.map((f) => ({ name: f.path, bytes: enc.encode(f.text) }));
}

const options = { defaultNamespace: 'default', domainSuffix: 'cluster.local' };

/** The files validated here alone, and with workers doing all but the first (every file but one crosses over). */
async function assertSameLoad(name: string, files: readonly SourceFile[], workers: number): Promise<void> {
  const here = files.map((f) => validateFile(f, options.defaultNamespace));
  const stats = { fromWorkers: 0 };
  const there = await validateFiles(files, options.defaultNamespace, { workers, strict: true, hereAtMost: 1, stats });
  assert.equal(stats.fromWorkers, files.length - 1, `${name}: the workers did the files`);
  assertSameTree(
    here.map((f) => [f.name, f.result]),
    there.map((f) => [f.name, f.result]),
    name,
  );
  const a = indexFiles(here, options);
  const b = indexFiles(there, options);
  assertSameTree(a.findings, b.findings, `${name} findings`);
  assertSameTree(a.index.all, b.index.all, `${name} index`);
  assert.deepEqual(b.stats, a.stats);
  // Positions: the worker's files are split again from their text when a finding needs one.
  const located = (m: typeof a): unknown[] => m.findings.map((f) => (f.at ? m.locate(f.at) : null));
  assert.deepEqual(located(b), located(a), `${name} positions`);
}

test('workers build the same model as one thread: hostile names', async () => {
  await assertSameLoad('hostile', hostileFiles(), 1);
});

test('workers build the same model as one thread: our fixtures and the real-world corpus', async () => {
  const fixtures = await readDir(path.join(repoRoot, 'fixtures'));
  assert.ok(fixtures.length > 50, 'the fixtures are read');
  await assertSameLoad('fixtures', fixtures, 2);
  const corpus = await readDir(path.join(sharedRoot, 'corpus', 'real-world'));
  assert.ok(corpus.length > 50, 'the corpus is read');
  await assertSameLoad('corpus', corpus, 1);
});

test('workers build the same model as one thread: generated meshes of both shapes', async () => {
  await assertSameLoad('mesh A', meshFiles('A', 1500), 2);
  await assertSameLoad('mesh B', meshFiles('B', 1500), 1);
});

test('a worker that fails leaves its files to this thread, silently and with the same results', async () => {
  const files = meshFiles('A', 600);
  const here = files.map((f) => validateFile(f, options.defaultNamespace));
  const breakIt = (w: { terminate: () => Promise<number> }): void => void w.terminate();
  const stats = { fromWorkers: 0 };
  const there = await validateFiles(files, options.defaultNamespace, { workers: 1, hereAtMost: 1, onWorker: breakIt, stats });
  assert.equal(stats.fromWorkers, 0, 'the worker was stopped before it sent anything');
  assertSameTree(
    here.map((f) => f.result),
    there.map((f) => f.result),
  );
  // The same failure is an error when asked for (so the test above did break the worker).
  await assert.rejects(validateFiles(files, options.defaultNamespace, { workers: 1, hereAtMost: 1, onWorker: breakIt, strict: true }));
});

test('the work is shared: without a limit, this thread and a worker both finish, each file once', async () => {
  const files = meshFiles('B', 3000);
  const here = files.map((f) => validateFile(f, options.defaultNamespace));
  const stats = { fromWorkers: 0 };
  const there: ValidatedFile[] = await validateFiles(files, options.defaultNamespace, { workers: 1, strict: true, stats });
  assert.equal(there.length, files.length);
  assertSameTree(
    here.map((f) => f.result),
    there.map((f) => f.result),
  );
});

test('the CLI bundle serves as a load worker (bin/loadWorker.js, built by npm run build)', async () => {
  const files = meshFiles('B', 300);
  const entry = new URL(`file://${path.join(repoRoot, 'bin', 'loadWorker.js')}`);
  const stats = { fromWorkers: 0 };
  const results = await shareWithWorkers<string, FileResult>(
    entry,
    VALIDATE_ROLE,
    files,
    options.defaultNamespace,
    (f) => validateFile(f, options.defaultNamespace).result,
    (text) => decodeCompact(text, CONSTANTS) as FileResult,
    { workers: 1, strict: true, hereAtMost: 1, stats },
  );
  assert.equal(stats.fromWorkers, files.length - 1);
  assertSameTree(
    files.map((f) => validateFile(f, options.defaultNamespace).result),
    results,
  );
});
