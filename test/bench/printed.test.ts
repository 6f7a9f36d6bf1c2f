// Do only what is printed (issue 16): `proxy-config route` builds no clusters (nor a gateway's
// listeners, which are too small on these meshes to tell by allocation), and a gateway's misses (which VirtualServices did not make it, for explain's causes) are built only
// when read. Each part is built when first read and then kept: the first read after printing routes
// allocates (the part was not built yet), later reads give the same object. Measured as bytes allocated
// (bench/scaling.ts), which does not depend on how loaded the machine is.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allocatedBytes } from '../../bench/scaling.js';
import { generate } from '../../bench/generate.js';
import { loadSources, proxyConfig } from '../../src/app/index.js';
import { proxyConfigText } from '../../src/report/views/proxyConfig.js';

const mesh = generate('A', 500);
const ws = loadSources(mesh.files.map((f) => ({ name: f.path, bytes: Buffer.from(f.text) })));
/** What a measurement itself allocates (its profiler), taken off every measurement below. */
const overhead = Math.min(...[0, 1, 2].map(() => allocatedBytes(() => undefined)));
const measure = (fn: () => unknown): number => allocatedBytes(fn) - overhead;
/** Above what reading a kept value allocates (nothing), below what building any of these parts does (12 kB and up). */
const BUILT = 5_000;

const cases = [
  { proxy: 'gateway', target: mesh.gateway, parts: ['clusters', 'misses'] as const },
  { proxy: 'sidecar', target: mesh.sidecar, parts: ['clusters'] as const },
];

for (const c of cases) {
  test(`proxy-config route on a ${c.proxy} builds only routes; ${c.parts.join(', ')} are built once, when first read`, () => {
    const result = proxyConfig(ws, { target: c.target }, 'route');
    const text = proxyConfigText(result, 'json');
    assert.ok(text.includes('"virtualHosts"'), 'routes were printed');
    for (const part of c.parts) {
      const first = measure(() => result.config[part]);
      assert.ok(first > BUILT, `${part}: the first read allocated ${first} bytes, so it had been built before it was read`);
      // Kept, not built again: the same object on every read. (Measuring the second read's
      // allocation instead once caught 247 kB of something else in a loaded full run.)
      assert.equal(result.config[part], result.config[part], `${part} is kept`);
    }
    // The view's cluster dump too, on a fresh result: made (clusters built and dumped) when first read.
    const fresh = proxyConfig(ws, { target: c.target }, 'route');
    proxyConfigText(fresh, 'json');
    const dump = measure(() => fresh.clusters.dynamic);
    assert.ok(dump > BUILT, `the cluster dump allocated ${dump} bytes when first read, so it had been made before`);
    assert.equal(fresh.clusters, fresh.clusters);
    assert.equal(fresh.clusters.dynamic, fresh.clusters.dynamic);
  });
}

test('proxy-config cluster on a gateway writes its clusters without keeping them', () => {
  // Each cluster is built as it is written (a big mesh's clusters do not fit in memory at once):
  // after printing them, the proxy's cluster list is still to be built.
  for (const output of ['json', 'short'] as const) {
    // A workspace of its own: a gateway's clusters, once built, are kept per workspace and proxy.
    const own = loadSources(mesh.files.map((f) => ({ name: f.path, bytes: Buffer.from(f.text) })));
    const result = proxyConfig(own, { target: mesh.gateway }, 'cluster');
    assert.ok(proxyConfigText(result, output).includes('outbound'), 'clusters were printed');
    const first = measure(() => result.config.clusters);
    assert.ok(first > BUILT, `${output}: reading the clusters after printing them allocated only ${first} bytes, so they had been kept`);
  }
});
