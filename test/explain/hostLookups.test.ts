// explain looks up the cluster or two a request reaches from their own hosts' services and
// DestinationRules (derive/cluster/destinationRules.ts destinationRulesFor, derive/sidecar/registry.ts
// buildServiceRegistry with hosts, derive/gateway/clusters.ts gatewayScopeServicesOf), not from the
// whole registry and rule index. Each of those must answer exactly as the whole one does, on every
// input set and on generated meshes with wildcard rules, aliases and hostile names; and explain must
// really leave the whole ones unbuilt.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gatewayWorkloads } from '../../src/analysis/gatewayProxies.js';
import { explain, parseRequest } from '../../src/app/explain.js';
import { loadSources, type SourceFile } from '../../src/app/load.js';
import type { ConfigStore } from '../../src/convert/index.js';
import { DestinationRuleIndex, destinationRuleIndex, destinationRulesFor, fewThenWhole, FEW_HOST_LOOKUPS } from '../../src/derive/cluster/destinationRules.js';
import { buildGatewayClusters, gatewayClusterLookup, gatewayScopeServices, gatewayServiceRegistry } from '../../src/derive/gateway/clusters.js';
import { buildServiceRegistry, servicesExportedTo } from '../../src/derive/sidecar/registry.js';
import { allocatedBytes } from '../../bench/scaling.js';
import { generate } from '../../bench/generate.js';
import { inputSets } from '../helpers/inputSets.js';
import { generatedMeshes } from '../hostile/clusterMeshes.js';

interface Counts {
  drLookups: number;
  drFound: number;
  wildcardFound: number;
  hosts: number;
  aliased: number;
  clusters: number;
}

/** Host names lookups are made for: every service's, every rule's (wildcards too), and some no rule or service has. */
function hostsOf(config: ConfigStore): string[] {
  const hosts = new Set<string>(['nowhere.example.com', 'a.b.example.com', '*.example.com']);
  for (const s of buildServiceRegistry(config).services) hosts.add(s.hostname);
  for (const dr of config.ofKind('DestinationRule')) if (dr.spec.host.includes('.')) hosts.add(dr.spec.host);
  return [...hosts];
}

function checkSet(name: string, files: SourceFile[], seen: Counts): void {
  const config = loadSources(files).config;
  const namespaces = [...new Set([...config.ofKind('Service'), ...config.ofKind('DestinationRule'), ...config.ofKind('ServiceEntry')].map((r) => r.namespace)), 'istio-system', 'elsewhere'];
  const proxies = [{ namespace: 'istio-system', labels: { istio: 'ingressgateway' } }, ...namespaces.map((ns) => ({ namespace: ns, labels: { app: 'a', version: 'v1' } }))];
  const whole = destinationRuleIndex(config);
  const registry = buildServiceRegistry(config);
  for (const host of hostsOf(config)) {
    seen.hosts++;
    // One host's rules answer every lookup of that host as the whole index does (most specific host, merging, exportTo, selectors).
    const own = new DestinationRuleIndex(config, [host]);
    for (const proxy of proxies.slice(0, 12)) {
      for (const svcNs of namespaces.slice(0, 6)) {
        const svc = { hostname: host, namespace: svcNs };
        const want = whole.lookup(proxy, svc);
        assert.deepEqual(own.lookup(proxy, svc), want, `${name}: rule for ${host} from ${svcNs}, proxy in ${proxy.namespace}`);
        assert.deepEqual(own.lookup(proxy, svc, 'inbound'), whole.lookup(proxy, svc, 'inbound'), `${name}: inbound rule for ${host}`);
        seen.drLookups++;
        if (want) seen.drFound++;
        if (want && want.host !== host) seen.wildcardFound++;
      }
    }
    // One host's services are the whole registry's, in the same order, as every namespace sees them.
    const mine = buildServiceRegistry(config, new Set([host]));
    for (const ns of namespaces.slice(0, 8)) {
      const of = (r: typeof registry) => servicesExportedTo(r, ns).filter((s) => s.hostname === host);
      assert.deepEqual(of(mine), of(registry), `${name}: services of ${host} seen from ${ns}`);
    }
    if (registry.services.some((s) => s.hostname === host && s.aliases.length > 0)) seen.aliased++;
  }
  // A gateway's clusters looked up by name on a fresh index (nothing whole built there), a few names per lookup, against the whole list.
  const fresh = loadSources(files).config;
  for (const w of gatewayWorkloads(config).slice(0, 3)) {
    const proxy = { mode: 'gateway' as const, namespace: w.namespace, labels: w.labels };
    const built = buildGatewayClusters(config, proxy);
    const names = built.clusters.map((c) => c.name).filter((n) => n.startsWith('outbound|'));
    for (let i = 0; i < Math.min(names.length, 40); i += 4) {
      const lookup = gatewayClusterLookup(fresh, proxy);
      for (const n of names.slice(i, i + 4)) {
        assert.deepEqual(lookup(n)?.info, built.info.get(n), `${name}: cluster ${n}`);
        assert.equal(lookup(n.replace(/\|(\d+)\|/, '|9$1|')), undefined, `${name}: no cluster on another port of ${n}`);
        seen.clusters++;
      }
    }
  }
}

