// The programmatic API: parseRouteTests + test over an in-memory workspace, as a user of the package
// calls them; ICV semantics (wantMatch, short hosts, ports and weights left out, delegates) and
// problems with file:line, table-driven.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { loadSources, parseRouteTests, test as runTests } from '../../src/app/index.js';
import { repoRoot } from '../helpers/paths.js';

const shop = loadSources([{ name: 'shop.yaml', bytes: readFileSync(path.join(repoRoot, 'test', 'fixtures', 'route-tests', 'shop', 'manifests.yaml')) }]);
const file = (name: string, text: string) => ({ name, bytes: Buffer.from(text) });

function icv(body: string): string {
  return `testCases:\n${body}`;
}

/** One ICV case each, against the shop: whether it passes. */
const ICV_CASES: readonly { name: string; body: string; passes: boolean }[] = [
  {
    name: 'short host resolved in the VirtualService namespace, port left out',
    body: '- wantMatch: true\n  request: {authority: [shop.example.com], method: [GET], uri: [/users/1]}\n  route: [{destination: {host: users.users.svc.cluster.local}}]\n',
    passes: true,
  },
  {
    name: 'a wrong port fails',
    body: '- wantMatch: true\n  request: {authority: [shop.example.com], method: [GET], uri: [/users/1]}\n  route: [{destination: {host: users.users.svc.cluster.local, port: {number: 81}}}]\n',
    passes: false,
  },
  {
    name: 'wantMatch left out is false (Go zero value): a matching route fails',
    body: '- request: {authority: [shop.example.com], method: [GET], uri: [/users/1]}\n  route: [{destination: {host: users.users.svc.cluster.local}}]\n',
    passes: false,
  },
  {
    name: 'wantMatch false passes when every listed field differs',
    body: '- wantMatch: false\n  request: {authority: [shop.example.com], method: [GET], uri: [/users/1]}\n  route: [{destination: {host: partner.partner.svc.cluster.local}}]\n  rewrite: {uri: /x}\n',
    passes: true,
  },
  {
    name: 'wantMatch false fails when one listed field matches',
    body: '- wantMatch: false\n  request: {authority: [shop.example.com], method: [PUT], uri: [/reseller]}\n  route: [{destination: {host: catalog.catalog.svc.cluster.local}}]\n  rewrite: {uri: /partner}\n',
    passes: false,
  },
  {
    name: 'weights compared when given',
    body: '- wantMatch: true\n  request: {authority: [shop.example.com], method: [GET], uri: [/]}\n  route:\n  - {destination: {host: monolith.monolith.svc.cluster.local}, weight: 50}\n  - {destination: {host: monolith.monolith.svc.cluster.local, subset: canary}, weight: 50}\n',
    passes: false,
  },
  {
    name: 'a delegate named without its namespace is looked up in the root namespace',
    body: '- wantMatch: true\n  request: {authority: [shop.example.com], method: [GET], uri: [/merchants]}\n  delegate: {name: merchants}\n',
    passes: false,
  },
  {
    name: 'a delegate rule fields are the delegate rule (no rewrite there)',
    body: '- wantMatch: true\n  request: {authority: [shop.example.com], method: [GET], uri: [/merchants/x]}\n  route: [{destination: {host: merchants.merchants.svc.cluster.local}}]\n  delegate: {name: merchants, namespace: merchants}\n',
    passes: true,
  },
  {
    name: 'a host the gateway does not serve matches nothing',
    body: '- wantMatch: true\n  request: {authority: [other.example.com], method: [GET], uri: [/users]}\n  route: [{destination: {host: users.users.svc.cluster.local}}]\n',
    passes: false,
  },
  {
    name: 'headers compared as written',
    body: '- wantMatch: true\n  request: {authority: [shop.example.com], method: [GET], uri: [/users]}\n  headers: {request: {set: {x-custom-header: ok}}}\n',
    passes: true,
  },
];

for (const c of ICV_CASES) {
  test(`ICV: ${c.name}`, () => {
    const parsed = parseRouteTests([file('t.yaml', icv(c.body))]);
    assert.deepEqual(parsed.problems, []);
    const { run, problems } = runTests(shop, parsed);
    assert.deepEqual(problems, []);
    assert.equal(run.tests, 1);
    assert.equal(run.passed === 1, c.passes, JSON.stringify(run.files[0]?.cases[0]?.failures));
  });
}

