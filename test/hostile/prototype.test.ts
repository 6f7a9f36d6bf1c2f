// Prototype safety: `__proto__`, `constructor`, `prototype` (and other Object.prototype names) are
// keys like any other in every map from input. Metamorphic check: the same mesh written with those
// names and with ordinary names of the same length and sort position gives the same output, in
// every command, once the names are mapped back.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCli } from '../helpers/runCli.js';

const SPECIAL = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'] as const;
/** Same length, same order relative to the other keys of the mesh. */
const ORDINARY = ['__protx__', 'constructos', 'prototypf', 'toStrinh', 'hasOwnPropertz', 'valueOg'] as const;

/** A mesh that uses K0..K5 as label, selector, header, query, port and annotation names. */
const MESH = `apiVersion: apps/v1
kind: Deployment
metadata: {name: istio-ingressgateway, namespace: istio-system}
spec:
  selector: {matchLabels: {istio: ingressgateway}}
  template:
    metadata: {labels: {istio: ingressgateway, app: istio-ingressgateway, K0: a, K1: b}}
    spec: {containers: [{name: istio-proxy, image: proxyv2}]}
---
apiVersion: v1
kind: Service
metadata: {name: istio-ingressgateway, namespace: istio-system}
spec:
  selector: {istio: ingressgateway, K1: b}
  ports: [{name: http2, port: 80, targetPort: 8080}]
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: matching, namespace: istio-system, annotations: {K0: x}}
spec:
  selector: {istio: ingressgateway, K0: a}
  servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: ["*/a.example.com"]}]
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: nomatch, namespace: istio-system}
spec:
  selector: {K0: nomatch}
  servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: ["*/b.example.com"]}]
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: other-label, namespace: istio-system}
spec:
  selector: {K2: c}
  servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: ["*/c.example.com"]}]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: routes, namespace: default}
spec:
  hosts: [a.example.com, b.example.com, c.example.com]
  gateways: [istio-system/matching, istio-system/nomatch, istio-system/other-label, mesh]
  http:
  - name: by-header
    match:
    - headers: {K0: {exact: x}}
    - headers: {K1: {prefix: yy}}
    - headers: {K2: {regex: "z+"}}
    headers:
      request: {set: {K0: v}, add: {K3: w}, remove: [K1]}
    route: [{destination: {host: web, subset: v1}}]
  - name: by-query
    match:
    - queryParams: {K3: {exact: q}}
    - withoutHeaders: {K4: {prefix: w}}
    route: [{destination: {host: web}}]
  - name: by-source
    match:
    - sourceLabels: {K5: s}
    route: [{destination: {host: web}}]
  - name: duplicate-of-by-header
    match:
    - headers: {K0: {exact: x}}
    route: [{destination: {host: web}}]
  - route: [{destination: {host: web}}]
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: default, labels: {K4: l}}
spec:
  selector: {app: web, K0: a}
  ports: [{name: http, port: 80}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: default}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web, K0: a, K2: c}}
    spec: {containers: [{name: web, image: web}]}
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: web, namespace: default}
spec:
  host: web
  trafficPolicy: {loadBalancer: {consistentHash: {httpHeaderName: K2}}}
  subsets:
  - {name: v1, labels: {K0: a}}
  - {name: none, labels: {K1: nomatch}}
---
apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: {name: selected, namespace: default}
spec:
  workloadSelector: {labels: {K0: nomatch}}
  egress: [{hosts: ["./*"]}]
---
apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: {name: also, namespace: default}
spec:
  workloadSelector: {labels: {K2: c}}
  egress: [{hosts: ["./*", "istio-system/*"]}]
---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: ext, namespace: default}
spec:
  hosts: [ext.example.com]
  ports: [{number: 80, name: http, protocol: HTTP}]
  resolution: STATIC
  endpoints: [{address: 10.0.0.1, labels: {K3: d}, ports: {K4: 8080}}]
  workloadSelector: {labels: {K5: e}}
`;

