// `proxy-config route <sidecar> -o json` writes each virtual host as it is made (derive/sidecar
// routeConfig.ts streamSidecarRouteConfig): the bytes must be those of the route configs built
// whole, kept and dumped, on every fixture, peer case, corpus file and generated mesh; planning
// builds no route; each VirtualService's routes are built once, when its first virtual host is
// written, and dropped after its last; and a sidecar whose builders cannot plan without building
// (no hasVsRoutes) still writes the same bytes.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { loadSources } from '../../../src/app/load.js';
import { proxyConfig } from '../../../src/app/proxyConfig.js';
import { allWorkloads, toProxyWorkload } from '../../../src/derive/gateway/workloads.js';
import { deriveSidecarConfig } from '../../../src/derive/sidecar/index.js';
import { sidecarRouteBuilders } from '../../../src/derive/sidecar/routeAdapter.js';
import type { RouteBuilders } from '../../../src/derive/sidecar/routeConfig.js';
import { proxyConfigText } from '../../../src/report/views/proxyConfig.js';
import { inputSets } from '../../helpers/inputSets.js';

test('streamed sidecar route JSON is byte-equal to the kept route configs, on every input set', () => {
  let sidecars = 0;
  let hosts = 0;
  for (const set of inputSets()) {
    const ws = loadSources(set.files);
    for (const w of allWorkloads(ws.config).slice(0, 4)) {
      const workload = toProxyWorkload(w, 'sidecar');
      const where = `${set.name}: ${w.resource.kind} ${w.resource.namespace}/${w.resource.name}`;
      const streamed = proxyConfig(ws, { workload }, 'route');
      assert.ok(streamed.routes.streamed, `${where}: a sidecar's routes can be streamed`);
      const kept = proxyConfig(ws, { workload }, 'route');
      const dynamic = kept.routes.dynamic;
      hosts += dynamic.reduce((n, rc) => n + rc.virtualHosts.length, 0);
      const keptView = { what: kept.what, endpoints: [], listeners: { dynamic: [], statics: [] }, clusters: { dynamic: [], statics: [] }, routes: { dynamic, statics: kept.routes.statics } };
      assert.equal(proxyConfigText(streamed, 'json'), proxyConfigText(keptView, 'json'), where);
      // Streamed after the routes were built: the kept ones, as they are.
      assert.equal(proxyConfigText({ ...keptView, routes: kept.routes }, 'json'), proxyConfigText(keptView, 'json'), `${where} (built first)`);
      sidecars++;
    }
  }
  assert.ok(sidecars > 100 && hosts > 1000, `${sidecars} sidecars, ${hosts} virtual hosts`);
});

const MESH = `apiVersion: apps/v1
kind: Deployment
metadata: {name: client, namespace: web}
spec:
  selector: {matchLabels: {app: client}}
  template: {metadata: {labels: {app: client}}, spec: {containers: [{name: c, image: c}]}}
---
apiVersion: v1
kind: Service
metadata: {name: a, namespace: web}
spec: {ports: [{name: http, port: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: b, namespace: web}
spec: {ports: [{name: http, port: 80}]}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: a, namespace: web}
spec:
  hosts: [a, a.example.com]
  http: [{route: [{destination: {host: a}}]}]
`;

test('streamed sidecar virtual hosts build each VirtualService once, when written, and keep none', () => {
  const ws = loadSources([{ name: 'in.yaml', bytes: new TextEncoder().encode(MESH) }]);
  const w = allWorkloads(ws.config)[0];
  assert.ok(w);
  const workload = toProxyWorkload(w, 'sidecar');
  const real = sidecarRouteBuilders(ws.config, workload);
  const calls: string[] = [];
  const builders: RouteBuilders = {
    vsRoutes: (vs, port, lookup) => (calls.push(`vsRoutes ${vs.vs.name}`), real.vsRoutes(vs, port, lookup)),
    hasVsRoutes: (vs, port, lookup) => real.hasVsRoutes?.(vs, port, lookup) ?? true,
    streamVsRoutes: (vs, port, lookup) => (calls.push(`stream ${vs.vs.name}`), real.streamVsRoutes?.(vs, port, lookup) ?? []),
    defaultRoute: (cluster, fqdn, port) => (calls.push(`default ${fqdn}`), real.defaultRoute(cluster, fqdn, port)),
  };
  const config = deriveSidecarConfig(ws.config, workload, { builders });
  const [rc] = config.routeConfigsStreamed?.() ?? [];
  assert.equal(rc?.name, '80');
  assert.deepEqual([...calls], [], 'planning builds no route');
  const it = rc.virtualHosts()[Symbol.iterator]();
  assert.equal(it.next().value?.name, 'a.example.com:80');
  assert.deepEqual([...calls], ['stream a'], 'the first virtual host builds its VirtualService\'s routes only');
  const second = it.next().value;
  assert.equal(second?.name, 'a.web.svc.cluster.local:80');
  assert.deepEqual([...calls], ['stream a'], 'the second virtual host of the same VirtualService reuses them');
  assert.equal(it.next().value?.name, 'b.web.svc.cluster.local:80');
  assert.deepEqual([...calls], ['stream a', 'default b.web.svc.cluster.local']);
  assert.equal(it.next().value?.name, 'allow_any');
  assert.ok(it.next().done);
  // Nothing kept: written again, the routes are built again.
  assert.equal([...rc.virtualHosts()].length, 4);
  assert.deepEqual(calls.filter((c) => c === 'stream a').length, 2);
  assert.ok(!calls.some((c) => c.startsWith('vsRoutes')), 'the streamed path never builds origins');
});

test('sidecar builders that cannot plan without building still give the same streamed bytes', () => {
  const ws = loadSources([{ name: 'in.yaml', bytes: new TextEncoder().encode(MESH) }]);
  const w = allWorkloads(ws.config)[0];
  assert.ok(w);
  const workload = toProxyWorkload(w, 'sidecar');
  const real = sidecarRouteBuilders(ws.config, workload);
  const plain = deriveSidecarConfig(ws.config, workload, { builders: { vsRoutes: real.vsRoutes, defaultRoute: real.defaultRoute } });
  const full = deriveSidecarConfig(ws.config, workload);
  const text = (c: typeof plain): string => JSON.stringify((c.routeConfigsStreamed?.() ?? []).map((rc) => ({ ...rc, virtualHosts: [...rc.virtualHosts()] })));
  assert.equal(text(plain), text(full));
  assert.equal(text(full), JSON.stringify(deriveSidecarConfig(ws.config, workload).routeConfigs));
});

test('a streamed sidecar route plan keeps its virtual hosts, not the sets it was planned with', () => {
  // Measured on Node 20 at generated mesh A 4,000, in a single-threaded process of its own
  // (planHeap.ts says why): ~930 bytes per planned virtual host; ~1,210-1,300 when a closure kept
  // planSidecarRouteConfig's context (its sets of every name and domain) alive.
  const script = fileURLToPath(new URL('./planHeap.js', import.meta.url));
  const run = spawnSync(process.execPath, ['--single-threaded', '--expose-gc', script], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const measured: unknown = JSON.parse(run.stdout);
  assert.ok(typeof measured === 'object' && measured !== null && 'hosts' in measured && 'perHost' in measured && 'listeners' in measured);
  const { hosts, perHost, listeners } = measured;
  assert.ok(typeof hosts === 'number' && typeof perHost === 'number' && typeof listeners === 'number');
  assert.ok(listeners > 0);
  assert.ok(hosts > 1500, `${hosts} virtual hosts`);
  assert.ok(perHost < 1080, `the plan keeps ${Math.round(perHost)} bytes per virtual host`);
});
