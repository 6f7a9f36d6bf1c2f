// Differential: virtualservice/unreachable-rule's match key, written directly as canonical JSON,
// tells matches apart exactly as the straightforward form it replaced (build the canonical object:
// name left out, keys sorted, Go's omitempty zero values dropped; then JSON.stringify) does, on every
// match of every VirtualService of the input sets and on crafted edge cases.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadSources } from '../../src/app/load.js';
import { matchKey, roughMatchKey } from '../../src/analysis/analyzers/virtualservice/unreachable-rule.js';
import { inputSets } from '../helpers/inputSets.js';
import { analyze } from '../../src/app/analyze.js';

/** The reference: the canonical object, then JSON. */
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.length === 0 ? undefined : v.map(canonical);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    for (const [k, x] of Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const c = canonical(x);
      if (c !== undefined) out[k] = c;
    }
    return Object.keys(out).length === 0 ? undefined : out;
  }
  return v === false || v === 0 || v === '' || v === null ? undefined : v;
}
const referenceKey = (m: object): string => JSON.stringify(canonical(Object.fromEntries(Object.entries(m).filter(([k]) => k !== 'name'))) ?? {});

/** Every pair of matches: equal keys exactly when the reference keys are equal. */
function samePartition(where: string, matches: readonly object[]): void {
  const byRef = new Map<string, string>();
  const byNew = new Map<string, string>();
  // The rough key (which decides whether match keys are made at all) is a function of the match key.
  const roughOf = new Map<string, string>();
  for (const m of matches) {
    const rough = roughOf.get(matchKey(m));
    if (rough !== undefined) assert.equal(roughMatchKey(m), rough, `${where}: ${JSON.stringify(m)} has the match key of an earlier match, not its rough key`);
    else roughOf.set(matchKey(m), roughMatchKey(m));
    const r = referenceKey(m);
    const n = matchKey(m);
    const seenNew = byRef.get(r);
    if (seenNew !== undefined) assert.equal(n, seenNew, `${where}: ${JSON.stringify(m)} equals an earlier match by the reference, not by matchKey`);
    else byRef.set(r, n);
    const seenRef = byNew.get(n);
    if (seenRef !== undefined) assert.equal(r, seenRef, `${where}: ${JSON.stringify(m)} equals an earlier match by matchKey, not by the reference`);
    else byNew.set(n, r);
  }
}

const CRAFTED: object[] = [
  {},
  { name: 'a' },
  { uri: { prefix: '/' } },
  { uri: { prefix: '/' }, name: 'x' },
  { uri: { prefix: '/', exact: '' } },
  { uri: { exact: '/' } },
  { uri: { prefix: '/' }, port: 0 },
  { uri: { prefix: '/' }, port: 80 },
  { uri: { prefix: '/' }, ignoreUriCase: false },
  { uri: { prefix: '/' }, ignoreUriCase: true },
  { headers: { '10': { exact: 'a' }, '2': { exact: 'b' } } },
  { headers: { '2': { exact: 'b' }, '10': { exact: 'a' } } },
  { headers: { b: { exact: 'x' }, a: { exact: 'y' } } },
  { headers: { a: { exact: 'y' }, b: { exact: 'x' } } },
  { headers: { a: {} } },
  { headers: {} },
  { sourceLabels: { app: 'a' }, gateways: [] },
  { gateways: ['a', 'b'] },
  { gateways: ['b', 'a'] },
  { gateways: ['', 'a'] },
  { gateways: [null, 'a'] },
  { queryParams: { q: { regex: 'a"b' } } },
  { queryParams: { q: { regex: 'a\\"b' } } },
  { withoutHeaders: { 'x-\u2028': { prefix: '\u0000' } } },
  { uri: { prefix: '/' }, '': 'empty key' },
  { uri: {} },
  { uri: { exact: '', prefix: '', regex: '' } },
  { uri: [] },
  { uri: { regex: '^/a$' } },
  { uri: { regex: '^/a$' }, headers: { a: { exact: 'x' } } },
  // A header named __proto__ is an own key (as the loader's dictionaries hold it), never the prototype.
  JSON.parse('{"headers":{"__proto__":{"exact":"a"}}}') as object,
  JSON.parse('{"headers":{"__proto__":{"exact":"b"}}}') as object,
];

test('unreachable-rule match keys partition matches as the canonical-JSON reference does', () => {
  samePartition('crafted', CRAFTED);
  let total = 0;
  for (const set of inputSets()) {
    const ws = loadSources(set.files);
    const matches: object[] = [];
    for (const vs of ws.inputs.ofKind('VirtualService')) {
      for (const section of ['http', 'tcp', 'tls'] as const) {
        for (const rule of vs.spec[section] ?? []) for (const m of rule.match ?? []) matches.push(m);
      }
    }
    samePartition(set.name, [...CRAFTED, ...matches]);
    total += matches.length;
  }
  assert.ok(total > 1000, `matches compared: ${total}`);
});

/** A VirtualService with `n` prefix matches of distinct uris, then a repeat of match `repeat`. */
function manyMatches(n: number, repeat: number): string {
  const rules = Array.from({ length: n }, (_, i) => `  - name: r${i}\n    match: [{uri: {exact: /p${i}}, headers: {x: {exact: '${i}'}}}]\n    route: [{destination: {host: a}}]`);
  rules.push(`  - name: again\n    match: [{uri: {exact: /p${repeat}}, headers: {x: {exact: '${repeat}'}}}, {uri: {exact: /p${repeat}}, headers: {x: {exact: 'other'}}}]\n    route: [{destination: {host: a}}]`);
  return `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: vs, namespace: ns}\nspec:\n  hosts: [a]\n  http:\n${rules.join('\n')}\n`;
}

test('a match repeating an earlier one is found whether the rough keys are a list or a map', () => {
  for (const [n, repeat] of [[3, 1], [8, 7], [9, 0], [20, 15]] as const) {
    const ws = loadSources([{ name: 'vs.yaml', bytes: Buffer.from(manyMatches(n, repeat)) }]);
    const found = analyze(ws, { analyzers: ['virtualservice/unreachable-rule'] }).findings.filter((f) => f.code === 'IST0131');
    assert.deepEqual(
      found.map((f) => f.at?.path.slice(-4)),
      [['http', n, 'match', 0]],
      `${n} rules, repeat of ${repeat}`,
    );
    assert.match(JSON.stringify(found[0]?.args), new RegExp(`"duplicateOf":"\\\\"r${repeat}\\\\""`));
  }
});
