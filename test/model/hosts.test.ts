import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  analyzerHostToFqdn,
  compareMoreSpecific,
  effectiveExportTo,
  hostIntersection,
  hostMatches,
  hostSubsetOf,
  isIpAddress,
  isVisibleTo,
  isWildcard,
  lowerCaseDomain,
  parseEgressHost,
  parseServerHost,
  resolveGatewayName,
  resolveShortnameToFqdn,
  serverHostsForNamespace,
  sidecarEgressMatch,
  type EgressSubject,
} from '../../src/model/hosts.js';

const SUFFIX = 'cluster.local';

// ---- 3.1 primitives --------------------------------------------------------------------------

const wildcardRows: [string, boolean][] = [
  ['*', true],
  ['*.example.com', true],
  ['*foo.example.com', true],
  ['a.*', false],
  ['example.com', false],
  ['', false],
];
for (const [h, want] of wildcardRows) {
  test(`isWildcard(${JSON.stringify(h)}) = ${want}`, () => assert.equal(isWildcard(h), want));
}

// [a, b, Matches] — Matches is symmetric, so each row is also checked reversed.
const matchRows: [string, string, boolean][] = [
  ['foo.com', 'foo.com', true],
  ['foo.com', 'bar.com', false],
  ['*.com', 'foo.com', true],
  ['*.foo.com', 'foo.com', false],
  ['*', 'foo.com', true],
  ['*', '*.com', true],
  ['*', '*', true],
  ['*.example.com', 'example.com', false],
  ['*.example.com', 'a.b.example.com', true],
  ['*.example.com', '*.a.example.com', true],
  ['*.a.example.com', '*.b.example.com', false],
  ['*foo.example.com', 'barfoo.example.com', true],
  ['*foo.example.com', 'foo.example.com', true],
  ['*foo.example.com', 'bar.example.com', false],
  ['*-foo.example.com', 'x-foo.example.com', true],
  ['Foo.com', 'foo.com', false], // case-sensitive, as in Istio
];
for (const [a, b, want] of matchRows) {
  test(`hostMatches(${a}, ${b}) = ${want} (both directions)`, () => {
    assert.equal(hostMatches(a, b), want);
    assert.equal(hostMatches(b, a), want);
  });
}

// [a, b, a ⊆ b]
const subsetRows: [string, string, boolean][] = [
  ['a.example.com', '*.example.com', true],
  ['a.b.example.com', '*.example.com', true],
  ['example.com', '*.example.com', false],
  ['*.example.com', 'a.example.com', false],
  ['*.a.example.com', '*.example.com', true],
  ['*.example.com', '*.a.example.com', false],
  ['*.example.com', '*.example.com', true],
  ['*.example.com', '*', true],
  ['*', '*.example.com', false],
  ['*', '*', true],
  ['foo.example.com', '*foo.example.com', true],
  ['*foo.example.com', '*.example.com', true],
  ['*xample.com', '*.example.com', false],
  ['x.com', 'x.com', true],
  ['x.com', 'y.com', false],
  ['A.example.com', '*.example.com', true],
];
for (const [a, b, want] of subsetRows) {
  test(`hostSubsetOf(${a}, ${b}) = ${want}`, () => assert.equal(hostSubsetOf(a, b), want));
}

const intersectionRows: [string[], string[], string[]][] = [
  [['foo.com', 'bar.com'], ['*.com'], ['foo.com', 'bar.com']],
  [['foo.com', '*.net'], ['*.com', 'bar.net'], ['foo.com', 'bar.net']],
  [['foo.com', '*.net'], ['*.bar.net'], ['*.bar.net']],
  [['foo.com'], ['bar.com'], []],
  [[], ['bar.com'], []],
  [['*.com', '*.example.com'], ['a.example.com'], ['a.example.com']], // deduped
  [['*.b.com', '*.a.com'], ['x.a.com', 'x.b.com'], ['x.b.com', 'x.a.com']], // A-major order
  [['*'], ['*.example.com', 'a.example.com'], ['*.example.com', 'a.example.com']],
];
for (const [a, b, want] of intersectionRows) {
  test(`hostIntersection(${JSON.stringify(a)}, ${JSON.stringify(b)})`, () => {
    assert.deepEqual(hostIntersection(a, b), want);
  });
}

test('compareMoreSpecific sorts exact first, then longer, then alphabetical', () => {
  const input = ['*', 'b.com', '*.example.com', 'a.example.com', 'ab.com', '*.com', 'aa.com', 'B.com'];
  assert.deepEqual([...input].sort(compareMoreSpecific), [
    'a.example.com',
    'aa.com',
    'ab.com',
    'B.com', // byte order: upper case sorts before lower case
    'b.com',
    '*.example.com',
    '*.com',
    '*',
  ]);
  assert.equal(compareMoreSpecific('x.com', 'x.com'), 0);
  assert.ok(compareMoreSpecific('z.com', '*.a.com') < 0);
  assert.ok(compareMoreSpecific('*.a.com', 'z.com') > 0);
});

