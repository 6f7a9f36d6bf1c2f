// Shared parts (src/model/sharedParts.ts) are written from text cached once per depth: the cluster
// dump must stay byte-equal to one JSON.stringify of the same values, whatever holds the parts. The
// cluster table keeps escaped cells only: it must stay byte-equal to tabwrite of the full rows.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { load } from '../../src/app/load.js';
import { deriveProxy } from '../../src/app/proxy.js';
import { proxyConfig } from '../../src/app/proxyConfig.js';
import { clusterDump } from '../../src/report/views/configDump.js';
import { proxyConfigText } from '../../src/report/views/proxyConfig.js';
import { isSharedPart, SHARED_PLACEHOLDER, sharedPart } from '../../src/model/sharedParts.js';
import type { Cluster } from '../../src/derive/envoy.js';
import { clusterTable, clusterTableOf } from '../../src/report/views/clusterTable.js';
import { goJson, goJsonChunks, goJsonListChunks, LazyList, pastAscii } from '../../src/report/views/goJson.js';
import { tabwrite } from '../../src/report/views/tabwriter.js';

/** Values holding shared parts anywhere, under the keys the writer opens and others, with the members JSON drops or changes. */
function valueWithShared(): fc.Arbitrary<unknown> {
  const part = fc.jsonValue({ maxDepth: 3 }).filter((v) => typeof v === 'object' && v !== null).map((v) => sharedPart(structuredClone(v) as object));
  const key = fc.oneof(fc.constantFrom('transportSocketMatches', 'transportSocket', 'typedConfig', 'filters', 'commonTlsContext', '__proto__', 'constructor', '0', '10', 'name', '<&>'), fc.string({ maxLength: 4 }));
  const leaf = fc.oneof(fc.jsonValue({ maxDepth: 2 }), part, fc.constant(undefined), fc.constant(new Date(0)), fc.constant(() => 1));
  const { tree } = fc.letrec((tie) => ({
    tree: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('object'), tie('array')),
    object: fc.dictionary(key, tie('tree'), { maxKeys: 6 }),
    array: fc.array(tie('tree'), { maxLength: 4 }),
  }));
  return tree;
}

test('values holding shared parts are written byte-equal to one JSON.stringify, at every depth', () => {
  fc.assert(
    fc.property(fc.array(valueWithShared(), { maxLength: 5 }), (items) => {
      const whole = goJson(items);
      assert.equal([...goJsonListChunks(items)].join(''), whole);
      assert.equal([...goJsonChunks(items)].join(''), whole);
      // Deeper: inside a config dump's long lists (opened at any depth), then written whole below.
      const dump = { configs: [{ list: Array.from({ length: 33 }, (_, i) => ({ i, items })) }] };
      assert.equal([...goJsonChunks(dump)].join(''), goJson(dump));
    }),
    { numRuns: 400, seed: 29 },
  );
  // The same shared part at several depths, and next to a `__proto__` member.
  const tls = sharedPart({ tlsParams: { v: '1.3' }, alpn: ['istio', 'h2'] });
  const socket = { name: 'tls', typedConfig: { '@type': 't', commonTlsContext: tls, sni: 'a<b' } };
  const values = [{ transportSocketMatches: [{ name: 'm', match: {}, transportSocket: socket }, sharedPart({ name: 'raw' })], name: 'c', tls }, { ['__proto__']: 1, filters: [tls] }, [tls, [tls]]];
  Object.defineProperty(values[1], '__proto__', { value: { x: tls }, enumerable: true });
  assert.equal([...goJsonListChunks(values)].join(''), goJson(values));
});

test('the clusters of gateways and sidecars hold their mTLS context as a shared part, and print the same bytes', async () => {
  const ws = await load(['fixtures/bookinfo', 'fixtures/explain/egress', '../shared/corpus/real-world']);
  let shared = 0;
  for (const choice of [{}, { target: 'deploy/productpage-v1.default' }]) {
    const r = proxyConfig(ws, choice, 'cluster');
    const clusters = r.clusters.dynamic;
    for (const c of clusters) {
      const ctx = (c.transportSocketMatches?.[0]?.transportSocket?.typedConfig as { commonTlsContext?: object } | undefined)?.commonTlsContext;
      if (ctx !== undefined && isSharedPart(ctx)) shared++;
    }
    assert.equal([...goJsonListChunks(clusters)].join(''), goJson(clusters));
  }
  assert.ok(shared > 20, `${shared} clusters share their mTLS context`);
});

