// mesh-host-conflict finds the entries exported everywhere that overlap a host through indexes: the
// same entries, in the same order, as testing every entry with hostMatches (Istio's Name.Matches).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { exportedEverywhere, type Entry } from '../../src/analysis/analyzers/virtualservice/mesh-host-conflict.js';
import { hostMatches } from '../../src/model/hosts.js';
import { mulberry32 } from '../../bench/prng.js';

const PARTS = ['a', 'b', 'ab', 'svc', 'example', 'com', 'ns', 'x\ud83d\ude00', '\ud800', '\ude00'];

function host(next: () => number): string {
  const labels = 1 + Math.floor(next() * 4);
  const parts: string[] = [];
  for (let i = 0; i < labels; i++) parts.push(PARTS[Math.floor(next() * PARTS.length)] as string);
  const name = parts.join('.');
  const r = next();
  // Wildcards with and without a dot after the star, and a bare `*`.
  return r < 0.25 ? `*.${name}` : r < 0.35 ? `*${name}` : r < 0.38 ? '*' : name;
}

test('exportedEverywhere: the entries a scan with hostMatches finds, in entry order (2,000 random cases)', () => {
  const next = mulberry32(7);
  for (let round = 0; round < 2000; round++) {
    const entries: Entry[] = [];
    const seen = new Set<string>();
    const n = Math.floor(next() * 12);
    for (let i = 0; i < n; i++) {
      const h = host(next);
      if (seen.has(h)) continue; // one entry per scope and host, as the analyzer keys them
      seen.add(h);
      entries.push({ scope: '*', host: h, list: [] });
    }
    const index = exportedEverywhere(entries);
    for (let q = 0; q < 6; q++) {
      const h = q < entries.length && next() < 0.5 ? (entries[Math.floor(next() * entries.length)] as Entry).host : host(next);
      assert.deepEqual(
        index.matching(h).map((e) => e.host),
        entries.filter((e) => hostMatches(h, e.host)).map((e) => e.host),
        `query ${JSON.stringify(h)} over ${JSON.stringify(entries.map((e) => e.host))}`,
      );
    }
  }
});
