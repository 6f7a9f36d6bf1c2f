// Findings that scale: on generated inputs where everything collides (one certificate, one host,
// one selector, one port for everything), doubling the input at most doubles the findings of every
// code and the bytes of output: no analyzer reports per pair or names every resource in every message.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCli } from '../helpers/runCli.js';

/** `n` of each colliding kind (about 14 n resources). */
export function collidingMesh(n: number): string {
  const docs: string[] = [];
  for (let i = 0; i < n; i++) {
    docs.push(`apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gw-${i}, namespace: istio-system}
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 443, name: https, protocol: HTTPS}
    hosts: ["*.example.com"]
    tls: {mode: SIMPLE, credentialName: wildcard}
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["*.example.com"]`);
    docs.push(`apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: any-${i}, namespace: istio-system}
spec:
  servers:
  - port: {number: 8443, name: https, protocol: HTTPS}
    hosts: ["*"]
    tls: {mode: SIMPLE, credentialName: wildcard}`);
    docs.push(`apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: shop-${i}, namespace: default}
spec:
  hosts: [shop.example.com]
  gateways: [istio-system/gw-0]
  http:
  - match: [{uri: {prefix: /}}, {uri: {prefix: /}}]
    route: [{destination: {host: web, subset: missing-${i}}}]
  - match: [{uri: {prefix: /api}}]
    route: [{destination: {host: nowhere-${i}}}]`);
    docs.push(`apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: mesh-${i}, namespace: default}
spec:
  hosts: [web]
  http: [{route: [{destination: {host: web}}]}]`);
    docs.push(`apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: {name: plain-${i}, namespace: default}
spec: {egress: [{hosts: ["./*"]}]}`);
    docs.push(`apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: {name: web-${i}, namespace: default}
spec:
  workloadSelector: {labels: {app: web}}
  egress: [{hosts: ["./*"]}]`);
    docs.push(`apiVersion: apps/v1
kind: Deployment
metadata: {name: web-${i}, namespace: default}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: web}]}`);
    docs.push(`apiVersion: v1
kind: Service
metadata: {name: web-${i === 0 ? '' : i}${i === 0 ? 'web' : ''}, namespace: default}
spec:
  selector: {app: web}
  ports: [{name: ${i % 2 === 0 ? 'http' : 'tcp'}-web, port: ${8000 + i}, targetPort: 8080}, {name: grpc, port: 9090, targetPort: 9090}]`);
    docs.push(`apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: ext-${i}, namespace: default}
spec:
  hosts: [ext.example.com]
  ports: [{number: 443, name: p, protocol: ${i % 2 === 0 ? 'TLS' : 'HTTPS'}}]
  resolution: DNS`);
    docs.push(`apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: web-${i}, namespace: default}
spec:
  host: web
  trafficPolicy: {tls: {mode: SIMPLE}}
  subsets: [{name: v${i}, labels: {version: v${i}}}]`);
  }
  docs.push(`apiVersion: apps/v1
kind: Deployment
metadata: {name: istio-ingressgateway, namespace: istio-system}
spec:
  selector: {matchLabels: {istio: ingressgateway}}
  template:
    metadata: {labels: {istio: ingressgateway, app: istio-ingressgateway}}
    spec: {containers: [{name: istio-proxy, image: proxyv2}]}`);
  return docs.join('\n---\n') + '\n';
}

interface Counted {
  findings: Map<string, number>;
  bytes: number;
}

async function analyze(n: number): Promise<Counted> {
  const run = await runCli(['analyze', '-', '-o', 'json'], { stdin: collidingMesh(n) });
  assert.ok(run.code === 0 || run.code === 1, run.stderr);
  const records = JSON.parse(run.stdout) as { code: string }[];
  const findings = new Map<string, number>();
  for (const r of records) findings.set(r.code, (findings.get(r.code) ?? 0) + 1);
  const text = await runCli(['analyze', '-'], { stdin: collidingMesh(n) });
  return { findings, bytes: run.stdout.length + text.stdout.length };
}

