// `gwctl graph`: goldens named by the command line (Mermaid, Markdown, DOT, JSON) on the fixtures and
// a corpus setup, usage errors, the node cap, and what the marks say, read from the JSON form.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertGolden, selected } from '../helpers/golden.js';
import { runCli } from '../helpers/runCli.js';

const BOUTIQUE = '../shared/corpus/real-world/GoogleCloudPlatform__microservices-demo';

/** Every run that prints a graph: the syntax test (test/report/graphSyntax.test.ts) parses each. */
export const GRAPH_RUNS: readonly (readonly string[])[] = [
  ['graph', 'fixtures/httpbin'],
  ['graph', 'fixtures/httpbin', '-o', 'dot'],
  ['graph', 'fixtures/httpbin', '-o', 'markdown'],
  ['graph', 'fixtures/httpbin', '-o', 'json'],
  ['graph', 'fixtures/httpbin-fixed', '--gateway', 'istio-ingressgateway.istio-system'],
  ['graph', 'fixtures/gateway-api/mixed'],
  ['graph', 'fixtures/gateway-api/mixed', '-o', 'dot'],
  ['graph', 'fixtures/gateway-api/mixed', '--gateway', 'gateway/api.shop'],
  ['graph', 'fixtures/gateway-api/gamma-canary'],
  ['graph', 'fixtures/gateway-api/gamma-canary', '-o', 'dot'],
  ['graph', 'fixtures/bookinfo'],
  ['graph', 'fixtures/bookinfo', '-o', 'dot'],
  ['graph', 'fixtures/bookinfo', '--from', 'productpage-v1.default'],
  ['graph', 'fixtures/bookinfo', '--max-nodes', '6'],
  ['graph', 'fixtures/tcp-passthrough'],
  ['graph', 'fixtures/tcp-passthrough', '-o', 'dot'],
  ['graph', 'fixtures/https-gateway', '-o', 'markdown'],
  ['graph', `${BOUTIQUE}/release__kubernetes-manifests.yaml`, `${BOUTIQUE}/release__istio-manifests.yaml`],
  ['graph', `${BOUTIQUE}/release__kubernetes-manifests.yaml`, `${BOUTIQUE}/release__istio-manifests.yaml`, '-o', 'dot'],
];

const USAGE_RUNS: readonly (readonly string[])[] = [
  ['graph'],
  ['graph', 'fixtures/httpbin', '-o', 'svg'],
  ['graph', 'fixtures/httpbin', '--max-nodes', '0'],
  ['graph', 'fixtures/httpbin', '--gateway', 'a', '--from', 'b'],
  ['graph', 'fixtures/httpbin', '--gateway', 'productpage-v1.default'],
  ['graph', 'fixtures/does-not-exist'],
];

for (const args of [...GRAPH_RUNS, ...USAGE_RUNS]) {
  const name = args.join(' ');
  if (!selected(name)) continue;
  test(`golden: gwctl ${name}`, async () => {
    await assertGolden(args);
  });
}

test('exit codes: 0 for a graph (whatever it marks), 2 for usage errors, the same for every format', async () => {
  for (const o of ['mermaid', 'markdown', 'dot', 'json']) {
    assert.equal((await runCli(['graph', 'fixtures/httpbin', '-o', o])).code, 0, o);
    assert.equal((await runCli(['graph', 'fixtures/httpbin', '-o', o, '--max-nodes', 'x'])).code, 2, o);
    assert.equal((await runCli(['graph', 'fixtures/nope', '-o', o])).code, 2, o);
  }
});

interface JsonGraph {
  nodes: { id: string; kind: string; title: string; lines: string[]; marks: string[]; codes: string[] }[];
  edges: { from: string; to: string; label: string }[];
  omitted: { nodes: number; edges: number };
}

const jsonGraph = async (args: readonly string[]): Promise<JsonGraph> => JSON.parse((await runCli([...args, '-o', 'json'])).stdout) as JsonGraph;

const MARK_CASES: readonly { name: string; args: readonly string[]; title: RegExp; mark: string; code?: string }[] = [
  { name: 'a port that serves only 404 (GW0203)', args: ['graph', 'fixtures/httpbin'], title: /^servers\[0\]/, mark: 'only-404', code: 'GW0203' },
  { name: 'the assumed default ingress gateway', args: ['graph', 'fixtures/httpbin'], title: /^gateway deployment\/istio-ingressgateway/, mark: 'assumed' },
  { name: 'a VirtualService bound to nothing (GW0201)', args: ['graph', 'fixtures/analyzers/virtualservice/bound-to-nothing'], title: /^VirtualService /, mark: 'unbound', code: 'GW0201' },
  { name: 'a destination host that does not exist (IST0101)', args: ['graph', 'fixtures/explain/host-without-service.yaml', '--strict'], title: /\./, mark: 'missing', code: 'IST0101' },
  { name: 'a backend the Gateway API conversion refused', args: ['graph', 'fixtures/gateway-api/mixed'], title: /^\(no valid backend\)$/, mark: 'missing' },
];

