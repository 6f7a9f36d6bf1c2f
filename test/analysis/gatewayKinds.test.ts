// An Istio Gateway and a Gateway API Gateway of the same name never stand in for each other: the
// index keeps them apart, findings print both as `Gateway`, and suppression annotations stay with
// their own object. Secret values never reach a message.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { analyze } from '../../src/app/analyze.js';
import { loadSources } from '../../src/app/load.js';
import { messageOf, renderer } from '../../src/report/render.js';
import { repoRoot } from '../helpers/paths.js';

const BOTH = `
apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: web
  namespace: default
  annotations: {gwctl.io/ignore: "*"}
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["*"]
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: web
  namespace: default
spec:
  gatewayClassName: istio
  listeners: [{name: http, port: 80, protocol: HTTP}]
status:
  conditions: [{type: Accepted, status: "False", reason: Invalid, message: bad}]
`;

const load = (text: string) => loadSources([{ name: 'both.yaml', bytes: Buffer.from(text) }]);

test('the index keeps Istio and Gateway API Gateways apart', () => {
  const { inputs: index, findings } = load(BOTH);
  assert.deepEqual(findings.map((f) => f.code), [], 'no duplicate-definition finding: they are different objects');
  assert.deepEqual(index.ofKind('Gateway').map((g) => g.apiVersion), ['networking.istio.io/v1']);
  assert.deepEqual(index.ofKind('KubernetesGateway').map((g) => g.apiVersion), ['gateway.networking.k8s.io/v1']);
  assert.equal(index.get('Gateway', 'default', 'web')?.apiVersion, 'networking.istio.io/v1');
});

test('a Gateway API Gateway prints as Gateway and keeps its own suppressions', () => {
  const model = load(BOTH);
  const result = analyze(model, { analyzers: ['conditions/negative-status'] });
  // The Istio Gateway's gwctl.io/ignore must not silence the Gateway API Gateway's finding.
  assert.deepEqual(result.findings.map((f) => [f.code, f.resource]), [['IST0171', { kind: 'Gateway', namespace: 'default', name: 'web' }]]);
  assert.equal(result.suppressed, 0);
  const annotated = load(BOTH.replace('gatewayClassName: istio', 'gatewayClassName: istio\n').replace('  name: web\n  namespace: default\nspec:\n  gatewayClassName', '  name: web\n  namespace: default\n  annotations: {gwctl.io/ignore: IST0171}\nspec:\n  gatewayClassName'));
  const again = analyze(annotated, { analyzers: ['conditions/negative-status'] });
  assert.equal(again.suppressed, 1);
  assert.deepEqual(again.findings, []);
});

test('gateway credential findings never include Secret values', () => {
  const file = path.join(repoRoot, 'fixtures', 'analyzers', 'gateway', 'secret', 'cases.yaml');
  const text = readFileSync(file, 'utf8');
  const model = loadSources([{ name: file, bytes: Buffer.from(text) }]);
  const result = analyze(model, { analyzers: ['gateway/secret'] });
  assert.ok(result.findings.some((f) => f.code === 'IST0161'));
  const values = model.inputs.ofKind('Secret').flatMap((s) => [...Object.values(s.spec.data ?? {}), ...Object.values(s.spec.stringData ?? {})]);
  for (const f of result.findings) {
    const printed = JSON.stringify([messageOf(f, renderer(model.locate)), f.args]);
    for (const v of values) if (v.length >= 8) assert.ok(!printed.includes(v.trim().slice(0, 24)), `${f.code} leaks a Secret value`);
  }
});

test('gatewayapi/attachment runs only when the inputs hold Gateway API objects', () => {
  const istioOnly = load(BOTH.split('\n---\n')[0] ?? '');
  assert.ok(!analyze(istioOnly).ran.includes('gatewayapi/attachment'), 'an Istio Gateway and VirtualServices alone give it nothing to check');
  assert.ok(analyze(load(BOTH)).ran.includes('gatewayapi/attachment'));
});
