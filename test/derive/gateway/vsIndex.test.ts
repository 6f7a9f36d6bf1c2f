// The VirtualService index files its lists in input order and sorts each one into config order when
// it is first read. Differential: every list equals the one taken from all VirtualServices sorted
// into config order first (the index as it was built before), on every input set and on generated
// meshes whose VirtualServices carry shuffled creation timestamps (config order far from input order).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadSources } from '../../../src/app/load.js';
import { virtualServiceIndex } from '../../../src/derive/gateway/vsIndex.js';
import type { ConfigIndex } from '../../../src/model/configIndex.js';
import { EXPORT_NONE, EXPORT_PUBLIC } from '../../../src/model/hosts.js';
import { meshOf } from '../../../src/model/mesh.js';
import { configOrder } from '../../../src/model/order.js';
import { normalizeVirtualService } from '../../../src/model/virtualServices.js';
import { generate } from '../../../bench/generate.js';
import { mulberry32 } from '../../../bench/prng.js';
import { inputSets } from '../../helpers/inputSets.js';

/** The lists, keyed by map name and key, as `ns/name` of each VirtualService, from a global sort (the reference). */
function reference(index: ConfigIndex): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (map: string, key: string, name: string): void => {
    const k = `${map}\u0000${key}`;
    const list = out.get(k) ?? [];
    if (list[list.length - 1] !== name) list.push(name);
    out.set(k, list);
  };
  for (const vs of [...index.ofKind('VirtualService')].sort(configOrder)) {
    const n = normalizeVirtualService(vs, index.options.domainSuffix, meshOf(index.options).defaultVirtualServiceExportTo);
    const name = `${vs.namespace}/${vs.name}`;
    if (vs.rejected) {
      for (const gw of n.gateways) add('rejected', gw, name);
      continue;
    }
    if (n.isDelegate) continue;
    add('roots', '', name);
    for (const h of n.hosts) {
      if (h.startsWith('*')) {
        add('wild', '', name);
        continue;
      }
      add('host', h, name);
      for (let dot = h.indexOf('.'); dot >= 0; dot = h.indexOf('.', dot + 1)) add('host', h.slice(dot + 1), name);
    }
    for (const gw of n.gateways) {
      add('all', gw, name);
      const slash = gw.indexOf('/');
      if (slash >= 0) add('short', gw.slice(slash + 1), name);
    }
    if (n.exportTo.has(EXPORT_PUBLIC)) for (const gw of n.gateways) add('public', gw, name);
    else if (!n.exportTo.has(EXPORT_NONE)) {
      for (const ns of n.exportTo) for (const gw of n.gateways) add(ns === vs.namespace ? 'private' : 'exported', `${ns}\u0000${gw}`, name);
    }
  }
  return out;
}

function indexed(index: ConfigIndex): Map<string, string[]> {
  const idx = virtualServiceIndex(index);
  const out = new Map<string, string[]>();
  const names = (list: readonly { vs: { namespace: string; name: string } }[]): string[] => list.map((n) => `${n.vs.namespace}/${n.vs.name}`);
  // The host index first: read before the roots, its lists are filed from the unsorted roots.
  for (const [key, list] of idx.byHostSuffix) out.set(`host\u0000${key}`, names(list));
  if (idx.wildcardHosted.length > 0) out.set('wild\u0000', names(idx.wildcardHosted));
  out.set('roots\u0000', names(idx.roots));
  const maps = { all: idx.allByGateway, short: idx.byGatewayShortName, public: idx.publicByGateway, private: idx.privateByNsAndGateway, exported: idx.exportedByNsAndGateway } as const;
  for (const [m, map] of Object.entries(maps)) for (const [key, list] of map) out.set(`${m}\u0000${key}`, names(list));
  for (const [key, list] of idx.rejectedByGateway) out.set(`rejected\u0000${key}`, list.map((v) => `${v.namespace}/${v.name}`));
  if (out.get('roots\u0000')?.length === 0) out.delete('roots\u0000');
  return out;
}

/** A generated mesh whose every object gets a creation timestamp from a few, in random order. */
function withTimestamps(shape: 'A' | 'B', seed: number): { name: string; files: { name: string; bytes: Buffer }[] } {
  const next = mulberry32(seed);
  const files = generate(shape, 1500, seed).files.map((f) => ({
    name: f.path,
    bytes: Buffer.from(f.text.replace(/\nmetadata:\n/g, () => `\nmetadata:\n  creationTimestamp: '2024-01-0${1 + Math.floor(next() * 4)}T00:00:00Z'\n`)),
  }));
  return { name: `generated mesh ${shape} with timestamps`, files };
}

test('every VirtualService index list, sorted when read, equals the list from all VirtualServices sorted first', () => {
  let lists = 0;
  let moved = 0;
  for (const set of [...inputSets(), withTimestamps('A', 3), withTimestamps('B', 5)]) {
    const ws = loadSources(set.files);
    const expected = reference(ws.config);
    // Read one list first (sorted alone), then all of them.
    const idx = virtualServiceIndex(ws.config);
    const [firstKey] = idx.allByGateway.keys();
    if (firstKey !== undefined) {
      const first = idx.allByGateway.get(firstKey)?.map((n) => `${n.vs.namespace}/${n.vs.name}`);
      assert.deepEqual(first, expected.get(`all\u0000${firstKey}`), `${set.name}: ${firstKey} read first`);
    }
    const got = indexed(ws.config);
    assert.deepEqual(got, expected, set.name);
    lists += expected.size;
    const input = ws.config.ofKind('VirtualService').map((v) => `${v.namespace}/${v.name}`);
    const roots = new Set(expected.get('roots\u0000') ?? []);
    const rootsInInputOrder = input.filter((x) => roots.has(x));
    if ([...roots].some((r, i) => r !== rootsInInputOrder[i])) moved++;
  }
  assert.ok(lists > 500, `only ${lists} lists compared`);
  assert.ok(moved >= 3, `config order differs from input order in only ${moved} input sets`);
});

test('the lists by gateway, filed when first read, are the same whether the roots were sorted before or not', () => {
  let compared = 0;
  for (const set of [...inputSets(), withTimestamps('A', 3), withTimestamps('B', 5)]) {
    const expected = reference(loadSources(set.files).config);
    // The roots sorted first (in place), then the lists by gateway filed from them.
    const idx = virtualServiceIndex(loadSources(set.files).config);
    void idx.roots;
    const names = (list: readonly { vs: { namespace: string; name: string } }[]): string[] => list.map((n) => `${n.vs.namespace}/${n.vs.name}`);
    for (const [m, map] of [['all', idx.allByGateway], ['short', idx.byGatewayShortName]] as const) {
      const keys = [...expected.keys()].filter((k) => k.startsWith(`${m}\u0000`));
      assert.deepEqual([...map.keys()].map((k) => `${m}\u0000${k}`).sort(), keys.sort(), `${set.name}: ${m} keys`);
      for (const [key, list] of map) assert.deepEqual(names(list), expected.get(`${m}\u0000${key}`), `${set.name}: ${m} ${key}`);
      compared += keys.length;
    }
  }
  assert.ok(compared > 200, `only ${compared} lists compared`);
});
