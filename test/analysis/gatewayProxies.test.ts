// The route analyzers see gateways as istiod does: a workload that only an Ingress's Gateway selects
// is a gateway, and its routes include the Ingress's (the overlays are in the config store).
// Differential: the analyzers' gateway workloads (found without copying every workload) and misses
// (computed from their shared route derivation) equal what the whole derivation gives.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CLI_SETTINGS, createContext } from '../../src/analysis/context.js';
import { analyzedGatewayRoutes, deriveGatewayRoutes, gatewayProxies, gatewayWorkloads, selectedByAny } from '../../src/analysis/gatewayProxies.js';
import { selectorMatches, selectsDefaultGateway, type Labels } from '../../src/analysis/labels.js';
import { selectorMatches as gatewaySelectorMatches } from '../../src/derive/gateway/labels.js';
import { loadSources } from '../../src/app/load.js';
import type { ConfigStore } from '../../src/convert/index.js';
import { DEFAULT_GATEWAY_WORKLOAD } from '../../src/derive/gateway/defaultGateway.js';
import { deriveGatewayConfig, matchOnlyRouteTranslator } from '../../src/derive/gateway/index.js';
import { allWorkloads, distinctSelectors, looksLikeGateway, toProxyWorkload } from '../../src/derive/gateway/workloads.js';
import type { ProxyWorkload } from '../../src/derive/proxyConfig.js';
import { inputSets } from '../helpers/inputSets.js';

const INPUTS = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: shop, namespace: web, annotations: {kubernetes.io/ingress.class: istio}}
spec:
  rules:
  - host: shop.example.com
    http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: cart, port: {number: 80}}}}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: ingress, namespace: istio-system}
spec:
  selector: {matchLabels: {istio: ingressgateway}}
  template:
    metadata: {labels: {istio: ingressgateway}}
    spec: {containers: [{name: istio-proxy, image: proxyv2}]}
