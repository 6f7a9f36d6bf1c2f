// The route index must never change which route matches first: a differential test against a scan
// in order over generated virtual hosts (prefixes that nest, exact paths, path-separated prefixes,
// regexes, case-insensitive and header-conditioned routes), and proof that it pays.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Route, RouteMatch } from '../../src/derive/envoy.js';
import { candidateRoutes } from '../../src/explain/stages/routeIndex.js';
import { firstMatchingRoute, matchRoute } from '../../src/explain/stages/routeMatch.js';
import type { ExplainRequest } from '../../src/explain/types.js';
import { mulberry32 as rng } from '../../bench/prng.js';

const SEGMENTS = ['', 'a', 'A', 'ab', 'api', 'v1', 'x'];

function pathOf(r: () => number, maxDepth: number): string {
  const depth = Math.floor(r() * (maxDepth + 1));
  let p = '';
  for (let i = 0; i < depth; i++) p += `/${SEGMENTS[Math.floor(r() * SEGMENTS.length)] ?? ''}`;
  return r() < 0.3 ? `${p}/` : p || '/';
}

function matchOf(r: () => number): RouteMatch {
  const kind = Math.floor(r() * 6);
  const m: RouteMatch =
    kind === 0 ? { path: pathOf(r, 3) } : kind === 1 ? { pathSeparatedPrefix: pathOf(r, 3) } : kind === 2 ? { safeRegex: { regex: `${pathOf(r, 2)}.*` } } : kind === 3 ? { prefix: '' } : { prefix: pathOf(r, 3) };
  if (r() < 0.15) m.caseSensitive = false;
  if (r() < 0.2) m.headers = [{ name: 'x-v', stringMatch: { exact: r() < 0.5 ? '1' : '2' } }];
  return m;
}

function request(path: string, headers: Record<string, string>): ExplainRequest {
  return { url: `http://h${path}`, scheme: 'http', urlHost: 'h', port: 80, path, query: '', method: 'GET', headers: { host: 'h', ...headers }, portMode: 'auto' };
}

function scan(routes: readonly Route[], req: ExplainRequest): number | undefined {
  const i = routes.findIndex((r) => matchRoute(r, req).ok);
  return i < 0 ? undefined : i;
}

test('the indexed first match equals a scan in order (200 generated virtual hosts × 60 requests)', () => {
  for (let seed = 1; seed <= 200; seed++) {
    const r = rng(seed);
    const routes: Route[] = Array.from({ length: 32 + Math.floor(r() * 100) }, () => ({ match: matchOf(r) }));
    assert.ok(candidateRoutes(routes, '/') !== undefined, 'the index is in use at this size');
    for (let k = 0; k < 60; k++) {
      const req = request(pathOf(r, 4), r() < 0.5 ? { 'x-v': r() < 0.5 ? '1' : '2' } : {});
      assert.equal(firstMatchingRoute(routes, req)?.index, scan(routes, req), `seed ${seed}, path ${req.path}`);
    }
  }
});

test('a route appended after the index was built is still found', () => {
  const routes: Route[] = Array.from({ length: 40 }, (_, i) => ({ match: { path: `/p${i}` } }));
  assert.equal(firstMatchingRoute(routes, request('/new', {})), undefined);
  routes.push({ match: { prefix: '/new' } });
  assert.equal(firstMatchingRoute(routes, request('/new', {}))?.index, 40);
});

test('the index pays: a request on one of 5,000 distinct prefixes has a handful of candidates', () => {
  const routes: Route[] = Array.from({ length: 5000 }, (_, i) => ({ match: { prefix: `/p${i}/` } }));
  routes.push({ match: { prefix: '/' } });
  const candidates = candidateRoutes(routes, '/p4321/x') ?? [];
  assert.deepEqual(candidates, [4321, 5000]);
});
