// Meta-tests over the registry, the catalogue and the fixtures.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { ANALYZERS } from '../../src/analysis/analyzers/index.js';
import { catalog, codes, isCode, type CatalogEntry } from '../../src/diagnostics/catalog.js';
import { repoRoot } from '../helpers/paths.js';
import { expectedMarkers, runFixture } from './fixtures.js';

const fixturesOf = (name: string): string[] => {
  const dir = path.join(repoRoot, 'fixtures', 'analyzers', name);
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.yaml')).map((f) => path.join(dir, f)) : [];
};

test('analyzer names are unique, sorted and equal their file paths', () => {
  const names = ANALYZERS.map((a) => a.name);
  assert.equal(new Set(names).size, names.length);
  assert.deepEqual(names, [...names].sort());
  for (const n of names) assert.ok(existsSync(path.join(repoRoot, 'src', 'analysis', 'analyzers', `${n}.ts`)), `${n}.ts exists`);
  const files = readdirSync(path.join(repoRoot, 'src', 'analysis', 'analyzers'), { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.ts') && f.includes(path.sep));
  assert.deepEqual(files.map((f) => f.replace(/\.ts$/, '').split(path.sep).join('/')).sort(), [...names].sort(), 'every analyzer file is registered');
});

test('every emitted code is in the catalogue and codes are sorted', () => {
  for (const a of ANALYZERS) for (const c of a.emits) assert.ok(isCode(c), `${a.name} emits unknown ${c}`);
  const all = codes();
  assert.deepEqual(all, [...all].sort());
});

test('every analyzer has fixtures; every analyzer code is produced by a fixture; declared inputs equal what its fixtures read', () => {
  const produced = new Set<string>();
  for (const a of ANALYZERS) {
    const files = fixturesOf(a.name);
    assert.ok(files.length > 0, `${a.name} has fixtures`);
    // Every kind (and MeshConfig) an analyzer reads is recorded by its context; over all its fixtures
    // that must be exactly what it declares: nothing read undeclared, nothing declared unread.
    const read = new Set<string>();
    for (const file of files) {
      const { hits, kindsRead } = runFixture(a.name, path.relative(repoRoot, file));
      for (const h of hits) {
        assert.ok((a.emits as readonly string[]).includes(h.code), `${a.name} reported undeclared ${h.code}`);
        produced.add(h.code);
      }
      for (const k of kindsRead) read.add(k);
      assert.ok(expectedMarkers(readFileSync(file, 'utf8')).length > 0 || hits.length === 0);
    }
    assert.deepEqual([...read].sort(), [...new Set<string>(a.inputs)].sort(), `${a.name}: kinds read by its fixtures (actual) vs declared inputs (expected)`);
    for (const k of a.requires ?? []) assert.ok(a.inputs.includes(k), `${a.name} requires ${k}, which is not one of its inputs`);
  }
  const analyzerCodes = new Set(ANALYZERS.flatMap((a) => a.emits));
  for (const c of analyzerCodes) assert.ok(produced.has(c), `no fixture produces ${c}`);
  // IST codes exist only for analyzers; GW codes outside GW00xx may belong to other commands (explain).
  const unowned = codes().filter((c) => c.startsWith('IST') && !analyzerCodes.has(c));
  assert.deepEqual(unowned, [], 'catalogue codes no analyzer emits');
});

test('Kiali and istioctl peers: well-formed, and every Kiali code an analyzer claims is a peer of a code it emits', () => {
  for (const code of codes()) {
    const peers = (catalog[code] as CatalogEntry<unknown>).peers;
    for (const k of peers?.kiali ?? []) assert.match(k, /^KIA\d{4}$/, `${code}: ${k}`);
    for (const i of peers?.istioctl ?? []) {
      assert.match(i, /^IST\d{4}$/, `${code}: ${i}`);
      assert.ok(!code.startsWith('IST'), `${code} is istioctl's own code`);
      assert.ok(isCode(i), `${code}: ${i} is in the catalogue`);
    }
  }
  const claimed = new Set<string>();
  for (const a of ANALYZERS) {
    const peers = new Set(a.emits.flatMap((c) => (catalog[c] as CatalogEntry<unknown>).peers?.kiali ?? []));
    for (const k of a.kiali ?? []) {
      assert.ok(peers.has(k), `${a.name} claims ${k}, which no code it emits has as a peer`);
      claimed.add(k);
    }
  }
  const unclaimed = codes().flatMap((c) => ((catalog[c] as CatalogEntry<unknown>).peers?.kiali ?? []).filter((k) => !claimed.has(k)));
  assert.deepEqual(unclaimed, [], 'Kiali peers no analyzer claims');
});