const meshWith = (names: readonly string[]): string => MESH.replace(/K([0-5])/g, (_, i: string) => names[Number(i)] ?? '');
const withNames = (args: readonly string[], names: readonly string[]): string[] => args.map((a) => a.replace(/K([0-5])/g, (_, i: string) => names[Number(i)] ?? ''));
const back = (s: string): string => ORDINARY.reduce((acc, o, i) => acc.split(o).join(SPECIAL[i] ?? ''), s);

const RUNS: readonly (readonly string[])[] = [
  ['validate', '-', '-o', 'json'],
  ['analyze', '-', '-o', 'json'],
  ['analyze', '-'],
  ['proxy-config', 'all', '-f', '-', '-o', 'json'],
  ['proxy-config', 'route', '-f', '-'],
  ['proxy-config', 'all', 'deploy/web.default', '-f', '-', '-o', 'json'],
  ['explain', 'http://a.example.com/', '-f', '-', '-o', 'json'],
  ['explain', 'http://a.example.com/', '-f', '-', '-H', 'K0: x'],
  ['explain', 'http://a.example.com/', '-f', '-', '-H', 'K1: nope', '-o', 'json'],
  ['explain', 'http://a.example.com/?K3=q', '-f', '-', '-o', 'json'],
  ['explain', 'http://b.example.com/', '-f', '-'],
  ['explain', 'http://c.example.com/', '-f', '-', '-o', 'json'],
  ['explain', 'http://web/', '-f', '-', '--from', 'deploy/web.default', '-H', 'K0: x', '-o', 'json'],
];

for (const args of RUNS) {
  test(`prototype names are ordinary keys: gwctl ${args.join(' ')}`, async () => {
    const special = await runCli(withNames(args, SPECIAL), { stdin: meshWith(SPECIAL) });
    const ordinary = await runCli(withNames(args, ORDINARY), { stdin: meshWith(ORDINARY) });
    assert.doesNotMatch(special.stderr, /internal error/);
    assert.equal(special.code, ordinary.code, special.stderr);
    assert.equal(special.stdout, back(ordinary.stdout));
    assert.equal(special.stderr, back(ordinary.stderr));
  });
}

test('a Gateway selector {__proto__: nomatch} selects nothing, and the report says so', async () => {
  const run = await runCli(['analyze', '-', '-o', 'json'], { stdin: meshWith(SPECIAL) });
  const records = JSON.parse(run.stdout) as { code: string; resource: { name: string } | null; message: string }[];
  assert.ok(records.some((r) => r.resource?.name === 'nomatch' && /__proto__=nomatch/.test(r.message)), run.stdout);
  const explain = await runCli(['explain', 'http://b.example.com/', '-f', '-', '-o', 'json'], { stdin: meshWith(SPECIAL) });
  assert.equal(explain.code, 1, 'b.example.com is served by no Gateway that selects the gateway pod');
});

test('a header match on `constructor` or `__proto__` is a match on that header, not a crash or a catch-all', async () => {
  const run = await runCli(['explain', 'http://a.example.com/', '-f', '-', '-o', 'json'], { stdin: meshWith(SPECIAL) });
  const result = JSON.parse(run.stdout) as { trace: { stage: string; detail: string }[] };
  const route = result.trace.find((s) => s.stage === 'route');
  assert.match(route?.detail ?? '', /by-query|#4|http\[4\]/, 'without headers the request reaches the catch-all rule, not by-header');
});

test('maps from input keep their messages: wrong value types and misspelt fields inside them', async () => {
  const yaml = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: v, namespace: default, labels: {__proto__: 5}}
spec: {hosts: [a]}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: w, namespace: default}
spec:
  hosts: [a]
  http:
  - match: [{headers: {constructor: {exat: x}}}]
    route: [{destination: {host: a}}]
`;
  const run = await runCli(['validate', '-', '-o', 'json'], { stdin: yaml });
  const messages = (JSON.parse(run.stdout) as { message: string; path: string | null }[]).map((r) => `${r.path}: ${r.message}`);
  assert.ok(messages.some((m) => /metadata\.labels\.__proto__: .*must be a string, not the number 5/.test(m)), messages.join('\n'));
  assert.ok(messages.some((m) => /unknown field "exat".*did you mean "exact"/.test(m)), messages.join('\n'));
});
