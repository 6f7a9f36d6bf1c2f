// Differential: the cheap paths explain takes through a gateway's config give exactly what the whole
// derivation gives, on every fixture, the real-world corpus, the simulation peer cases and generated
// meshes of both bench shapes:
// - routes derived with their actions deferred (route/buildRoutes.ts deferred), once completed, are
//   the eager routes byte for byte (key order included), and before completion their name and match;
// - clusters looked up one name at a time (clusterNamed) are the whole list's, with the same ClusterInfo.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { loadSources, type SourceFile } from '../../../src/app/load.js';
import { gatewayWorkloads } from '../../../src/analysis/gatewayProxies.js';
import { deriveGatewayConfig } from '../../../src/derive/gateway/index.js';
import { completeRoute } from '../../../src/derive/route/index.js';
import type { ConfigStore } from '../../../src/convert/index.js';
import { generate } from '../../../bench/generate.js';
import { repoRoot, sharedRoot } from '../../helpers/paths.js';

const YAML = /\.ya?ml$/;

/** Every folder holding YAML files, as one input set (its own files only). */
function folders(root: string): { name: string; files: SourceFile[] }[] {
  const out: { name: string; files: SourceFile[] }[] = [];
  const visit = (dir: string): void => {
    const entries = readdirSync(dir).sort();
    const files = entries.filter((e) => YAML.test(e) && statSync(path.join(dir, e)).isFile());
    if (files.length > 0) out.push({ name: path.relative(repoRoot, dir), files: files.map((f) => ({ name: f, bytes: readFileSync(path.join(dir, f)) })) });
    for (const e of entries) if (statSync(path.join(dir, e)).isDirectory()) visit(path.join(dir, e));
  };
  visit(root);
  return out;
}

function inputSets(): { name: string; files: SourceFile[] }[] {
  const corpus = path.join(sharedRoot, 'corpus', 'real-world');
  const index = JSON.parse(readFileSync(path.join(corpus, 'index.json'), 'utf8')) as { file: string }[];
  const generated = (['A', 'B'] as const).map((shape) => ({
    name: `generated mesh ${shape}`,
    files: generate(shape, 1500, 7).files.map((f) => ({ name: f.path, bytes: Buffer.from(f.text) })),
  }));
  return [
    ...folders(path.join(repoRoot, 'fixtures')),
    ...folders(path.join(sharedRoot, 'conformance', 'istio-simulation', 'cases')),
    ...index.map((e) => ({ name: e.file, files: [{ name: e.file, bytes: readFileSync(path.join(corpus, e.file)) }] })),
    ...generated,
  ];
}

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
    checked++;
  }
  return checked;
}

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