/** Invalid test files: exactly these problems, each with its line and column. */
const INVALID: readonly { name: string; text: string; problems: string[] }[] = [
  { name: 'empty file', text: '', problems: ['1:1 no tests in this file (expected kind: RouteTests documents or testCases:)'] },
  { name: 'a list', text: '- a\n- b\n', problems: ['1:1 a route test document must be a mapping (kind: RouteTests, or testCases:)'] },
  {
    name: 'wrong apiVersion',
    text: 'apiVersion: gwctl.io/v1\nkind: RouteTests\nspec:\n  tests:\n  - {name: a, request: {url: "http://a/"}, expect: {status: 404}}\n',
    problems: ['1:1 apiVersion must be one of gwctl.io/v1alpha1, not the string "gwctl.io/v1"'],
  },
  {
    name: 'a bad URL and a bad method, each at its place',
    text: 'apiVersion: gwctl.io/v1alpha1\nkind: RouteTests\nspec:\n  tests:\n  - name: a\n    request:\n      urls: ["http://a/", "gopher://b/"]\n      methods: [GET, "P O"]\n    expect: {status: 404}\n',
    problems: ['8:22 method "P O" is not an HTTP method', '7:27 unsupported scheme "gopher" in gopher://b/: use http:// or https://'],
  },
  {
    name: 'ICV: an empty method list',
    text: 'testCases:\n- wantMatch: true\n  request: {authority: [a], method: [], uri: [/]}\n  route: [{destination: {host: a}}]\n',
    problems: ['3:29 testCases[0].request.method: method list is empty'],
  },
];

for (const c of INVALID) {
  test(`invalid: ${c.name}`, () => {
    const parsed = parseRouteTests([file('bad.yaml', c.text)]);
    assert.deepEqual(
      parsed.problems.map((p) => `${p.line}:${p.column} ${p.message}`),
      c.problems,
    );
    assert.equal(parsed.problems.every((p) => p.file === 'bad.yaml'), true);
    assert.deepEqual(parsed.files, []);
  });
}

test('every case runs: failures do not stop the others, in file order', () => {
  const text = icv(
    ['/users', '/nope', '/partners', '/home']
      .map((u) => `- wantMatch: true\n  description: ${u}\n  request: {authority: [shop.example.com], method: [GET], uri: [${u}]}\n  route: [{destination: {host: users.users.svc.cluster.local}}]\n`)
      .join(''),
  );
  const { run } = runTests(shop, parseRouteTests([file('t.yaml', text)]));
  assert.deepEqual(
    run.files[0]?.cases.map((c) => [c.name, c.passed]),
    [
      ['/users', true],
      ['/nope', false],
      ['/partners', false],
      ['/home', false],
    ],
  );
});

test('a proxy the manifests do not hold is a problem at its line, and no case runs', () => {
  const text = 'apiVersion: gwctl.io/v1alpha1\nkind: RouteTests\nspec:\n  tests:\n  - name: a\n    proxy: {gateway: nope.shop}\n    request: {url: "http://a/"}\n    expect: {status: 404}\n';
  const { run, problems } = runTests(shop, parseRouteTests([file('p.yaml', text)]));
  assert.deepEqual(problems.map((p) => `${p.file}:${p.line}`), ['p.yaml:6']);
  assert.equal(run.tests, 0);
});

