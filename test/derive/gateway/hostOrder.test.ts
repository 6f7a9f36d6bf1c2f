// groupsInMoreSpecificOrder (each group sorted on its own) gives every group exactly the order a
// stable sort of all items by compareMoreSpecific gives it (exact before wildcard, longer first,
// code-unit order, ties in input order), as gateway virtual hosts were collapsed before.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareMoreSpecific } from '../../../src/model/hosts.js';
import { groupsInMoreSpecificOrder, sortByName } from '../../../src/derive/gateway/hostOrder.js';

interface Item {
  host: string;
  at: number;
  key: string;
}

/** As keptOf did: sort everything, then group in that order (groups listed by their first item in input order). */
function reference(items: readonly Item[]): Item[][] {
  const sorted = [...items].sort((a, b) => compareMoreSpecific(a.host, b.host));
  const byKey = new Map<string, Item[]>();
  for (const x of sorted) byKey.set(x.key, [...(byKey.get(x.key) ?? []), x]);
  const firstMet = [...new Set(items.map((x) => x.key))];
  return firstMet.map((k) => byKey.get(k) ?? []);
}

const grouped = (items: readonly Item[]): Item[][] =>
  groupsInMoreSpecificOrder(
    items,
    (x) => x.host,
    (x) => x.key,
  );

/** A small deterministic generator (no dependency on Math.random for reproducible failures). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

function randomHosts(seed: number, n: number): string[] {
  const r = lcg(seed);
  const labels = ['a', 'b', 'ab', 'ba', 'svc', 'x1', 'Z', '*', 'é', ''];
  return Array.from({ length: n }, () => {
    const parts = Array.from({ length: 1 + Math.floor(r() * 3) }, () => labels[Math.floor(r() * labels.length)] as string);
    const h = parts.join('.');
    return r() < 0.3 ? `*.${h}` : r() < 0.1 ? '*' : h;
  });
}

const cases: [string, string[]][] = [
  ['empty', []],
  ['one', ['*.a']],
  ['exact before wildcard', ['*.example.com', 'example.com', '*', 'a.example.com']],
  ['longer first, then code-unit order', ['b.com', 'a.com', 'aa.com', 'B.com', '*.b.com', '*.a.com', '*.aa.com']],
  ['equal length ties', ['ab.c', 'ba.c', 'aa.c', 'bb.c', '*.ab', '*.ba', '*.aa']],
  ['duplicates keep input order', ['x.y', '*.y', 'x.y', '*', '*.y', 'x.y', '*']],
  ['empty host and lone star', ['', '*', 'a', '', '*']],
  ['IPv6 and ports', ['::1', '[::1]:80', '10.0.0.1', '*.local', 'svc.ns.svc.cluster.local']],
];
for (let seed = 1; seed <= 40; seed++) cases.push([`random seed ${seed}`, randomHosts(seed, 1 + (seed % 7) * 37)]);

for (const [name, hosts] of cases) {
  for (const keys of [1, 2, 5, 1000]) {
    test(`groupsInMoreSpecificOrder equals grouping after the stable compareMoreSpecific sort: ${name}, ${keys} keys`, () => {
      const r = lcg(hosts.length * 31 + keys);
      const items = hosts.map((host, at) => ({ host, at, key: `k${Math.floor(r() * keys)}` }));
      assert.deepEqual(grouped(items), reference(items));
    });
  }
}

test('groupsInMoreSpecificOrder: one key sorts everything, distinct keys keep input order', () => {
  const items = ['b', '*.a', 'a', 'bb'].map((host, at) => ({ host, at, key: 'same' }));
  assert.deepEqual(
    grouped(items).map((g) => g.map((x) => x.host)),
    [['bb', 'a', 'b', '*.a']],
  );
  const apart = items.map((x) => ({ ...x, key: x.host }));
  assert.deepEqual(
    grouped(apart).map((g) => g.map((x) => x.host)),
    [['b'], ['*.a'], ['a'], ['bb']],
  );
});

// sortByName (keptOf's order of a route config's virtual hosts): distinct names are sorted by the
// default comparator, equal names fall back to the comparator sort; both must give the order of a
// stable sort by name, then compareMoreSpecific of the hosts.
interface Named {
  name: string;
  host: string;
}

const byNameReference = (items: readonly Named[]): Named[] => [...items].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : compareMoreSpecific(a.host, b.host)));

const nameCases: [string, Named[]][] = [
  ['empty', []],
  ['distinct', ['b.com:80', 'a.com:80', 'aa.com:80', 'B.com:80', '*.b.com:80'].map((name) => ({ name, host: name.slice(0, -3) }))],
  [
    'code-unit order, not locale order',
    ['é.com:80', 'z.com:80', 'E.com:80', 'e.com:80', '\u{1f600}.com:80', '\uffff.com:80', '_.com:80', '-.com:80'].map((name) => ({ name, host: name.slice(0, -3) })),
  ],
  [
    'IPv6 with and without brackets: one name, MoreSpecific order',
    [
      { name: '[::1]:80', host: '[::1]' },
      { name: 'a:80', host: 'a' },
      { name: '[::1]:80', host: '::1' },
      { name: '[::2]:80', host: '::2' },
      { name: '[::2]:80', host: '[::2]' },
    ],
  ],
];
for (let seed = 1; seed <= 20; seed++) {
  const hosts = randomHosts(seed, 1 + seed * 13);
  // Odd seeds: every name distinct; even seeds: names repeat (the fallback).
  nameCases.push([`random seed ${seed}`, hosts.map((host, i) => ({ name: seed % 2 === 1 ? `${host}:${i}` : `${host.replace(/^\*\./, '')}:80`, host }))]);
}

for (const [name, items] of nameCases) {
  test(`sortByName equals the stable sort by name, then compareMoreSpecific: ${name}`, () => {
    assert.deepEqual(
      sortByName(
        [...items],
        (x) => x.name,
        (x) => x.host,
      ),
      byNameReference(items),
    );
  });
}
