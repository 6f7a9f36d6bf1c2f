// Spec §10.4: the httpbin route must be byte-identical to the golden istioctl JSON.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildHttpRoutes } from '../../../src/derive/route/buildRoutes.js';
import { context, load, virtualService } from './helpers.js';

const MANIFESTS = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: httpbin-virtual-service, namespace: default}
spec:
  hosts: [httpbin-service, httpbin.local]
  gateways: [httpbin-gateway, mesh]
  http:
  - retries: {attempts: 10}
    route:
    - destination: {host: httpbin-service, subset: v1}
      weight: 0
    - destination: {host: httpbin-service, subset: v2}
      weight: 100
`;

// The route object of the §10.4 golden, re-indented to column 0.
const GOLDEN = `{
    "match": {
        "prefix": "/"
    },
    "route": {
        "weightedClusters": {
            "clusters": [
                {
                    "name": "outbound|8000|v2|httpbin-service.default.svc.cluster.local",
                    "weight": 100
                }
            ]
        },
        "timeout": "0s",
        "retryPolicy": {
            "retryOn": "connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes",
            "numRetries": 10,
            "retryHostPredicate": [
                {
                    "name": "envoy.retry_host_predicates.previous_hosts",
                    "typedConfig": {
                        "@type": "type.googleapis.com/envoy.extensions.retry.host.previous_hosts.v3.PreviousHostsPredicate"
                    }
                }
            ],
            "hostSelectionRetryMaxAttempts": "5"
        },
        "maxGrpcTimeout": "0s"
    },
    "metadata": {
        "filterMetadata": {
            "istio": {
                "config": "/apis/networking.istio.io/v1/namespaces/default/virtual-service/httpbin-virtual-service"
            }
        }
    },
    "decorator": {
        "operation": "httpbin-virtual-service:80/*"
    }
}`;

test('spec 10.4 golden route is byte-identical', () => {
  const index = load(MANIFESTS);
  const ctx = context(index, { port: 80, gatewayName: 'default/httpbin-gateway', services: { 'httpbin-service.default.svc.cluster.local': [8000] } });
  const { routes, origins, filtered } = buildHttpRoutes(virtualService(index, 'httpbin-virtual-service'), ctx);
  assert.equal(routes.length, 1);
  const route = routes[0];
  assert.ok(route);
  assert.equal(JSON.stringify(route, null, 4), GOLDEN);
  assert.deepEqual(origins.get(route), { virtualService: { namespace: 'default', name: 'httpbin-virtual-service' }, rule: 0 });
  assert.deepEqual(filtered, []);
});

test('spec 10.5: the same rule on the sidecar port 8000 names the VS with port 8000', () => {
  const index = load(MANIFESTS);
  const ctx = context(index, { port: 8000, gatewayName: 'mesh', proxy: { namespace: 'default', labels: {} }, services: { 'httpbin-service.default.svc.cluster.local': [8000] } });
  const [route] = buildHttpRoutes(virtualService(index, 'httpbin-virtual-service'), ctx).routes;
  assert.equal(route?.decorator?.operation, 'httpbin-virtual-service:8000/*');
  assert.equal(route?.match.caseSensitive, undefined);
});

test('spec 10.4 note: a multi-port service without destination.port gets the gateway server port', () => {
  const index = load(MANIFESTS);
  const ctx = context(index, { port: 80, gatewayName: 'default/httpbin-gateway', services: { 'httpbin-service.default.svc.cluster.local': [8000, 9000] } });
  const [route] = buildHttpRoutes(virtualService(index, 'httpbin-virtual-service'), ctx).routes;
  assert.equal(route?.route?.weightedClusters?.clusters[0]?.name, 'outbound|80|v2|httpbin-service.default.svc.cluster.local');
});
