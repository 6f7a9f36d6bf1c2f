import { test } from 'node:test';
import assert from 'node:assert/strict';

import { formatPath } from '../../src/diagnostics/path.js';
import { validateDocument, type Validated } from '../../src/schema/validate.js';
import {
  durationProblem,
  fqdnProblem,
  headerValueProblem,
  ipSubnetProblem,
  regexProblem,
  wildcardDomainProblem,
} from '../../src/schema/istioChecks.js';

type Kind = 'VirtualService' | 'DestinationRule' | 'ServiceEntry' | 'Sidecar';

function validate(kind: Kind, spec: unknown): Validated {
  const value = { apiVersion: 'networking.istio.io/v1', kind, metadata: { name: 't', namespace: 'default' }, spec };
  return validateDocument({ file: 't.yaml', doc: 0, base: [], value }, 'default');
}

/** Findings as "CODE path", sorted, so a table row states exactly what must be reported. */
function summary(v: Validated): string[] {
  return v.findings.map((f) => `${f.code} ${formatPath(f.at?.path ?? [])}`).sort();
}

type Row = [name: string, spec: unknown, want: string[]];

function table(kind: Kind, rows: Row[]): void {
  for (const [name, spec, want] of rows) {
    test(`${kind}: ${name}`, () => {
      const v = validate(kind, spec);
      assert.deepEqual(summary(v), [...want].sort(), JSON.stringify(v.findings.map((f) => f.args)));
      const typeError = want.some((w) => w.startsWith('IST0106')) && v.resource === undefined;
      if (!typeError) {
        assert.ok(v.resource, 'a resource is produced when there are no type errors');
        assert.equal(v.resource.rejected, want.some((w) => w.startsWith('IST0106')));
      }
    });
  }
}

const dest = (host: string, extra: Record<string, unknown> = {}) => ({ destination: { host, ...extra } });
const route = (...hosts: string[]) => ({ route: hosts.map((h) => dest(h)) });
const gw = { hosts: ['shop.example.com'], gateways: ['istio-system/ingress'] };

// ---- VirtualService ---------------------------------------------------------------------------

