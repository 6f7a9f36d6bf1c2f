// The gateway's route context looks a destination's external name up only when some Service is an
// ExternalName Service (anyAliasService): the usual mesh has none, and every destination would pay
// for the lookup. With one, a route to it still goes to its external name.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadSources } from '../../../src/app/load.js';
import { proxyConfig } from '../../../src/app/proxyConfig.js';
import { gatewayRouteContext } from '../../../src/derive/gateway/routeContext.js';
import { anyAliasService } from '../../../src/derive/gateway/services.js';
import { allocatedBytes } from '../../../bench/scaling.js';

const mesh = (dbType: string): string => `apiVersion: apps/v1
kind: Deployment
metadata: {name: istio-ingressgateway, namespace: istio-system}
spec:
  selector: {matchLabels: {istio: ingressgateway}}
  template:
    metadata: {labels: {istio: ingressgateway}}
    spec: {containers: [{name: istio-proxy, image: docker.io/istio/proxyv2:1.24.0}]}
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gw, namespace: web}
spec:
  selector: {istio: ingressgateway}
  servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: ['*']}]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: vs, namespace: web}
spec:
  hosts: [shop.example.com]
  gateways: [gw]
  http: [{route: [{destination: {host: db}}]}]
---
apiVersion: v1
kind: Service
metadata: {name: db, namespace: web}
spec:
  ${dbType === 'ExternalName' ? 'type: ExternalName\n  externalName: db.example.net' : `type: ${dbType}`}
  ports: [{name: http, port: 5432}]
`;

const load = (yaml: string) => loadSources([{ name: 'in.yaml', bytes: new TextEncoder().encode(yaml) }]);

for (const [type, cluster, lookup] of [
  ['ExternalName', 'outbound|5432||db.example.net', true],
  ['ClusterIP', 'outbound|5432||db.web.svc.cluster.local', false],
] as const) {
  test(`gateway routes to a ${type} Service go to ${cluster}; the context looks external names up: ${lookup}`, () => {
    const ws = load(mesh(type));
    assert.equal(anyAliasService(ws.config), lookup);
    const ctx = gatewayRouteContext({ index: ws.config, proxyNamespace: 'istio-system', proxyLabels: { istio: 'ingressgateway' } }, 80, 'web/gw', false);
    // Without an alias, asking describes no service (the registry is not even built); with one, it is looked up.
    const overhead = Math.min(...[0, 1, 2].map(() => allocatedBytes(() => undefined)));
    const asked = allocatedBytes(() => ctx.lookupExternalName?.('db.web.svc.cluster.local', 'web')) - overhead;
    assert.equal(asked > 1_000, lookup, `asking allocated ${asked} bytes`);
    assert.equal(ctx.lookupExternalName?.('db.web.svc.cluster.local', 'web'), lookup ? 'db.example.net' : undefined);
    const json = JSON.stringify(proxyConfig(ws, { target: 'istio-ingressgateway.istio-system' }, 'route').routes.dynamic);
    assert.ok(json.includes(`"cluster":"${cluster}"`), json);
  });
}
