// Shaped values (src/model/sharedParts.ts) are written from a text template of their shape once a
// second value has confirmed it (src/report/views/goJson.ts): the output must stay byte-equal to one
// JSON.stringify of the values (with gwctl's escaping), whatever the holes hold (characters JSON, Go
// and a terminal escape, `__proto__`, text past ASCII, strings equal to the shape's constants), and
// for the clusters gwctl derives: on every fixture and on generated meshes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { load, loadSources } from '../../src/app/load.js';
import { proxyConfig } from '../../src/app/proxyConfig.js';
import type { Workspace } from '../../src/app/workspace.js';
import { Shaped, sharedPart } from '../../src/model/sharedParts.js';
import { goJson, goJsonListChunks } from '../../src/report/views/goJson.js';
import { proxyConfigText, type ClusterPart } from '../../src/report/views/proxyConfig.js';
import { generatedMeshes, loadMesh } from './clusterMeshes.js';

/** Strings for holes and constants alike (so that constants equal to a hole's value occur). */
const STRINGS = ['a', 'b', 'default', 'istio', '', '__proto__', 'constructor', '"q"', 'back\\slash', '<&>', '##[error]x', 'l\u2028s', 'r\u202eq', 'ünï', '𝔘', '\u007f\u0085', 'x\ny', 'outbound|80||a'];
const str = fc.oneof(fc.constantFrom(...STRINGS), fc.string({ maxLength: 6 }), fc.string({ unit: 'grapheme', maxLength: 4 }));

/** A shape: a tree whose string leaves are constants or holes (by index), as a function of the holes. */
type Node = { k: 'hole'; i: number } | { k: 'const'; v: unknown } | { k: 'shared'; v: object } | { k: 'obj'; members: [string, Node][]; holeKey?: { i: number; node: Node } } | { k: 'arr'; items: Node[] };

const HOLES = 4;
const node: fc.Arbitrary<Node> = fc.letrec<{ node: Node }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.integer({ min: 0, max: HOLES - 1 }).map((i): Node => ({ k: 'hole', i })),
    fc.oneof(str, fc.integer(), fc.boolean(), fc.constant(null)).map((v): Node => ({ k: 'const', v })),
    fc.jsonValue({ maxDepth: 2 }).filter((v) => typeof v === 'object' && v !== null).map((v): Node => ({ k: 'shared', v: sharedPart(structuredClone(v) as object) })),
    fc
      .record({
        members: fc.uniqueArray(fc.tuple(fc.oneof(fc.constantFrom('name', 'transportSocket', 'typedConfig', 'filters', 'k<', 'istio'), fc.string({ maxLength: 3 }).map((s) => `k${s}`)), tie('node')), { maxLength: 5, selector: ([k]) => k }),
        holeKey: fc.option(fc.record({ i: fc.integer({ min: 0, max: HOLES - 1 }), node: tie('node') }), { nil: undefined }),
      })
      .map(({ members, holeKey }): Node => ({ k: 'obj', members, ...(holeKey ? { holeKey } : {}) })),
    fc.array(tie('node'), { maxLength: 4 }).map((items): Node => ({ k: 'arr', items })),
  ),
})).node;

function valueOf(n: Node, holes: readonly string[]): unknown {
  switch (n.k) {
    case 'hole':
      return holes[n.i];
    case 'const':
      return n.v;
    case 'shared':
      return n.v;
    case 'arr':
      return n.items.map((x) => valueOf(x, holes));
    case 'obj': {
      const o: Record<string, unknown> = {};
      for (const [k, v] of n.members) Object.defineProperty(o, k, { value: valueOf(v, holes), enumerable: true, writable: true, configurable: true });
      // A hole as a key (members' keys all start with `k` or are fixed words; hole values never collide with them here).
      const hk = n.holeKey;
      const key = hk ? `h${holes[hk.i] ?? ''}` : undefined;
      if (hk && key !== undefined && !Object.hasOwn(o, key)) Object.defineProperty(o, key, { value: valueOf(hk.node, holes), enumerable: true, writable: true, configurable: true });
      return o;
    }
  }
}

