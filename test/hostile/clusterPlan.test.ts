// `proxy-config cluster` writes a big mesh's clusters without building (table) or keeping (JSON)
// them: the cluster table is made from the plan (each cluster's type and DestinationRule), in any
// order. Both must print the same bytes as the clusters built, kept and sorted by name, on every
// fixture and on generated meshes with hostile names.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { load, loadSources } from '../../src/app/load.js';
import { planOutboundClusters, plansByName } from '../../src/derive/cluster/build.js';
import { destinationRuleIndex } from '../../src/derive/cluster/destinationRules.js';
import { gatewayScopeServices } from '../../src/derive/gateway/clusters.js';
import { proxyConfig } from '../../src/app/proxyConfig.js';
import { deriveProxy } from '../../src/app/proxy.js';
import { clusterDump } from '../../src/report/views/configDump.js';
import type { Workspace } from '../../src/app/workspace.js';
import { proxyConfigText } from '../../src/report/views/proxyConfig.js';
import { generatedMeshes, loadMesh } from './clusterMeshes.js';

/** The output of the streamed path (plans), and of the kept one (every cluster built, sorted by name, read first). */
function both(ws: Workspace, choice: Choice, what: 'cluster' | 'all', output: 'short' | 'json'): { streamed: string; kept: string; planned: boolean } {
  const kept = proxyConfig(ws, choice, what);
  void kept.clusters.dynamic;
  const streamed = proxyConfig(ws, choice, what);
  const planned = streamed.clusters.summaries !== undefined;
  return { streamed: proxyConfigText(streamed, output), kept: proxyConfigText(kept, output), planned };
}

type Choice = { target?: string };

interface Seen {
  outputs: number;
  rows: number;
  dnsRows: number;
  subsetRows: number;
  ruleRows: number;
}

function check(ws: Workspace, choices: Choice[], label: string, seen: Seen): void {
  for (const choice of choices) {
    for (const what of ['cluster', 'all'] as const) {
      let r: ReturnType<typeof both>;
      try {
        r = both(ws, choice, what, 'short');
      } catch (e) {
        // A workload the mesh does not have: both ways fail alike.
        if (choice.target !== undefined && e instanceof Error && /not found|no workload|unknown/i.test(e.message)) continue;
        throw e;
      }
      assert.ok(r.planned, `${label} ${choice.target ?? 'gateway'}: the table is made from the plan`);
      assert.equal(r.streamed, r.kept, `${label} ${choice.target ?? 'gateway'} ${what}`);
      seen.outputs++;
      if (what === 'cluster') {
        const lines = r.kept.split('\n').slice(1, -1);
        seen.rows += lines.length;
        seen.dnsRows += lines.filter((l) => /\s(STRICT|LOGICAL)_DNS\s/.test(l)).length;
        seen.subsetRows += lines.filter((l) => /^\S.*?\s+\d+\s+(?!-\s)\S/.test(l)).length;
        seen.ruleRows += lines.filter((l) => !/\s$/.test(l)).length;
      }
    }
  }
}

test('the cluster table from the plan is byte-equal to the table of the built clusters, on every fixture', async () => {
  const seen: Seen = { outputs: 0, rows: 0, dnsRows: 0, subsetRows: 0, ruleRows: 0 };
  for (const dir of ['fixtures/bookinfo', 'fixtures/explain/egress', 'fixtures/httpbin', 'fixtures/https-gateway', 'fixtures/tcp-passthrough', 'fixtures/gateway-api', 'fixtures/multi-vs-merge', '../shared/corpus/real-world']) {
    const ws = await load([dir]);
    check(ws, [{}, { target: 'deploy/productpage-v1.default' }, { target: 'deploy/reviews-v2.default' }], dir, seen);
  }
  assert.ok(seen.rows > 200 && seen.ruleRows > 10, JSON.stringify(seen));
});