table('VirtualService', [
  [
    'full gateway VS is valid',
    {
      ...gw,
      http: [
        {
          name: 'api',
          match: [
            { uri: { prefix: '/api' }, headers: { 'x-user': { exact: 'a' }, 'X-Upper': { regex: 'v[0-9]+' } }, queryParams: { q: { regex: '^a.*' } }, port: 80 },
            { uri: { regex: '/v[12]/.*' }, ignoreUriCase: true, withoutHeaders: { 'x-skip': { regex: '*' } }, sourceLabels: { app: 'web' } },
          ],
          route: [
            { destination: { host: 'reviews', subset: 'v1', port: { number: 9080 } }, weight: 90, headers: { request: { set: { 'x-a': '%HOSTNAME%' } } } },
            { destination: { host: 'reviews', subset: 'v2' }, weight: 10 },
          ],
          timeout: '5s',
          retries: { attempts: 3, perTryTimeout: '2s', retryOn: '5xx,connect-failure,503', retryRemoteLocalities: true },
          rewrite: { uriRegexRewrite: { match: '^/api/(.*)', rewrite: '/\\1' } },
          corsPolicy: { allowOrigins: [{ exact: 'https://a.example.com' }], allowMethods: ['GET', 'POST'], allowHeaders: ['x-a'], maxAge: '24h', allowCredentials: true },
          fault: { delay: { fixedDelay: '100ms', percentage: { value: 0.5 } }, abort: { httpStatus: 503, percentage: { value: 1 } } },
          mirror: { host: 'mirror' },
          mirrorPercentage: { value: 10 },
          headers: { response: { remove: ['x-internal'] }, request: { set: { host: 'upstream.example.com' } } },
        },
        { name: 'old', match: [{ uri: { exact: '/old' } }], redirect: { uri: '/new', redirectCode: 301, derivePort: 'FROM_REQUEST_PORT' } },
        { match: [{ uri: { exact: '/health' } }], directResponse: { status: 200, body: { string: 'ok' } } },
        { route: [dest('web')] },
      ],
      exportTo: ['.'],
    },
    [],
  ],
  ['mesh VS with a short host and tcp', { hosts: ['reviews'], tcp: [{ match: [{ port: 27017, destinationSubnets: ['10.0.0.0/8'] }], ...route('mongo') }] }, []],
  ['TLS route on a gateway', { ...gw, tls: [{ match: [{ sniHosts: ['shop.example.com'], port: 443 }], ...route('shop') }] }, []],
  ['delegate VS', { http: [{ match: [{ uri: { prefix: '/a' } }], ...route('a') }] }, []],
  ['root VS delegating', { ...gw, http: [{ delegate: { name: 'child', namespace: 'team' } }] }, []],
  ['"*" host on a gateway is fine', { hosts: ['*'], gateways: ['istio-system/ingress'], http: [route('web')] }, []],
  ['IP host is accepted', { hosts: ['10.0.0.1'], http: [route('web')] }, []],

  ['unknown field rout', { ...gw, http: [{ rout: [dest('web')] }] }, ['GW0006 spec.http[0].rout', 'IST0106 spec.http[0]']],
  ['unknown top-level spec field', { ...gw, host: ['x'], http: [route('web')] }, ['GW0006 spec.host']],
  ['"*" host on the mesh', { hosts: ['*'], http: [route('web')] }, ['IST0106 spec.hosts[0]']],
  ['"*" host when gateways include mesh', { hosts: ['*'], gateways: ['mesh', 'istio-system/gw'], http: [route('web')] }, ['IST0106 spec.hosts[0]']],
  ['overlapping hosts', { hosts: ['*.example.com', 'a.example.com'], gateways: ['istio-system/gw'], http: [route('web')] }, ['IST0106 spec.hosts[1]']],
  ['duplicate hosts', { hosts: ['a.com', 'a.com'], http: [route('web')] }, ['IST0106 spec.hosts[1]']],
  ['invalid host', { hosts: ['bad_host.com'], http: [route('web')] }, ['IST0106 spec.hosts[0]']],
  ['delegate with gateways and tcp', { gateways: ['istio-system/gw'], tcp: [route('a')] }, ['IST0106 spec.gateways', 'IST0106 spec.tcp']],
  ['./name gateway', { ...gw, gateways: ['./ingress'], http: [route('web')] }, ['IST0106 spec.gateways[0]']],
  ['legacy gateway name warns', { ...gw, gateways: ['ingress.istio-system.svc.cluster.local'], http: [route('web')] }, ['IST0133 spec.gateways[0]']],
  // Istio stops checking gateway names after the first one without a namespace.
  ['entries after a bare name are not checked (Istio quirk)', { ...gw, gateways: ['mesh', './ingress'], http: [route('web')] }, []],
  ['no rules at all', { ...gw }, ['IST0106 spec']],
  ['rule without route/redirect/directResponse', { ...gw, http: [{ timeout: '1s' }] }, ['IST0106 spec.http[0]']],
  ['redirect with route', { ...gw, http: [{ redirect: { uri: '/x' }, ...route('web') }] }, ['IST0106 spec.http[0].route']],
  ['redirect with fault and rewrite', { ...gw, http: [{ redirect: { uri: '/x' }, fault: { abort: { httpStatus: 500 } }, rewrite: { uri: '/y' } }] }, ['IST0106 spec.http[0].fault', 'IST0106 spec.http[0].rewrite']],
  ['directResponse with route', { ...gw, http: [{ directResponse: { status: 404 }, ...route('web') }] }, ['IST0106 spec.http[0].route']],
  ['mirror and mirrors', { ...gw, http: [{ ...route('web'), mirror: { host: 'm' }, mirrors: [{ destination: { host: 'n' } }] }] }, ['IST0106 spec.http[0].mirrors']],
  ['root delegate with route', { ...gw, http: [{ delegate: { name: 'c' }, ...route('web') }] }, ['IST0106 spec.http[0].route']],
  ['delegate VS delegating again', { http: [{ delegate: { name: 'c' }, ...route('web') }] }, ['IST0106 spec.http[0].delegate']],
  ['weights all zero', { ...gw, http: [{ route: [{ ...dest('a'), weight: 0 }, { ...dest('b'), weight: 0 }] }] }, ['IST0106 spec.http[0].route']],
  ['weights that do not add to 100 are fine', { ...gw, http: [{ route: [{ ...dest('a'), weight: 30 }, { ...dest('b'), weight: 30 }] }] }, []],
  ['negative weight', { ...gw, http: [{ route: [{ ...dest('a'), weight: -5 }] }] }, ['IST0106 spec.http[0].route[0].weight']],
  ['attempts 0 with retryOn', { ...gw, http: [{ ...route('a'), retries: { attempts: 0, retryOn: '5xx' } }] }, ['IST0106 spec.http[0].retries.attempts']],
  ['attempts unset with perTryTimeout', { ...gw, http: [{ ...route('a'), retries: { perTryTimeout: '1s' } }] }, ['IST0106 spec.http[0].retries.attempts']],
  ['negative attempts', { ...gw, http: [{ ...route('a'), retries: { attempts: -1 } }] }, ['IST0106 spec.http[0].retries.attempts']],
  ['bad retryOn policy', { ...gw, http: [{ ...route('a'), retries: { attempts: 2, retryOn: '5xx,bogus' } }] }, ['IST0106 spec.http[0].retries.retryOn']],
  ['destination host "*"', { ...gw, http: [route('*')] }, ['IST0106 spec.http[0].route[0].destination.host']],
  ['invalid destination host', { ...gw, http: [route('a..b')] }, ['IST0106 spec.http[0].route[0].destination.host']],
  ['invalid subset and port', { ...gw, http: [{ route: [dest('a', { subset: 'v1.2', port: { number: 70000 } })] }] }, ['IST0106 spec.http[0].route[0].destination.port.number', 'IST0106 spec.http[0].route[0].destination.subset']],
  ['invalid uri regex', { ...gw, http: [{ match: [{ uri: { regex: '(a' } }], ...route('a') }] }, ['IST0106 spec.http[0].match[0].uri.regex']],
  ['Perl-only regex is not RE2', { ...gw, http: [{ match: [{ authority: { regex: '(?=x)y' } }], ...route('a') }] }, ['IST0106 spec.http[0].match[0].authority.regex']],
  ['invalid header and query regexes', { ...gw, http: [{ match: [{ headers: { 'x-a': { regex: '[z-a]' } }, queryParams: { q: { regex: 'a{2,1}' } } }], ...route('a') }] }, ['IST0106 spec.http[0].match[0].headers.x-a.regex', 'IST0106 spec.http[0].match[0].queryParams.q.regex']],
  ['invalid uriRegexRewrite', { ...gw, http: [{ ...route('a'), rewrite: { uriRegexRewrite: { match: '\\1', rewrite: '/' } } }] }, ['IST0106 spec.http[0].rewrite.uriRegexRewrite.match']],
  ['empty header prefix', { ...gw, http: [{ match: [{ headers: { 'x-a': { prefix: '' } }, uri: { prefix: '' } }], ...route('a') }] }, ['IST0106 spec.http[0].match[0].headers.x-a.prefix']],
  ['invalid header name', { ...gw, http: [{ match: [{ headers: { 'bad header': { exact: 'a' } } }], ...route('a') }] }, ['IST0106 spec.http[0].match[0].headers["bad header"]']],
  ['two match types in one StringMatch', { ...gw, http: [{ match: [{ uri: { exact: '/a', prefix: '/b' } }], ...route('a') }] }, ['IST0106 spec.http[0].match[0].uri']],
  ['JWT claim routing on the mesh', { hosts: ['a'], http: [{ match: [{ headers: { '@request.auth.claims.sub': { exact: 'x' } } }], ...route('a') }] }, ['IST0106 spec.http[0].match[0].headers["@request.auth.claims.sub"]']],
  ['directResponse status out of range', { ...gw, http: [{ directResponse: { status: 700 } }] }, ['IST0106 spec.http[0].directResponse.status']],
  ['redirect code not 3xx', { ...gw, http: [{ redirect: { uri: '/x', redirectCode: 200 } }] }, ['IST0106 spec.http[0].redirect.redirectCode']],
  ['empty redirect', { ...gw, http: [{ redirect: {} }] }, ['IST0106 spec.http[0].redirect']],
  ['fault percentage over 100', { ...gw, http: [{ ...route('a'), fault: { abort: { httpStatus: 500, percentage: { value: 150 } } } }] }, ['IST0106 spec.http[0].fault.abort.percentage.value']],
  ['empty fault', { ...gw, http: [{ ...route('a'), fault: {} }] }, ['IST0106 spec.http[0].fault']],
  ['mirrorPercentage over 100', { ...gw, http: [{ ...route('a'), mirror: { host: 'm' }, mirrorPercentage: { value: 120 } }] }, ['IST0106 spec.http[0].mirrorPercentage.value']],
  ['deprecated mirrorPercent warns', { ...gw, http: [{ ...route('a'), mirror: { host: 'm' }, mirrorPercent: 50 }] }, ['IST0133 spec.http[0].mirrorPercent']],
  ['timeout 0s', { ...gw, http: [{ ...route('a'), timeout: '0s' }] }, ['IST0106 spec.http[0].timeout']],
  ['removing a pseudo header', { ...gw, http: [{ ...route('a'), headers: { request: { remove: [':path'] }, response: { set: { host: 'x' } } } }] }, ['IST0106 spec.http[0].headers.request.remove[0]', 'IST0106 spec.http[0].headers.response.set.host']],
  ['authority rewritten twice', { ...gw, http: [{ ...route('a'), rewrite: { authority: 'a.com' }, headers: { request: { set: { ':authority': 'b.com' } } } }] }, ['IST0106 spec.http[0].headers.request.set[":authority"]']],
  ['SNI host outside the VS hosts', { ...gw, tls: [{ match: [{ sniHosts: ['other.example.com'] }], ...route('a') }] }, ['IST0106 spec.tls[0].match[0].sniHosts[0]']],
  ['tcp rule without route', { hosts: ['a'], tcp: [{ match: [{ port: 80 }] }] }, ['IST0106 spec.tcp[0]']],
  ['exportTo mixing * with others', { ...gw, http: [route('a')], exportTo: ['*', 'team'] }, ['IST0106 spec.exportTo']],
  // type errors reject the resource outright
  ['weight that is not a number', { ...gw, http: [{ route: [{ ...dest('a'), weight: 'fifty' }] }] }, ['IST0106 spec.http[0].route[0].weight']],
  ['destination without host', { ...gw, http: [{ route: [{ destination: { subset: 'v1' } }] }] }, ['IST0106 spec.http[0].route[0].destination.host']],
  ['unknown derivePort', { ...gw, http: [{ redirect: { derivePort: 'SOMETIMES' } }] }, ['IST0106 spec.http[0].redirect.derivePort']],
  ['bad duration', { ...gw, http: [{ ...route('a'), timeout: 'soon' }] }, ['IST0106 spec.http[0].timeout']],
]);

