// -k: a finding on a field a strategic-merge patch set points at the patch file; every other field at
// the file that defines the object. A table: the rendered object, its source, the patch, the path of
// the finding, and the file:line expected.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { traceRendered } from '../../src/load/kustomize.js';

const GATEWAY_SOURCE = `apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: shop
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts:
    - shop.example.com
`;
const GATEWAY_PATCH = `apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: shop
spec:
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts:
    - shop.internal.example.com
`;
const GATEWAY_RENDERED = `apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: shop
  namespace: prod
spec:
  selector: {istio: ingressgateway}
  servers:
  - hosts:
    - shop.internal.example.com
    port: {name: http, number: 80, protocol: HTTP}
`;
const SERVICE_SOURCE = `apiVersion: v1
kind: Service
metadata:
  name: cart
spec:
  selector: {app: cart}
  ports:
  - name: http
    port: 8080
`;
// Service ports merge by key (port): index 0 of the patch is not index 0 of the result.
const SERVICE_PATCH = `apiVersion: v1
kind: Service
metadata:
  name: cart
  labels: {tier: web}
spec:
  ports:
  - name: grpc
    port: 9090
`;
const SERVICE_RENDERED = `apiVersion: v1
kind: Service
metadata:
  name: cart
  namespace: prod
  labels: {tier: web}
spec:
  selector: {app: cart}
  ports:
  - name: http
    port: 8080
  - name: grpc
    port: 9090
`;

const bytes = (s: string): Buffer => Buffer.from(s);
const RENDERED = {
  output: { name: 'kustomize:overlay', bytes: bytes(`${GATEWAY_RENDERED}---\n${SERVICE_RENDERED}`) },
  sources: [
    { name: 'base/gateway.yaml', bytes: bytes(GATEWAY_SOURCE) },
    { name: 'base/service.yaml', bytes: bytes(SERVICE_SOURCE) },
  ],
  patches: [
    { name: 'overlay/gateway-patch.yaml', bytes: bytes(GATEWAY_PATCH) },
    { name: 'overlay/service-patch.yaml', bytes: bytes(SERVICE_PATCH) },
  ],
};

const ROWS: readonly { name: string; doc: number; path: (string | number)[]; at: string }[] = [
  { name: 'a host the patch replaced (a custom resource list is replaced whole)', doc: 0, path: ['spec', 'servers', 0, 'hosts', 0], at: 'overlay/gateway-patch.yaml:9' },
  { name: 'a field inside a list element the patch replaced', doc: 0, path: ['spec', 'servers', 0, 'port', 'number'], at: 'overlay/gateway-patch.yaml:7' },
  { name: 'a field the patch does not set', doc: 0, path: ['spec', 'selector'], at: 'base/gateway.yaml:6' },
  { name: 'a map the patch merges into (spec): the source', doc: 0, path: ['spec'], at: 'base/gateway.yaml:5' },
  { name: 'the name the patch targets by: the source', doc: 0, path: ['metadata', 'name'], at: 'base/gateway.yaml:4' },
  { name: 'a built-in list merged by key is not followed into the patch', doc: 1, path: ['spec', 'ports', 0, 'port'], at: 'base/service.yaml:9' },
  { name: 'a built-in field the patch set', doc: 1, path: ['metadata', 'labels', 'tier'], at: 'overlay/service-patch.yaml:5' },
];

const { locate } = traceRendered((at) => ({ file: at.file, line: 0, column: 0 }), [RENDERED]);
for (const row of ROWS) {
  test(`-k patches: ${row.name}`, () => {
    const l = locate({ file: 'kustomize:overlay', doc: row.doc, path: row.path });
    assert.equal(`${l.file}:${l.line}`, row.at);
  });
}