`;

test('a workload selected only by an Ingress-derived Gateway gets the Ingress routes', () => {
  const ws = loadSources([{ name: 'in.yaml', bytes: Buffer.from(INPUTS) }]);
  const kindsRead = new Set<string>();
  const ctx = createContext({ analyzer: 'test', index: ws.inputs, config: ws.config, settings: CLI_SETTINGS, sink: [], loaded: [], memo: new Map(), kindsRead, forwarded: new Set() });
  const proxies = gatewayProxies(ctx);
  assert.deepEqual(proxies.map((p) => `${p.proxy.namespace}/${p.proxy.name}`), ['istio-system/ingress']);
  assert.deepEqual(proxies.map((p) => p.blackholeRouteNames), [[]], 'the Ingress host gives the port a virtual host');
  const hosts = proxies.flatMap((p) => deriveGatewayRoutes(ws.config, p.proxy).routeConfigs.flatMap((rc) => rc.virtualHosts.map((vh) => vh.name)));
  assert.ok(hosts.includes('shop.example.com:80'), `virtual hosts: ${hosts.join(', ')}`);
  assert.ok(kindsRead.has('Ingress'), 'reading the store\'s Gateways reads the Ingresses they come from');
});

/** The old gatewayWorkloads: every workload described, then filtered (the reference for the copy-free one). */
function referenceGatewayWorkloads(config: ConfigStore): ProxyWorkload[] {
  const gateways = config.ofKind('Gateway');
  const selectors = distinctSelectors(gateways.flatMap((g) => (g.spec.selector ? [g.spec.selector] : [])));
  const workloads = allWorkloads(config).filter((w) => looksLikeGateway(w, selectors));
  const out = workloads.map((w) => toProxyWorkload(w, 'gateway'));
  const unmatchedDefault = gateways.some((g) => selectsDefaultGateway(g.spec.selector) && !workloads.some((w) => selectorMatches(g.spec.selector, w.labels)));
  if (unmatchedDefault) out.push({ ...DEFAULT_GATEWAY_WORKLOAD, labels: { ...DEFAULT_GATEWAY_WORKLOAD.labels } });
  return out;
}

test("the route analyzers' gateway workloads and misses equal the whole derivation's, on every input set", () => {
  let workloads = 0;
  let misses = 0;
  for (const set of inputSets()) {
    const ws = loadSources(set.files);
    const found = gatewayWorkloads(ws.config);
    assert.deepEqual(found, referenceGatewayWorkloads(ws.config), `${set.name}: gateway workloads`);
    for (const w of found) {
      const where = `${set.name}: ${w.namespace}/${w.name}`;
      const whole = deriveGatewayConfig(ws.config, w, matchOnlyRouteTranslator, { virtualHostRoutes: 'when-read' }).misses;
      // Misses first (no virtual host read), then after every virtual host's routes were read.
      const fresh = deriveGatewayRoutes(ws.config, w);
      assert.deepEqual(fresh.misses(), whole, `${where}: misses, nothing read`);
      const read = deriveGatewayRoutes(ws.config, w);
      for (const rc of read.routeConfigs) for (const vh of rc.virtualHosts) void vh.routes;
      assert.deepEqual(read.misses(), whole, `${where}: misses, every route read`);
      workloads++;
      misses += whole.length;
    }
  }
  assert.ok(workloads > 100, `only ${workloads} gateway workloads checked`);
  assert.ok(misses > 10, `only ${misses} misses compared`);
});

test("the route analyzers' blackhole route names and merged virtual hosts equal what the whole route configs and origins say, on every input set", () => {
  let blackholes = 0;
  let merged = 0;
  let routes = 0;
  for (const set of inputSets()) {
    const ws = loadSources(set.files);
    for (const w of gatewayWorkloads(ws.config)) {
      const where = `${set.name}: ${w.namespace}/${w.name}`;
      // Read first, before anything else made a virtual host (the shortcut's own path).
      const fresh = deriveGatewayRoutes(ws.config, w);
      const names = fresh.blackholeRouteNames;
      const hosts = fresh.mergedVirtualHosts();
      const hostRoutes = hosts.map((h) => h.routes());
      // The reference: every route config and every origin, from a second derivation and from the same one.
      const whole = deriveGatewayRoutes(ws.config, w);
      const expectedNames = whole.routeConfigs.filter((rc) => rc.virtualHosts.every((vh) => vh.name.startsWith('blackhole:'))).map((rc) => rc.name ?? '');
      assert.deepEqual(names, expectedNames, `${where}: blackhole-only route configs`);
      const expectedOrigins = whole.virtualHostOrigins.filter((o) => o.virtualServices.length >= 2);
      assert.deepEqual(hosts.map((h) => h.origin), expectedOrigins, `${where}: merged virtual hosts`);
      hosts.forEach((h, i) => {
        const vh = whole.routeConfigs.find((rc) => rc.name === h.origin.routeConfig)?.virtualHosts.find((v) => v.name === h.origin.virtualHost);
        const got = hostRoutes[i] ?? [];
        assert.deepEqual(got.map((r) => [r.name, r.match, fresh.routeOrigins.get(r)]), (vh?.routes ?? []).map((r) => [r.name, r.match, whole.routeOrigins.get(r)]), `${where}: routes of ${h.origin.virtualHost}`);
        routes += got.length;
      });
      // Within one derivation, a merged virtual host's routes are its virtual host's own array.
      for (const h of fresh.mergedVirtualHosts()) {
        const vh = fresh.routeConfigs.find((rc) => rc.name === h.origin.routeConfig)?.virtualHosts.find((v) => v.name === h.origin.virtualHost);
        if (vh?.routes) assert.equal(h.routes(), vh.routes, `${where}: ${h.origin.virtualHost} routes are shared`);
      }
      blackholes += names.length;
      merged += hosts.length;
    }
  }
  assert.ok(blackholes > 20, `only ${blackholes} blackhole route configs compared`);
  assert.ok(merged > 20, `only ${merged} merged virtual hosts compared`);
  assert.ok(routes > 50, `only ${routes} routes compared`);
});

test("the analyzers' view keeps only merged virtual hosts, and says what the whole derivation says of blackholes, merged hosts, their routes and misses", () => {
  let compared = 0;
  let merged = 0;
  let misses = 0;
  for (const set of inputSets()) {
    const ws = loadSources(set.files);
    for (const w of gatewayWorkloads(ws.config)) {
      const where = `${set.name}: ${w.namespace}/${w.name}`;
      const lean = analyzedGatewayRoutes(ws.config, w);
      const whole = deriveGatewayRoutes(ws.config, w);
      assert.deepEqual(lean.blackholeRouteNames, whole.blackholeRouteNames, `${where}: blackhole route names`);
      assert.deepEqual(lean.servers, whole.servers, `${where}: servers`);
      const leanHosts = lean.mergedVirtualHosts();
      const wholeHosts = whole.mergedVirtualHosts();
      assert.deepEqual(leanHosts.map((h) => h.origin), wholeHosts.map((h) => h.origin), `${where}: merged virtual hosts`);
      leanHosts.forEach((h, i) => {
        const expected = (wholeHosts[i]?.routes() ?? []).map((r) => [r.name, r.match, whole.routeOrigins.get(r)]);
        assert.deepEqual(h.routes().map((r) => [r.name, r.match, lean.routeOrigins.get(r)]), expected, `${where}: routes of ${h.origin.virtualHost}`);
      });
      assert.deepEqual(lean.misses(), whole.misses(), `${where}: misses`);
      // What it does not keep is not made up: reading every route origin fails where virtual hosts were dropped.
      if (whole.routeConfigs.length > whole.blackholeRouteNames.length) assert.throws(() => [...lean.routeOrigins.keys()], /only its merged virtual hosts/);
      compared++;
      merged += leanHosts.length;
      misses += lean.misses().length;
    }
  }
  assert.ok(compared > 100, `only ${compared} gateway workloads compared`);
  assert.ok(merged > 20, `only ${merged} merged virtual hosts compared`);
  assert.ok(misses > 10, `only ${misses} misses compared`);
});

// Selectors and labels as data: selectedByAny (one label looked up by name and value) equals testing
// every selector, for every (selectors, labels) pair of the table.
const SELECTOR_SETS: Labels[][] = [
  [],
  [{ istio: 'ingressgateway' }],
  [{ istio: 'team-gateway-1' }, { istio: 'team-gateway-2' }, { app: 'edge' }],
  [{ istio: 'a', app: 'b' }],
  [{ istio: 'a', app: 'b' }, { istio: 'c' }],
  [{ constructor: 'x' }, { toString: 'y' }],
  [JSON.parse('{"__proto__": "p"}') as Labels],
  [{ '': '' }],
];
const LABEL_SETS: Labels[] = [
  {},
  { istio: 'ingressgateway' },
  { istio: 'team-gateway-2', app: 'other' },
  { app: 'edge' },
  { istio: 'a', app: 'b' },
  { istio: 'a' },
  { istio: 'c', app: 'z' },
  { constructor: 'x' },
  { toString: 'z' },
  JSON.parse('{"__proto__": "p"}') as Labels,
  Object.assign(Object.create(null) as Record<string, string>, { istio: 'c' }),
  { '': '' },
];

test('selectedByAny says what testing each selector says', () => {
  let yes = 0;
  for (const selectors of SELECTOR_SETS) {
    const selected = selectedByAny(selectors);
    for (const labels of LABEL_SETS) {
      const expected = selectors.some((s) => gatewaySelectorMatches(s, labels));
      assert.equal(selected(labels), expected, `${JSON.stringify(selectors)} on ${JSON.stringify(labels)}`);
      if (expected) yes++;
    }
  }
  assert.ok(yes >= 8, `pairs that match: ${yes}`);
});
