// Table-driven: manifests + request -> the JSON contract fields that matter for that scenario.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { explain, parseRequest, type RequestInput } from '../../src/app/explain.js';
import type { ExplainResult } from '../../src/explain/types.js';
import { loadSources } from '../../src/app/load.js';
import { explainRecord, type ExplainRecord } from '../../src/report/views/explainRecord.js';
import { repoRoot } from '../helpers/paths.js';

function explainYaml(files: Record<string, string>, input: RequestInput, opts: { gateway?: string; from?: string } = {}): ExplainRecord {
  const loaded = loadSources(Object.entries(files).map(([name, text]) => ({ name, bytes: Buffer.from(text) })));
  // As `gwctl explain` asks: --from is a sidecar, otherwise --gateway (or the default gateway).
  const proxy = opts.from !== undefined ? { target: opts.from, as: 'sidecar' as const } : { ...(opts.gateway !== undefined ? { target: opts.gateway } : {}), as: 'gateway' as const };
  return explainRecord(explain(loaded, parseRequest(input), proxy).result, loaded.locate);
}

const fixture = (dir: string): Record<string, string> =>
  Object.fromEntries(readdirSync(path.join(repoRoot, 'fixtures', dir)).filter((f) => f.endsWith('.yaml')).map((f) => [`fixtures/${dir}/${f}`, readFileSync(path.join(repoRoot, 'fixtures', dir, f), 'utf8')]));

const GW = (selector = 'istio: ingressgateway', hosts = '["shop.example.com"]', extra = '') => `apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: shop-gw, namespace: istio-system}
spec:
  selector: {${selector}}
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ${hosts}
${extra}`;
const SVC = `apiVersion: v1
kind: Service
metadata: {name: cart, namespace: shop}
spec:
  selector: {app: cart}
  ports: [{name: http, port: 8080}]
`;
const vs = (body: string) => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: cart, namespace: shop}
spec:
  hosts: [shop.example.com]
${body}`;

interface Row {
  name: string;
  files: Record<string, string>;
  request: RequestInput;
  opts?: { gateway?: string; from?: string };
  expect: Partial<Pick<ExplainResult, 'status' | 'outcome' | 'listener' | 'routeConfig' | 'virtualHost' | 'virtualService' | 'clusters'>>;
  causes?: { code: string; fix?: RegExp; message?: RegExp }[];
}

const rows: Row[] = [
  {
    name: 'seed before the fix: blackhole 404 names the VirtualService hosts (N3)',
    files: fixture('httpbin'),
    request: { url: 'http://httpbin.local/ip' },
    expect: { status: 404, outcome: 'local-reply', listener: '0.0.0.0_8080', routeConfig: 'http.8080', virtualHost: 'blackhole:80', virtualService: null, clusters: [] },
    causes: [{ code: 'IST0132', fix: /add `httpbin\.local` to spec\.hosts of VirtualService default\/httpbin-virtual-service \(fixtures\/httpbin\/vs\.yaml:7\)/ }],
  },
  {
    name: 'seed after the fix: forwarded to the v2 subset',
    files: fixture('httpbin-fixed'),
    request: { url: 'http://httpbin.local/ip' },
    expect: { status: null, outcome: 'forwarded', virtualHost: 'httpbin.local:80', virtualService: 'default/httpbin-virtual-service', clusters: [{ name: 'outbound|8000|v2|httpbin-service.default.svc.cluster.local', weight: 100 }] },
    causes: [],
  },
  {
    name: 'Host header override reaches the vhost (curl -H Host)',
    files: fixture('httpbin-fixed'),
    request: { url: 'http://10.0.0.1/ip', headers: ['Host: httpbin.local'] },
    expect: { outcome: 'forwarded', virtualHost: 'httpbin.local:80' },
  },
  {
    name: 'short gateway name resolves in the VirtualService namespace (N2)',
    files: { 'gw.yaml': GW(), 'svc.yaml': SVC, 'vs.yaml': vs('  gateways: [shop-gw]\n  http:\n  - route: [{destination: {host: cart}}]\n') },
    request: { url: 'http://shop.example.com/' },
    expect: { status: 404, virtualHost: 'blackhole:80' },
    causes: [{ code: 'IST0101', fix: /add `istio-system\/shop-gw` to spec\.gateways/ }],
  },
  {
    name: 'empty gateways means mesh only (N2)',
    files: { 'gw.yaml': GW(), 'svc.yaml': SVC, 'vs.yaml': vs('  http:\n  - route: [{destination: {host: cart}}]\n') },
    request: { url: 'http://shop.example.com/' },
    expect: { status: 404 },
    causes: [{ code: 'GW0266', message: /mesh/ }],
  },
  {
    name: 'exact uri misses by a trailing slash (N8)',
    files: { 'gw.yaml': GW(), 'svc.yaml': SVC, 'vs.yaml': vs('  gateways: [istio-system/shop-gw]\n  http:\n  - match: [{uri: {exact: /cart}}]\n    route: [{destination: {host: cart}}]\n') },
    request: { url: 'http://shop.example.com/cart/' },
    expect: { status: 404, virtualHost: 'shop.example.com:80' },
    causes: [{ code: 'GW0361', message: /trailing slash/ }],
  },
  {
    name: 'prefix misses by case (N8)',
    files: { 'gw.yaml': GW(), 'svc.yaml': SVC, 'vs.yaml': vs('  gateways: [istio-system/shop-gw]\n  http:\n  - match: [{uri: {prefix: /api}}]\n    route: [{destination: {host: cart}}]\n') },
    request: { url: 'http://shop.example.com/API/items' },
    expect: { status: 404 },
    causes: [{ code: 'GW0361', fix: /ignoreUriCase/ }],
  },
  {
    name: 'regex is a full match (RE2)',
    files: { 'gw.yaml': GW(), 'svc.yaml': SVC, 'vs.yaml': vs('  gateways: [istio-system/shop-gw]\n  http:\n  - match: [{uri: {regex: "/items/[0-9]+"}}]\n    route: [{destination: {host: cart}}]\n') },
    request: { url: 'http://shop.example.com/items/42/reviews' },
    expect: { status: 404 },
    causes: [{ code: 'GW0361', message: /whole path/ }],
  },
  {
    name: 'method is case-sensitive (N8)',
    files: { 'gw.yaml': GW(), 'svc.yaml': SVC, 'vs.yaml': vs('  gateways: [istio-system/shop-gw]\n  http:\n  - match: [{method: {exact: POST}}]\n    route: [{destination: {host: cart}}]\n') },
    request: { url: 'http://shop.example.com/', method: 'GET' },
    expect: { status: 404 },
    causes: [{ code: 'GW0362', message: /method/ }],
  },
  {
    name: 'match.port set to the targetPort drops the rule (N9)',
    files: { 'gw.yaml': GW(), 'svc.yaml': SVC, 'vs.yaml': vs('  gateways: [istio-system/shop-gw]\n  http:\n  - match: [{port: 8080}]\n    route: [{destination: {host: cart}}]\n') },
    request: { url: 'http://shop.example.com/' },
    expect: { status: 404 },
    causes: [{ code: 'GW0269', fix: /set match\.port .* to 80/ }],
  },
  {
    name: 'subset no DestinationRule defines: 503',
    files: { 'gw.yaml': GW(), 'svc.yaml': SVC, 'vs.yaml': vs('  gateways: [istio-system/shop-gw]\n  http:\n  - route: [{destination: {host: cart, subset: v3}}]\n') },
    request: { url: 'http://shop.example.com/' },
    expect: { status: 503, outcome: 'local-reply', clusters: [] },
    causes: [{ code: 'IST0101', message: /host\+subset/ }],
  },
  {
    name: 'destination host with no Service: 503',
    files: { 'gw.yaml': GW(), 'vs.yaml': vs('  gateways: [istio-system/shop-gw]\n  http:\n  - route: [{destination: {host: carts}}]\n') },
    request: { url: 'http://shop.example.com/' },
    expect: { status: 503 },
    causes: [{ code: 'IST0101', message: /host not found/ }],
  },
  {
    name: 'httpsRedirect answers 301',
    files: { 'gw.yaml': GW('istio: ingressgateway', '["shop.example.com"]', '    tls: {httpsRedirect: true}\n'), 'svc.yaml': SVC, 'vs.yaml': vs('  gateways: [istio-system/shop-gw]\n  http:\n  - route: [{destination: {host: cart}}]\n') },
    request: { url: 'http://shop.example.com/x' },
    expect: { status: 301, outcome: 'local-reply' },
    causes: [{ code: 'GW0365' }],
  },
  {
    name: 'chart label trap: selector istio=ingressgateway vs pods istio=ingress (C1)',
    files: {
      'gw.yaml': GW(),
      'svc.yaml': SVC,
      'vs.yaml': vs('  gateways: [istio-system/shop-gw]\n  http:\n  - route: [{destination: {host: cart}}]\n'),
      'deploy.yaml': `apiVersion: apps/v1