test('VirtualService: rout suggests route', () => {
  const v = validate('VirtualService', { ...gw, http: [{ rout: [dest('web')] }] });
  const f = v.findings.find((x) => x.code === 'GW0006');
  assert.ok(f && f.code === 'GW0006');
  assert.equal(f.args.field, 'rout');
  assert.equal(f.args.suggestion, 'route');
  assert.equal(f.level, 'warning');
});

test('missing REQUIRED fields keep the resource (rejected), as Istio parses them to zero values', () => {
  // From Istio's analyzer testdata: `route: [{}]` still reaches the analyzers.
  const v = validate('VirtualService', { http: [{ route: [{}, dest('reviews-bogus', { subset: 'v1' })] }] });
  assert.deepEqual(summary(v), ['IST0106 spec.http[0].route', 'IST0106 spec.http[0].route[0].destination.host']); // + weights all 0
  assert.ok(v.resource?.kind === 'VirtualService');
  assert.equal(v.resource.rejected, true);
  assert.equal(v.resource.spec.http?.[0]?.route?.[0]?.destination.host, '');
  const dr = validate('DestinationRule', { subsets: [{ labels: { v: '1' } }] });
  assert.ok(dr.resource?.kind === 'DestinationRule');
  assert.equal(dr.resource.spec.host, '');
  assert.equal(dr.resource.spec.subsets?.[0]?.name, '');
});

