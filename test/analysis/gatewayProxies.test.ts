// The route analyzers see gateways as istiod does: a workload that only an Ingress's Gateway selects
// is a gateway, and its routes include the Ingress's (the overlays are in the config store).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CLI_SETTINGS, createContext } from '../../src/analysis/context.js';
import { gatewayProxies } from '../../src/analysis/gatewayProxies.js';
import { loadSources } from '../../src/app/load.js';

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