// ---- 1.2 host expansion ----------------------------------------------------------------------

const fqdnRows: [string, string, string, string][] = [
  ['cart', 'shop', SUFFIX, 'cart.shop.svc.cluster.local'],
  ['reviews.default', 'default', SUFFIX, 'reviews.default'], // has a dot: verbatim
  ['*', 'default', SUFFIX, '*'],
  ['*.example.com', 'default', SUFFIX, '*.example.com'],
  ['10.1.2.3', 'default', SUFFIX, '10.1.2.3'],
  ['::1', 'default', SUFFIX, '::1'],
  ['2001:db8::1', 'default', SUFFIX, '2001:db8::1'],
  ['a', 'default', '', 'a.default'], // Istio simulation harness: empty suffix
  ['echo', 'ns-1', '', 'echo.ns-1'],
  ['reviews', '', SUFFIX, 'reviews.svc.cluster.local'], // pilot skips an empty namespace
  ['a', '', '', 'a'],
  ['', 'default', SUFFIX, ''],
  ['cart', 'shop', 'corp.example', 'cart.shop.svc.corp.example'],
  ['Reviews', 'default', SUFFIX, 'Reviews.default.svc.cluster.local'],
];
for (const [h, ns, suffix, want] of fqdnRows) {
  test(`resolveShortnameToFqdn(${h}, ${JSON.stringify(ns)}, ${JSON.stringify(suffix)}) = ${want}`, () => {
    assert.equal(resolveShortnameToFqdn(h, ns, suffix), want);
  });
}

const analyzerFqdnRows: [string, string, string][] = [
  ['reviews', '', 'reviews..svc.cluster.local'], // analyzer corpus README
  ['reviews', 'default', 'reviews.default.svc.cluster.local'],
  ['reviews.default', 'default', 'reviews.default'],
  ['*', 'default', '*'],
  ['*foo', 'default', '*foo'],
];
for (const [h, ns, want] of analyzerFqdnRows) {
  test(`analyzerHostToFqdn(${h}, ${JSON.stringify(ns)}) = ${want}`, () => {
    assert.equal(analyzerHostToFqdn(h, ns), want);
  });
}

// ---- 1.1 gateway references ------------------------------------------------------------------

const gatewayRows: [string, string, string][] = [
  ['public-gw', 'shop', 'shop/public-gw'],
  ['istio-system/ingress', 'shop', 'istio-system/ingress'],
  ['mesh', 'shop', 'mesh'],
  ['my-gw', 'app', 'app/my-gw'], // the VS namespace, not the Gateway's
  ['./gw', 'shop', 'shop/gw'],
  ['gw.istio-system.svc.cluster.local', 'shop', 'istio-system/gw'],
  ['gw.istio-system', 'shop', 'istio-system/gw'],
  ['gw.istio-system.svc.corp.example', 'shop', 'istio-system/gw'],
];
for (const [ref, ns, want] of gatewayRows) {
  test(`resolveGatewayName(${ref}, ${ns}) = ${want}`, () => assert.equal(resolveGatewayName(ref, ns, SUFFIX), want));
}

test('VS example in 1.1 resolves all gateways and hosts', () => {
  const gws = ['public-gw', 'istio-system/ingress', 'mesh'].map((g) => resolveGatewayName(g, 'shop', SUFFIX));
  assert.deepEqual(gws, ['shop/public-gw', 'istio-system/ingress', 'mesh']);
  assert.equal(resolveShortnameToFqdn('cart', 'shop', SUFFIX), 'cart.shop.svc.cluster.local');
});

// ---- 1.3 server host namespaces --------------------------------------------------------------

const parseServerRows: [string, { namespace: string; host: string }][] = [
  ['./admin.example.com', { namespace: 'istio-system', host: 'admin.example.com' }],
  ['*/api.example.com', { namespace: '*', host: 'api.example.com' }],
  ['api.example.com', { namespace: '*', host: 'api.example.com' }],
  ['prod/*.example.com', { namespace: 'prod', host: '*.example.com' }],
  ['*/*', { namespace: '*', host: '*' }],
];
for (const [raw, want] of parseServerRows) {
  test(`parseServerHost(${raw})`, () => assert.deepEqual(parseServerHost(raw, 'istio-system'), want));
}