test('VirtualService: a type error leaves no resource; a semantic error marks it rejected', () => {
  assert.equal(validate('VirtualService', { ...gw, http: [{ route: [{ ...dest('a'), weight: 'x' }] }] }).resource, undefined);
  const v = validate('VirtualService', { hosts: ['*'], http: [route('a')] });
  assert.equal(v.resource?.rejected, true);
  assert.equal(validate('VirtualService', { ...gw, http: [route('a')] }).resource?.rejected, false);
});

test('VirtualService: messages speak the user language', () => {
  const v = validate('VirtualService', { ...gw, http: [{ timeout: '1s' }] });
  const f = v.findings[0];
  assert.ok(f && f.code === 'IST0106');
  assert.equal(f.args.detail, 'http[0] must have exactly one of route, redirect or directResponse');
  const t = validate('VirtualService', { ...gw, http: [{ route: [{ ...dest('a'), weight: 'fifty' }] }] }).findings[0];
  assert.ok(t && t.code === 'IST0106');
  assert.doesNotMatch(t.args.detail, /ZodError|invalid_type|undefined|NaN/);
});

// ---- DestinationRule --------------------------------------------------------------------------

table('DestinationRule', [
  [
    'full DR is valid',
    {
      host: 'reviews.prod.svc.cluster.local',
      trafficPolicy: {
        loadBalancer: { simple: 'ROUND_ROBIN', localityLbSetting: { distribute: [{ from: 'us-west/*', to: { 'us-west/*': 80, 'us-east/*': 20 } }] } },
        connectionPool: { tcp: { maxConnections: 100, connectTimeout: '30ms', tcpKeepalive: { time: '7200s', interval: '75s' } }, http: { http1MaxPendingRequests: 10, maxRequestsPerConnection: 10, h2UpgradePolicy: 'UPGRADE' } },
        outlierDetection: { consecutive5xxErrors: 7, interval: '5m', baseEjectionTime: '15m', maxEjectionPercent: 50 },
        tls: { mode: 'ISTIO_MUTUAL', sni: 'reviews' },
        portLevelSettings: [{ port: { number: 80 }, loadBalancer: { simple: 'LEAST_REQUEST' } }],
      },
      subsets: [
        { name: 'v1', labels: { version: 'v1' } },
        { name: 'v2', labels: { version: 'v2' }, trafficPolicy: { loadBalancer: { consistentHash: { httpCookie: { name: 'user', ttl: '10s' }, ringHash: { minimumRingSize: 1024 } } } } },
        { name: 'any' },
      ],
      exportTo: ['.', 'other'],
    },
    [],
  ],
  ['workloadSelector exported to "."', { host: 'a', workloadSelector: { matchLabels: { app: 'a' } }, exportTo: ['.'] }, []],
  ['SIMPLE tls with credentialName', { host: 'a.com', trafficPolicy: { tls: { mode: 'SIMPLE', credentialName: 'cred', sni: 'a.com' } } }, []],
  ['maglev with a prime table size', { host: 'a', trafficPolicy: { loadBalancer: { consistentHash: { useSourceIp: true, maglev: { tableSize: 65537 } } } } }, []],

  ['missing host', { subsets: [{ name: 'v1' }] }, ['IST0106 spec.host']],
  ['invalid host', { host: 'a..b' }, ['IST0106 spec.host']],
  ['duplicate subset names', { host: 'a', subsets: [{ name: 'v1' }, { name: 'v1' }] }, ['IST0106 spec.subsets[1].name']],
  ['empty and invalid subset names', { host: 'a', subsets: [{ name: '' }, { name: 'v_1' }] }, ['IST0106 spec.subsets[0].name', 'IST0106 spec.subsets[1].name']],
  ['subset without name', { host: 'a', subsets: [{ labels: { v: '1' } }] }, ['IST0106 spec.subsets[0].name']],
  ['invalid subset label', { host: 'a', subsets: [{ name: 'v1', labels: { 'bad key!': 'x' } }] }, ['IST0106 spec.subsets[0].labels["bad key!"]']],
  ['unknown tls mode', { host: 'a', trafficPolicy: { tls: { mode: 'STRICT' } } }, ['IST0106 spec.trafficPolicy.tls.mode']],
  ['MUTUAL without certificates', { host: 'a', trafficPolicy: { tls: { mode: 'MUTUAL' } } }, ['IST0106 spec.trafficPolicy.tls', 'IST0106 spec.trafficPolicy.tls']],
  ['empty trafficPolicy', { host: 'a', trafficPolicy: {} }, ['IST0106 spec.trafficPolicy']],
  ['workloadSelector exported to everyone', { host: 'a', workloadSelector: { matchLabels: { app: 'a' } }, exportTo: ['*'] }, ['IST0106 spec.exportTo']],
  ['workloadSelector without labels warns', { host: 'a', workloadSelector: {} }, ['IST0133 spec.workloadSelector.matchLabels']],
  ['two consistent hash keys', { host: 'a', trafficPolicy: { loadBalancer: { consistentHash: { httpHeaderName: 'x', useSourceIp: true } } } }, ['IST0106 spec.trafficPolicy.loadBalancer.consistentHash']],
  ['maglev table size not prime', { host: 'a', trafficPolicy: { loadBalancer: { consistentHash: { useSourceIp: true, maglev: { tableSize: 100 } } } } }, ['IST0106 spec.trafficPolicy.loadBalancer.consistentHash.maglev.tableSize']],
  ['empty connectionPool', { host: 'a', trafficPolicy: { connectionPool: {} } }, ['IST0106 spec.trafficPolicy.connectionPool']],
  ['negative maxConnections', { host: 'a', trafficPolicy: { connectionPool: { tcp: { maxConnections: -1 } } } }, ['IST0106 spec.trafficPolicy.connectionPool.tcp.maxConnections']],
  ['maxEjectionPercent over 100', { host: 'a', trafficPolicy: { outlierDetection: { maxEjectionPercent: 150 } } }, ['IST0106 spec.trafficPolicy.outlierDetection.maxEjectionPercent']],
  ['portLevelSettings entry with only a port', { host: 'a', trafficPolicy: { portLevelSettings: [{ port: { number: 80 } }] } }, ['IST0106 spec.trafficPolicy.portLevelSettings[0]']],
  ['locality weights not adding to 100', { host: 'a', trafficPolicy: { loadBalancer: { localityLbSetting: { distribute: [{ from: 'r/*', to: { 'r/z1/*': 50 } }] } } } }, ['IST0106 spec.trafficPolicy.loadBalancer.localityLbSetting.distribute[0].to']],
  ['unknown field simpel', { host: 'a', trafficPolicy: { loadBalancer: { simpel: 'RANDOM', simple: 'RANDOM' } } }, ['GW0006 spec.trafficPolicy.loadBalancer.simpel']],
]);

