// fastParse must answer exactly what zod answers: for every document of the corpora (../shared
// corpus and conformance suites, fixtures, test fixtures) and for seeded mutations of them, through
// the metadata schema and every kind's spec schema (its own and all the others, which mostly reject),
// zod's success gives fastParse's success with the same output (values, key order, prototypes), and
// zod's failure gives undefined.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { z } from 'zod';
import { parseFile } from '../../src/load/parseDocuments.js';
import { metadata } from '../../src/schema/common.js';
import { fastParse } from '../../src/schema/fastParse.js';
import { KINDS } from '../../src/schema/kinds/index.js';
import { lookupKind } from '../../src/schema/registry.js';
import { repoRoot, sharedRoot } from '../helpers/paths.js';
import { mulberry32 as prng } from '../../bench/prng.js';

/** The first difference between two parse outputs (own keys in order, prototypes, Dates), or undefined. */
function difference(a: unknown, b: unknown, at = '$'): string | undefined {
  if (Object.is(a, b)) return undefined;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return `${at}: ${String(a)} vs ${String(b)}`;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return `${at}: prototypes differ`;
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime() ? undefined : `${at}: dates differ`;
  if (Array.isArray(a) && Array.isArray(b) && a.length !== b.length) return `${at}: lengths ${a.length} vs ${b.length}`;
  const ka = Reflect.ownKeys(a);
  const kb = Reflect.ownKeys(b);
  if (ka.join('\u0000') !== kb.join('\u0000')) return `${at}: keys [${ka.map(String).join(',')}] vs [${kb.map(String).join(',')}]`;
  for (const k of ka) {
    const d = difference((a as Record<PropertyKey, unknown>)[k], (b as Record<PropertyKey, unknown>)[k], `${at}.${String(k)}`);
    if (d) return d;
  }
  return undefined;
}

let compared = 0;
let accepted = 0;
function same(schema: z.ZodType, input: unknown, what: string): void {
  const want = schema.safeParse(input);
  const got = fastParse(schema, input);
  compared++;
  if (!want.success) {
    assert.equal(got, undefined, `${what}: zod rejects, fastParse accepts`);
    assert.equal(fastParse(schema, input, true), undefined, `${what}: zod rejects, fastParse with reuse accepts`);
    return;
  }
  accepted++;
  assert.ok(got, `${what}: zod accepts, fastParse rejects`);
  const d = difference(got.data, want.data);
  assert.equal(d, undefined, `${what}: ${d}`);
  // Allowed to answer with the input's own objects: still zod's answer.
  const reused = fastParse(schema, input, true);
  assert.ok(reused, `${what}: zod accepts, fastParse with reuse rejects`);
  const dr = difference(reused.data, want.data);
  assert.equal(dr, undefined, `${what} (reuse): ${dr}`);
}

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...filesUnder(p));
    else if (/\.(ya?ml|json)$/.test(e.name) && fs.statSync(p).size < 4_000_000) out.push(p);
  }
  return out.sort();
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every modelled document of the corpora, as js-yaml gives it. */
function corpusDocuments(): { name: string; value: Record<string, unknown> }[] {
  const roots = [path.join(sharedRoot, 'corpus'), path.join(sharedRoot, 'conformance'), path.join(repoRoot, 'fixtures'), path.join(repoRoot, 'test')];
  const docs: { name: string; value: Record<string, unknown> }[] = [];
  for (const file of roots.flatMap(filesUnder)) {
    const parsed = parseFile({ name: file, bytes: fs.readFileSync(file) });
    parsed.documents.forEach((d, i) => {
      const v = d.value;
      if (isObject(v) && typeof v['kind'] === 'string' && typeof v['apiVersion'] === 'string' && 'found' in lookupKind(v['apiVersion'], v['kind'])) {
        docs.push({ name: `${path.relative(repoRoot, file)}#${i}`, value: v });
      }
    });
  }
  return docs;
}

const specOf = (v: Record<string, unknown>): unknown => v['spec'] ?? {};
const docs = corpusDocuments();

test('the corpora hold enough documents of the hot kinds to mean something', () => {
  const kinds = new Set(docs.map((d) => d.value['kind']));
  for (const k of ['Gateway', 'VirtualService', 'DestinationRule', 'Service', 'Deployment', 'ServiceEntry', 'Sidecar', 'HTTPRoute']) assert.ok(kinds.has(k), k);
  assert.ok(docs.length > 1000, `${docs.length} documents`);
});

