// Output too large for one string: proxy-config JSON is written in pieces that join to exactly the
// text a single JSON.stringify would give (istioctl's bytes), never holding the whole text.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { load } from '../../src/app/load.js';
import { deriveProxy } from '../../src/app/proxy.js';
import { proxyConfig } from '../../src/app/proxyConfig.js';
import { clusterDump } from '../../src/report/views/configDump.js';
import { goJson, goJsonChunks, goJsonListChunks } from '../../src/report/views/goJson.js';
import { proxyConfigText } from '../../src/report/views/proxyConfig.js';
import { tabwrite, tabwriteChunks } from '../../src/report/views/tabwriter.js';
import { runCli } from '../helpers/runCli.js';

test('the pieces join to goJson, for any JSON value (and undefined members)', () => {
  const value = fc.oneof(fc.jsonValue(), fc.dictionary(fc.string(), fc.oneof(fc.jsonValue(), fc.constant(undefined))), fc.array(fc.oneof(fc.jsonValue(), fc.constant(undefined))));
  fc.assert(
    fc.property(value, (v) => {
      assert.equal([...goJsonChunks(v)].join(''), goJson(v));
    }),
    { numRuns: 300, seed: 13 },
  );
  const odd = { a: [], b: {}, c: [[], [{}], [{ '<&>': '\u2028\u202e\u009b' }]], d: { e: { f: [1, { g: 'h' }] } } };
  assert.equal([...goJsonChunks(odd)].join(''), goJson(odd));
});

test('long lists at any depth are written in pieces, and join to goJson', () => {
  // A config dump's clusters sit four levels down; a route config's virtual hosts and routes deeper.
  const long = (n: number, f: (i: number) => unknown): unknown[] => Array.from({ length: n }, (_, i) => f(i));
  const value = {
    configs: [
      { '@type': 'x', dynamicActiveClusters: long(40, (i) => ({ cluster: { name: `c${i}`, hosts: long(i % 3 === 0 ? 35 : 2, (j) => ({ j, s: '<&>' })) } })) },
      { deep: { deeper: { list: long(33, (i) => [i, { k: [i, null, 'a\u2028b'] }]) } }, empty: [], emptyObject: {}, skipped: undefined },
    ],
  };
  const chunks = [...goJsonChunks(value)];
  assert.equal(chunks.join(''), goJson(value));
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 30, max: 40 }), fc.jsonValue({ maxDepth: 2 }), (depth, n, leaf) => {
      let v: unknown = long(n, () => leaf);
      for (let d = 0; d < depth; d++) v = d % 2 === 0 ? { k: v, other: leaf } : [v, leaf];
      assert.equal([...goJsonChunks(v)].join(''), goJson(v));
    }),
    { numRuns: 200, seed: 16 },
  );
});

test('a list written item by item joins to goJson of the whole list, items taken one at a time', () => {
  fc.assert(
    fc.property(fc.array(fc.oneof(fc.jsonValue(), fc.constant(undefined)), { maxLength: 40 }), (items) => {
      assert.equal([...goJsonListChunks(items)].join(''), goJson(items));
    }),
    { numRuns: 300, seed: 7 },
  );
  // Each item is asked for only when the text before it is written.
  let made = 0;
  function* items(): Generator<unknown> {
    for (let i = 0; i < 50_000; i++) {
      made++;
      yield { name: `c${i}`, pad: 'x'.repeat(20) };
    }
  }
  const chunks = goJsonListChunks(items());
  chunks.next();
  assert.ok(made < 5_000, `${made} items made before the first piece`);
});

test('proxy-config cluster builds each cluster as it writes it: the same clusters, in the same order, not kept', async () => {
  const paths = ['fixtures/bookinfo', 'fixtures/explain/egress', '../shared/corpus/real-world'];
  const ws = await load(paths);
  const derived = deriveProxy(ws, {});
  const streamed = derived.config.clustersByName;
  assert.ok(streamed, 'a gateway streams its clusters');
  const once = [...streamed()];
  assert.ok(once.length > 50, `${once.length} clusters`);
  assert.deepEqual(once, clusterDump(derived.config.clusters, []));
  const again = [...streamed()];
  assert.ok(once.every((c, i) => c !== again[i] || Object.isFrozen(c)), 'clusters are built again, not kept');
  // The views print the same text whether they read the streamed or the kept clusters.
  for (const output of ['short', 'json'] as const) {
    const direct = proxyConfigText(proxyConfig(ws, {}, 'cluster'), output);
    const kept = proxyConfig(ws, {}, 'cluster');
    void kept.clusters.dynamic; // read (and kept) first: `each` then reuses them
    assert.equal(proxyConfigText(kept, output), direct, output);
  }
});