const exampleServer = ['prod/*.example.com', './admin.example.com', '*/api.example.com'];
const serverNsRows: [string[], string, string, string[]][] = [
  [exampleServer, 'istio-system', 'prod', ['*.example.com', 'api.example.com']],
  [exampleServer, 'istio-system', 'istio-system', ['admin.example.com', 'api.example.com']],
  [exampleServer, 'istio-system', 'dev', ['api.example.com']],
  [['*/*', 'prod/foo.com'], 'gw', 'dev', ['*']],
  [['./foo.com', '*/*'], 'gw', 'dev', ['*']],
  [['*/*', 'dev/foo.com', 'bar.com'], 'gw', 'dev', ['*']], // the whole list is replaced, not just the entry
  // Istio's own NamesForNamespace examples
  [['ns1/foo.com', 'ns2/bar.com'], 'gw', 'ns1', ['foo.com']],
  [['ns1/foo.com', 'ns2/bar.com'], 'gw', 'ns3', []],
  [['ns1/foo.com', '*/bar.com'], 'gw', 'ns1', ['foo.com', 'bar.com']],
  [['ns1/foo.com', '*/bar.com'], 'gw', 'ns3', ['bar.com']],
  [['foo.com', 'ns2/bar.com'], 'gw', 'ns2', ['foo.com', 'bar.com']],
  [['foo.com', 'ns2/bar.com'], 'gw', 'ns3', ['foo.com']],
];
for (const [hosts, gwNs, vsNs, want] of serverNsRows) {
  test(`serverHostsForNamespace(${JSON.stringify(hosts)}, gw=${gwNs}, vs=${vsNs})`, () => {
    assert.deepEqual(serverHostsForNamespace(hosts, gwNs, vsNs), want);
  });
}

// ---- 3.2 VS host ↔ gateway server host (vhost domains) ---------------------------------------

function vhostDomains(server: string[], vsNs: string, vsHosts: string[]): string[] {
  return hostIntersection(serverHostsForNamespace(server, 'istio-system', vsNs), vsHosts).map(lowerCaseDomain);
}
const vhostRows: [string[], string, string[], string[]][] = [
  [['*'], 'default', ['httpbin.default.svc.cluster.local'], ['httpbin.default.svc.cluster.local']],
  [['*.example.com'], 'default', ['a.example.com', 'b.example.com'], ['a.example.com', 'b.example.com']],
  [['a.example.com', 'b.example.com'], 'default', ['*.example.com'], ['a.example.com', 'b.example.com']],
  [['*.example.com'], 'default', ['*.example.com'], ['*.example.com']],
  [['*.example.com'], 'default', ['example.com'], []],
  [['httpbin.local'], 'default', ['httpbin-service.default.svc.cluster.local'], []],
  [['prod/*'], 'dev', ['web.dev.svc.cluster.local', '*.example.com', 'x.com'], []],
  [['prod/*'], 'prod', ['web.prod.svc.cluster.local'], ['web.prod.svc.cluster.local']],
  [['*.example.com'], 'default', ['A.Example.com'], []], // case-sensitive comparison
  [['*.example.com'], 'default', ['A.example.com'], ['a.example.com']], // lower-cased on output
];
for (const [server, vsNs, vsHosts, want] of vhostRows) {
  test(`3.2: server ${JSON.stringify(server)} × VS(${vsNs}) ${JSON.stringify(vsHosts)}`, () => {
    assert.deepEqual(vhostDomains(server, vsNs, vsHosts), want);
  });
}

// ---- IP addresses ----------------------------------------------------------------------------

const ipRows: [string, boolean][] = [
  ['1.2.3.4', true],
  ['0.0.0.0', true],
  ['255.255.255.255', true],
  ['::', true],
  ['::1', true],
  ['2001:db8::1', true],
  ['::ffff:1.2.3.4', true],
  ['fe80::1%eth0', true],
  ['256.1.1.1', false],
  ['1.2.3', false],
  ['01.2.3.4', false],
  ['[::1]', false],
  ['1.2.3.4:80', false],
  ['example.com', false],
  ['reviews', false],
  ['*', false],
  ['', false],
];
for (const [s, want] of ipRows) {
  test(`isIpAddress(${JSON.stringify(s)}) = ${want}`, () => assert.equal(isIpAddress(s), want));
}

test('lowerCaseDomain', () => assert.equal(lowerCaseDomain('HTTPBin.Example.COM'), 'httpbin.example.com'));

// ---- 1.4 / 1.5 exportTo ----------------------------------------------------------------------

const effectiveRows: [readonly string[] | undefined, readonly string[] | undefined, string[]][] = [
  [undefined, undefined, ['*']],
  [[], undefined, ['*']],
  [['.'], undefined, ['app']],
  [['.', 'istio-system'], undefined, ['app', 'istio-system']],
  [['~'], undefined, ['~']],
  [undefined, ['.'], ['app']], // mesh default can be private too
  [['*'], ['.'], ['*']],
];
for (const [exportTo, meshDefault, want] of effectiveRows) {
  test(`effectiveExportTo(${JSON.stringify(exportTo)}, default ${JSON.stringify(meshDefault)})`, () => {
    assert.deepEqual([...effectiveExportTo(exportTo, 'app', meshDefault)].sort(), want);
  });
}

