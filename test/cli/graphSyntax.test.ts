// What `gwctl graph` prints parses, and parses into exactly the graph it meant: Mermaid's own parser
// and Graphviz (wasm) read every golden run, and a mesh whose names carry quotes, `#`, brackets, `<>`,
// backticks, pipes, newlines, ESC and bidi controls (test/hostile/fixtures.ts) cannot add, remove or
// rename a node or an edge, nor change a label: each label reads back as the input text made
// visible (escapeText), and no line of output starts with input text.
import assert from 'node:assert/strict';
import { rmSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { escapeText } from '../../src/report/escape.js';
import { parseDot, parseMermaid, type ParsedGraph } from '../helpers/graphParsers.js';
import { runCli } from '../helpers/runCli.js';
import { FORGED, hostileMesh } from '../hostile/fixtures.js';
import { GRAPH_RUNS } from './graph.test.js';

interface JsonGraph {
  nodes: { id: string; title: string; lines: string[] }[];
  edges: { from: string; to: string; label: string }[];
  legend: { kinds: Record<string, string>; marks: Record<string, string> };
}

const json = async (args: readonly string[]): Promise<JsonGraph> => {
  const run = await runCli([...args.filter((_, i) => args[i - 1] !== '-o' && args[i] !== '-o'), '-o', 'json']);
  assert.ok(run.code === 0 || run.code === 1, run.stderr);
  return JSON.parse(run.stdout) as JsonGraph;
};

/** The graph as it should read back: our ids, labels made visible, lines joined by the format's break. */
function expected(g: JsonGraph, br: string): { nodes: Map<string, string>; edges: string[] } {
  const nodes = new Map(g.nodes.map((n) => [n.id, [n.title, ...n.lines].map(escapeText).join(br)] as const));
  return { nodes, edges: g.edges.map((e) => `${e.from}->${e.to}:${escapeText(e.label)}`).sort() };
}

function assertSame(parsed: ParsedGraph, g: JsonGraph, br: string, what: string): void {
  const want = expected(g, br);
  const legend = [...parsed.nodes.keys()].filter((k) => k.startsWith('legend'));
  assert.equal(legend.length, Object.keys(g.legend.kinds).length + Object.keys(g.legend.marks).length, `${what}: legend entries`);
  const drawn = new Map([...parsed.nodes].filter(([k]) => !k.startsWith('legend')));
  assert.deepEqual([...drawn.keys()].sort(), [...want.nodes.keys()].sort(), `${what}: the nodes drawn are the nodes meant`);
  for (const [id, label] of want.nodes) assert.equal(drawn.get(id), label, `${what}: label of ${id}`);
  assert.deepEqual(parsed.edges.map((e) => `${e.from}->${e.to}:${e.label}`).sort(), want.edges, `${what}: the edges drawn are the edges meant`);
}

const markdownBody = (s: string): string => {
  const m = /```mermaid\n([^]*?)\n```/.exec(s);
  assert.ok(m?.[1], 'a ```mermaid block');
  return `${m[1]}\n`;
};

for (const args of GRAPH_RUNS) {
  const o = args[args.indexOf('-o') + 1];
  const format = args.includes('-o') ? (o ?? 'mermaid') : 'mermaid';
  if (format === 'json') continue;
  test(`parses as it means: gwctl ${args.join(' ')}`, async () => {
    const run = await runCli(args);
    assert.equal(run.code, 0, run.stderr);
    const g = await json(args);
    if (format === 'dot') assertSame(await parseDot(run.stdout), g, '\n', 'dot');
    else assertSame(await parseMermaid(format === 'markdown' ? markdownBody(run.stdout) : run.stdout), g, '<br/>', format);
  });
}

/** Names that close Mermaid's or DOT's strings, comment out the rest, or open a tag or a link. */
const BREAKERS = [FORGED, '"]) --> x["pwn', '#quot;', '#35;', '%%{init: {"theme":"dark"}}%%', '`**md**`', '<img src=x onerror=alert(1)>', 'a|b', '\\"}; pwn [label="x', '\\l\\N', 'end', 'subgraph', 'click n1 "javascript:alert(1)"', ';', '[x]', '{y}', '(z)'];

function breakerMesh(): string {
  const s = JSON.stringify;
  const docs = BREAKERS.map((b, i) => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: ${s(`vs-${i}${b}`)}, namespace: default}
spec:
  hosts: [${s(`h${i}.example.com`)}]
  gateways: [gw, mesh]
  http:
  - match: [{uri: {prefix: ${s(b)}}}, {uri: {exact: ${s(b)}}, method: {exact: ${s(b)}}}]
    route: [{destination: {host: ${s(`svc-${i}`)}, subset: v1}, weight: 50}, {destination: {host: shop}, weight: 50}]
  - redirect: {uri: ${s(b)}, authority: ${s(b)}}
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: ${s(`gw-${i}${b}`)}, namespace: default}
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: ${8000 + i}, name: ${s(b)}, protocol: HTTP}
    hosts: [${s(`h${i}.example.com`)}]`);
  return `${hostileMesh()}\n---\n${docs.join('\n---\n')}\n`;
}

const breakers = mkdtempSync(path.join(tmpdir(), 'gwctl-graph-'));
writeFileSync(path.join(breakers, `mesh${FORGED}.yaml`), breakerMesh());
after(() => rmSync(breakers, { recursive: true, force: true }));

for (const [name, folder] of [['names that break Mermaid and DOT, and the hostile mesh', breakers]] as const) {
  for (const format of ['mermaid', 'markdown', 'dot'] as const) {
    test(`cannot be broken or injected: ${name}, -o ${format}`, async () => {
      const args = ['graph', folder, '--max-nodes', '1000', '-o', format];
      const run = await runCli(args);
      assert.ok(run.code === 0 || run.code === 1, run.stderr);
      const g = await json(args);
      assert.ok(g.nodes.length > 5 && g.edges.length > 3, 'the hostile names reached the graph');
      const labels = [...g.nodes.flatMap((n) => [n.title, ...n.lines]), ...g.edges.map((e) => e.label)];
      for (const b of BREAKERS) assert.ok(labels.some((l) => l.includes(b)), `a label carries ${JSON.stringify(b)}`);
      if (format === 'dot') assertSame(await parseDot(run.stdout), g, '\n', format);
      else assertSame(await parseMermaid(format === 'markdown' ? markdownBody(run.stdout) : run.stdout), g, '<br/>', format);
      // Nothing a terminal or CI log acts on, and every line starts with gwctl's own syntax.
      assert.doesNotMatch(run.stdout, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
      const own = format === 'dot' ? /^(digraph gwctl \{|\}|  (rankdir|node|edge|subgraph|[a-z]+\d+|legend_\w+|\}|label=|fontname=)|    )/ : format === 'mermaid' ? /^(flowchart LR|  [a-z]+\d+|  (classDef|class|subgraph|end)|    )/ : /^/;
      for (const line of run.stdout.split('\n').filter((l) => l !== '')) assert.match(line, own, `a line of ours: ${line.slice(0, 80)}`);
    });
  }
}