test("one host's DestinationRules and services answer as the whole index and registry do, on every input set", () => {
  const seen: Counts = { drLookups: 0, drFound: 0, wildcardFound: 0, hosts: 0, aliased: 0, clusters: 0 };
  for (const set of inputSets()) checkSet(set.name, set.files, seen);
  assert.ok(seen.drFound > 2000 && seen.wildcardFound > 50 && seen.clusters > 300 && seen.aliased > 0, JSON.stringify(seen));
});

test("one host's DestinationRules and services answer as the whole index and registry do, on generated meshes with hostile names", () => {
  const seen: Counts = { drLookups: 0, drFound: 0, wildcardFound: 0, hosts: 0, aliased: 0, clusters: 0 };
  // Wildcard rules of several specificities, rules exported or not, selector rules, and alias chains, next to each mesh.
  const extra = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: wide, namespace: istio-system}
spec: {host: "*.example.com", subsets: [{name: w, labels: {v: w}}]}
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: svc-wide, namespace: default}
spec: {host: "*.svc.cluster.local", exportTo: ["."], subsets: [{name: s, labels: {v: s}}]}
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: selected, namespace: istio-system}
spec: {host: "*.default.svc.cluster.local", workloadSelector: {matchLabels: {istio: ingressgateway}}, subsets: [{name: sel, labels: {v: sel}}]}
---
apiVersion: v1
kind: Service
metadata: {name: alias-1, namespace: default}
spec: {type: ExternalName, externalName: a.default.svc.cluster.local}
---
apiVersion: v1
kind: Service
metadata: {name: alias-2, namespace: ns-1}
spec: {type: ExternalName, externalName: alias-1.default.svc.cluster.local}
---
apiVersion: v1
kind: Service
metadata: {name: a, namespace: default}
spec: {selector: {app: a}, ports: [{name: http, port: 80}]}
`;
  for (const [i, mesh] of generatedMeshes(60, 77).entries()) {
    checkSet(`mesh ${i}:\n${mesh.text}\n`, [{ name: 'mesh.yaml', bytes: new TextEncoder().encode(mesh.text) }, { name: 'extra.yaml', bytes: new TextEncoder().encode(extra) }], seen);
  }
  assert.ok(seen.drFound > 2000 && seen.wildcardFound > 500 && seen.aliased > 50, JSON.stringify(seen));
});

test('explain of one request builds neither the whole service registry nor the whole DestinationRule index', () => {
  const mesh = generate('A', 2000);
  const ws = loadSources(mesh.files.map((f) => ({ name: f.path, bytes: Buffer.from(f.text) })));
  const e = mesh.explain;
  const { result } = explain(ws, parseRequest({ url: `http://${e.host}${e.path}` }), { target: mesh.gateway });
  assert.equal(result.outcome, 'forwarded');
  assert.ok(result.clusters.some((c) => /^outbound\|\d+\|v\d\|/.test(c.name)), `a subset cluster (its labels looked up): ${JSON.stringify(result.clusters)}`);
  // Built now, when first read: reading them allocates; read again, they are kept.
  const overhead = Math.min(...[0, 1, 2].map(() => allocatedBytes(() => undefined)));
  const measure = (fn: () => unknown): number => allocatedBytes(fn) - overhead;
  for (const [part, read] of [
    ['the DestinationRule index', () => destinationRuleIndex(ws.config)],
    ['the service registry', () => gatewayServiceRegistry(ws.config)],
    ['the gateway scope', () => gatewayScopeServices(ws.config, 'istio-system')],
  ] as const) {
    const first = measure(read);
    assert.ok(first > 50_000, `${part}: reading it after explain allocated only ${first} bytes, so explain had built it`);
  }
});

