// The index keeps, of resources with the same kind/namespace/name (no namespace for cluster-scoped
// kinds), the later document's, in the order of the winning documents, and one GW0008 per replaced one.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withoutDuplicates } from '../../src/model/configIndex.js';
import type { Placed } from '../../src/model/resource.js';

const at = (doc: number): Placed['origin'] => ({ file: 'a.yaml', doc, base: [] });
const placed = (doc: number, kind: string, namespace: string, name: string): Placed => ({ kind, namespace, name, origin: at(doc) });

const CASES: { name: string; input: [string, string, string][]; kept: number[]; replaced: [number, number][] }[] = [
  { name: 'no duplicates: input order', input: [['Service', 'a', 'x'], ['Service', 'b', 'x'], ['Gateway', 'a', 'x']], kept: [0, 1, 2], replaced: [] },
  { name: 'a later document wins, where it is', input: [['Service', 'a', 'x'], ['Service', 'a', 'y'], ['Service', 'a', 'x']], kept: [1, 2], replaced: [[0, 2]] },
  { name: 'three of one: each earlier one replaced by the next', input: [['Service', 'a', 'x'], ['Service', 'a', 'x'], ['Gateway', 'a', 'x'], ['Service', 'a', 'x']], kept: [2, 3], replaced: [[0, 1], [1, 3]] },
  { name: 'cluster-scoped kinds ignore the namespace', input: [['Namespace', 'a', 'n'], ['Namespace', 'b', 'n']], kept: [1], replaced: [[0, 1]] },
  { name: 'names that could run together when joined stay apart', input: [['Service', 'a\u0000b', 'c'], ['Service', 'a', 'b\u0000c']], kept: [0, 1], replaced: [] },
  { name: 'prototype names are only data', input: [['Service', '__proto__', 'constructor'], ['Service', '__proto__', 'constructor'], ['toString', 'a', 'b']], kept: [1, 2], replaced: [[0, 1]] },
];

test('withoutDuplicates: the winners in document order, and a GW0008 at each replaced one', () => {
  for (const c of CASES) {
    const input = c.input.map(([kind, ns, name], i) => placed(i, kind, ns, name));
    const { kept, findings } = withoutDuplicates(input);
    assert.deepEqual(kept.map((r) => r.origin.doc), c.kept, c.name);
    assert.deepEqual(
      findings.map((f) => [f.code, f.at?.doc, (f.args as { other: { doc: number } }).other.doc]),
      c.replaced.map(([earlier, later]) => ['GW0008', earlier, later]),
      c.name,
    );
  }
});
