// The label index answers exactly what a linear scan of the objects would, in the same order.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { indexByLabels, indexSelectors, type Labels } from '../../src/model/labelIndex.js';

const labels = fc.dictionary(fc.constantFrom('app', 'version', 'istio', 'team'), fc.constantFrom('a', 'b', 'c'), { maxKeys: 3 });
const item = fc.record({ ns: fc.constantFrom('x', 'y'), labels });
const matches = (sel: Labels, have: Labels): boolean => Object.entries(sel).every(([k, v]) => have[k] === v);

test('indexByLabels: select, any and first equal a scan', () => {
  fc.assert(
    fc.property(fc.array(item, { maxLength: 30 }), labels, fc.option(fc.constantFrom('x', 'y', 'z'), { nil: undefined }), (items, sel, ns) => {
      const index = indexByLabels(items, (i) => i.labels, (i) => i.ns);
      const scan = items.filter((i) => (ns === undefined || i.ns === ns) && matches(sel, i.labels));
      assert.deepEqual(index.select(sel, ns), scan);
      assert.equal(index.any(sel, ns), scan.length > 0);
      assert.equal(index.first(sel, ns), scan[0]);
    }),
    { numRuns: 500 },
  );
});

test('indexSelectors: matching equals a scan over non-empty selectors', () => {
  fc.assert(
    fc.property(fc.array(item, { maxLength: 30 }), labels, fc.constantFrom('x', 'y'), (items, have, ns) => {
      const index = indexSelectors(items, (i) => i.labels, (i) => i.ns);
      const scan = items.filter((i) => i.ns === ns && Object.keys(i.labels).length > 0 && matches(i.labels, have));
      assert.deepEqual(index.matching(have, ns), scan);
    }),
    { numRuns: 500 },
  );
});