kind: Deployment
metadata: {name: istio-ingress, namespace: istio-ingress}
spec:
  template:
    metadata:
      labels: {istio: ingress, app: istio-ingress}
      annotations: {inject.istio.io/templates: gateway}
    spec:
      containers: [{name: istio-proxy, image: auto}]
`,
    },
    request: { url: 'http://shop.example.com/' },
    opts: { gateway: 'istio-ingress.istio-ingress' },
    expect: { outcome: 'connection-refused', status: null, listener: null },
    causes: [{ code: 'GW0260', message: /istio=ingress, not istio=ingressgateway/, fix: /istio=ingress/ }],
  },
  {
    name: 'from a sidecar: the client dials the Service clusterIP, so the per-service TCP listener is found',
    files: {
      'client.yaml': `apiVersion: apps/v1
kind: Deployment
metadata: {name: client, namespace: shop}
spec:
  selector: {matchLabels: {app: client}}
  template:
    metadata: {labels: {app: client}}
    spec: {containers: [{name: app, image: x}]}
`,
      'db.yaml': `apiVersion: v1
kind: Service
metadata: {name: db, namespace: shop}
spec:
  clusterIP: 10.96.0.10
  selector: {app: db}
  ports: [{name: tcp-mysql, port: 3306}]
`,
    },
    request: { url: 'http://db:3306/' },
    opts: { from: 'client.shop' },
    expect: { outcome: 'forwarded', listener: '10.96.0.10_3306', clusters: [{ name: 'outbound|3306||db.shop.svc.cluster.local', weight: 100 }] },
    causes: [],
  },
];

for (const row of rows) {
  test(row.name, () => {
    const r = explainYaml(row.files, row.request, row.opts);
    for (const [k, v] of Object.entries(row.expect)) assert.deepEqual(r[k as keyof ExplainResult], v, `${k} (trace: ${r.trace.map((s) => s.detail).join(' | ')})`);
    if (row.causes) {
      if (row.causes.length === 0) assert.deepEqual(r.causes, []);
      for (const want of row.causes) {
        const got = r.causes.find((c) => c.code === want.code && (!want.fix || want.fix.test(c.fix)) && (!want.message || want.message.test(c.message)));
        assert.ok(got, `expected cause ${want.code}; got ${JSON.stringify(r.causes.map((c) => [c.code, c.message, c.fix]), null, 1)}`);
        assert.ok(got.file === null || got.line !== null);
      }
    }
  });
}
