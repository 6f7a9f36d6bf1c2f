// Differential: the cheap paths explain takes through a gateway's config give exactly what the whole
// derivation gives, on every fixture, the real-world corpus, the simulation peer cases and generated
// meshes of both bench shapes:
// - routes derived with their actions deferred (route/buildRoutes.ts deferred), once completed, are
//   the eager routes byte for byte (key order included), and before completion their name and match;
// - clusters looked up one name at a time (clusterNamed) are the whole list's, with the same ClusterInfo;
// - virtual hosts decided without building a route, each one's routes built when read
//   (virtualHostRoutes 'when-read'), give the same virtual hosts, origins, notes and misses, and any
//   one virtual host read alone is the eager one byte for byte, with the same route origins; so do
//   the route analyzers' routes of name and match only (analysis/gatewayProxies.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadSources } from '../../../src/app/load.js';
import { inputSets } from '../../helpers/inputSets.js';
import { gatewayWorkloads } from '../../../src/analysis/gatewayProxies.js';
import { deriveGatewayConfig, matchOnlyRouteTranslator } from '../../../src/derive/gateway/index.js';
import { deriveGatewayRoutes } from '../../../src/analysis/gatewayProxies.js';
import { buildGatewayRouteConfigs } from '../../../src/derive/gateway/routeConfigs.js';
import { mergeGateways } from '../../../src/derive/gateway/mergeServers.js';
import { gatewaysForProxy } from '../../../src/derive/gateway/selectGateways.js';
import { virtualServiceIndex } from '../../../src/derive/gateway/vsIndex.js';
import { targetsFor } from '../../../src/derive/gateway/deriveGatewayConfig.js';
import type { ProxyConfig, ProxyWorkload } from '../../../src/derive/proxyConfig.js';
import type { Route } from '../../../src/derive/envoy.js';
import { completeRoute } from '../../../src/derive/route/index.js';
import type { ConfigStore } from '../../../src/convert/index.js';

function checkGateways(name: string, config: ConfigStore): number {
  let checked = 0;
  for (const w of gatewayWorkloads(config)) {
    const eager = deriveGatewayConfig(config, w);
    const deferred = deriveGatewayConfig(config, w, undefined, { routeActions: 'deferred' });
    const where = `${name}: ${w.namespace}/${w.name}`;
    // Before completion: the same route configs with routes of name and match only.
    const matchOnly = (rcs: typeof eager.routeConfigs): string =>
      JSON.stringify(rcs, (k, v: unknown) => (v !== null && typeof v === 'object' && 'match' in v && !Array.isArray(v) ? pick(v as Record<string, unknown>) : v));
    assert.equal(matchOnly(deferred.routeConfigs), matchOnly(eager.routeConfigs), `${where}: deferred routes are the eager ones' names and matches`);
    assert.equal(deferred.routeOrigins.size, eager.routeOrigins.size, `${where}: as many route origins`);
    for (const rc of deferred.routeConfigs) for (const vh of rc.virtualHosts) for (const r of vh.routes ?? []) completeRoute(r);
    assert.equal(JSON.stringify(deferred.routeConfigs), JSON.stringify(eager.routeConfigs), `${where}: completed routes are the eager ones`);
    assert.deepEqual(deferred.misses, eager.misses, `${where}: misses`);

    // Clusters one at a time (a fresh derivation: nothing built yet) against the whole list.
    const lazy = deriveGatewayConfig(config, w);
    const names = new Set(eager.clusters.map((c) => c.name));
    const asked = new Set([...names, ...routeClusterNames(eager.routeConfigs), 'outbound|1|nope|nowhere.example.com', 'BlackHoleCluster', 'PassthroughCluster', '']);
    for (const n of names) asked.add(n.replace(/\|(\d+)\|/, '|9$1|'));
    for (const n of asked) {
      const got = lazy.clusterNamed?.(n);
      assert.equal(got !== undefined, names.has(n), `${where}: cluster ${n} exists`);
      if (got) assert.deepEqual(got.info, eager.clusterInfo.get(n), `${where}: ClusterInfo of ${n}`);
    }
    checkWhenRead(where, config, w, eager);
    checked++;
  }
  return checked;
}

