// Delegate VirtualServices: merge with the root rule, inherited fields, conflicts, visibility, provenance.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildHttpRoutes } from '../../../src/derive/route/buildRoutes.js';
import { matchConflict, stringMatchConflict } from '../../../src/derive/route/delegate.js';
import { context, json, load, virtualService, vsYaml } from './helpers.js';

const ROOT = vsYaml(
  [
    'hosts: [a.com]',
    'gateways: [gw]',
    'http:',
    '- name: api',
    '  match: [{name: m, uri: {prefix: /api}, headers: {x-env: {exact: prod}}}]',
    '  timeout: 3s',
    '  retries: {attempts: 0}',
    '  delegate: {name: api, namespace: team}',
    '- name: web',
    '  match: [{uri: {prefix: /web}}]',
    '  delegate: {name: missing}',
    '- name: rest',
    '  route: [{destination: {host: fallback}}]',
  ].join('\n'),
  'root',
  'default',
);

const DELEGATE = vsYaml(
  [
    'http:',
    '- name: v1',
    '  match: [{name: d, uri: {prefix: /api/v1}, headers: {x-user: {exact: u}}}]',
    '  route: [{destination: {host: api-v1}}]',
    '- name: other',
    '  match: [{uri: {prefix: /other}}]',
    '  route: [{destination: {host: other}}]',
    '- name: rest',
    '  timeout: 1s',
    '  route: [{destination: {host: api}}]',
  ].join('\n'),
  'api',
  'team',
);

test('delegate: merged matches, names, inherited fields, conflict and missing delegate dropped', () => {
  const index = load(`${ROOT}---\n${DELEGATE}`);
  const res = buildHttpRoutes(virtualService(index, 'root'), context(index));
  const summary = res.routes.map((r) => ({ name: r.name, match: json(r.match), cluster: r.route?.cluster, timeout: r.route?.timeout, retry: r.route?.retryPolicy !== undefined }));
  assert.deepEqual(summary, [
    {
      name: 'api-v1.m-d',
      match: { prefix: '/api/v1', caseSensitive: true, headers: [{ name: 'x-env', stringMatch: { exact: 'prod' } }, { name: 'x-user', stringMatch: { exact: 'u' } }] },
      // Destination hosts resolve in the delegate's namespace.
      cluster: 'outbound|80||api-v1.team.svc.cluster.local',
      timeout: '3s',
      retry: false,
    },
    {
      name: 'api-rest.m',
      match: { prefix: '/api', caseSensitive: true, headers: [{ name: 'x-env', stringMatch: { exact: 'prod' } }] },
      cluster: 'outbound|80||api.team.svc.cluster.local',
      timeout: '1s',
      retry: false,
    },
    { name: 'rest', match: { prefix: '/' }, cluster: 'outbound|80||fallback.default.svc.cluster.local', timeout: '0s', retry: true },
  ]);
  // Metadata and decorator name the root VS.
  for (const r of res.routes) assert.equal(r.metadata?.filterMetadata.istio.config, '/apis/networking.istio.io/v1/namespaces/default/virtual-service/root');
  assert.deepEqual(
    res.filtered.map(({ detail: _d, ...f }) => f),
    [
      { rule: 0, why: 'delegate-conflict', delegate: { namespace: 'team', name: 'api', rule: 1, match: 0 } },
      { rule: 1, why: 'delegate-missing' },
    ],
  );
  assert.deepEqual(res.origins.get(res.routes[0]!), {
    virtualService: { namespace: 'default', name: 'root' },
    rule: 0,
    match: 0,
    delegate: { namespace: 'team', name: 'api', rule: 0, match: 0 },
  });
  assert.deepEqual(res.origins.get(res.routes[1]!), { virtualService: { namespace: 'default', name: 'root' }, rule: 0, match: 0, delegate: { namespace: 'team', name: 'api', rule: 2 } });
  assert.deepEqual(res.origins.get(res.routes[2]!), { virtualService: { namespace: 'default', name: 'root' }, rule: 2 });
});

test('delegate: not exported to the root namespace → rule dropped', () => {
  const hidden = DELEGATE.replace('spec:\n', 'spec:\n  exportTo: ["."]\n');
  const index = load(`${ROOT}---\n${hidden}`);
  const res = buildHttpRoutes(virtualService(index, 'root'), context(index));
  assert.deepEqual(
    res.routes.map((r) => r.name),
    ['rest'],
  );
  assert.equal(res.filtered[0]?.why, 'delegate-missing');
  assert.match(res.filtered[0]?.detail ?? '', /not exported to default/);
});