test('DestinationRule: simpel suggests simple', () => {
  const f = validate('DestinationRule', { host: 'a', trafficPolicy: { loadBalancer: { simpel: 'RANDOM' } } }).findings.find((x) => x.code === 'GW0006');
  assert.ok(f && f.code === 'GW0006');
  assert.equal(f.args.suggestion, 'simple');
});

// ---- ServiceEntry -----------------------------------------------------------------------------

table('ServiceEntry', [
  ['external DNS entry', { hosts: ['api.example.com'], ports: [{ number: 443, name: 'https', protocol: 'HTTPS' }], location: 'MESH_EXTERNAL', resolution: 'DNS' }, []],
  [
    'STATIC entry with endpoints',
    { hosts: ['db.internal'], addresses: ['10.0.0.0/24'], ports: [{ number: 5432, name: 'tcp-pg', protocol: 'TCP' }], resolution: 'STATIC', endpoints: [{ address: '10.0.0.5', ports: { 'tcp-pg': 5432 }, labels: { app: 'db' } }] },
    [],
  ],
  ['DNS entry with hostname endpoints', { hosts: ['a.example.com', 'b.example.com'], ports: [{ number: 80, name: 'http', protocol: 'HTTP' }], resolution: 'DNS', endpoints: [{ address: 'lb.example.com' }] }, []],
  ['wildcard with DYNAMIC_DNS', { hosts: ['*.example.com'], ports: [{ number: 443, name: 'tls', protocol: 'TLS' }], resolution: 'DYNAMIC_DNS' }, []],
  ['exportTo "~" is allowed', { hosts: ['a.example.com'], ports: [{ number: 80, name: 'http', protocol: 'HTTP' }], resolution: 'DNS', exportTo: ['~'] }, []],

  ['"*" host', { hosts: ['*'] }, ['IST0106 spec.hosts[0]']],
  ['no hosts', { hosts: [] }, ['IST0106 spec.hosts']],
  ['missing hosts', { ports: [{ number: 80, name: 'http', protocol: 'HTTP' }] }, ['IST0106 spec.hosts']],
  ['port without number', { hosts: ['a.com'], resolution: 'DNS', ports: [{ name: 'http', protocol: 'HTTP' }] }, ['IST0106 spec.ports[0].number']],
  ['port without name', { hosts: ['a.com'], ports: [{ number: 80, protocol: 'HTTP' }] }, ['IST0106 spec.ports[0].name']],
  ['duplicate port names and numbers', { hosts: ['a.com'], resolution: 'DNS', ports: [{ number: 80, name: 'http', protocol: 'HTTP' }, { number: 80, name: 'http', protocol: 'HTTP' }] }, ['IST0106 spec.ports[1].name', 'IST0106 spec.ports[1].number']],
  ['unknown protocol and invalid port name', { hosts: ['a.com'], resolution: 'DNS', ports: [{ number: 80, name: 'http_1', protocol: 'FOO' }] }, ['IST0106 spec.ports[0].name', 'IST0106 spec.ports[0].protocol']],
  ['unknown resolution', { hosts: ['a.com'], resolution: 'MAGIC' }, ['IST0106 spec.resolution']],
  ['STATIC endpoint with a hostname', { hosts: ['a.com'], addresses: ['10.1.1.1'], ports: [{ number: 80, name: 'http', protocol: 'HTTP' }], resolution: 'STATIC', endpoints: [{ address: 'host.example.com' }] }, ['IST0106 spec.endpoints[0].address']],
  ['endpoint port not declared', { hosts: ['a.com'], ports: [{ number: 80, name: 'http', protocol: 'HTTP' }], resolution: 'STATIC', endpoints: [{ address: '10.0.0.1', ports: { grpc: 9000 } }] }, ['IST0106 spec.endpoints[0].ports.grpc']],
  ['DNS without endpoints needs FQDN hosts', { hosts: ['*.example.com'], ports: [{ number: 443, name: 'https', protocol: 'HTTPS' }], resolution: 'DNS' }, ['IST0106 spec.hosts[0]']],
  ['DNS_ROUND_ROBIN with two endpoints', { hosts: ['a.com'], ports: [{ number: 80, name: 'http', protocol: 'HTTP' }], resolution: 'DNS_ROUND_ROBIN', endpoints: [{ address: 'x.com' }, { address: 'y.com' }] }, ['IST0106 spec.endpoints']],
  ['NONE with endpoints', { hosts: ['a.com'], addresses: ['10.0.0.1'], ports: [{ number: 80, name: 'http', protocol: 'HTTP' }], endpoints: [{ address: '10.0.0.1' }] }, ['IST0106 spec.endpoints']],
  ['CIDR with DNS', { hosts: ['a.com'], addresses: ['10.0.0.0/8'], ports: [{ number: 80, name: 'http', protocol: 'HTTP' }], resolution: 'DNS' }, ['IST0106 spec.addresses']],
  ['invalid address', { hosts: ['a.com'], addresses: ['10.0.0.300'], ports: [{ number: 80, name: 'http', protocol: 'HTTP' }] }, ['IST0106 spec.addresses[0]']],
  ['workloadSelector and endpoints', { hosts: ['a.com'], ports: [{ number: 80, name: 'http', protocol: 'HTTP' }], resolution: 'STATIC', workloadSelector: { labels: { app: 'a' } }, endpoints: [] }, ['IST0106 spec.endpoints']],
  ['several hosts with a TCP port', { hosts: ['a.com', 'b.com'], addresses: ['10.0.0.1'], ports: [{ number: 9000, name: 'tcp', protocol: 'TCP' }], resolution: 'DNS' }, ['IST0106 spec.ports[0]', 'IST0133 spec.hosts']],
  ['TCP port without addresses and resolution NONE warns', { hosts: ['a.com'], ports: [{ number: 9000, name: 'tcp', protocol: 'TCP' }] }, ['IST0133 spec.ports[0]']],
  ['DYNAMIC_DNS with a plain host', { hosts: ['a.example.com'], ports: [{ number: 80, name: 'http', protocol: 'HTTP' }], resolution: 'DYNAMIC_DNS' }, ['IST0106 spec.hosts[0]']],
  ['port out of range', { hosts: ['a.com'], resolution: 'DNS', ports: [{ number: 0, name: 'http', protocol: 'HTTP' }] }, ['IST0106 spec.ports[0].number']],
  ['unknown field endpoint', { hosts: ['a.com'], resolution: 'DNS', ports: [{ number: 80, name: 'http', protocol: 'HTTP' }], endpoint: [] }, ['GW0006 spec.endpoint']],
]);

