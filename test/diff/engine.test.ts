// The pieces of the diff engine, table-driven: when two route matches may catch one request, which
// reorderings are changes, how routes pair, regex samples, and how findings pair across sides.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Route, RouteMatch } from '../../src/derive/envoy.js';
import { finding } from '../../src/diagnostics/finding.js';
import { diffFindings, relativeTo } from '../../src/diff/findings.js';
import { fieldChanges } from '../../src/diff/json.js';
import { mayOverlap } from '../../src/diff/overlap.js';
import { sampleRegex } from '../../src/diff/regexSample.js';
import { pairRoutes } from '../../src/diff/routes.js';
import { fullMatch } from '../../src/explain/stages/routeMatch.js';

const exactHeader = (name: string, value: string): NonNullable<RouteMatch['headers']>[number] => ({ name, stringMatch: { exact: value } });

const OVERLAP: readonly [string, RouteMatch, RouteMatch, boolean][] = [
  ['two prefixes, one under the other', { prefix: '/api' }, { prefix: '/api/v2' }, true],
  ['two unrelated prefixes', { prefix: '/orders' }, { prefix: '/users' }, false],
  ['exact path under a prefix', { path: '/api/x' }, { prefix: '/api' }, true],
  ['exact path outside a prefix', { path: '/web' }, { prefix: '/api' }, false],
  ['two exact paths', { path: '/a' }, { path: '/b' }, false],
  ['case-insensitive exact paths', { path: '/A', caseSensitive: false }, { path: '/a' }, true],
  ['a regex and an exact path it matches', { safeRegex: { regex: '/v[0-9]+/x' } }, { path: '/v1/x' }, true],
  ['a regex and an exact path it does not match', { safeRegex: { regex: '/v[0-9]+/x' } }, { path: '/v/x' }, false],
  ['a regex and a prefix: unknown, so maybe', { safeRegex: { regex: '/z.*' } }, { prefix: '/a' }, true],
  ['the same prefix, different exact header values', { prefix: '/', headers: [exactHeader('end-user', 'jason')] }, { prefix: '/', headers: [exactHeader('end-user', 'kim')] }, false],
  ['the same prefix, the same header value', { prefix: '/', headers: [exactHeader('end-user', 'jason')] }, { prefix: '/', headers: [exactHeader('End-User', 'jason')] }, true],
  ['a header required present and absent', { prefix: '/', headers: [{ name: 'x', presentMatch: true }] }, { prefix: '/', headers: [{ name: 'x', presentMatch: false }] }, false],
  ['a header one side does not look at', { prefix: '/', headers: [exactHeader('x', '1')] }, { prefix: '/' }, true],
  ['different exact query values', { prefix: '/', queryParameters: [{ name: 'v', stringMatch: { exact: '1' } }] }, { prefix: '/', queryParameters: [{ name: 'v', stringMatch: { exact: '2' } }] }, false],
  ['path-separated prefix and a longer prefix under it', { pathSeparatedPrefix: '/api' }, { prefix: '/api/v1' }, true],
  ['path-separated prefix and a prefix that only shares letters', { pathSeparatedPrefix: '/api' }, { path: '/apix' }, false],
];

for (const [name, a, b, expected] of OVERLAP) {
  test(`mayOverlap: ${name}`, () => {
    assert.equal(mayOverlap(a, b), expected);
    assert.equal(mayOverlap(b, a), expected, 'symmetric');
  });
}

const REGEXES: readonly [string, boolean][] = [
  ['/api/v[0-9]+/.*', true],
  ['^/(users|orders)/\\d{2,4}$', true],
  ['/static/[^/]+\\.(css|js)', true],
  ['(?i)/Admin', true],
  ['/x{3}y?', true],
  ['/[[:digit:]]+', true],
  ['a^b', false], // nothing matches: no sample rather than a wrong one
];

for (const [regex, found] of REGEXES) {
  test(`sampleRegex ${regex}`, () => {
    const s = sampleRegex(regex);
    if (!found) return assert.equal(s, undefined);
    assert.ok(s !== undefined, 'a sample is found');
    assert.ok(fullMatch(regex, s), `${JSON.stringify(s)} fully matches`);
  });
}

test('sampleRegex gives up on huge input instead of working on it', () => {
  assert.equal(sampleRegex(`/${'a'.repeat(5000)}`), undefined);
});

const r = (match: RouteMatch, cluster: string, extra: Partial<NonNullable<Route['route']>> = {}): Route => ({ match, route: { cluster, ...extra } });

test('pairRoutes: swapping routes no request matches both is no change', () => {
  const a = r({ prefix: '/orders' }, 'orders');
  const b = r({ prefix: '/users' }, 'users');
  const p = pairRoutes([a, b], [b, a]);
  assert.deepEqual([p.added, p.removed, p.changed, p.moved], [[], [], [], []]);
});

