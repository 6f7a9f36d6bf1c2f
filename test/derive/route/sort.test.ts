// isCatchAllRoute, sortVirtualHostRoutes (stable, catch-alls last), defaultRoute, duration rendering.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Route, RouteMatch } from '../../../src/derive/envoy.js';
import { defaultRoute } from '../../../src/derive/route/defaultRoute.js';
import { formatDuration } from '../../../src/derive/route/duration.js';
import { isCatchAllRoute, sortVirtualHostRoutes } from '../../../src/derive/route/sort.js';

const r = (name: string, match: RouteMatch): Route => ({ name, match });

const catchAllRows: [string, RouteMatch, boolean][] = [
  ['prefix /', { prefix: '/' }, true],
  ['prefix / caseSensitive', { prefix: '/', caseSensitive: true }, true],
  ['path-separated /', { pathSeparatedPrefix: '/' }, true],
  ['regex .*', { safeRegex: { regex: '.*' } }, true],
  ['regex /.*', { safeRegex: { regex: '/.*' } }, false],
  ['prefix /a', { prefix: '/a' }, false],
  ['exact /', { path: '/' }, false],
  ['prefix / with header', { prefix: '/', headers: [{ name: 'x', presentMatch: true }] }, false],
  ['prefix / with query', { prefix: '/', queryParameters: [{ name: 'q', presentMatch: true }] }, false],
  ['prefix / with metadata', { prefix: '/', dynamicMetadata: [{}] }, false],
];
for (const [name, match, want] of catchAllRows) {
  test(`isCatchAllRoute: ${name}`, () => assert.equal(isCatchAllRoute(r(name, match)), want));
}

test('sortVirtualHostRoutes: catch-alls move last, relative order kept', () => {
  const routes = [r('c1', { prefix: '/' }), r('a', { prefix: '/a' }), r('c2', { safeRegex: { regex: '.*' } }), r('b', { path: '/b' }), r('c3', { prefix: '/' })];
  assert.deepEqual(
    sortVirtualHostRoutes(routes).map((x) => x.name),
    ['a', 'b', 'c1', 'c2', 'c3'],
  );
  assert.deepEqual(
    routes.map((x) => x.name),
    ['c1', 'a', 'c2', 'b', 'c3'],
    'input untouched',
  );
});

test('defaultRoute: spec §6 shape, byte for byte', () => {
  const route = defaultRoute('outbound|9080||reviews.default.svc.cluster.local', 'reviews.default.svc.cluster.local', 9080);
  assert.equal(
    JSON.stringify(route),
    '{"name":"default","match":{"prefix":"/"},"route":{"cluster":"outbound|9080||reviews.default.svc.cluster.local","timeout":"0s","retryPolicy":{"retryOn":"connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes","numRetries":2,"retryHostPredicate":[{"name":"envoy.retry_host_predicates.previous_hosts","typedConfig":{"@type":"type.googleapis.com/envoy.extensions.retry.host.previous_hosts.v3.PreviousHostsPredicate"}}],"hostSelectionRetryMaxAttempts":"5"},"maxGrpcTimeout":"0s"},"decorator":{"operation":"reviews.default.svc.cluster.local:9080/*"}}',
  );
});

test('defaultRoute: consistent hash adds hashPolicy but keeps the previous-hosts predicate', () => {
  const route = defaultRoute('outbound|80||a', 'a', 80, { consistentHash: { httpHeaderName: 'x-id' } });
  assert.deepEqual(route.route?.hashPolicy, [{ header: { headerName: 'x-id' } }]);
  assert.ok(route.route?.retryPolicy?.retryHostPredicate);
  assert.deepEqual(Object.keys(route.route ?? {}), ['cluster', 'timeout', 'retryPolicy', 'hashPolicy', 'maxGrpcTimeout']);
});

const durations: [string, string][] = [
  ['5s', '5s'],
  ['0s', '0s'],
  ['1.5s', '1.500s'],
  ['100ms', '0.100s'],
  ['1ms', '0.001s'],
  ['1500us', '0.001500s'],
  ['3m', '180s'],
  ['1h', '3600s'],
  ['0.5h', '1800s'],
  ['7ns', '0.000000007s'],
];
for (const [input, want] of durations) {
  test(`formatDuration(${input}) = ${want}`, () => assert.equal(formatDuration(input), want));
}