// ---- Sidecar ----------------------------------------------------------------------------------

table('Sidecar', [
  ['namespace-wide egress', { egress: [{ hosts: ['./*', 'istio-system/*'] }] }, []],
  [
    'egress with a port, a catch-all and outbound policy',
    {
      workloadSelector: { labels: { app: 'ratings' } },
      egress: [{ port: { number: 9080, protocol: 'HTTP', name: 'egresshttp' }, hosts: ['prod-us1/*'] }, { hosts: ['istio-system/*', '~/*.legacy.example.com'] }],
      outboundTrafficPolicy: { mode: 'REGISTRY_ONLY' },
    },
    [],
  ],
  ['ingress listener', { ingress: [{ port: { number: 9080, protocol: 'HTTP', name: 'somename' }, defaultEndpoint: '127.0.0.1:8080', captureMode: 'IPTABLES' }] }, []],
  ['egressProxy with ALLOW_ANY', { outboundTrafficPolicy: { mode: 'ALLOW_ANY', egressProxy: { host: 'proxy.example.com', port: { number: 3128 } } } }, []],
  ['unix socket egress', { egress: [{ port: { number: 0, protocol: 'HTTP', name: 'uds' }, bind: 'unix:///var/run/app.sock', hosts: ['*/*'] }] }, []],

  ['empty Sidecar', {}, ['IST0106 spec']],
  ['unknown field egres', { egres: [{ hosts: ['./*'] }] }, ['GW0006 spec.egres', 'IST0106 spec']],
  ['egress host without namespace', { egress: [{ hosts: ['foo.example.com'] }] }, ['IST0106 spec.egress[0].hosts[0]']],
  ['egress short name', { egress: [{ hosts: ['default/reviews'] }] }, ['IST0106 spec.egress[0].hosts[0]']],
  ['egress invalid namespace', { egress: [{ hosts: ['Bad_ns/*'] }] }, ['IST0106 spec.egress[0].hosts[0]']],
  ['catch-all egress not last', { egress: [{ hosts: ['./*'] }, { port: { number: 80, protocol: 'HTTP', name: 'http' }, hosts: ['./*'] }] }, ['IST0106 spec.egress[0]']],
  ['egress without hosts', { egress: [{ hosts: [] }] }, ['IST0106 spec.egress[0].hosts']],
  ['egress missing hosts', { egress: [{ port: { number: 80 } }] }, ['IST0106 spec.egress[0].hosts']],
  ['duplicate egress ports', { egress: [{ port: { number: 80, protocol: 'HTTP' }, hosts: ['./*'] }, { port: { number: 80, protocol: 'HTTP' }, hosts: ['./*'] }] }, ['IST0106 spec.egress[1].port.number']],
  ['unknown egress protocol', { egress: [{ port: { number: 80, protocol: 'SMTP' }, hosts: ['./*'] }] }, ['IST0106 spec.egress[0].port.protocol']],
  ['duplicated egress hosts warn', { egress: [{ hosts: ['ns1/*', 'ns1/a.example.com'] }] }, ['IST0133 spec.egress[0].hosts[1]']],
  ['*/* with other hosts warns', { egress: [{ hosts: ['*/*', 'ns1/a.example.com'] }] }, ['IST0133 spec.egress[0].hosts']],
  ['bad defaultEndpoint host', { ingress: [{ port: { number: 9080, protocol: 'HTTP', name: 'http' }, defaultEndpoint: 'localhost:8080' }] }, ['IST0106 spec.ingress[0].defaultEndpoint']],
  ['ingress without port', { ingress: [{ defaultEndpoint: '127.0.0.1:8080' }] }, ['IST0106 spec.ingress[0].port']],
  ['ingress targetPort', { ingress: [{ port: { number: 9080, protocol: 'HTTP', targetPort: 8080 } }] }, ['IST0106 spec.ingress[0].port.targetPort']],
  ['ingress tls on an HTTP port', { ingress: [{ port: { number: 9080, protocol: 'HTTP' }, tls: { mode: 'SIMPLE', serverCertificate: '/c', privateKey: '/k' } }] }, ['IST0106 spec.ingress[0].tls']],
  ['unknown outbound mode', { outboundTrafficPolicy: { mode: 'BLOCK' } }, ['IST0106 spec.outboundTrafficPolicy.mode']],
  ['egressProxy with REGISTRY_ONLY', { outboundTrafficPolicy: { mode: 'REGISTRY_ONLY', egressProxy: { host: 'proxy.example.com', port: { number: 3128 } } } }, ['IST0106 spec.outboundTrafficPolicy.egressProxy']],
  ['workloadSelector without labels warns', { workloadSelector: {}, egress: [{ hosts: ['./*'] }] }, ['IST0133 spec.workloadSelector.labels']],
]);

