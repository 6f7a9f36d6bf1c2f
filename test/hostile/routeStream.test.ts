// `proxy-config route <gateway> -o json` writes each virtual host as it is made, its routes built
// then and dropped after it is written (derive/gateway/routeConfigs.ts streamed): the bytes must be
// those of the route configs built whole, kept and dumped, on every fixture, peer case, corpus file,
// generated bench mesh, and on generated gateways with hostile names; and the streamed path must
// really build each translation once, only when its virtual host is written, and keep nothing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { gatewayWorkloads } from '../../src/analysis/gatewayProxies.js';
import { loadSources } from '../../src/app/load.js';
import { proxyConfig } from '../../src/app/proxyConfig.js';
import type { Workspace } from '../../src/app/workspace.js';
import { defaultRouteTranslator, targetsFor } from '../../src/derive/gateway/deriveGatewayConfig.js';
import { mergeGateways } from '../../src/derive/gateway/mergeServers.js';
import { buildGatewayRouteConfigs } from '../../src/derive/gateway/routeConfigs.js';
import type { RouteTranslator } from '../../src/derive/gateway/routeTranslator.js';
import { gatewaysForProxy } from '../../src/derive/gateway/selectGateways.js';
import { virtualServiceIndex } from '../../src/derive/gateway/vsIndex.js';
import { expansionKept } from '../../src/derive/route/delegate.js';
import type { ProxyWorkload } from '../../src/derive/proxyConfig.js';
import { proxyConfigText } from '../../src/report/views/proxyConfig.js';
import { inputSets } from '../helpers/inputSets.js';
import { allocatedBytes } from '../../bench/scaling.js';
import { generate } from '../../bench/generate.js';

/** The streamed JSON and the JSON of the route configs built whole (read through `dynamic`), for one gateway, with and without a --name filter. */
function check(ws: Workspace, w: ProxyWorkload, where: string): number {
  let routeConfigs = 0;
  const names = [undefined, ...proxyConfig(ws, { workload: w }, 'route').routes.dynamic.slice(0, 1).map((rc) => rc.name ?? ''), 'http.nope'];
  for (const name of names) {
    const filter = name === undefined ? {} : { name };
    const streamed = proxyConfig(ws, { workload: w }, 'route', filter);
    assert.ok(streamed.routes.streamed, `${where}: a gateway's routes can be streamed`);
    const kept = proxyConfig(ws, { workload: w }, 'route', filter);
    const dynamic = kept.routes.dynamic;
    routeConfigs += dynamic.length;
    assert.equal(proxyConfigText(streamed, 'json'), proxyConfigText({ ...viewOf(kept), routes: { dynamic, statics: kept.routes.statics } }, 'json'), `${where} --name ${name ?? '(none)'}`);
  }
  return routeConfigs;
}

/** The parts of a result the route view reads (spreading the result would build its listeners and clusters). */
const viewOf = (r: ReturnType<typeof proxyConfig>): Parameters<typeof proxyConfigText>[0] => ({
  what: r.what,
  endpoints: [],
  get listeners() {
    return r.listeners;
  },
  get clusters() {
    return r.clusters;
  },
  routes: r.routes,
});

test('streamed route JSON is byte-equal to the kept route configs, on every input set', () => {
  let gateways = 0;
  let routeConfigs = 0;
  for (const set of inputSets()) {
    const ws = loadSources(set.files);
    for (const w of gatewayWorkloads(ws.config)) {
      routeConfigs += check(ws, w, `${set.name}: ${w.namespace}/${w.name}`);
      gateways++;
    }
  }
  assert.ok(gateways > 100 && routeConfigs > 150, `${gateways} gateways, ${routeConfigs} route configs`);
});