/** Each route's origin, in route config / virtual host / route order. */
function originsInOrder(c: Pick<ProxyConfig, 'routeConfigs' | 'routeOrigins'>, only?: (rc: number, vh: number) => boolean): string {
  const out: unknown[] = [];
  c.routeConfigs.forEach((rc, i) => rc.virtualHosts.forEach((vh, j) => {
    if (only && !only(i, j)) return;
    for (const r of vh.routes ?? []) out.push(c.routeOrigins.get(r) ?? null);
  }));
  return JSON.stringify(out);
}

function checkWhenRead(where: string, config: ConfigStore, w: ProxyWorkload, eager: ProxyConfig): void {
  const opts = { virtualHostRoutes: 'when-read' as const };
  // Nothing read: the same virtual hosts (names, domains, merging), notes and misses.
  const lazy = deriveGatewayConfig(config, w, undefined, opts);
  assert.deepEqual(lazy.virtualHostOrigins, eager.virtualHostOrigins, `${where}: when-read virtual host origins`);
  assert.deepEqual(lazy.notes, eager.notes, `${where}: when-read notes`);
  assert.deepEqual(lazy.misses, eager.misses, `${where}: when-read misses`);
  const names = (c: ProxyConfig): string => JSON.stringify(c.routeConfigs.map((rc) => rc.virtualHosts.map((vh) => [vh.name, vh.domains, vh.requireTls ?? '', 'routes' in vh])));
  assert.equal(names(lazy), names(eager), `${where}: when-read virtual hosts`);
  // One virtual host read alone (the last of each route config, then the first), in a fresh derivation each.
  const counts = eager.routeConfigs.map((rc) => rc.virtualHosts.length);
  for (const pickVh of [(n: number) => n - 1, () => 0]) {
    const one = deriveGatewayConfig(config, w, undefined, opts);
    const only = (i: number, j: number): boolean => j === pickVh(counts[i] ?? 0);
    one.routeConfigs.forEach((rc, i) => {
      const vh = rc.virtualHosts[pickVh(counts[i] ?? 0)];
      assert.equal(JSON.stringify(vh), JSON.stringify(eager.routeConfigs[i]?.virtualHosts[pickVh(counts[i] ?? 0)]), `${where}: one virtual host read alone`);
    });
    assert.equal(originsInOrder(one, only), originsInOrder(eager, only), `${where}: its route origins`);
    // Then everything: the whole config, origins counted as the eager ones.
    assert.equal(JSON.stringify(one.routeConfigs), JSON.stringify(eager.routeConfigs), `${where}: when-read route configs`);
    assert.equal(one.routeOrigins.size, eager.routeOrigins.size, `${where}: when-read route origins`);
    assert.equal(originsInOrder(one), originsInOrder(eager), `${where}: when-read route origins in order`);
  }
  // Explain's mode: when-read virtual hosts, actions deferred; completed, the eager routes.
  const explainMode = deriveGatewayConfig(config, w, undefined, { ...opts, routeActions: 'deferred' });
  for (const rc of explainMode.routeConfigs) for (const vh of rc.virtualHosts) for (const r of vh.routes ?? []) completeRoute(r);
  assert.equal(JSON.stringify(explainMode.routeConfigs), JSON.stringify(eager.routeConfigs), `${where}: when-read deferred routes, completed`);
  // The route analyzers' routes (name and match, when read) against the same routes built eagerly.
  const bindings = gatewaysForProxy(config, w.labels, targetsFor(config, w));
  const scope = { index: config, proxyNamespace: w.namespace, proxyLabels: w.labels };
  const matchOnly = buildGatewayRouteConfigs(mergeGateways(bindings), virtualServiceIndex(config), scope, matchOnlyRouteTranslator);
  const analyzers = deriveGatewayRoutes(config, w);
  assert.deepEqual(analyzers.virtualHostOrigins, matchOnly.virtualHostOrigins, `${where}: analyzers' virtual host origins`);
  assert.equal(JSON.stringify(analyzers.routeConfigs), JSON.stringify(matchOnly.routeConfigs), `${where}: analyzers' routes`);
  assert.equal(originsInOrder(analyzers), originsInOrder(matchOnly), `${where}: analyzers' route origins`);
}

