// `proxy-config cluster` writes a big mesh's clusters without building (table) or keeping (JSON)
// them: the cluster table is made from the plan (each cluster's type and DestinationRule), in any
// order. Both must print the same bytes as the clusters built, kept and sorted by name, on every
// fixture and on generated meshes with hostile names.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { load } from '../../src/app/load.js';
import { proxyConfig } from '../../src/app/proxyConfig.js';
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