test('a host list gets one rule index per store (explain and its cluster lookup share it), no matter how its names are cut', () => {
  const mesh = generate('A', 200);
  const ws = loadSources(mesh.files.map((f) => ({ name: f.path, bytes: Buffer.from(f.text) })));
  const a = destinationRulesFor(ws.config, ['svc-0.cart-0.svc.cluster.local']);
  assert.equal(destinationRulesFor(ws.config, ['svc-0.cart-0.svc.cluster.local']), a, 'the same list: the same index');
  assert.notEqual(destinationRulesFor(ws.config, ['x', 'y']), destinationRulesFor(ws.config, ['x\u0000y']), 'names joined differently are different lists');
  assert.notEqual(destinationRulesFor(ws.config, ['svc-1.cart-0.svc.cluster.local']), a);
  // Explain of one request: its context and its cluster lookup read the host's rules through one
  // index, kept: asked again for that host, nothing is built.
  const fresh = loadSources(mesh.files.map((f) => ({ name: f.path, bytes: Buffer.from(f.text) })));
  const e = mesh.explain;
  const { result } = explain(fresh, parseRequest({ url: `http://${e.host}${e.path}` }), { target: mesh.gateway });
  const host = result.clusters.map((c) => c.name.split('|')[3] ?? '').find((h) => h.endsWith('.svc.cluster.local'));
  assert.ok(host, JSON.stringify(result.clusters));
  const overhead = Math.min(...[0, 1, 2].map(() => allocatedBytes(() => undefined)));
  // The least of three asks: a kept answer allocates nothing each time, while the JIT may allocate
  // once at any of them on a busy machine (a full test run measured 2,744 bytes once).
  const kept = Math.min(...[0, 1, 2].map(() => allocatedBytes(() => destinationRulesFor(fresh.config, [host])))) - overhead;
  const other = allocatedBytes(() => destinationRulesFor(fresh.config, ['svc-11.cart-0.svc.cluster.local'])) - overhead;
  assert.ok(kept < 2_000 && other > 10_000, `the walked host's rules were kept by explain (${kept} bytes to ask again; ${other} for another host)`);
});

test('fewThenWhole: the few-key answer for FEW_HOST_LOOKUPS calls, then the whole one, made once', () => {
  const calls: string[] = [];
  const look = fewThenWhole(
    (k: string) => (calls.push(`few ${k}`), `few ${k}`),
    () => (calls.push('whole'), 'whole'),
  );
  const answers = Array.from({ length: FEW_HOST_LOOKUPS + 3 }, (_, i) => look(String(i)));
  assert.deepEqual(answers, [...Array.from({ length: FEW_HOST_LOOKUPS }, (_, i) => `few ${i}`), 'whole', 'whole', 'whole']);
  assert.equal(calls.filter((c) => c === 'whole').length, 1);
});
