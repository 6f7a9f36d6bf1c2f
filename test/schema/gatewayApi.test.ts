// Gateway API kinds: the CRDs' OpenAPI validation, their CEL rules, unknown fields (GW0006) and
// the CRD defaults (applied as a separate step, so the peer suite can leave them out as Istio's
// harness does).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatPath } from '../../src/diagnostics/path.js';
import { validateDocument, type Validated } from '../../src/schema/validate.js';
import { defaultGatewaySpec, defaultGrpcRouteSpec, defaultHttpRouteSpec, defaultL4RouteSpec } from '../../src/schema/kinds/gatewayApiDefaults.js';
import { gatewayApiSchemas } from '../../src/schema/kinds/gatewayApi.js';

const { grpcRouteSpec, httpRouteSpec, kubernetesGatewaySpec, tcpRouteSpec } = gatewayApiSchemas();

type Kind = 'Gateway' | 'HTTPRoute' | 'GRPCRoute' | 'TCPRoute' | 'TLSRoute' | 'ListenerSet' | 'ReferenceGrant' | 'GatewayClass';

function validate(kind: Kind, spec: unknown, apiVersion = 'gateway.networking.k8s.io/v1'): Validated {
  const value = { apiVersion, kind, metadata: { name: 't', namespace: 'default' }, spec };
  return validateDocument({ file: 't.yaml', doc: 0, base: [], value }, 'default');
}

const summary = (v: Validated): string[] => v.findings.map((f) => `${f.code} ${formatPath(f.at?.path ?? [])}`).sort();

type Row = [name: string, kind: Kind, spec: unknown, want: string[], rejected?: boolean];

const listener = (extra: Record<string, unknown> = {}) => ({ name: 'http', port: 80, protocol: 'HTTP', ...extra });
const gw = (listeners: unknown[], extra: Record<string, unknown> = {}) => ({ gatewayClassName: 'istio', listeners, ...extra });
const route = (rules: unknown[], extra: Record<string, unknown> = {}) => ({ parentRefs: [{ name: 'gw' }], rules, ...extra });
const svc = (name = 'web', port: number | null = 80) => ({ name, ...(port === null ? {} : { port }) });