test('pairRoutes: moving a route below one that now catches its requests is a move, naming that route', () => {
  const legacy = r({ prefix: '/v2/legacy' }, 'legacy');
  const v2 = r({ prefix: '/v2/' }, 'v2');
  const p = pairRoutes([legacy, v2], [v2, legacy]);
  assert.equal(p.moved.length, 1, 'one of the two is the move');
  const m = p.moved[0];
  assert.deepEqual(new Set([m?.head, m?.crossed[0]?.route]), new Set([legacy, v2]), 'the move names the route it crossed');
});

test('pairRoutes: swapping overlapping routes with the same action is no change', () => {
  const a = r({ prefix: '/v2/legacy' }, 'same');
  const b = r({ prefix: '/v2/' }, 'same');
  assert.deepEqual(pairRoutes([a, b], [b, a]).moved, []);
});

test('pairRoutes: routes pair by match (header order ignored); a new weight or timeout is a change', () => {
  const m1: RouteMatch = { prefix: '/', headers: [exactHeader('a', '1'), exactHeader('b', '2')] };
  const m2: RouteMatch = { prefix: '/', headers: [exactHeader('b', '2'), exactHeader('a', '1')] };
  const weighted = (w: number): Route => ({ match: { prefix: '/cart' }, route: { weightedClusters: { clusters: [{ name: 'v1', weight: w }, { name: 'v2', weight: 100 - w }] } } });
  const p = pairRoutes([r(m1, 'x'), weighted(90)], [r(m2, 'x', { timeout: '2s' }), weighted(50)]);
  assert.deepEqual([p.added.length, p.removed.length], [0, 0]);
  assert.deepEqual(
    p.changed.map((c) => c.fields.map((f) => f.field)),
    [['route.timeout'], ['route.destinations']],
  );
});

test('pairRoutes: a second route with the same match is another (shadowed) route', () => {
  const p = pairRoutes([r({ prefix: '/' }, 'a')], [r({ prefix: '/' }, 'a'), r({ prefix: '/' }, 'b')]);
  assert.equal(p.added.length, 1);
  assert.equal(p.added[0]?.index, 1);
});

test('fieldChanges: leaves by path, capped', () => {
  assert.deepEqual(fieldChanges({ a: { b: 1, c: [1, 2] } }, { a: { b: 2, c: [1, 2] }, d: 'x' }), [
    { field: 'a.b', base: 1, head: 2 },
    { field: 'd', base: null, head: 'x' },
  ]);
  const many = (v: number): Record<string, number> => Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`k${i}`, v]));
  const capped = fieldChanges(many(1), many(2));
  assert.equal(capped.length, 41);
  assert.equal(capped[40]?.field, '… and 60 more fields');
});

const vs = (name: string) => ({ kind: 'VirtualService', namespace: 'shop', name });
const at = (file: string, rule: number) => ({ at: { file, doc: 0, path: ['spec', 'http', rule] } });

test('diffFindings: matched by code and resource, not by line or folder', () => {
  const base = [
    finding('IST0101', { kind: 'host', name: 'a' }, { resource: vs('x'), ...at('old/vs.yaml', 0) }),
    finding('IST0101', { kind: 'host', name: 'b' }, { resource: vs('x'), ...at('old/vs.yaml', 1) }),
    finding('IST0101', { kind: 'host', name: 'gone' }, { resource: vs('y'), ...at('old/vs.yaml', 0) }),
  ];
  const head = [
    // a rule inserted above: both findings moved down one rule; the file is in another folder
    finding('IST0101', { kind: 'host', name: 'b' }, { resource: vs('x'), ...at('new/vs.yaml', 2) }),
    finding('IST0101', { kind: 'host', name: 'a' }, { resource: vs('x'), ...at('new/vs.yaml', 1) }),
    finding('IST0101', { kind: 'host', name: 'new' }, { resource: vs('z'), ...at('new/vs.yaml', 0) }),
  ];
  const d = diffFindings(base, head, { base: relativeTo(['old'], '/'), head: relativeTo(['new'], '/') });
  assert.deepEqual(
    d.unchanged.map((p) => [p.base.args, p.head.args]),
    [
      [{ kind: 'host', name: 'b' }, { kind: 'host', name: 'b' }],
      [{ kind: 'host', name: 'a' }, { kind: 'host', name: 'a' }],
    ],
    'findings with equal arguments pair first',
  );
  assert.deepEqual(d.introduced.map((f) => f.resource?.name), ['z']);
  assert.deepEqual(d.fixed.map((f) => f.resource?.name), ['y']);
});

test('relativeTo: names under the named path, else unchanged', () => {
  const rel = relativeTo(['a/b', 'c'], '/');
  assert.equal(rel('a/b/x.yaml'), '#0/x.yaml');
  assert.equal(rel('c'), '#1');
  assert.equal(rel('a/bx.yaml'), 'a/bx.yaml');
});