// Gateways with hostile names and every route feature route configs merge, collapse and sort by.
const WEIRD = ['__proto__', 'constructor', 'x<y>&z', 'ünï', '𝔘', 'e\u2028f', 'r\u202eq', 'h##[error]x', 'q"\\', 'toString'];
const text = fc.oneof({ weight: 4, arbitrary: fc.constantFrom('a', 'b', 'api', 'shop') }, { weight: 1, arbitrary: fc.constantFrom(...WEIRD) });
// Hosts that validation lets through (a rejected VirtualService gives no route), which overlap so that virtual hosts merge.
const hosts = fc.oneof(
  { weight: 6, arbitrary: fc.uniqueArray(fc.constantFrom('shop.example.com', 'api.example.com', 'a', 'x--y.example.com'), { minLength: 1, maxLength: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom(['*.example.com'], ['*'], ['Shop.Example.COM']) },
);
const serverHost = fc.constantFrom('*', '*.example.com', 'shop.example.com', 'web/*', './api.example.com', '*/shop.example.com', 'other/*', 'istio-system/*');
const stringMatch = fc.oneof(fc.record({ prefix: fc.constantFrom('/', '/a', '/x<y>') }), fc.record({ exact: fc.constantFrom('/', '/b', '/ü') }), fc.record({ regex: fc.constantFrom('.*', '/[0-9]+', '^/a|b$') }));
const match = fc.record(
  {
    name: text,
    uri: stringMatch,
    headers: fc.dictionary(fc.constantFrom('x-user', 'x-a&b', 'end-user'), stringMatch, { maxKeys: 2 }),
    port: fc.constantFrom(80, 443, 8080),
    gateways: fc.constantFrom(['gw'], ['web/gw2'], ['mesh']),
    ignoreUriCase: fc.boolean(),
  },
  { requiredKeys: [] },
);
const destination = fc.record({ host: fc.constantFrom('a', 'b.web.svc.cluster.local', 'ext.example.com', 'shop.example.com'), subset: fc.option(fc.constantFrom('v1', 'v2'), { nil: undefined }), port: fc.option(fc.record({ number: fc.constantFrom(80, 9080) }), { nil: undefined }) });
const rule = fc.record(
  {
    name: text,
    match: fc.oneof(fc.constant(undefined), fc.array(match, { maxLength: 2 })),
    route: fc.array(fc.record({ destination, weight: fc.option(fc.constantFrom(0, 30, 70, 100), { nil: undefined }), headers: fc.option(fc.constant({ request: { set: { 'x-q': 'a<b' } }, response: { remove: ['x&y'] } }), { nil: undefined }) }), { minLength: 1, maxLength: 3 }),
    retries: fc.constantFrom({ attempts: 0 }, { attempts: 2, perTryTimeout: '1s', retryOn: '5xx' }),
    timeout: fc.constantFrom('5s', '0.5s'),
    headers: fc.constantFrom({ request: { set: { 'x-h': 'a<b>&c' }, add: { 'x-ü': 'v' } } }, { response: { remove: ['x-q'] } }),
    rewrite: fc.constantFrom({ uri: '/v2<x>' }, { authority: 'r.example.com' }),
    fault: fc.constant({ abort: { httpStatus: 503, percentage: { value: 10 } } }),
    corsPolicy: fc.constant({ allowOrigins: [{ exact: 'https://a&b' }] }),
  },
  { requiredKeys: ['route'] },
);
const redirectRule = fc.record({ name: text, redirect: fc.record({ uri: fc.constantFrom('/r', '/ü'), authority: fc.constantFrom('r.example.com'), redirectCode: fc.constantFrom(301, 308) }) });
const vs = fc.record({
  name: text,
  namespace: fc.constantFrom('web', 'api', 'istio-system'),
  hosts,
  gateways: fc.constantFrom(['web/gw'], ['web/gw', 'web/gw2'], ['istio-system/gw'], ['web/gw2', 'mesh']),
  http: fc.array(fc.oneof({ weight: 4, arbitrary: rule }, { weight: 1, arbitrary: redirectRule }), { minLength: 1, maxLength: 3 }),
  created: fc.constantFrom('2024-01-01T00:00:00Z', '2024-01-02T00:00:00Z'),
  exportTo: fc.option(fc.constantFrom(['.'], ['*'], ['web']), { nil: undefined }),
});
const server = fc.record({ port: fc.constantFrom({ number: 80, name: 'http', protocol: 'HTTP' }, { number: 8080, name: 'http2', protocol: 'HTTP' }, { number: 443, name: 'https', protocol: 'HTTPS' }), hosts: fc.uniqueArray(serverHost, { minLength: 1, maxLength: 3 }), redirect: fc.boolean(), name: fc.option(fc.constantFrom('s1', 'x<y>'), { nil: undefined }) });
const mesh = fc.record({ gw: fc.array(server, { minLength: 1, maxLength: 3 }), gw2: fc.array(server, { maxLength: 2 }), vses: fc.array(vs, { minLength: 2, maxLength: 10 }), hashing: fc.boolean() });

type Mesh = typeof mesh extends fc.Arbitrary<infer T> ? T : never;

function yamlOf(m: Mesh): string {
  const s = JSON.stringify;
  const gateway = (name: string, ns: string, servers: Mesh['gw']): string =>
    `apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: {name: ${name}, namespace: ${ns}}\nspec: ${s({
      selector: { istio: 'ingressgateway' },
      servers: servers.map((x, i) => ({ port: { ...x.port, name: `${x.port.name}-${i}` }, hosts: x.hosts, ...(x.name ? { name: x.name } : {}), ...(x.port.protocol === 'HTTPS' ? { tls: { mode: 'SIMPLE', credentialName: 'c' } } : x.redirect ? { tls: { httpsRedirect: true } } : {}) })),
    })}\n`;
  const docs = [gateway('gw', 'web', m.gw), gateway('gw', 'istio-system', m.gw.slice(0, 1))];
  if (m.gw2.length > 0) docs.push(gateway('gw2', 'web', m.gw2));
  for (const [i, v] of m.vses.entries()) {
    const spec = { hosts: v.hosts, gateways: v.gateways, http: v.http, ...(v.exportTo ? { exportTo: v.exportTo } : {}) };
    docs.push(`apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: vs-${i}, namespace: ${v.namespace}, creationTimestamp: ${s(v.created)}}\nspec: ${s(spec)}\n`);
  }
  for (const [name, ns] of [['a', 'web'], ['b', 'web'], ['a', 'api']] as const) {
    docs.push(`apiVersion: v1\nkind: Service\nmetadata: {name: ${name}, namespace: ${ns}}\nspec: {selector: {app: ${name}}, ports: [{name: http, port: 80}]}\n`);
  }
  if (m.hashing) docs.push(`apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: a, namespace: web}\nspec: {host: a, trafficPolicy: {loadBalancer: {consistentHash: {httpHeaderName: x-user}}}, subsets: [{name: v1, labels: {v: "1"}}]}\n`);
  return docs.join('---\n');
}

test('streamed route JSON is byte-equal to the kept route configs, on generated gateways with hostile names', () => {
  let routeConfigs = 0;
  let withRoutes = 0;
  for (const [i, m] of fc.sample(mesh, { numRuns: 150, seed: 16 }).entries()) {
    const yaml = yamlOf(m);
    const ws = loadSources([{ name: 'mesh.yaml', bytes: new TextEncoder().encode(yaml) }]);
    for (const w of gatewayWorkloads(ws.config)) routeConfigs += check(ws, w, `mesh ${i}:\n${yaml}\n`);
    if (proxyConfigText(proxyConfig(ws, {}, 'route'), 'json').includes('"route": {')) withRoutes++;
  }
  assert.ok(routeConfigs > 300 && withRoutes > 75, `${routeConfigs} route configs, ${withRoutes} meshes with routes`);
});

test('streamed virtual hosts build each translation once, when written, and keep none of them', () => {
  // Two hosts of one VirtualService on one server share its translation; a second server with
  // httpsRedirect keeps the second host's virtual host from collapsing into the first's.
  const yaml = `apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gw, namespace: web}
spec:
  selector: {istio: ingressgateway}
  servers:
  - {port: {number: 80, name: http, protocol: HTTP}, hosts: ['*']}
  - {port: {number: 80, name: http-r, protocol: HTTP}, hosts: [b.example.com], tls: {httpsRedirect: true}}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: ab, namespace: web}
spec:
  hosts: [a.example.com, b.example.com]
  gateways: [gw]
  http: [{route: [{destination: {host: a}}]}]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: c, namespace: web}
spec:
  hosts: [c.example.com]
  gateways: [gw]
  http: [{route: [{destination: {host: c}}]}]
`;
  const ws = loadSources([{ name: 'in.yaml', bytes: new TextEncoder().encode(yaml) }]);
  const [w] = gatewayWorkloads(ws.config);
  assert.ok(w);
  const built: string[] = [];
  const counting: RouteTranslator = {
    ...defaultRouteTranslator,
    buildHttpRoutes: (v, ctx) => {
      built.push(v.vs.name);
      return defaultRouteTranslator.buildHttpRoutes(v, ctx);
    },
    // The streamed writer builds routes alone (no origins, nothing kept): named apart.
    streamHttpRoutes: (v, ctx) => {
      built.push(`streamed ${v.vs.name}`);
      return defaultRouteTranslator.streamHttpRoutes?.(v, ctx) ?? [];
    },
  };
  const scope = { index: ws.config, proxyNamespace: w.namespace, proxyLabels: w.labels };
  const routes = buildGatewayRouteConfigs(mergeGateways(gatewaysForProxy(ws.config, w.labels, targetsFor(ws.config, w))), virtualServiceIndex(ws.config), scope, counting, { virtualHostRoutes: 'when-read' });
  assert.deepEqual(built, [], 'planning builds no route');
  const [rc] = routes.streamed();
  assert.ok(rc);
  const hosts = rc.virtualHosts()[Symbol.iterator]();
  const first = hosts.next();
  assert.deepEqual(first.value?.domains, ['a.example.com']);
  assert.deepEqual(built, ['streamed ab'], 'the first virtual host builds its translation only');
  assert.deepEqual(hosts.next().value?.domains, ['b.example.com']);
  assert.equal(hosts.next().value?.name, 'c.example.com:80');
  assert.ok(hosts.next().done);
  assert.deepEqual(built, ['streamed ab', 'streamed c'], 'a translation two virtual hosts hold is built once');
  // Nothing was kept: the route configs read afterwards build their routes then, and record their origins.
  assert.equal(routes.routeOrigins.size, 2, "one route each (the two hosts of ab share theirs)");
  assert.deepEqual(built, ['streamed ab', 'streamed c', 'ab', 'c']);
  // Streamed again, the translations read since are used as they are.
  assert.equal([...(routes.streamed()[0]?.virtualHosts() ?? [])].length, 3);
  assert.deepEqual(built, ['streamed ab', 'streamed c', 'ab', 'c']);
});

test('proxy-config route -o json makes no virtual host objects, origins or route origins besides those it writes', () => {
  // Each is made when first read: after printing, the first read allocates (it was not made), the second nothing.
  const mesh = generate('A', 500);
  const ws = loadSources(mesh.files.map((f) => ({ name: f.path, bytes: Buffer.from(f.text) })));
  const overhead = Math.min(...[0, 1, 2].map(() => allocatedBytes(() => undefined)));
  const measure = (fn: () => unknown): number => allocatedBytes(fn) - overhead;
  /** The problems of one printed result, read afterwards (none when each part was made only when read). */
  const problems = (): string[] => {
    const result = proxyConfig(ws, { target: mesh.gateway }, 'route');
    assert.ok(proxyConfigText(result, 'json').includes('"virtualHosts"'));
    const found: string[] = [];
    for (const [part, read] of [
      ['virtual host origins', () => result.config.virtualHostOrigins],
      ['route configs', () => result.config.routeConfigs],
    ] as const) {
      const first = measure(read);
      // Later reads can only count others' allocations (code compiled meanwhile, in a loaded run): the least of three.
      const second = Math.min(measure(read), measure(read), measure(read));
      if (first <= 20_000) found.push(`${part}: the first read after printing allocated only ${first} bytes, so they had been made`);
      if (second >= 2_000) found.push(`${part}: the second read allocated ${second} bytes, so they were made again`);
    }
    // The route configs read, their routes are built when read, and their origins recorded then.
    if (measure(() => result.config.routeOrigins.size) <= 20_000) found.push('route origins were recorded only when read');
    return found;
  };
  // Measured without a collected heap (npm test gives no --expose-gc), a read can be miscounted by
  // sweeping or compiling done meanwhile: a result passes if one of three printed results shows none.
  // Printing that made these parts would show it in every one.
  const runs = [problems()];
  while (runs.length < 3 && (runs[runs.length - 1]?.length ?? 0) > 0) runs.push(problems());
  assert.deepEqual(runs[runs.length - 1], [], runs.map((r) => r.join('; ')).join(' | '));
});

test('proxy-config route -o json keeps no VirtualService expansion; the kept route configs do', () => {
  // A kept expansion is copied by every young-generation collection of the run: the streamed writer
  // translates each VirtualService once and must not keep it (streamHttpRoutes); readers that
  // translate again (the kept route configs, analyzers) do.
  const mesh = generate('A', 500);
  const ws = loadSources(mesh.files.map((f) => ({ name: f.path, bytes: Buffer.from(f.text) })));
  const result = proxyConfig(ws, { target: mesh.gateway }, 'route');
  assert.ok(proxyConfigText(result, 'json').includes('"virtualHosts"'));
  const vses = ws.config.ofKind('VirtualService');
  assert.ok(vses.length > 100);
  assert.deepEqual(vses.filter((vs) => expansionKept(vs, ws.config)).map((vs) => vs.name), [], 'expansions kept by the streamed writer');
  assert.ok(result.config.routeOrigins.size > 100, 'every route built again, and recorded');
  assert.ok(vses.filter((vs) => expansionKept(vs, ws.config)).length > 100, 'the kept route configs keep their expansions (the probe works)');
});