test('the cluster table kept as cells is byte-equal to tabwrite of its rows, hostile names included', () => {
  const name = fc.oneof(
    fc.tuple(fc.constantFrom('outbound', 'inbound', 'x\u001b[2K'), fc.oneof(fc.integer({ min: 0, max: 70000 }).map(String), fc.string({ maxLength: 3 })), fc.oneof(fc.constant(''), fc.string({ maxLength: 4 })), fc.string({ maxLength: 12 })).map(([d, p, s, h]) => `${d}|${p}|${s}|${h}`),
    fc.string({ maxLength: 10 }),
    fc.constantFrom('BlackHoleCluster', '', '::error::x', 'a##[b', 'ünï|𝔘|c|d|e'),
  );
  const cluster = fc.record({
    name,
    type: fc.option(fc.constantFrom('EDS', 'STRICT_DNS', 'ORIGINAL_DST'), { nil: undefined }),
    config: fc.option(fc.oneof(fc.constant('/apis/networking.istio.io/v1/namespaces/ns/destination-rule/dr\u202e'), fc.string({ maxLength: 20 })), { nil: undefined }),
  }).map(({ name: n, type, config }): Cluster => ({ name: n, ...(type ? { type } : {}), ...(config !== undefined ? { metadata: { filterMetadata: { istio: { config } } } } : {}) }) as Cluster);
  fc.assert(
    fc.property(fc.array(cluster, { maxLength: 30 }), fc.boolean(), (clusters, withType) => {
      const t = clusterTableOf(clusters, { withType });
      assert.equal(clusterTable(clusters, { withType }), tabwrite(t.rows, t.padding));
    }),
    { numRuns: 400, seed: 31 },
  );
});

test('a sidecar streams its clusters too: the same clusters in the same order as the kept dump, built again on each read', async () => {
  const ws = await load(['fixtures/bookinfo', 'fixtures/explain/egress', '../shared/corpus/real-world']);
  let checked = 0;
  for (const target of ['deploy/productpage-v1.default', 'deploy/reviews-v2.default', 'deploy/ratings-v1.default']) {
    const pc = deriveProxy(ws, { target }).config;
    const streamed = pc.clustersByName;
    assert.ok(streamed, `${target} streams its clusters`);
    const once = [...streamed()];
    assert.deepEqual(once, clusterDump(pc.clusters, []), target);
    const again = [...streamed()];
    assert.ok(once.some((c, i) => c !== again[i]), 'clusters are built again, not kept');
    checked += once.length;
    for (const output of ['short', 'json'] as const) {
      const kept = proxyConfig(ws, { target }, 'cluster');
      void kept.clusters.dynamic;
      assert.equal(proxyConfigText(proxyConfig(ws, { target }, 'cluster'), output), proxyConfigText(kept, output), `${target} ${output}`);
    }
  }
  assert.ok(checked > 100, `${checked} clusters`);
});

test('proxy-config all -o json takes the dynamic clusters one at a time, and prints the same bytes as the kept dump', async () => {
  // A lazy list joins to goJson of its items, and its items are made only as the writer reaches them.
  let made = 0;
  const lazy = new LazyList(function* () {
    for (let i = 0; i < 20_000; i++) {
      made++;
      yield { cluster: { name: `c${i}`, transportSocket: { typedConfig: { commonTlsContext: SHARED_CONTEXT } } } };
    }
  });
  const dump = { configs: [{ '@type': 'x', staticClusters: [], dynamicActiveClusters: lazy }, { empty: new LazyList(() => []) }] };
  const chunks = goJsonChunks(dump);
  chunks.next();
  assert.ok(made < 5_000, `${made} items made before the first piece`);
  assert.equal([...goJsonChunks(dump)].join(''), goJson(dump));
  const ws = await load(['fixtures/bookinfo', 'fixtures/explain/egress', '../shared/corpus/real-world']);
  for (const choice of [{}, { target: 'deploy/productpage-v1.default' }]) {
    const kept = proxyConfig(ws, choice, 'all');
    void kept.clusters.dynamic; // read (and kept) first: the dump then prints those
    const streamed = proxyConfig(ws, choice, 'all');
    let readWhole = false;
    // (A spread of the part would read its `dynamic` getter: the part is rebuilt member by member.)
    const part = streamed.clusters;
    const clusters = { statics: part.statics, ...(part.each ? { each: part.each } : {}), get dynamic(): Cluster[] {
      readWhole = true;
      return part.dynamic;
    } };
    const view: typeof streamed = Object.create(streamed, { clusters: { value: clusters } });
    assert.equal(proxyConfigText(view, 'json'), proxyConfigText(kept, 'json'));
    assert.ok(!readWhole, 'the kept cluster list is not read');
  }
});

const SHARED_CONTEXT = sharedPart({ tlsParams: { tlsMinimumProtocolVersion: 'TLSv1_2' } });

