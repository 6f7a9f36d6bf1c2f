// The overlay mechanism: derived resources join the store beside the inputs (which win on a name
// clash), carry the object they came from, and the workspace runs each overlay once.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadSources } from '../../src/app/load.js';
import { createWorkspace } from '../../src/app/workspace.js';
import { applyOverlays, OVERLAYS, type Derived, type Overlay } from '../../src/convert/index.js';
import { finding } from '../../src/diagnostics/finding.js';
import { refOf, type Gateway } from '../../src/model/resource.js';
import { indexFiles } from '../../src/model/indexFiles.js';
import { validateFile } from '../../src/schema/validateFiles.js';

const GATEWAY = `apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: web, namespace: shop}
spec:
  selector: {istio: ingressgateway}
  servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: ["*"]}]
`;
const model = () => indexFiles([validateFile({ name: 'in.yaml', bytes: Buffer.from(GATEWAY) }, 'default')], { defaultNamespace: 'default', domainSuffix: 'cluster.local' });

/** Copies every input Gateway under a new name into `namespace` (and once more under its own name). */
function copier(namespace: string, calls: { n: number }): Overlay {
  return {
    name: 'copier',
    inputs: ['Gateway'],
    outputs: ['Gateway'],
    convert(inputs) {
      calls.n++;
      const copies = inputs.ofKind('Gateway').flatMap((g): Derived<Gateway>[] => [
        { ...g, name: `${g.name}-copy`, namespace, derivedFrom: refOf(g) },
        { ...g, spec: { ...g.spec, servers: [] }, derivedFrom: refOf(g) },
      ]);
      return { resources: copies, findings: [finding('GW0010', { path: 'copier' })] };
    },
  };
}

test('derived resources join the store; an input with the same name wins', () => {
  const m = model();
  const { store, findings } = applyOverlays(m.index, [copier('elsewhere', { n: 0 })]);
  assert.deepEqual(store.overlays.map((o) => o.name), ['copier']);
  assert.deepEqual(store.ofKind('Gateway').map((g) => `${g.namespace}/${g.name}`), ['shop/web', 'elsewhere/web-copy', 'shop/web']);
  assert.equal(store.get('Gateway', 'elsewhere', 'web-copy')?.derivedFrom?.name, 'web');
  assert.equal(store.get('Gateway', 'shop', 'web')?.derivedFrom, undefined, 'the user wrote shop/web: it is the one get() returns');
  assert.deepEqual(store.namespaces(), ['elsewhere', 'shop']);
  assert.equal(store.all.length, 3);
  assert.deepEqual(findings.map((f) => f.code), ['GW0010']);
  assert.equal(m.index.ofKind('Gateway').length, 1, 'the inputs are untouched');
});

test('no derived resources: the store reads the inputs', () => {
  const m = model();
  const { store } = applyOverlays(m.index, OVERLAYS);
  assert.deepEqual(store.all, m.index.all);
  assert.deepEqual(store.overlays.map((o) => o.name), OVERLAYS.map((o) => o.name));
});

test('the workspace applies each overlay once and keeps its findings apart from the loader\'s', () => {
  const calls = { n: 0 };
  const ws = createWorkspace({ indexed: model(), fileOrder: ['in.yaml'], overlays: [copier('x', calls)] });
  ws.config.ofKind('Gateway');
  ws.config.get('Gateway', 'x', 'web-copy');
  assert.equal(calls.n, 1);
  assert.equal(ws.inputs.ofKind('Gateway').length, 1, 'analyzers see what the user wrote');
  assert.equal(ws.config.ofKind('Gateway').length, 3);
  assert.deepEqual(ws.findings.map((f) => f.code), [], 'what the overlays report is not an input problem (proxy-config and explain do not print it)');
  assert.deepEqual(ws.conversionFindings.map((f) => f.code), ['GW0010']);
});

test('resources converted from an Ingress name it', () => {
  const ws = loadSources([
    {
      name: 'ing.yaml',
      bytes: Buffer.from(`apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: shop, namespace: web, annotations: {kubernetes.io/ingress.class: istio}}
spec:
  rules:
  - host: shop.example.com
    http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: cart, port: {number: 80}}}}]}
`),
    },
  ]);
  const derived = ws.config.all.filter((r) => r.derivedFrom);
  assert.deepEqual(
    derived.map((r) => [r.kind, r.derivedFrom]),
    [
      ['Gateway', { kind: 'Ingress', namespace: 'web', name: 'shop' }],
      ['VirtualService', { kind: 'Ingress', namespace: 'web', name: 'shop' }],
    ],
  );
  assert.equal(ws.inputs.ofKind('Gateway').length, 0);
  assert.deepEqual(ws.config.namespaces(), ['istio-system', 'web']);
});
