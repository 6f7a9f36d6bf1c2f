// Differential: a sidecar's outbound listeners and route configs are built when first read, so
// `proxy-config cluster` builds neither. Reading the clusters first, or the listeners and routes
// first, gives the same config byte for byte, on every fixture, the simulation peer cases, the
// real-world corpus and generated meshes of both bench shapes (the first workloads of each).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadSources } from '../../../src/app/load.js';
import { deriveSidecarConfig } from '../../../src/derive/sidecar/index.js';
import { sidecarRouteBuilders } from '../../../src/derive/sidecar/routeAdapter.js';
import { allWorkloads, toProxyWorkload } from '../../../src/derive/gateway/workloads.js';
import type { ProxyConfig } from '../../../src/derive/proxyConfig.js';
import { inputSets } from '../../helpers/inputSets.js';

/** Everything a sidecar config holds, in one string, read in the order given. */
function dump(c: ProxyConfig, clustersFirst: boolean): string {
  const clusters = (): unknown => ({ clusters: c.clusters, byName: [...(c.clustersByName?.() ?? [])], info: [...c.clusterInfo] });
  const routes = (): unknown => ({
    listeners: c.listeners,
    routeConfigs: c.routeConfigs,
    origins: c.routeConfigs.flatMap((rc) => rc.virtualHosts.flatMap((vh) => (vh.routes ?? []).map((r) => c.routeOrigins.get(r) ?? null))),
    originCount: c.routeOrigins.size,
    virtualHostOrigins: c.virtualHostOrigins,
    misses: c.misses,
  });
  const [first, second] = clustersFirst ? [clusters(), routes()] : [routes(), clusters()];
  return JSON.stringify(clustersFirst ? { routes: second, clusters: first, notes: c.notes } : { routes: first, clusters: second, notes: c.notes });
}

test('a sidecar config read clusters first equals one read listeners and routes first', () => {
  let checked = 0;
  for (const set of inputSets()) {
    const ws = loadSources(set.files);
    for (const w of allWorkloads(ws.config).slice(0, 5)) {
      const workload = toProxyWorkload(w, 'sidecar');
      const eagerOrder = dump(deriveSidecarConfig(ws.config, workload), false);
      const clustersFirst = dump(deriveSidecarConfig(ws.config, workload), true);
      assert.equal(clustersFirst, eagerOrder, `${set.name}: ${w.resource.kind} ${w.resource.namespace}/${w.resource.name}`);
      checked++;
    }
  }
  assert.ok(checked > 100, `only ${checked} sidecars checked`);
});

test('reading a sidecar\'s clusters builds no route; reading its routes does', () => {
  const set = inputSets().find((s) => s.name === 'fixtures/bookinfo');
  assert.ok(set, 'fixtures/bookinfo');
  const ws = loadSources(set.files);
  const w = allWorkloads(ws.config).find((x) => x.resource.name.startsWith('productpage'));
  assert.ok(w, 'productpage');
  const workload = toProxyWorkload(w, 'sidecar');
  const real = sidecarRouteBuilders(ws.config, workload);
  let built = 0;
  const c = deriveSidecarConfig(ws.config, workload, {
    builders: {
      vsRoutes: (vs, port, lookup) => (built++, real.vsRoutes(vs, port, lookup)),
      defaultRoute: (cluster, fqdn, port) => (built++, real.defaultRoute(cluster, fqdn, port)),
    },
  });
  assert.ok(c.clusters.length > 0);
  assert.equal(built, 0, 'clusters read: no route built');
  assert.ok(c.routeConfigs.length > 0);
  assert.ok(built > 0, 'routes read: built');
});