class Item extends Shaped<unknown> {
  built = 0;
  constructor(
    readonly shape: object,
    readonly node: Node,
    private readonly h: readonly string[],
  ) {
    super();
  }
  get name(): string {
    return this.h[0] ?? '';
  }
  holes(): readonly string[] {
    return this.h;
  }
  value(): unknown {
    this.built++;
    return valueOf(this.node, this.h);
  }
}

test('shaped values are written byte-equal to one JSON.stringify of them, templates or not', () => {
  let templated = 0;
  let items = 0;
  fc.assert(
    fc.property(fc.array(node, { minLength: 1, maxLength: 3 }), fc.array(fc.tuple(fc.nat(2), fc.array(str, { minLength: HOLES, maxLength: HOLES })), { minLength: 1, maxLength: 24 }), fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }), (shapes, picks, others) => {
        // Hole keys are written with an `h` prefix: a key hole's token is `"h<value>"`, which is no hole; those shapes must be found out (the second value differs).
        const shapeObjects = shapes.map(() => ({}));
        const list: unknown[] = [];
        for (const [s, h] of picks) {
          const at = s % shapes.length;
          list.push(new Item(shapeObjects[at] ?? {}, shapes[at] ?? { k: 'const', v: 1 }, h));
          if (others.length > 0 && list.length % 5 === 0) list.push(others[list.length % others.length]);
        }
        const expected = goJson(list.map((x) => (x instanceof Item ? valueOf(x.node, x.holes()) : x)));
        assert.equal([...goJsonListChunks(list)].join(''), expected);
        for (const x of list) {
          if (!(x instanceof Item)) continue;
          items++;
          if (x.built === 0) templated++;
        }
      }),
    { numRuns: 1500, seed: 47 },
  );
  // Templates were used (values never built), and not for everything.
  assert.ok(templated > items / 10 && templated < items, `${templated} of ${items} written from templates`);
});

test('a constant that equals the first value\'s hole does not become a hole', () => {
  const shape = {};
  const make = (h: string[]): Item => new Item(shape, { k: 'obj', members: [['kname', { k: 'hole', i: 0 }], ['kconst', { k: 'const', v: 'istio' }], ['kother', { k: 'hole', i: 1 }]] }, [...h, 'x', 'y']);
  // The first value's hole 0 is `istio`, as the constant is: the template must not put hole 0 there.
  const list = [make(['istio', 'b']), make(['c', 'd']), make(['e', 'f']), make(['istio', 'g']), make(['h', 'i'])];
  assert.equal([...goJsonListChunks(list)].join(''), goJson(list.map((x) => x.value())));
});

/** The cluster JSON of a proxy written with shaped clusters, and with every cluster built and kept; how many were written from templates. */
function bothJson(ws: Workspace, choice: { target?: string }): { streamed: string; kept: string; templated: number; shaped: number } {
  const kept = proxyConfig(ws, choice, 'cluster');
  void kept.clusters.dynamic;
  const streamed = proxyConfig(ws, choice, 'cluster');
  const part: ClusterPart = streamed.clusters;
  let shaped = 0;
  let built = 0;
  const items = part.items;
  assert.ok(items, 'the part gives JSON items');
  // Each shaped item counted, and its builds (a shaped cluster written from a template is never built).
  const counted: ClusterPart = {
    statics: part.statics,
    get dynamic() {
      return part.dynamic;
    },
    *items() {
      for (const x of items()) {
        if (x instanceof Shaped) {
          shaped++;
          yield new Proxy(x, {
            get(target, p, receiver) {
              if (p === 'value') built++;
              return Reflect.get(target, p, receiver) as unknown;
            },
          });
        } else yield x;
      }
    },
  };
  const view: typeof streamed = Object.create(streamed, { clusters: { value: counted } });
  const text = proxyConfigText(view, 'json');
  return { streamed: text, kept: proxyConfigText(kept, 'json'), templated: shaped - built, shaped };
}