test('JSON output defuses what a terminal or CI log acts on, even when nothing else in it needs escaping', async () => {
  // `##[` (a CI command anywhere in a line), bidirectional marks and noncharacters: alone in the text,
  // with no `<`, `>` or `&` beside them to set off Go's escaping.
  for (const [raw, escaped] of [
    ['x##[error]y', 'x#\\u0023[error]y'],
    ['a\u200fb', 'a\\u200fb'],
    ['a\u061cb', 'a\\u061cb'],
    ['a\uffffb', 'a\\uffffb'],
  ] as const) {
    const value = { list: Array.from({ length: 40 }, (_, i) => ({ i, s: raw })) };
    for (const text of [goJson(value), [...goJsonChunks(value)].join(''), [...goJsonListChunks(value.list)].join('')]) {
      assert.ok(!text.includes(raw), JSON.stringify(raw));
      assert.ok(text.includes(escaped), JSON.stringify(escaped));
      assert.deepEqual(JSON.parse(text), JSON.parse(JSON.stringify(text.startsWith('[') ? value.list : value)));
    }
  }
  // End to end: a DestinationRule's subjectAltNames reach the cluster dump.
  const dr = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: web, namespace: shop}
spec:
  host: web.shop.svc.cluster.local
  trafficPolicy: {tls: {mode: ISTIO_MUTUAL, subjectAltNames: ["##[error]forged", "spiffe://a\u200fb"]}}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec: {ports: [{name: http, port: 80}]}
`;
  const run = await runCli(['proxy-config', 'cluster', '-o', 'json', '-'], { stdin: dr });
  assert.equal(run.code, 0, run.stderr);
  assert.ok(run.stdout.includes('#\\u0023[error]forged') && !run.stdout.includes('##['), 'the CI command is defused');
  assert.ok(run.stdout.includes('a\\u200fb') && !run.stdout.includes('\u200f'), 'the mark is escaped');
});

test('a large dump comes in pieces of about 64 KB', () => {
  const clusters = Array.from({ length: 20_000 }, (_, i) => ({ name: `outbound|80||svc-${i}.ns.svc.cluster.local`, type: 'EDS', edsClusterConfig: { edsConfig: { ads: {}, resourceApiVersion: 'V3' } } }));
  const chunks = [...goJsonChunks(clusters)];
  assert.ok(chunks.length > 10);
  assert.ok(chunks.every((c) => c.length < 70_000), `${Math.max(...chunks.map((c) => c.length))} characters`);
  assert.equal(chunks.join(''), goJson(clusters));
});

test('proxy-config -o json prints the same bytes through the streamed writer', async () => {
  for (const type of ['cluster', 'listener', 'route', 'all']) {
    const run = await runCli(['proxy-config', type, '-f', 'fixtures/bookinfo', '-o', 'json']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, `${goJson(JSON.parse(run.stdout))}\n`, type);
  }
});

test('tables are written in pieces of about 64 KB, columns counted in code points', () => {
  // Go's tabwriter pads by runes: an astral character (two UTF-16 units) is one column.
  const rows = [['NAME', 'DOMAINS', 'MATCH'], ...Array.from({ length: 5_000 }, (_, i) => [`route-${i}`, i % 7 === 0 ? `h\u{1f600}st-${i}.example.com` : `host-${i}.example.com`, `/p${'x'.repeat(i % 13)}`])];
  const chunks = [...tabwriteChunks({ rows, padding: 5 })];
  assert.ok(chunks.length > 3, `${chunks.length} pieces`);
  assert.ok(chunks.every((c) => c.length < 70_000));
  const text = chunks.join('');
  assert.equal(text, tabwrite(rows, 5));
  // The last column starts at the same code-point column on every line (no cell holds a space).
  const lastColumn = (line: string): number => [...line.slice(0, line.lastIndexOf(' ') + 1)].length;
  const lines = text.trimEnd().split('\n');
  const widest = Math.max(...rows.map((r) => [...(r[1] ?? '')].length));
  assert.equal(lastColumn(lines[0] ?? ''), 'route-4999'.length + 5 + widest + 5);
  for (const line of lines) assert.equal(lastColumn(line), lastColumn(lines[0] ?? ''), line);
});