// [exportTo, own ns, viewer ns, visible]
const visibleRows: [readonly string[] | undefined, string, string, boolean][] = [
  [undefined, 'app', 'istio-system', true],
  [['*'], 'app', 'other', true],
  [['.'], 'app', 'istio-system', false], // spec 1.4: invisible to an ingress pod in istio-system
  [['.'], 'app', 'app', true],
  [['istio-system'], 'app', 'istio-system', true],
  [['istio-system'], 'app', 'app', false], // own namespace is not implied
  [['.', 'istio-system'], 'app', 'app', true],
  [['~'], 'app', 'app', false],
  [['~'], 'app', 'other', false],
];
for (const [exportTo, own, viewer, want] of visibleRows) {
  test(`isVisibleTo(${JSON.stringify(exportTo)}, own=${own}, viewer=${viewer}) = ${want}`, () => {
    assert.equal(isVisibleTo(effectiveExportTo(exportTo, own), own, viewer), want);
  });
}

test('isVisibleTo handles a raw "." entry like IsServiceVisible', () => {
  assert.equal(isVisibleTo(new Set(['.']), 'app', 'app'), true);
  assert.equal(isVisibleTo(new Set(['.']), 'app', 'other'), false);
});

// ---- 6 sidecar egress hosts ------------------------------------------------------------------

const egressParseRows: [string, ReturnType<typeof parseEgressHost>][] = [
  ['./x.com', { namespace: 'web', host: 'x.com', exclude: false }],
  ['*/*', { namespace: '*', host: '*', exclude: false }],
  ['db/*.db.svc.cluster.local', { namespace: 'db', host: '*.db.svc.cluster.local', exclude: false }],
  ['~/x.com', { namespace: '*', host: 'x.com', exclude: true }],
  ['~./x.com', { namespace: 'web', host: 'x.com', exclude: true }],
  ['~db/*', { namespace: 'db', host: '*', exclude: true }],
  ['x.com', undefined],
  ['a/b/c', undefined],
];
for (const [raw, want] of egressParseRows) {
  test(`parseEgressHost(${raw})`, () => assert.deepEqual(parseEgressHost(raw, 'web'), want));
}

// [egress hosts, config namespace, host, subject, imported]; the Sidecar lives in "web".
const egressRows: [string[], string, string, EgressSubject, boolean][] = [
  [['./*'], 'web', 'a.web.svc.cluster.local', 'service', true],
  [['./*'], 'db', 'mysql.db.svc.cluster.local', 'service', false],
  [['*/*'], 'db', 'mysql.db.svc.cluster.local', 'service', true],
  [['db/*.db.svc.cluster.local'], 'db', 'mysql.db.svc.cluster.local', 'service', true],
  [['db/*.db.svc.cluster.local'], 'other', 'mysql.db.svc.cluster.local', 'service', false], // ns = config's ns
  [['istio-system/*'], 'web', 'a.web.svc.cluster.local', 'service', false],
  [['*/*', '~/*.internal.example.com'], 'ext', 'x.internal.example.com', 'service', false],
  [['*/*', '~/*.internal.example.com'], 'ext', 'x.example.com', 'service', true],
  [['*/*', '~db/*'], 'db', 'mysql.db.svc.cluster.local', 'service', false],
  [['*/*', '~db/*'], 'web', 'a.web.svc.cluster.local', 'service', true],
  [['~/*'], 'web', 'a.web.svc.cluster.local', 'service', false],
  [['./*', '~./secret.web.svc.cluster.local'], 'web', 'secret.web.svc.cluster.local', 'service', false],
  [['x.com'], 'web', 'x.com', 'service', false], // malformed entry is ignored
  [['*/a.example.com'], 'ext', '*.example.com', 'service', false], // wildcard service ⊄ exact import
  [['*/a.example.com'], 'ext', '*.example.com', 'virtualService', true], // VS uses symmetric Matches
  [['*/*.example.com'], 'ext', 'a.example.com', 'service', true],
  [['*/*.example.com'], 'ext', 'a.example.com', 'virtualService', true],
  [['*/*.example.com', '~/a.example.com'], 'ext', 'a.example.com', 'virtualService', false],
  [['*/*.example.com', '~/a.example.com'], 'ext', '*.example.com', 'virtualService', true],
  [['*/example.com'], 'ext', '*.example.com', 'virtualService', false],
];
for (const [hosts, ns, h, subject, want] of egressRows) {
  test(`sidecarEgressMatch(${JSON.stringify(hosts)}, ${subject} ${ns}/${h}) = ${want}`, () => {
    assert.equal(sidecarEgressMatch(hosts, 'web', ns, h, subject), want);
  });
}