// A shared part inside a value written whole is spliced in from its text (V8 writes a placeholder
// string for it): the text must be JSON.stringify's wherever the part sits, and a string of the
// input that reads as a placeholder (as a value, a key, inside a longer string, out of order) must
// make the writer write the value without placeholders, never put a part's text in its place.
test('shared parts written whole are spliced in at their depth; input strings that read as placeholders are never replaced', () => {
  const policy = sharedPart({ retryOn: 'connect-failure', numRetries: 2, retryHostPredicate: [{ name: 'p', typedConfig: { '@type': 't<&>' } }] });
  const inner = sharedPart({ a: [1, { b: 'x' }] });
  const outer = sharedPart({ inner, list: [inner, 'y'] });
  const forged = (i: number): string => `${SHARED_PLACEHOLDER}${i}\u0000`;
  const routes = (extra: Record<string, unknown>): unknown => ({
    name: 'vh',
    routes: [
      { match: { prefix: '/' }, route: { cluster: 'c', retryPolicy: policy }, ...extra },
      { match: { prefix: '/a' }, route: { retryPolicy: policy, more: [policy, [policy]] } },
    ],
  });
  const cases: [string, unknown][] = [
    ['no shared part', { a: 1 }],
    ['a shared part at the top', policy],
    ['shared parts in routes, in arrays, in arrays of arrays', routes({})],
    ['a shared part holding shared parts', [outer, { outer }, [[outer]]]],
    ['an empty shared object and array', [sharedPart({}), sharedPart([]), { e: sharedPart({}) }]],
    ['a forged placeholder as a value, before the parts', routes({ z: forged(0) })],
    ['a forged placeholder as a value, after the parts', { ...(routes({}) as object), z: forged(3) }],
    ['a forged placeholder as a key', routes({ [forged(1)]: 1 })],
    ['a forged placeholder inside a longer string, quotes around it', routes({ z: `"${forged(0)}"`, y: `x${forged(1)}y` })],
    ['a forged placeholder, no part', { z: forged(0) }],
    ['a placeholder prefix with no end', routes({ z: `${SHARED_PLACEHOLDER}0` })],
    ['hostile text around the parts', routes({ '<k>': 'a##[b\u2028\u001b[2K', é: '\u202e' })],
  ];
  for (const [name, value] of cases) {
    for (const depth of [0, 1, 2]) {
      let wrapped: unknown = value;
      for (let i = 0; i < depth; i++) wrapped = { list: Array.from({ length: 33 }, () => wrapped) };
      assert.equal([...goJsonChunks(wrapped)].join(''), goJson(wrapped), `${name}, ${depth} levels down`);
      assert.equal([...goJsonListChunks([value, value])].join(''), goJson([value, value]), `${name}, as list items`);
    }
  }
  // A part written from its text: JSON.stringify still writes it as it is everywhere else.
  assert.equal(JSON.stringify({ p: policy }), JSON.stringify({ p: structuredClone({ ...policy }) }));
  assert.deepEqual(Object.keys(policy), ['retryOn', 'numRetries', 'retryHostPredicate']);
});

// The items of a lazy list after the first are written with their separator in one string (cut
// from a stringify after a 0): every kind of item, at every depth, must give goJson's text.
test('lazy list items written with their separator are byte-equal to goJson, whatever the item and depth', () => {
  const policy = sharedPart({ retryOn: '5xx', hosts: [{ name: 'a<b' }] });
  const items: unknown[] = [
    { name: 'vh:80', domains: ['vh'], routes: [{ match: { prefix: '/' }, route: { retryPolicy: policy } }], includeRequestAttemptCount: true },
    {},
    [],
    [1, [2, [3]]],
    { a: { b: { c: [{}] } } },
    'text, with a comma',
    0,
    null,
    undefined,
    () => 1,
    new Date(0),
    { toJSON: () => undefined },
    { toJSON: () => 'x,y' },
    { '##[k': '\u2028<&>', é: '\u001b[2K', '': ',' },
    policy,
    { transportSocket: { typedConfig: { commonTlsContext: policy } }, name: 'toward a shared part' },
    Object.assign(Object.create(null) as object, { n: 1 }),
    Array.from({ length: 40 }, (_, i) => ({ i })),
    { long: Array.from({ length: 40 }, (_, i) => i) },
    new LazyList(() => [1, { a: 2 }]),
  ];
  const orders = [items, [...items].reverse(), items.map((_, i) => items[(i * 7) % items.length])];
  for (const [o, list] of orders.entries()) {
    const lazy = (): LazyList<unknown> => new LazyList(() => list);
    for (const value of [lazy(), { a: lazy() }, [lazy(), lazy()], { configs: [{ x: 1, dynamic: lazy() }] }, { l: { m: { n: { o: lazy() } } } }]) {
      assert.equal([...goJsonChunks(value)].join(''), goJson(value), `order ${o}`);
    }
  }
});

// goJson's ASCII check (what decides whether a text is escaped character by character) must agree
// with the regex it replaces, for texts encoded into the scratch buffer and for longer ones.
test('pastAscii agrees with /[^\\u0000-\\u007e]/ for every kind of text and length', () => {
  const limit = Math.floor((1 << 16) / 3);
  const tails = ['', 'a', '~', '\u007f', '\u0080', 'é', '\u00ff', '\u0100', '\u2028', '\ud83d\ude00', '\ud83d', '\ude00', '\uffff', '\u0000'];
  const cases: string[] = [];
  for (const tail of tails) {
    for (const length of [0, 1, 100, limit - 2, limit - 1, limit, limit + 1, 3 * limit, 1 << 16, (1 << 16) + 1]) {
      cases.push('x'.repeat(Math.max(0, length - tail.length)) + tail, tail + 'y'.repeat(Math.max(0, length - tail.length)));
    }
  }
  for (const text of cases) assert.equal(pastAscii(text), /[^\u0000-\u007e]/.test(text), `${text.length} units, ends ${JSON.stringify(text.slice(-2))}`);
});