// ---- shared checks ----------------------------------------------------------------------------

test('durations: at least 1ms, whole milliseconds', () => {
  assert.equal(durationProblem('1ms'), undefined);
  assert.equal(durationProblem('0.001s'), undefined);
  assert.equal(durationProblem('1.5s'), undefined);
  assert.match(durationProblem('0s') ?? '', /at least 1ms/);
  assert.match(durationProblem('500us') ?? '', /at least 1ms/);
  assert.match(durationProblem('1.0005s') ?? '', /whole number of milliseconds/);
  assert.match(durationProblem('1500ms', { seconds: true }) ?? '', /whole number of seconds/);
});

test('host names follow Istio (wildcard only in the first label, no underscores, trailing dot allowed)', () => {
  for (const ok of ['*', '*.example.com', '*foo.example.com', '*-foo.example.com', 'example.com.', 'Reviews', 'a-b.c']) assert.equal(wildcardDomainProblem(ok), undefined, ok);
  for (const bad of ['', 'a.*.com', 'a_b.com', 'a..b', 'foo.123', '-a.com']) assert.ok(wildcardDomainProblem(bad), bad);
  assert.ok(fqdnProblem('*.example.com'));
  assert.equal(fqdnProblem('gw.istio-system.svc.cluster.local'), undefined);
});