test('delegate: exported to the root namespace explicitly is visible', () => {
  const shared = DELEGATE.replace('spec:\n', 'spec:\n  exportTo: [default]\n');
  const index = load(`${ROOT}---\n${shared}`);
  assert.equal(buildHttpRoutes(virtualService(index, 'root'), context(index)).routes.length, 3);
});

test('delegate: a VS with hosts is not a delegate', () => {
  const withHosts = DELEGATE.replace('spec:\n', 'spec:\n  hosts: [x.com]\n');
  const index = load(`${ROOT}---\n${withHosts}`);
  const res = buildHttpRoutes(virtualService(index, 'root'), context(index));
  assert.deepEqual(
    res.filtered.map((f) => f.why),
    ['delegate-missing', 'delegate-missing'],
  );
});

test('delegate: namespace defaults to the root namespace; root without match takes the delegate matches', () => {
  const root = vsYaml('hosts: [a.com]\nhttp:\n- delegate: {name: d}', 'root');
  const del = vsYaml('http:\n- match: [{uri: {exact: /x}, port: 80}]\n  route: [{destination: {host: s}}]\n- match: [{uri: {exact: /y}, port: 81}]\n  route: [{destination: {host: s}}]', 'd');
  const index = load(`${root}---\n${del}`);
  const res = buildHttpRoutes(virtualService(index, 'root'), context(index, { port: 80 }));
  assert.deepEqual(
    res.routes.map((r) => r.match.path),
    ['/x'],
  );
  assert.deepEqual(
    res.filtered.map(({ detail: _d, ...f }) => f),
    [{ rule: 0, why: 'port', delegate: { namespace: 'default', name: 'd', rule: 1, match: 0 } }],
  );
});

const smRows: [string, object | undefined, object | undefined, boolean][] = [
  ['root unset', undefined, { prefix: '/a' }, false],
  ['prefix extends prefix', { prefix: '/a' }, { prefix: '/a/b' }, false],
  ['prefix outside prefix', { prefix: '/a/b' }, { prefix: '/a' }, true],
  ['exact under prefix', { prefix: '/a' }, { exact: '/a/x' }, false],
  ['exact outside prefix', { prefix: '/a' }, { exact: '/b' }, true],
  ['exact equal', { exact: '/a' }, { exact: '/a' }, false],
  ['exact vs prefix', { exact: '/a' }, { prefix: '/a' }, true],
  ['regex root', { regex: '.*' }, { prefix: '/a' }, true],
  ['regex leaf', { prefix: '/a' }, { regex: '/a.*' }, true],
  ['regex both', { regex: 'a' }, { regex: 'a' }, true],
  ['empty root match conflicts', {}, { prefix: '/a' }, true],
];
for (const [name, root, leaf, want] of smRows) {
  test(`stringMatchConflict: ${name}`, () => assert.equal(stringMatchConflict(root, leaf), want));
}

const mRows: [string, object, object, boolean][] = [
  ['ignoreUriCase differs', { ignoreUriCase: true }, {}, true],
  ['ports differ', { port: 80 }, { port: 81 }, true],
  ['leaf port only', {}, { port: 81 }, false],
  ['sourceNamespace set on root, empty on leaf', { sourceNamespace: 'a' }, {}, true],
  ['sourceLabels disagree', { sourceLabels: { a: '1' } }, { sourceLabels: { a: '2' } }, true],
  ['sourceLabels extend', { sourceLabels: { a: '1' } }, { sourceLabels: { b: '2' } }, false],
  ['gateways subset', { gateways: ['ns/a', 'ns/b'] }, { gateways: ['ns/a'] }, false],
  ['gateways not subset', { gateways: ['ns/a'] }, { gateways: ['ns/b'] }, true],
  ['header narrows', { headers: { h: { prefix: 'a' } } }, { headers: { h: { exact: 'ab' } } }, false],
  ['header disagrees', { headers: { h: { exact: 'a' } } }, { headers: { h: { exact: 'b' } } }, true],
];
for (const [name, root, leaf, want] of mRows) {
  test(`matchConflict: ${name}`, () => assert.equal(matchConflict(root, leaf), want));
}