test('fastParse equals zod on every corpus document: metadata, its own spec schema and every other kind', () => {
  compared = 0;
  accepted = 0;
  for (const { name, value } of docs) {
    same(metadata, value['metadata'] ?? {}, `${name} metadata`);
    for (const def of KINDS) same(def.spec, specOf(value), `${name} spec as ${def.kind}`);
  }
  assert.ok(accepted > docs.length, `${accepted} of ${compared} accepted`);
});

// ---- seeded mutations ----------------------------------------------------------------------------

/** Every container inside `root` (objects and arrays), with itself. */
function containers(root: unknown, out: (Record<string, unknown> | unknown[])[] = []): (Record<string, unknown> | unknown[])[] {
  if (Array.isArray(root)) {
    out.push(root);
    for (const v of root) containers(v, out);
  } else if (isObject(root)) {
    out.push(root);
    for (const k of Object.keys(root)) containers(root[k], out);
  }
  return out;
}

const REPLACEMENTS: unknown[] = [null, undefined, '', 'x', '1s', 0, -1, 1.5, 65536, 4294967296, Number.NaN, true, false, [], {}, ['a'], { a: 'b' }, new Date(0), 'ROUND_ROBIN', 'ISTIO_MUTUAL', '*.example.com'];
const KEYS = ['name', 'port', 'number', 'host', 'hosts', 'subset', 'labels', 'unknownField', '__proto__', 'constructor', 'toString', 'mode', 'simple', 'weight', 'match', 'route'];

function mutate(value: unknown, rand: () => number): unknown {
  const copy = structuredClone(value);
  const all = containers(copy);
  const steps = 1 + Math.floor(rand() * 3);
  for (let s = 0; s < steps && all.length > 0; s++) {
    const c = all[Math.floor(rand() * all.length)] as Record<string, unknown> | unknown[];
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
    const op = rand();
    if (Array.isArray(c)) {
      if (c.length === 0 || op < 0.3) c.push(c.length > 0 ? structuredClone(pick(c)) : pick(REPLACEMENTS));
      else if (op < 0.6) c[Math.floor(rand() * c.length)] = pick(REPLACEMENTS);
      else c.splice(Math.floor(rand() * c.length), 1);
      continue;
    }
    const keys = Object.keys(c);
    if (keys.length === 0 || op < 0.25) {
      Object.defineProperty(c, pick(KEYS), { value: pick(REPLACEMENTS), enumerable: true, writable: true, configurable: true });
    } else if (op < 0.55) c[pick(keys)] = pick(REPLACEMENTS);
    else if (op < 0.8) delete c[pick(keys)];
    else {
      // a value of the same shape from elsewhere in the document, or a sibling's
      const other = pick(all);
      c[pick(keys)] = structuredClone(Array.isArray(other) ? other : { ...other });
    }
  }
  return copy;
}

test('fastParse equals zod on seeded mutations of the corpus documents', () => {
  const rand = prng(16);
  compared = 0;
  accepted = 0;
  const rounds = 4;
  for (let r = 0; r < rounds; r++) {
    for (const { name, value } of docs) {
      const m = mutate(value, rand);
      if (!isObject(m)) continue;
      const l = lookupKind(String(value['apiVersion']), String(value['kind']));
      if (!('found' in l)) continue;
      same(metadata, m['metadata'] ?? {}, `${name} mutated metadata (round ${r})`);
      same(l.found.spec, specOf(m), `${name} mutated spec (round ${r})`);
    }
  }
  // Both answers occur often: mutations that keep a document valid and ones that break it.
  assert.ok(accepted > compared / 5 && accepted < compared, `${accepted} of ${compared} accepted`);
});

test('fastParse equals zod on values of every type in every field of the hot kinds', () => {
  // One field at a time set to each replacement, in documents that are otherwise valid.
  const hot = docs.filter((d) => ['Gateway', 'VirtualService', 'DestinationRule', 'Service', 'Deployment'].includes(String(d.value['kind']))).slice(0, 200);
  for (const { name, value } of hot) {
    const l = lookupKind(String(value['apiVersion']), String(value['kind']));
    if (!('found' in l)) continue;
    const spec = specOf(value);
    containers(spec).forEach((c, ci) => {
      if (Array.isArray(c)) return;
      for (const key of Object.keys(c)) {
        for (const [ri, rep] of REPLACEMENTS.entries()) {
          const saved = c[key];
          c[key] = rep;
          try {
            same(l.found.spec, spec, `${name} container ${ci} .${key} = replacement ${ri}`);
          } finally {
            c[key] = saved;
          }
        }
      }
    });
  }
});

