// Table-driven: what a matched route does (explain's `action` object, docs/explain-json.md) and the
// statuses Envoy gives (fault percentages, gRPC aborts, TCP outcomes, cluster_not_found_response_code),
// each row written from Istio's route translation and Envoy's filter behaviour.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { explain, parseRequest, type RequestInput } from '../../src/app/explain.js';
import { loadSources } from '../../src/app/load.js';
import { explainRecord, type ExplainRecord } from '../../src/report/views/explainRecord.js';

const GW = `apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gw, namespace: istio-system}
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["shop.example.com"]
  - port: {number: 443, name: tls, protocol: TLS}
    tls: {mode: PASSTHROUGH}
    hosts: ["db.example.com"]
`;
const SVC = `apiVersion: v1
kind: Service
metadata: {name: cart, namespace: shop}
spec:
  selector: {app: cart}
  ports: [{name: http, port: 8080}]
---
apiVersion: v1
kind: Service
metadata: {name: grpc, namespace: shop}
spec:
  selector: {app: grpc}
  ports: [{name: grpc, port: 9000}]
`;
const vs = (http: string) => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: cart, namespace: shop}
spec:
  hosts: [shop.example.com]
  gateways: [istio-system/gw]
  http:
${http}`;

interface Row {
  name: string;
  files?: Record<string, string>;
  http?: string;
  request: RequestInput;
  expect: (r: ExplainRecord) => void;
  causes?: string[];
}

const rows: Row[] = [
  {
    name: 'prefix rewrite replaces the matched prefix: /customer + rewrite / sends a double slash',
    http: '  - match: [{uri: {prefix: /customer}}]\n    rewrite: {uri: /}\n    route: [{destination: {host: cart}}]\n',
    request: { url: 'http://shop.example.com/customer/s/1?x=1' },
    expect: (r) => {
      assert.equal(r.outcome, 'forwarded');
      assert.deepEqual(r.action?.upstream, { method: 'GET', authority: 'shop.example.com', path: '//s/1', query: 'x=1', rewrites: ['path /customer/s/1 -> //s/1 (prefixRewrite /)'] });
    },
    causes: ['GW0382'],
  },
  {
    name: 'exact match + rewrite replaces the whole path; authority rewrite',
    http: '  - match: [{uri: {exact: /old}}]\n    rewrite: {uri: /new, authority: cart.internal}\n    route: [{destination: {host: cart}}]\n',
    request: { url: 'http://shop.example.com/old' },
    expect: (r) => {
      assert.equal(r.action?.upstream?.path, '/new');
      assert.equal(r.action?.upstream?.authority, 'cart.internal');
      assert.equal(r.action?.destinations[0]?.authority, 'cart.internal');
    },
    causes: [],
  },
  {
    name: 'regex rewrite with groups',
    http: '  - match: [{uri: {prefix: /api}}]\n    rewrite: {uriRegexRewrite: {match: "^/api/(v[0-9])/(.*)", rewrite: "/\\\\2/\\\\1"}}\n    route: [{destination: {host: cart}}]\n',
    request: { url: 'http://shop.example.com/api/v2/items' },
    expect: (r) => assert.equal(r.action?.upstream?.path, '/items/v2'),
  },
  {
    name: 'timeout, retries, mirror, header changes',
    http: [
      '  - route: [{destination: {host: cart}}]',
      '    timeout: 3s',
      '    retries: {attempts: 4, perTryTimeout: 1s, retryOn: "5xx,503"}',
      '    mirror: {host: cart, subset: canary}',
      '    mirrorPercentage: {value: 12.5}',
      '    headers:',
      '      request: {set: {x-a: "1"}, add: {x-b: "2"}, remove: [x-c]}',
      '      response: {set: {x-d: "3"}}',
      '',
    ].join('\n'),
    request: { url: 'http://shop.example.com/' },
    expect: (r) => {
      const a = r.action;
      assert.equal(a?.timeout, '3s');
      assert.deepEqual(a?.retries, { attempts: 4, retryOn: ['5xx', 'retriable-status-codes'], retriableStatusCodes: [503], perTryTimeout: '1s', retryRemoteLocalities: false, previousHosts: true, backoff: null });
      assert.deepEqual(a?.mirrors, [{ cluster: 'outbound|8080|canary|cart.shop.svc.cluster.local', percent: 12.5 }]);
      assert.deepEqual(a?.requestHeaders, { set: [{ name: 'x-a', value: '1' }], add: [{ name: 'x-b', value: '2' }], remove: ['x-c'] });
      assert.deepEqual(a?.responseHeaders, { set: [{ name: 'x-d', value: '3' }], add: [], remove: [] });
    },
  },
  {
    name: 'no retries: attempts 0 means no retry policy',
    http: '  - route: [{destination: {host: cart}}]\n    retries: {attempts: 0}\n',
    request: { url: 'http://shop.example.com/' },
    expect: (r) => {
      assert.equal(r.action?.retries, null);
      assert.equal(r.action?.timeout, '0s');
    },
  },
  {
    name: 'fault abort without percentage: Envoy aborts 0%, the request is forwarded',
    http: '  - route: [{destination: {host: cart}}]\n    fault: {abort: {httpStatus: 503}}\n',
    request: { url: 'http://shop.example.com/' },
    expect: (r) => {
      assert.equal(r.outcome, 'forwarded');
      assert.equal(r.status, null);
      assert.deepEqual(r.action?.fault?.abort, { httpStatus: 503, grpcStatus: null, percent: 0, percentDefaulted: true });
    },
    causes: ['GW0381'],
  },
  {
    name: 'fault abort at 50%: forwarded, with a warning',
    http: '  - route: [{destination: {host: cart}}]\n    fault: {abort: {httpStatus: 500, percentage: {value: 50}}}\n',
    request: { url: 'http://shop.example.com/' },
    expect: (r) => {
      assert.equal(r.outcome, 'forwarded');
      assert.equal(r.action?.fault?.abort?.percent, 50);
    },
    causes: ['GW0380'],
  },
  {
    name: 'fault abort at 100%: the proxy answers',
    http: '  - route: [{destination: {host: cart}}]\n    fault: {abort: {httpStatus: 500, percentage: {value: 100}}, delay: {fixedDelay: 7s, percentage: {value: 100}}}\n',
    request: { url: 'http://shop.example.com/' },
    expect: (r) => {
      assert.equal(r.outcome, 'local-reply');
      assert.equal(r.status, 500);
      assert.equal(r.stop, 'route-action');
      assert.equal(r.action?.type, 'fault-abort');
      assert.deepEqual(r.action?.fault?.delay, { fixedDelay: '7s', percent: 100, percentDefaulted: false });
    },
  },
  {
    name: 'gRPC abort at 100%: HTTP 200 with grpc-status, a local reply',
    http: '  - route: [{destination: {host: grpc}}]\n    fault: {abort: {grpcStatus: UNAVAILABLE, percentage: {value: 100}}}\n',
    request: { url: 'http://shop.example.com/pkg.Svc/Call', method: 'POST', headers: ['content-type: application/grpc'] },
    expect: (r) => {
      assert.equal(r.outcome, 'local-reply');
      assert.equal(r.status, 200);
      assert.equal(r.grpcStatus, 14);
    },
  },
  {
    name: 'redirect: status and Location, nothing forwarded',
    http: '  - match: [{uri: {prefix: /old}}]\n    redirect: {uri: /new, redirectCode: 302}\n',
    request: { url: 'http://shop.example.com/old/x?q=1' },
    expect: (r) => {
      assert.equal(r.action?.type, 'redirect');
      assert.deepEqual(r.action?.redirect, { status: 302, location: 'http://shop.example.com/new?q=1' });
      assert.equal(r.action?.upstream, null);
      assert.equal(r.action?.timeout, null);
    },
  },
  {
    name: 'CORS: a preflight from an allowed origin is answered by the proxy',
    http: '  - route: [{destination: {host: cart}}]\n    corsPolicy: {allowOrigins: [{exact: "https://a.example"}], allowMethods: [GET, POST], maxAge: 24h}\n',
    request: { url: 'http://shop.example.com/', method: 'OPTIONS', headers: ['Origin: https://a.example', 'Access-Control-Request-Method: POST'] },
    expect: (r) => {
      assert.equal(r.status, 200);
      assert.equal(r.action?.type, 'cors-preflight');
      assert.equal(r.action?.cors?.preflight, 'answered-by-proxy');
      assert.deepEqual(r.action?.cors?.allowOrigins, ['exact https://a.example']);
      assert.equal(r.action?.cors?.maxAge, '86400');
    },
  },
  {
    name: 'CORS: an ordinary request is forwarded, the policy is shown',
    http: '  - route: [{destination: {host: cart}}]\n    corsPolicy: {allowOrigins: [{prefix: "https://"}]}\n',
    request: { url: 'http://shop.example.com/', headers: ['Origin: https://a.example'] },
    expect: (r) => {
      assert.equal(r.outcome, 'forwarded');
      assert.equal(r.action?.cors?.preflight, null);
    },
  },
  {
    name: 'DestinationRule TLS origination (SIMPLE) on the gateway',
    files: {
      'dr.yaml': `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: cart, namespace: shop}