for (const c of MARK_CASES) {
  test(`marked: ${c.name}`, async () => {
    const g = await jsonGraph(c.args);
    const hits = g.nodes.filter((n) => c.title.test(n.title) && n.marks.includes(c.mark));
    assert.ok(hits.length > 0, `no node titled ${String(c.title)} marked ${c.mark}: ${JSON.stringify(g.nodes.map((n) => [n.title, n.marks]))}`);
    if (c.code) assert.ok(hits.some((n) => n.codes.includes(c.code ?? '')), `codes: ${JSON.stringify(hits.map((n) => n.codes))}`);
  });
}

test('the fixed httpbin has no 404-only port: marks follow the findings, not the shape', async () => {
  const g = await jsonGraph(['graph', 'fixtures/httpbin-fixed']);
  assert.deepEqual(g.nodes.filter((n) => n.marks.includes('only-404')), []);
  assert.ok(g.edges.length > 3);
});

test('the cap keeps whole branches and counts the rest; --max-nodes raises it', async () => {
  const cut = await jsonGraph(['graph', 'fixtures/bookinfo', '--max-nodes', '4']);
  assert.equal(cut.nodes.filter((n) => n.kind !== 'more').length, 4);
  assert.ok(cut.omitted.nodes > 0);
  assert.match(cut.nodes.at(-1)?.title ?? '', new RegExp(`and ${cut.omitted.nodes} more nodes`));
  const ids = new Set(cut.nodes.map((n) => n.id));
  for (const e of cut.edges) assert.ok(ids.has(e.from) && ids.has(e.to), 'no edge to a node left out');
  const whole = await jsonGraph(['graph', 'fixtures/bookinfo', '--max-nodes', '1000']);
  assert.equal(whole.omitted.nodes, 0);
  assert.equal(whole.nodes.length, cut.nodes.length - 1 + cut.omitted.nodes);
});

test('deterministic: the order of the input files does not change the graph', async () => {
  const files = ['fixtures/bookinfo/networking__bookinfo-gateway.yaml', 'fixtures/bookinfo/networking__destination-rule-all.yaml', 'fixtures/bookinfo/networking__virtual-service-all-v1.yaml', 'fixtures/bookinfo/platform__kube__bookinfo.yaml'];
  const a = await runCli(['graph', ...files]);
  const b = await runCli(['graph', ...[...files].reverse()]);
  assert.equal(a.code, 0);
  assert.equal(a.stdout, b.stdout);
});

test('20,000 resources give a bounded, readable graph (the default cap)', async () => {
  const docs: string[] = [];
  for (let i = 0; i < 5000; i++) {
    docs.push(`apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gw-${i}, namespace: ns-${i % 50}}
spec:
  selector: {istio: ingressgateway}
  servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: ["h${i}.example.com"]}]`);
    docs.push(`apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: vs-${i}, namespace: ns-${i % 50}}
spec:
  hosts: ["h${i}.example.com"]
  gateways: [gw-${i}]
  http: [{match: [{uri: {prefix: /a}}], route: [{destination: {host: svc-${i}, subset: v1}, weight: 90}, {destination: {host: svc-${i}, subset: v2}, weight: 10}]}]`);
    docs.push(`apiVersion: v1
kind: Service
metadata: {name: svc-${i}, namespace: ns-${i % 50}}
spec: {selector: {app: a${i}}, ports: [{name: http, port: 80}]}`);
    docs.push(`apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: dr-${i}, namespace: ns-${i % 50}}
spec: {host: svc-${i}, subsets: [{name: v1, labels: {v: "1"}}, {name: v2, labels: {v: "2"}}]}`);
  }
  const run = await runCli(['graph', '-'], { stdin: docs.join('\n---\n') });
  assert.equal(run.code, 0, run.stderr.slice(0, 500));
  const nodes = run.stdout.split('\n').filter((l) => /^  [a-z]\d+[[({>]/.test(l));
  const edges = run.stdout.split('\n').filter((l) => / --> /.test(l));
  assert.equal(nodes.length, 151, 'the cap and the "and N more" node');
  assert.ok(edges.length <= 450);
  assert.match(nodes.at(-1) ?? '', /and \d{5} more nodes/);
  assert.match(run.stderr, /the graph is cut at 150 nodes/);
  const mermaid = run;
  assert.ok(mermaid.stdout.length < 50_000, `${mermaid.stdout.length} characters: more than GitHub renders`);
});

test('a server merging dropped is drawn with the reason', async () => {
  const stdin = `apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: a-gw, namespace: istio-system}
spec:
  selector: {istio: ingressgateway}
  servers: [{port: {number: 80, name: tcp, protocol: TCP}, hosts: ["*"]}]
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: shop-gw, namespace: istio-system}
spec:
  selector: {istio: ingressgateway}
  servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: [shop.example.com]}]
`;
  const g = JSON.parse((await runCli(['graph', '-', '-o', 'json'], { stdin })).stdout) as JsonGraph;
  const dropped = g.nodes.filter((n) => n.kind === 'listener' && n.lines.some((l) => l === 'dropped by istio-ingressgateway: protocol-conflict'));
  assert.deepEqual(dropped.map((n) => n.title), ['servers[0] http']);
});
