import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSourceMap, type Path } from '../../src/load/sourceMap.js';

const yaml = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews   # comment
spec:
  hosts:
  - reviews
  -   "ratings"
  http:
  - match:
    - uri: {prefix: /api}
    route:
    - destination:
        host: a
      weight: 10
    -
    - destination: {host: b, subset: v2}
  empty:
  tail: [1, {x: 2}]
`;

const cases: { path: Path; line: number; column: number }[] = [
  { path: [], line: 1, column: 1 },
  { path: ['kind'], line: 2, column: 1 },
  { path: ['metadata', 'name'], line: 4, column: 3 },
  { path: ['spec', 'hosts'], line: 6, column: 3 },
  { path: ['spec', 'hosts', 0], line: 7, column: 5 },
  { path: ['spec', 'hosts', 1], line: 8, column: 7 },
  { path: ['spec', 'http', 0, 'match', 0, 'uri', 'prefix'], line: 11, column: 13 },
  { path: ['spec', 'http', 0, 'route', 0, 'destination', 'host'], line: 14, column: 9 },
  { path: ['spec', 'http', 0, 'route', 0, 'weight'], line: 15, column: 7 },
  // item 1 is an empty `-`: no node of its own, so item 2 must still be found at its line
  { path: ['spec', 'http', 0, 'route', 2, 'destination', 'subset'], line: 17, column: 30 },
  { path: ['spec', 'empty'], line: 18, column: 3 },
  { path: ['spec', 'tail', 1, 'x'], line: 19, column: 14 },
  // unknown paths fall back to the nearest ancestor
  { path: ['spec', 'http', 0, 'nope', 3], line: 10, column: 5 },
];

test('positions of fields in a YAML document', () => {
  const map = buildSourceMap(yaml);
  for (const c of cases) {
    assert.deepEqual(map.positionOf(0, c.path), { line: c.line, column: c.column }, c.path.join('.'));
  }
});

test('positions in JSON and in later documents', () => {
  const json = '{\n  "kind": "Service",\n  "spec": {\n    "ports": [\n      {"port": 80}\n    ]\n  }\n}\n';
  const map = buildSourceMap(json, true);
  assert.deepEqual(map.positionOf(0, ['spec', 'ports', 0, 'port']), { line: 5, column: 8 });
  const multi = buildSourceMap('a: 1\n---\nb:\n  c: 2\n');
  assert.deepEqual(multi.positionOf(1, ['b', 'c']), { line: 4, column: 3 });
});

test('merge keys and aliases do not break pairing', () => {
  // (not `y:` as the outer key: YAML 1.1, which Kubernetes reads, makes that the key "true")
  const map = buildSourceMap('x: &A {p: 1}\nw:\n  <<: *A\n  q: 2\n');
  assert.deepEqual(map.positionOf(0, ['w', 'q']), { line: 4, column: 3 });
});
