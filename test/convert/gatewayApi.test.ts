// The Gateway API overlay on small inputs: defaulted and non-defaulted objects give Istio's result
// for each (Istio reads what the API server stored; its own test harness stores objects as written),
// and the gateway workload istiod deploys for a managed Gateway.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { convertGatewayApi } from '../../src/convert/gatewayApi/index.js';
import { loadSources } from '../../src/app/load.js';

const GATEWAY = `
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: ingress}
spec:
  gatewayClassName: istio
  listeners:
  - {name: http, port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: All}}}
`;

function convert(yaml: string, crdDefaults: boolean) {
  const model = loadSources([{ name: 'in.yaml', bytes: Buffer.from(yaml) }], { overlays: [] });
  assert.deepEqual(model.findings.map((f) => f.code), []);
  return convertGatewayApi(model.inputs, { crdDefaults });
}

test('a redirect without statusCode: no redirectCode as written (Envoy 301), 302 once the CRD default applies', () => {
  const yaml = `${GATEWAY}---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: r, namespace: default}
spec:
  parentRefs: [{name: gw, namespace: ingress}]
  rules:
  - filters: [{type: RequestRedirect, requestRedirect: {scheme: https}}]
`;
  const raw = convert(yaml, false).virtualServices[0]?.vs.spec.http?.[0];
  const defaulted = convert(yaml, true).virtualServices[0]?.vs.spec.http?.[0];
  assert.deepEqual(raw?.redirect, { scheme: 'https', derivePort: 'FROM_PROTOCOL_DEFAULT' });
  assert.equal(raw?.match, undefined);
  assert.deepEqual(defaulted?.redirect, { redirectCode: 302, scheme: 'https', derivePort: 'FROM_PROTOCOL_DEFAULT' });
  assert.deepEqual(defaulted?.match, [{ uri: { prefix: '/' } }]);
});

test('a rule without matches sorts last as written, but by Gateway API precedence once defaulted to PathPrefix /', () => {
  const yaml = `${GATEWAY}---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: r, namespace: default}
spec:
  parentRefs: [{name: gw, namespace: ingress}]
  rules:
  - backendRefs: [{name: web, port: 80}]
  - matches: [{path: {type: RegularExpression, value: "/v[0-9]+"}}]
    backendRefs: [{name: web, port: 80}]
`;
  const names = (crdDefaults: boolean) => convert(yaml, crdDefaults).virtualServices[0]?.vs.spec.http?.map((h) => `${h.name} ${JSON.stringify(h.match ?? null)}`);
  assert.deepEqual(names(false), ['default.r.1 [{"uri":{"regex":"/v[0-9]+"}}]', 'default.r.0 null']);
  assert.deepEqual(names(true), ['default.r.0 [{"uri":{"prefix":"/"}}]', 'default.r.1 [{"uri":{"regex":"/v[0-9]+"}}]']);
});

test('a managed Gateway gets the Deployment and Service istiod deploys: <name>-<class>, gateway-name label, ports without targetPort', () => {
  const c = convert(GATEWAY, true);
  const d = c.deployments[0];
  assert.ok(d);
  assert.equal(d.deployment.name, 'gw-istio');
  assert.equal(d.service.name, 'gw-istio');
  assert.deepEqual(d.service.spec.selector, { 'gateway.networking.k8s.io/gateway-name': 'gw' });
  assert.deepEqual(d.service.spec.ports?.map((p) => [p.name, p.port, p.targetPort]), [
    ['status-port', 15021, undefined],
    ['http', 80, undefined],
  ]);
  assert.equal(d.deployment.spec.template?.metadata?.labels?.['gateway.networking.k8s.io/gateway-name'], 'gw');
  assert.equal(c.gateways[0]?.metadata.annotations?.['internal.istio.io/gateway-service'], 'gw-istio.ingress.svc.cluster.local');
  const gwStatus = c.statuses.find((s) => s.kind === 'Gateway');
  assert.equal(gwStatus?.conditions.find((x) => x.type === 'Programmed')?.status, 'True', 'the auto-deployed Service carries the listener ports');
});

test('gateway.istio.io/name-override names the Deployment, Service and bound service; a Service in the inputs is not deployed again', () => {
  const yaml = GATEWAY.replace('metadata: {name: gw, namespace: ingress}', 'metadata: {name: gw, namespace: ingress, annotations: {gateway.istio.io/name-override: edge}}');
  const c = convert(yaml, true);
  assert.equal(c.deployments[0]?.service.name, 'edge');
  assert.equal(c.gateways[0]?.metadata.annotations?.['internal.istio.io/gateway-service'], 'edge.ingress.svc.cluster.local');
  const own = convert(`${yaml}---
apiVersion: v1
kind: Service
metadata: {name: edge, namespace: ingress}
spec: {ports: [{port: 80}], selector: {gateway.networking.k8s.io/gateway-name: gw}}
`, true);
  assert.deepEqual(own.deployments, []);
});