/** Many services of a few shapes: auto mTLS on and off (PeerAuthentication), HTTP, gRPC, TCP and unnamed ports, headless, ServiceEntries, names past ASCII. */
function manyServices(): string {
  const docs: string[] = ['apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: default, namespace: plain}\nspec: {mtls: {mode: DISABLE}}\n'];
  const namespaces = ['default', 'plain', 'ns-1', 'istio', 'a-b'];
  for (let i = 0; i < 60; i++) {
    const ns = namespaces[i % namespaces.length] ?? 'default';
    const headless = i % 7 === 0 ? '\n  clusterIP: None' : '';
    docs.push(`apiVersion: v1\nkind: Service\nmetadata: {name: svc-${i}, namespace: ${ns}}\nspec:${headless}\n  selector: {app: svc-${i}}\n  ports: [{name: http, port: 80}, {name: grpc, port: 9090}, {port: 3306}, {name: tcp-x, port: ${1000 + (i % 3)}}]\n`);
  }
  for (let i = 0; i < 12; i++) {
    docs.push(`apiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata: {name: se-${i}, namespace: ns-1}\nspec:\n  hosts: [${JSON.stringify(`ünï-${i}.example.com`)}]\n  location: ${i % 2 === 0 ? 'MESH_INTERNAL' : 'MESH_EXTERNAL'}\n  resolution: ${i % 3 === 0 ? 'NONE' : 'STATIC'}\n  ports: [{number: 443, name: https, protocol: HTTPS}, {number: 80, name: http, protocol: HTTP}]\n  endpoints: [{address: 10.0.0.${i}}]\n`);
  }
  docs.push('apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: client, namespace: ns-1}\nspec:\n  selector: {matchLabels: {app: svc-2}}\n  template:\n    metadata: {labels: {app: svc-2}}\n    spec: {serviceAccountName: client, containers: [{name: app, image: app}]}\n');
  return docs.join('---\n');
}

test('shaped clusters print the same JSON as the clusters built and kept, on many services of a few shapes, fixtures and generated meshes', async () => {
  let templated = 0;
  const ws = loadSources([{ name: 'many.yaml', bytes: new TextEncoder().encode(manyServices()) }]);
  const choices: { target?: string }[] = [{}, { target: 'deploy/client.ns-1' }];
  for (const choice of choices) {
    const r = bothJson(ws, choice);
    assert.equal(r.streamed, r.kept, choice.target ?? 'gateway');
    templated += r.templated;
  }
  assert.ok(templated > 200, `${templated} clusters written from templates`);
  for (const dir of ['fixtures/bookinfo', 'fixtures/explain/egress', 'fixtures/httpbin', 'fixtures/https-gateway', 'fixtures/tcp-passthrough', 'fixtures/gateway-api', '../shared/corpus/real-world']) {
    const fixture = await load([dir]);
    const choices: { target?: string }[] = [{}, { target: 'deploy/productpage-v1.default' }];
    for (const choice of choices) {
      let r: ReturnType<typeof bothJson>;
      try {
        r = bothJson(fixture, choice);
      } catch (e) {
        if (choice.target !== undefined && e instanceof Error && /not found|no workload|unknown/i.test(e.message)) continue;
        throw e;
      }
      assert.equal(r.streamed, r.kept, `${dir} ${choice.target ?? 'gateway'}`);
    }
  }
  for (const [i, mesh] of generatedMeshes(150, 43).entries()) {
    const generated = loadMesh(mesh);
    const choices: { target?: string }[] = [{}, ...mesh.sidecars.map((target) => ({ target }))];
    for (const choice of choices) {
      let r: ReturnType<typeof bothJson>;
      try {
        r = bothJson(generated, choice);
      } catch (e) {
        if (choice.target !== undefined && e instanceof Error && /not found|no workload|unknown/i.test(e.message)) continue;
        throw e;
      }
      assert.equal(r.streamed, r.kept, `mesh ${i} ${choice.target ?? 'gateway'}:\n${mesh.text}`);
    }
  }
});
