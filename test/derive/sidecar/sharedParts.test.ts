// What a sidecar's derivation keeps, shared where it is the same: exportTo sets of resources exported
// alike (src/model/exportTo.ts), and a DestinationRule's index entry in each scope it is indexed in
// until another rule merges into it there (src/derive/cluster/destinationRules.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadSources } from '../../../src/app/load.js';
import { DestinationRuleIndex } from '../../../src/derive/cluster/destinationRules.js';
import { sharedExportTo } from '../../../src/model/exportTo.js';
import { effectiveExportTo } from '../../../src/model/hosts.js';

type Args = [exportTo: string[] | undefined, namespace: string, meshDefault?: string[]];

/** Pairs of calls, and whether they must give the same set (the same effective list, written alike) or two sets (different lists). */
const EXPORT_CASES: { a: Args; b: Args; same: boolean }[] = [
  { a: [undefined, 'x'], b: [['*'], 'y'], same: true },
  { a: [[], 'x'], b: [undefined, 'y', ['*']], same: true },
  { a: [['.'], 'x'], b: [['.'], 'y'], same: false },
  { a: [undefined, 'x', ['.']], b: [['.'], 'x'], same: true },
  { a: [['a', 'b'], 'x'], b: [['a', 'b'], 'y'], same: true },
  { a: [['a', 'b'], 'x'], b: [['b', 'a'], 'x'], same: false },
  { a: [['~'], 'x'], b: [['*'], 'x'], same: false },
  // A one-entry list never shares a key with a longer one, whatever its text.
  { a: [['\n["a","b"]'], 'x'], b: [['a', 'b'], 'x'], same: false },
  { a: [['\n["x"]'], 'x'], b: [['.'], 'x'], same: false },
  { a: [['a,b'], 'x'], b: [['a', 'b'], 'x'], same: false },
];

test('exportTo sets are shared between lists written alike, never between different ones', () => {
  for (const { a, b, same } of EXPORT_CASES) {
    const sa = sharedExportTo(...a);
    const sb = sharedExportTo(...b);
    const label = `${JSON.stringify(a)} / ${JSON.stringify(b)}`;
    assert.deepEqual([...sa], [...effectiveExportTo(...a)], label);
    assert.deepEqual([...sb], [...effectiveExportTo(...b)], label);
    assert.equal(sa === sb, same, label);
  }
});

const dr = (name: string, exportTo: string, subset: string): string =>
  `apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: ${name}, namespace: a, creationTimestamp: "2024-01-0${name.slice(-1)}T00:00:00Z"}\nspec: {host: web.a.svc.cluster.local, exportTo: ${exportTo}, subsets: [{name: ${subset}, labels: {v: ${subset}}}]}\n`;

/** Rules of namespace `a` for one host, and the subsets and rule names proxies of `a` and `b` get from each candidate. */
const RULE_CASES: { name: string; rules: string[]; a: string[]; b: string[] }[] = [
  {
    // In a's local and exported scopes alike: one entry, unmerged, shared.
    name: 'one rule exported everywhere',
    rules: [dr('r1', '["*"]', 'v1')],
    a: ['r1:v1'],
    b: ['r1:v1'],
  },
  {
    name: 'two rules exported alike merge in both scopes',
    rules: [dr('r1', '["*"]', 'v1'), dr('r2', '["*"]', 'v2')],
    a: ['r1,r2:v1,v2'],
    b: ['r1,r2:v1,v2'],
  },
  {
    // r2 (to a only) is in a's local scope alone: it merges into nothing there, and b never sees it.
    name: 'a private rule beside an exported one',
    rules: [dr('r1', '["*"]', 'v1'), dr('r2', '["a"]', 'v2')],
    a: ['r1:v1', 'r2:v2'],
    b: ['r1:v1'],
  },
  {
    // r2 exports to a superset of r1's: it merges into r1 in a's local scope; in the exported scope too.
    name: 'a rule exported to more merges into the first',
    rules: [dr('r1', '["a", "b"]', 'v1'), dr('r2', '["a", "b", "c"]', 'v2')],
    a: ['r1,r2:v1,v2'],
    b: ['r1,r2:v1,v2'],
  },
  {
    // r1 (to a only) is in a's local scope alone; r2 (to a and b) merges into it there, and is its own
    // entry in a's exported scope: b sees r2 alone, unmerged.
    name: 'a merge in one scope leaves the entry the other scope holds as it was',
    rules: [dr('r1', '["a"]', 'v1'), dr('r2', '["a", "b"]', 'v2'), dr('r3', '["a", "b"]', 'v3')],
    a: ['r1,r2,r3:v1,v2,v3'],
    b: ['r2,r3:v2,v3'],
  },
];

test('a rule indexed in two scopes is merged in each as if each had its own entry', () => {
  for (const c of RULE_CASES) {
    const { config } = loadSources([{ name: 'in.yaml', bytes: Buffer.from(c.rules.join('---\n')) }]);
    const index = new DestinationRuleIndex(config);
    for (const ns of ['a', 'b'] as const) {
      const got = index.candidates(ns, 'web.a.svc.cluster.local', 'a').map((r) => `${r.from.map((f) => f.name).join(',')}:${r.subsets.join(',')}`);
      assert.deepEqual(got, c[ns], `${c.name}: proxy in ${ns}`);
    }
  }
});