test('coverage: routes per proxy and route config, the missed ones with their rule and line, unreachable rules apart', () => {
  const manifests = [
    'apiVersion: networking.istio.io/v1',
    'kind: Gateway',
    'metadata: {name: gw, namespace: web}',
    'spec:',
    '  selector: {istio: ingressgateway}',
    '  servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: [web.example.com]}]',
    '---',
    'apiVersion: networking.istio.io/v1',
    'kind: VirtualService',
    'metadata: {name: web, namespace: web}',
    'spec:',
    '  hosts: [web.example.com]',
    '  gateways: [gw]',
    '  http:',
    '  - match: [{uri: {prefix: /a}}, {uri: {prefix: /b}}]',
    '    route: [{destination: {host: web}}]',
    '  - route: [{destination: {host: web}}]',
    '  - match: [{uri: {prefix: /never}}]',
    '    route: [{destination: {host: web}}]',
    '---',
    'apiVersion: v1',
    'kind: Service',
    'metadata: {name: web, namespace: web}',
    'spec: {ports: [{name: http, port: 80}]}',
  ].join('\n');
  const ws = loadSources([file('web.yaml', manifests)]);
  const tests = parseRouteTests([file('t.yaml', 'apiVersion: gwctl.io/v1alpha1\nkind: RouteTests\nspec:\n  tests:\n  - name: a\n    request: {url: "http://web.example.com/a"}\n    expect: {outcome: forwarded}\n')]);
  const { run } = runTests(ws, tests, { coverage: true, failUnder: 50 });
  const cov = run.coverage;
  assert.ok(cov);
  assert.deepEqual([cov.routes, cov.reached, cov.percent, cov.belowThreshold], [3, 1, 33.3, true]);
  const rc = cov.proxies[0]?.routeConfigs[0];
  assert.equal(rc?.routeConfig, 'http.8080');
  assert.deepEqual(
    rc?.missed.map((m) => [m.match, m.virtualService, m.rule.http, m.rule.match, `${m.file}:${m.line}`]),
    [
      ['prefix /b', 'web/web', 0, 1, 'web.yaml:15'],
      ['prefix /', 'web/web', 1, null, 'web.yaml:17'],
    ],
  );
  assert.deepEqual(cov.unreachable.map((u) => [u.code, `${u.file}:${u.line}`]), [['IST0130', 'web.yaml:18']]);
  assert.equal(runTests(ws, tests, { coverage: true, failUnder: 30 }).run.coverage?.belowThreshold, false);
  assert.equal(runTests(ws, tests).run.coverage, null);
});

test("ICV: a delegate rule takes the root rule's rewrite, fault and headers where it has none (Istio's mergeHTTPRoute)", () => {
  const manifests = [
    'apiVersion: networking.istio.io/v1',
    'kind: Gateway',
    'metadata: {name: gw, namespace: web}',
    'spec:',
    '  selector: {istio: ingressgateway}',
    '  servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: [web.example.com]}]',
    '---',
    'apiVersion: networking.istio.io/v1',
    'kind: VirtualService',
    'metadata: {name: web, namespace: web}',
    'spec:',
    '  hosts: [web.example.com]',
    '  gateways: [gw]',
    '  http:',
    '  - match: [{uri: {prefix: /d}}]',
    '    rewrite: {uri: /root}',
    '    headers: {request: {set: {x-root: "1"}}}',
    '    delegate: {name: child, namespace: web}',
    '---',
    'apiVersion: networking.istio.io/v1',
    'kind: VirtualService',
    'metadata: {name: child, namespace: web}',
    'spec:',
    '  http:',
    '  - match: [{uri: {prefix: /d/own}}]',
    '    rewrite: {uri: /own}',
    '    route: [{destination: {host: web}}]',
    '  - route: [{destination: {host: web}}]',
    '---',
    'apiVersion: v1',
    'kind: Service',
    'metadata: {name: web, namespace: web}',
    'spec: {ports: [{name: http, port: 80}]}',
  ].join('\n');
  const ws = loadSources([file('web.yaml', manifests)]);
  const rows: readonly { uri: string; expect: string; passes: boolean }[] = [
    { uri: '/d/x', expect: 'rewrite: {uri: /root}', passes: true },
    { uri: '/d/x', expect: 'headers: {request: {set: {x-root: "1"}}}', passes: true },
    { uri: '/d/own', expect: 'rewrite: {uri: /own}', passes: true },
    { uri: '/d/own', expect: 'rewrite: {uri: /root}', passes: false },
    { uri: '/d/own', expect: 'headers: {request: {set: {x-root: "1"}}}', passes: true },
  ];
  for (const r of rows) {
    const body = `- wantMatch: true\n  request: {authority: [web.example.com], method: [GET], uri: [${r.uri}]}\n  ${r.expect}\n`;
    const { run, problems } = runTests(ws, parseRouteTests([file('t.yaml', icv(body))]));
    assert.deepEqual(problems, []);
    assert.equal(run.passed === 1, r.passes, `${r.uri} ${r.expect}: ${JSON.stringify(run.files[0]?.cases[0]?.failures)}`);
  }
});