const rows: Row[] = [
  ['a plain HTTP Gateway is valid', 'Gateway', gw([listener()]), []],
  ['listeners must not be empty (minItems): the Gateway is refused', 'Gateway', gw([]), ['GW0007 spec.listeners'], true],
  // Gateway API is dropping minItems for a Gateway that allows ListenerSets (gateway-api#4425); Istio converts it.
  ['empty listeners with allowedListeners: an error, and the Gateway is read as written', 'Gateway', gw([], { allowedListeners: { namespaces: { from: 'All' } } }), ['GW0007 spec.listeners'], false],
  ['an unknown listener field is reported, the rest kept', 'Gateway', gw([listener({ hostnmae: 'a.example.com' })]), ['GW0006 spec.listeners[0].hostnmae'], false],
  ['a listener hostname must be a DNS name', 'Gateway', gw([listener({ hostname: 'A_B' })]), ['GW0007 spec.listeners[0].hostname']],
  ['tls on an HTTP listener', 'Gateway', gw([listener({ tls: { certificateRefs: [{ name: 'c' }] } })]), ['GW0007 spec.listeners[0].tls'], true],
  ['HTTPS with Passthrough', 'Gateway', gw([listener({ protocol: 'HTTPS', port: 443, tls: { mode: 'Passthrough' } })]), ['GW0007 spec.listeners[0].tls.mode'], true],
  ['TLS without tls', 'Gateway', gw([listener({ protocol: 'TLS', port: 443 })]), ['GW0007 spec.listeners[0].protocol'], true],
  ['Terminate without certificates', 'Gateway', gw([listener({ protocol: 'HTTPS', port: 443, tls: {} })]), ['GW0007 spec.listeners[0].tls'], true],
  ['hostname on a TCP listener', 'Gateway', gw([listener({ protocol: 'TCP', hostname: 'a.example.com' })]), ['GW0007 spec.listeners[0].hostname'], true],
  ['duplicate listener names', 'Gateway', gw([listener(), listener({ port: 81 })]), ['GW0007 spec.listeners[1].name'], true],
  ['duplicate port/protocol/hostname', 'Gateway', gw([listener(), listener({ name: 'b' })]), ['GW0007 spec.listeners[1]'], true],
  ['a Gateway without gatewayClassName', 'Gateway', { listeners: [listener()] }, ['GW0007 spec.gatewayClassName']],
  ['a full HTTPRoute is valid', 'HTTPRoute', route([
    {
      name: 'api',
      matches: [{ path: { type: 'PathPrefix', value: '/api' }, headers: [{ name: 'x-v', value: '1' }], queryParams: [{ name: 'q', value: 'a', type: 'RegularExpression' }], method: 'GET' }],
      filters: [
        { type: 'RequestHeaderModifier', requestHeaderModifier: { set: [{ name: 'x-a', value: 'b' }], remove: ['x-c'] } },
        { type: 'URLRewrite', urlRewrite: { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/' } } },
        { type: 'RequestMirror', requestMirror: { backendRef: svc('mirror'), percent: 10 } },
      ],
      backendRefs: [{ ...svc(), weight: 90 }, { ...svc('canary'), weight: 10 }],
      timeouts: { request: '10s', backendRequest: '2s' },
      retry: { attempts: 3, codes: [503], backoff: '100ms' },
    },
  ], { hostnames: ['shop.example.com'] }), []],
  ['a redirect with backendRefs', 'HTTPRoute', route([{ filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https' } }], backendRefs: [svc()] }]), ['GW0007 spec.rules[0]'], true],
  ['ReplacePrefixMatch needs one PathPrefix match', 'HTTPRoute', route([{ matches: [{ path: { type: 'Exact', value: '/a' } }], filters: [{ type: 'URLRewrite', urlRewrite: { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/b' } } }], backendRefs: [svc()] }]), ['GW0007 spec.rules[0]'], true],
  ['a path that is not absolute', 'HTTPRoute', route([{ matches: [{ path: { type: 'PathPrefix', value: 'api' } }], backendRefs: [svc()] }]), ['GW0007 spec.rules[0].matches[0].path.value'], true],
  ['a Service backendRef without port', 'HTTPRoute', route([{ backendRefs: [svc('web', null)] }]), ['GW0007 spec.rules[0].backendRefs[0]'], true],
  ['filter type without its field', 'HTTPRoute', route([{ filters: [{ type: 'RequestHeaderModifier' }], backendRefs: [svc()] }]), ['GW0007 spec.rules[0].filters[0]'], true],
  ['a redirect status code Gateway API does not allow', 'HTTPRoute', route([{ filters: [{ type: 'RequestRedirect', requestRedirect: { statusCode: 305 } }] }]), ['GW0007 spec.rules[0].filters[0].requestRedirect.statusCode']],
  ['backendRequest longer than request', 'HTTPRoute', route([{ timeouts: { request: '1s', backendRequest: '2s' }, backendRefs: [svc()] }]), ['GW0007 spec.rules[0].timeouts'], true],
  ['two parentRefs to one Gateway need sectionNames', 'HTTPRoute', { parentRefs: [{ name: 'gw' }, { name: 'gw', sectionName: 'a' }], rules: [{ backendRefs: [svc()] }] }, ['GW0007 spec.parentRefs[0]', 'GW0007 spec.parentRefs[1]'], true],
  ['duplicate rule names', 'HTTPRoute', route([{ name: 'a', backendRefs: [svc()] }, { name: 'a', backendRefs: [svc()] }]), ['GW0007 spec.rules[1].name'], true],
  ['an unknown rule field (a VirtualService habit)', 'HTTPRoute', route([{ route: [svc()] }]), ['GW0006 spec.rules[0].route'], false],
  ['a GRPCRoute method match needs service or method', 'GRPCRoute', route([{ matches: [{ method: { type: 'Exact' } }], backendRefs: [svc()] }]), ['GW0007 spec.rules[0].matches[0].method'], true],
  ['a GRPCRoute with a valid method', 'GRPCRoute', route([{ matches: [{ method: { service: 'helloworld.Greeter', method: 'SayHello' } }], backendRefs: [svc()] }]), []],
  ['a TCPRoute needs backendRefs', 'TCPRoute', route([{}]), ['GW0007 spec.rules[0].backendRefs']],
  ['a TCPRoute v1alpha2 is served', 'TCPRoute', route([{ backendRefs: [svc()] }]), []],
  ['TLSRoute hostnames cannot be IPs', 'TLSRoute', route([{ backendRefs: [svc()] }], { hostnames: ['10.0.0.1'] }), ['GW0007 spec.hostnames[0]'], true],
  ['a ReferenceGrant needs from and to', 'ReferenceGrant', { from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'a' }] }, ['GW0007 spec.to']],
  ['a ListenerSet', 'ListenerSet', { parentRef: { name: 'gw' }, listeners: [listener()] }, []],
  ['a GatewayClass controller must be domain-prefixed', 'GatewayClass', { controllerName: 'istio' }, ['GW0007 spec.controllerName']],
];

for (const [name, kind, spec, want, rejected] of rows) {
  test(`${kind}: ${name}`, () => {
    const v = validate(kind, spec);
    assert.deepEqual(summary(v), [...want].sort(), JSON.stringify(v.findings.map((f) => f.args)));
    if (rejected !== undefined) {
      assert.ok(v.resource, 'CEL violations keep the resource (marked rejected)');
      assert.equal(v.resource.rejected, rejected);
    }
  });
}

test('served versions: HTTPRoute v1beta1, TLSRoute v1alpha2 and ReferenceGrant v1beta1 are read; GRPCRoute v1alpha2 is not served', () => {
  assert.ok(validate('HTTPRoute', route([{ backendRefs: [svc()] }]), 'gateway.networking.k8s.io/v1beta1').resource);
  assert.ok(validate('TLSRoute', route([{ backendRefs: [svc()] }]), 'gateway.networking.k8s.io/v1alpha2').resource);
  assert.ok(validate('ReferenceGrant', { from: [{ group: '', kind: 'Service', namespace: 'a' }], to: [{ group: '', kind: 'Service' }] }, 'gateway.networking.k8s.io/v1beta1').resource);
  assert.deepEqual(summary(validate('GRPCRoute', route([]), 'gateway.networking.k8s.io/v1alpha2')), ['GW0009 apiVersion']);
});

test('a null field is read as absent (the API server prunes it)', () => {
  const v = validate('HTTPRoute', { parentRefs: [{ name: 'gw', namespace: null }], hostnames: null, rules: [{ backendRefs: [svc()] }] });
  assert.deepEqual(summary(v), []);
});

// ---- CRD defaults -------------------------------------------------------------------------------

test('HTTPRoute defaults: rule without matches → PathPrefix /, match types Exact, redirect 302, backend group/kind/weight, parentRef group/kind', () => {
  const spec = httpRouteSpec.parse({
    parentRefs: [{ name: 'gw' }],
    rules: [
      { backendRefs: [svc()] },
      { matches: [{ headers: [{ name: 'x', value: 'y' }], queryParams: [{ name: 'q', value: 'v' }] }], filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https' } }] },
    ],
  });
  const d = defaultHttpRouteSpec(spec);
  assert.deepEqual(d.parentRefs?.[0], { name: 'gw', group: 'gateway.networking.k8s.io', kind: 'Gateway' });
  assert.deepEqual(d.rules?.[0]?.matches, [{ path: { type: 'PathPrefix', value: '/' } }]);
  assert.deepEqual(d.rules?.[0]?.backendRefs?.[0], { name: 'web', port: 80, group: '', kind: 'Service', weight: 1 });
  const m = d.rules?.[1]?.matches?.[0];
  assert.deepEqual(m?.path, { type: 'PathPrefix', value: '/' });
  assert.equal(m?.headers?.[0]?.type, 'Exact');
  assert.equal(m?.queryParams?.[0]?.type, 'Exact');
  assert.equal(d.rules?.[1]?.filters?.[0]?.requestRedirect?.statusCode, 302);
  assert.equal(spec.rules?.[0]?.matches, undefined, 'the parsed spec itself is not defaulted');
});

test('HTTPRoute defaults: no rules → one rule matching PathPrefix /', () => {
  const d = defaultHttpRouteSpec(httpRouteSpec.parse({ parentRefs: [{ name: 'gw' }] }));
  assert.deepEqual(d.rules, [{ matches: [{ path: { type: 'PathPrefix', value: '/' } }] }]);
});

test('Gateway defaults: allowedRoutes Same, tls mode Terminate, certificateRefs kind Secret, address type IPAddress', () => {
  const spec = kubernetesGatewaySpec.parse(
    gw([listener(), listener({ name: 'https', port: 443, protocol: 'HTTPS', tls: { certificateRefs: [{ name: 'cert' }] } })], { addresses: [{ value: '10.0.0.1' }] }),
  );
  const d = defaultGatewaySpec(spec);
  assert.deepEqual(d.listeners[0]?.allowedRoutes, { namespaces: { from: 'Same' } });
  assert.equal(d.listeners[1]?.tls?.mode, 'Terminate');
  assert.deepEqual(d.listeners[1]?.tls?.certificateRefs?.[0], { name: 'cert', group: '', kind: 'Secret' });
  assert.equal(d.addresses?.[0]?.type, 'IPAddress');
});

test('GRPCRoute and TCPRoute defaults', () => {
  const g = defaultGrpcRouteSpec(grpcRouteSpec.parse(route([{ matches: [{ method: { service: 's' } }], backendRefs: [svc()] }])));
  assert.equal(g.rules?.[0]?.matches?.[0]?.method?.type, 'Exact');
  assert.equal(g.rules?.[0]?.backendRefs?.[0]?.weight, 1);
  const t = defaultL4RouteSpec(tcpRouteSpec.parse(route([{ backendRefs: [svc()] }])));
  assert.deepEqual(t.rules[0]?.backendRefs[0], { name: 'web', port: 80, group: '', kind: 'Service', weight: 1 });
});
