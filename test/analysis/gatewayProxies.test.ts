// The route analyzers see gateways as istiod does: a workload that only an Ingress's Gateway selects
// is a gateway, and its routes include the Ingress's (the overlays are in the config store).
// Differential: the analyzers' gateway workloads (found without copying every workload) and misses
// (computed from their shared route derivation) equal what the whole derivation gives.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CLI_SETTINGS, createContext } from '../../src/analysis/context.js';
import { deriveGatewayRoutes, gatewayProxies, gatewayWorkloads } from '../../src/analysis/gatewayProxies.js';
import { selectorMatches, selectsDefaultGateway } from '../../src/analysis/labels.js';
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
  const hosts = proxies.flatMap((p) => p.routeConfigs.flatMap((rc) => rc.virtualHosts.map((vh) => vh.name)));
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