// Issue 15: "a wildcard may only start the first label" was said of names without a wildcard. The
// reason names what is wrong with the label at hand.
const HOST_REASONS: readonly [string, RegExp][] = [
  ['CD_NAMESPACE_PLACEHOLDER.svc', /label "CD_NAMESPACE_PLACEHOLDER" is not allowed: a label is letters, digits and "-"/],
  ['$(JWA_NAMESPACE).svc', /label "\$\(JWA_NAMESPACE\)" is not allowed: a label is letters, digits and "-"/],
  ['-a.com', /label "-a" is not allowed: a label is letters, digits and "-", not starting or ending with "-"/],
  ['a*.example.com', /label "a\*" is not allowed: a wildcard may only start the first label/],
  ['**.example.com', /a wildcard may only start the first label/],
  [`${'a'.repeat(64)}.com`, /longer than 63 characters/],
];
test('an invalid first label is explained by what is wrong with it (a wildcard only when it has one)', () => {
  for (const [name, reason] of HOST_REASONS) {
    const problem = wildcardDomainProblem(name) ?? '';
    assert.match(problem, reason, name);
    if (!name.split('.')[0]?.includes('*')) assert.doesNotMatch(problem, /wildcard/, name);
  }
});

test('regexes are RE2', () => {
  assert.equal(regexProblem('^/api/v[0-9]+(/.*)?$'), undefined);
  assert.equal(regexProblem('(?P<name>x)'), undefined);
  assert.match(regexProblem('(a') ?? '', /not a valid RE2 regular expression: missing closing \)/);
  assert.ok(regexProblem('a(?!b)'));
  assert.ok(regexProblem('x'.repeat(1025)));
});

test('subnets and header values', () => {
  assert.equal(ipSubnetProblem('10.0.0.0/8'), undefined);
  assert.equal(ipSubnetProblem('2001:db8::/32'), undefined);
  assert.equal(ipSubnetProblem('10.0.0.1'), undefined);
  assert.ok(ipSubnetProblem('10.0.0.0/33'));
  assert.ok(ipSubnetProblem('example.com'));
  assert.equal(headerValueProblem('100%% sure %HOSTNAME%'), undefined);
  assert.ok(headerValueProblem('50%'));
  assert.ok(headerValueProblem('%START_TIME'));
  assert.ok(headerValueProblem('a\nb'));
});