test('with reuse, fastParse answers with the input itself exactly where zod would copy it unchanged', () => {
  const ab = z.object({ a: z.string(), b: z.number().optional() });
  const nested = z.object({ o: z.object({ a: z.string() }), list: z.array(z.string()).optional() });
  const nullProto = Object.assign(Object.create(null) as Record<string, unknown>, { a: 'x' });
  const ownProto: Record<string, unknown> = { a: 'x' };
  Object.defineProperty(ownProto, '__proto__', { value: 1, enumerable: true, writable: true, configurable: true });
  const cases: { what: string; schema: z.ZodType; input: unknown; same: boolean; inner?: (out: unknown, input: unknown) => boolean }[] = [
    { what: 'fields in the shape order', schema: ab, input: { a: 'x', b: 1 }, same: true },
    { what: 'an optional field absent', schema: ab, input: { a: 'x' }, same: true },
    { what: 'fields out of order', schema: ab, input: { b: 1, a: 'x' }, same: false },
    { what: 'an unknown key stripped', schema: ab, input: { a: 'x', c: 1 }, same: false },
    { what: 'an own __proto__ key stripped', schema: ab, input: ownProto, same: false },
    { what: 'a null-prototype input', schema: ab, input: nullProto, same: false },
    { what: 'a default filled in', schema: z.object({ a: z.string(), d: z.string().default('z') }), input: { a: 'x' }, same: false },
    { what: 'a transformed value', schema: z.object({ a: z.string().transform((v) => v.toUpperCase()) }), input: { a: 'x' }, same: false },
    { what: 'a check that rewrites (trim)', schema: z.object({ a: z.string().trim() }), input: { a: ' x ' }, same: false },
    { what: 'a check that passes', schema: z.object({ a: z.string().min(1) }), input: { a: 'x' }, same: true },
    { what: 'an array of kept items', schema: z.array(z.string()), input: ['a', 'b'], same: true },
    { what: 'an array with a copied item', schema: z.array(ab), input: [{ a: 'x' }, { a: 'y', c: 1 }], same: false, inner: (o, i) => (o as unknown[])[0] === (i as unknown[])[0] },
    { what: 'nested objects kept', schema: nested, input: { o: { a: 'x' }, list: ['a'] }, same: true },
    { what: 'a copied child, its kept sibling shared', schema: nested, input: { o: { a: 'x', z: 1 }, list: ['a'] }, same: false, inner: (o, i) => (o as { list: unknown }).list === (i as { list: unknown }).list },
    { what: 'a strict object without unknown keys', schema: z.strictObject({ a: z.string() }), input: { a: 'x' }, same: true },
    { what: 'a loose object with an unknown key', schema: z.looseObject({ a: z.string() }), input: { a: 'x', c: 1 }, same: false },
  ];
  for (const c of cases) {
    const want = c.schema.safeParse(c.input);
    assert.ok(want.success, c.what);
    const got = fastParse(c.schema, c.input, true);
    assert.ok(got, c.what);
    assert.equal(difference(got.data, want.data), undefined, c.what);
    assert.equal(got.data === c.input, c.same, `${c.what}: ${c.same ? 'the input itself' : 'a copy'} expected`);
    if (c.inner) assert.ok(c.inner(got.data, c.input), `${c.what}: what is unchanged is kept`);
    // Without reuse, always a copy, as zod's.
    const copied = fastParse(c.schema, c.input);
    assert.ok(copied && copied.data !== c.input, `${c.what}: without reuse, a copy`);
  }
});

test('absent fields: each default filled and each required one rejected wherever it sits among skipped optional ones', () => {
  const opt = z.string().optional();
  const small = z.object({ a: opt, b: z.string().default('d'), c: opt, d: z.number(), e: opt, f: z.string().nullish().default(null) });
  // More fields than the mask holds: every field looked at, as before.
  const wide = z.object(Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${i}`, i === 35 ? z.string().default('late') : i === 2 ? z.number() : opt])));
  const cases: { schema: z.ZodType; input: unknown }[] = [
    { schema: small, input: { d: 1 } },
    { schema: small, input: {} },
    { schema: small, input: { a: 'x', d: 1, e: 'y' } },
    { schema: small, input: { e: 'y', c: 'z', d: 2 } },
    { schema: small, input: { a: 'x', e: 'y' } },
    { schema: small, input: { b: 'set', d: 3, f: 'g' } },
    { schema: wide, input: { k2: 1 } },
    { schema: wide, input: { k39: 'x' } },
    { schema: wide, input: { k2: 1, k35: 'mine', k0: 'a' } },
  ];
  for (const { schema, input } of cases) same(schema, input, JSON.stringify(input));
  // Both answers occur.
  assert.ok(cases.some((c) => !c.schema.safeParse(c.input).success) && cases.some((c) => c.schema.safeParse(c.input).success));
});
