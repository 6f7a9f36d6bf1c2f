// A VirtualService's hosts overlap when Istio's double loop says so: the indexed search (many hosts)
// and the pairwise one (a few) must both give its pairs, in its order, truncated at the same pair.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { hostMatches } from '../../src/schema/hostNames.js';
import { indexedPairs, overlappingHostPairs, pairwise } from '../../src/schema/overlappingHosts.js';

/** Istio's ValidateVirtualService loop, written the plain way. */
function istio(hosts: readonly string[], limit: number): { pairs: [number, number][]; truncated: boolean } {
  const pairs: [number, number][] = [];
  for (let j = 0; j < hosts.length; j++) {
    for (let i = 0; i < j; i++) {
      if (!hostMatches(hosts[i] ?? '', hosts[j] ?? '')) continue;
      if (pairs.length === limit) return { pairs, truncated: true };
      pairs.push([i, j]);
    }
  }
  return { pairs, truncated: false };
}

const host = fc.oneof(
  fc.constantFrom('a.com', 'b.a.com', '*.a.com', '*a.com', '*', '*.com', 'a', '*.b.a.com', 'x.b.a.com', 'com', '*om'),
  fc.string({ unit: fc.constantFrom('*', 'a', 'b', '.'), maxLength: 5 }),
);

test('pairwise and indexed overlaps both equal Istio double loop', () => {
  fc.assert(
    fc.property(fc.array(host, { maxLength: 20 }), fc.integer({ min: 0, max: 12 }), (hosts, limit) => {
      const want = istio(hosts, limit);
      assert.deepEqual(pairwise(hosts, limit), want);
      assert.deepEqual(indexedPairs(hosts, limit), want);
      assert.deepEqual(overlappingHostPairs(hosts, limit), want);
    }),
    { numRuns: 3000 },
  );
});