test('the cluster table from the plan is byte-equal to the table of the built clusters, on generated meshes with hostile names', () => {
  const seen: Seen = { outputs: 0, rows: 0, dnsRows: 0, subsetRows: 0, ruleRows: 0 };
  for (const [i, mesh] of generatedMeshes(150, 41).entries()) {
    const ws = loadMesh(mesh);
    check(ws, [{}, ...mesh.sidecars.map((target) => ({ target }))], `mesh ${i}:\n${mesh.text}\n`, seen);
  }
  // The meshes reach what the plan decides without building: DNS clusters, subsets, DestinationRules, dropped subsets.
  assert.ok(seen.dnsRows > 20 && seen.subsetRows > 50 && seen.ruleRows > 50, JSON.stringify(seen));
});

test('clusters listed by name one at a time (grouped by name prefix) are the kept list sorted by name', async () => {
  const workspaces: [string, Workspace, Choice[]][] = [];
  for (const [i, mesh] of generatedMeshes(100, 53).entries()) workspaces.push([`mesh ${i}`, loadMesh(mesh), [{}, ...mesh.sidecars.map((target) => ({ target }))]]);
  workspaces.push(['bookinfo', await load(['fixtures/bookinfo']), [{}, { target: 'deploy/productpage-v1.default' }]]);
  let compared = 0;
  for (const [label, ws, choices] of workspaces) {
    for (const choice of choices) {
      let pc: ReturnType<typeof deriveProxy>['config'];
      try {
        pc = deriveProxy(ws, choice).config;
      } catch (e) {
        if (choice.target !== undefined && e instanceof Error && /not found|no workload|unknown/i.test(e.message)) continue;
        throw e;
      }
      const streamed = pc.clustersByName;
      assert.ok(streamed, label);
      const once = [...streamed()];
      assert.deepEqual(once, clusterDump(pc.clusters, []), `${label} ${choice.target ?? 'gateway'}`);
      compared += once.length;
    }
  }
  assert.ok(compared > 1000, `${compared} clusters`);
});

test('when a name prefix starts another (a subset with a `|`, which validation rejects), all plans are sorted by name', () => {
  const ws = loadSources([{ name: 'm.yaml', bytes: new TextEncoder().encode(`apiVersion: v1
kind: Service
metadata: {name: a, namespace: default}
spec: {ports: [{name: http, port: 80}, {name: grpc, port: 8}]}
---
apiVersion: v1
kind: Service
metadata: {name: b, namespace: default}
spec: {ports: [{name: http, port: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: c, namespace: default}
spec: {ports: [{name: http, port: 80}]}
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: all, namespace: default}
spec: {host: "*.svc.cluster.local", subsets: [{name: a, labels: {v: a}}, {name: z, labels: {v: z}}]}
`) }]);
  const proxy = { mode: 'gateway' as const, namespace: 'default', labels: {} };
  const input = { index: ws.config, proxy, drs: destinationRuleIndex(ws.config), services: gatewayScopeServices(ws.config, 'default') };
  const names = (plans: Iterable<{ name: string }>): string[] => [...plans].map((p) => p.name);
  const sorted = (): string[] => names(planOutboundClusters(input)).sort();
  assert.deepEqual(names(plansByName(input)), sorted());
  // The lookup's result is memoized: subsets that validation would reject, `a|b` (its prefix starts with `a|`'s) and `|`.
  for (const svc of input.services) {
    const dr = input.drs.lookup(proxy, svc);
    assert.ok(dr, svc.hostname);
    dr.subsets.push('a|b', '|', 'a|');
  }
  const expected = sorted();
  // Grouped by prefix, `outbound|80|a|` + `c.default...` would come before `outbound|80|a|b|` + `a.default...`.
  assert.ok(expected.indexOf('outbound|80|a|b|a.default.svc.cluster.local') < expected.indexOf('outbound|80|a|c.default.svc.cluster.local'));
  assert.deepEqual(names(plansByName(input)), expected);
});