spec:
  host: cart
  trafficPolicy:
    tls: {mode: SIMPLE, sni: cart.example.com}
`,
    },
    http: '  - route: [{destination: {host: cart}}]\n',
    request: { url: 'http://shop.example.com/' },
    expect: (r) => {
      const t = r.action?.destinations[0]?.tls;
      assert.equal(t?.mode, 'SIMPLE');
      assert.equal(t?.source, 'destination-rule');
      assert.equal(t?.sni, 'cart.example.com');
      assert.equal(t?.destinationRule, 'shop/cart');
    },
  },
  {
    name: 'port-level TLS replaces the rule policy; auto mTLS off by PeerAuthentication DISABLE',
    files: {
      'dr.yaml': `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: cart, namespace: shop}
spec:
  host: cart
  trafficPolicy:
    tls: {mode: SIMPLE}
    portLevelSettings:
    - port: {number: 8080}
      loadBalancer: {simple: RANDOM}
`,
      'pa.yaml': `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: default, namespace: shop}
spec:
  mtls: {mode: DISABLE}
`,
    },
    http: '  - route: [{destination: {host: cart}}]\n',
    request: { url: 'http://shop.example.com/' },
    expect: (r) => assert.equal(r.action?.destinations[0]?.tls?.mode, 'NONE'),
  },
  {
    name: 'TLS passthrough to a missing cluster: the connection is closed, no HTTP status',
    files: {
      'tls.yaml': `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: db, namespace: shop}
spec:
  hosts: [db.example.com]
  gateways: [istio-system/gw]
  tls:
  - match: [{port: 443, sniHosts: [db.example.com]}]
    route: [{destination: {host: db.nowhere.svc.cluster.local, port: {number: 5432}}}]
`,
    },
    request: { url: 'https://db.example.com/' },
    expect: (r) => {
      assert.equal(r.stop, 'tcp-cluster-missing');
      assert.equal(r.outcome, 'connection-closed');
      assert.equal(r.status, null);
      assert.equal(r.action?.type, 'tcp-proxy');
    },
  },
];

for (const row of rows) {
  test(row.name, () => {
    const files: Record<string, string> = { 'gw.yaml': GW, 'svc.yaml': SVC, ...(row.http !== undefined ? { 'vs.yaml': vs(row.http) } : {}), ...(row.files ?? {}) };
    const ws = loadSources(Object.entries(files).map(([name, text]) => ({ name, bytes: Buffer.from(text) })), { strict: true });
    const r = explainRecord(explain(ws, parseRequest(row.request), { as: 'gateway' }).result, ws.locate);
    row.expect(r);
    if (row.causes) assert.deepEqual(r.causes.map((c) => c.code), row.causes, JSON.stringify(r.causes, null, 1));
  });
}