test('no analyzer reports more than linearly many findings, or linearly much text, on colliding inputs', { timeout: 600_000 }, async () => {
  const small = await analyze(20);
  const large = await analyze(40);
  const codes = new Set([...small.findings.keys(), ...large.findings.keys()]);
  // The generated mesh does provoke the codes that used to be quadratic.
  for (const c of ['IST0138', 'GW0301', 'IST0109', 'IST0110', 'IST0111', 'IST0145', 'IST0177']) assert.ok(codes.has(c), `the mesh provokes ${c}`);
  const growth: string[] = [];
  for (const c of codes) {
    const a = small.findings.get(c) ?? 0;
    const b = large.findings.get(c) ?? 0;
    growth.push(`${c} ${a} -> ${b}`);
    assert.ok(b <= 2 * a + 4, `${c}: ${a} findings at n=20 but ${b} at n=40 (more than linear)`);
  }
  const total = [...large.findings.values()].reduce((x, y) => x + y, 0);
  assert.ok(total <= 40 * 14 * 4, `at most a few findings per resource: ${total} (${growth.join(', ')})`);
  assert.ok(large.bytes <= 2.3 * small.bytes, `output ${small.bytes} -> ${large.bytes} bytes (more than linear): ${growth.join(', ')}`);
});

test('500 Gateways on one certificate: 500 findings, each naming nine others and the count of the rest', { timeout: 300_000 }, async () => {
  const gws = Array.from({ length: 500 }, (_, i) => `apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: {name: gw-${i}, namespace: istio-system}\nspec:\n  selector: {istio: ingressgateway}\n  servers:\n  - port: {number: 443, name: https-${i}, protocol: HTTPS}\n    hosts: ["h${i}.example.com"]\n    tls: {mode: SIMPLE, credentialName: shared}\n`).join('---\n');
  const run = await runCli(['analyze', '-', '-o', 'json', '--analyzer', 'gateway/duplicate-certificate'], { stdin: gws });
  const records = JSON.parse(run.stdout) as { code: string; message: string; resource: { name: string } }[];
  assert.equal(records.length, 500);
  assert.equal(records[0]?.message, 'Duplicate certificate in multiple gateways [istio-system/gw-0 istio-system/gw-1 istio-system/gw-2 istio-system/gw-3 istio-system/gw-4 istio-system/gw-5 istio-system/gw-6 istio-system/gw-7 istio-system/gw-8 istio-system/gw-9 and 490 more] may cause 404s if clients re-use HTTP2 connections.');
  assert.ok(run.stdout.length < 500 * 1000, `${run.stdout.length} bytes`);
});

test('5,000 VirtualServices on one host: messages capped ("and 4,990 more"), output linear', { timeout: 300_000 }, async () => {
  const n = 5_000;
  const docs = ['apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: {name: gw, namespace: default}\nspec:\n  selector: {istio: ingressgateway}\n  servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: [shop.example.com]}]\n'];
  for (let i = 0; i < n; i++) docs.push(`apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: vs-${i}, namespace: default}\nspec:\n  hosts: [shop.example.com]\n  gateways: [gw]\n  http: [{match: [{uri: {prefix: /p${i}}}], route: [{destination: {host: shop}}]}]\n`);
  const run = await runCli(['analyze', '-', '-o', 'json', '--analyzer', 'virtualservice/gateway-host-conflict'], { stdin: docs.join('---\n') });
  assert.equal(run.code, 0, run.stderr);
  const all = JSON.parse(run.stdout) as { code: string; message: string }[];
  const records = all.filter((r) => r.code === 'GW0301');
  assert.equal(records.length, n - 1);
  assert.match(records[0]?.message ?? '', /default\/vs-1005, and 4,990 more; Istio merges/);
  assert.ok(run.stdout.length < all.length * 1000, `${run.stdout.length} bytes for ${all.length} findings`);
});