test('a virtual host read before the others has the routes it has when all are built', () => {
  // Two VirtualServices on one host merge, and one of them has a host of its own; two whose every
  // rule is dropped (match.port, match.gateways) give no virtual host, in both builds; one whose
  // match.gateways names this Gateway by its short name does.
  const yaml = `apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gw, namespace: web}
spec:
  selector: {istio: ingressgateway}
  servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: ['*']}]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: a, namespace: web}
spec:
  hosts: [shop.example.com]
  gateways: [gw]
  http: [{match: [{uri: {prefix: /a}}], route: [{destination: {host: a}}]}]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: b, namespace: web}
spec:
  hosts: [shop.example.com, api.example.com]
  gateways: [gw]
  http: [{match: [{uri: {prefix: /b}, port: 8080}], route: [{destination: {host: b}}]}, {route: [{destination: {host: b}}]}]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: c, namespace: web}
spec:
  hosts: [c.example.com]
  gateways: [gw]
  http: [{match: [{port: 8080}], route: [{destination: {host: c}}]}]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: d, namespace: web}
spec:
  hosts: [d.example.com]
  gateways: [gw]
  http: [{match: [{gateways: [other]}], route: [{destination: {host: d}}]}]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: e, namespace: web}
spec:
  hosts: [e.example.com]
  gateways: [gw]
  http: [{match: [{gateways: [gw]}], route: [{destination: {host: e}}]}]
`;
  const ws = loadSources([{ name: 'in.yaml', bytes: Buffer.from(yaml) }]);
  assert.deepEqual(ws.findings.map((f) => f.code), []);
  const [w] = gatewayWorkloads(ws.config);
  assert.ok(w);
  const eager = deriveGatewayConfig(ws.config, w);
  const lazy = deriveGatewayConfig(ws.config, w, undefined, { virtualHostRoutes: 'when-read' });
  const [rc] = lazy.routeConfigs;
  assert.deepEqual(rc?.virtualHosts.map((vh) => vh.name), ['api.example.com:80', 'e.example.com:80', 'shop.example.com:80']);
  const shop = rc?.virtualHosts[2];
  const routes: Route[] = shop?.routes ?? [];
  assert.equal(routes.length, 2, 'a: prefix /a, then b: its catch-all (its port-8080 match dropped)');
  assert.deepEqual(routes.map((r) => lazy.routeOrigins.get(r)?.virtualService.name), ['a', 'b']);
  assert.equal(JSON.stringify(shop), JSON.stringify(eager.routeConfigs[0]?.virtualHosts[2]));
  assert.equal(lazy.routeOrigins.size, eager.routeOrigins.size, 'reading the size builds the rest');
  assert.deepEqual(lazy.misses.filter((m) => m.reason.code === 'rules-filtered').map((m) => m.virtualService.name), ['c', 'd']);
  assert.deepEqual(lazy.misses, eager.misses);
  assert.equal(JSON.stringify(lazy.routeConfigs), JSON.stringify(eager.routeConfigs));
});

/** A route's name and match. */
function pick(r: Record<string, unknown>): Record<string, unknown> {
  return 'name' in r ? { name: r['name'], match: r['match'] } : { match: r['match'] };
}

function routeClusterNames(rcs: readonly { virtualHosts: readonly { routes?: readonly { route?: { cluster?: string; weightedClusters?: { clusters: readonly { name: string }[] } } }[] }[] }[]): string[] {
  return rcs.flatMap((rc) => rc.virtualHosts.flatMap((vh) => (vh.routes ?? []).flatMap((r) => [r.route?.cluster ?? '', ...(r.route?.weightedClusters?.clusters ?? []).map((c) => c.name)])));
}

test('deferred route actions and clusters looked up by name equal the whole derivation', () => {
  let gateways = 0;
  let sets = 0;
  for (const set of inputSets()) {
    const ws = loadSources(set.files);
    gateways += checkGateways(set.name, ws.config);
    sets++;
  }
  assert.ok(sets > 150, `only ${sets} input sets`);
  assert.ok(gateways > 100, `only ${gateways} gateway workloads checked`);
});
