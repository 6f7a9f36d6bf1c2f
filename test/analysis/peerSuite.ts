// Runs one case of ../shared/conformance/istio-analyze the way Istio's analyzer test harness does
// (see that folder's README): empty default namespace, system namespaces dropped, the harness's
// default ingress pod and Service added, only the analyzer under test run, (code, resource) pairs.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { HARNESS_SETTINGS } from '../../src/analysis/context.js';
import { runAnalyzers, selectAnalyzers } from '../../src/analysis/run.js';
import { loadSources } from '../../src/app/load.js';
import { readMeshConfigText } from '../../src/app/settings.js';
import { meshOf } from '../../src/model/mesh.js';
import { narrowWorkspace } from '../../src/app/workspace.js';
import { sharedRoot } from '../helpers/paths.js';

export const suiteRoot = path.join(sharedRoot, 'conformance', 'istio-analyze');
const SYSTEM_NAMESPACES = new Set(['kube-system', 'kube-public', 'kube-node-lease', 'local-path-storage']);

export interface PeerCase {
  slug: string;
  name: string;
  analyzerName: string;
  inputs: string[];
  meshConfig: string | null;
  expected: { code: string; resource: string }[];
}

export function loadCase(slug: string): PeerCase {
  const raw = JSON.parse(readFileSync(path.join(suiteRoot, 'cases', slug, 'expected.json'), 'utf8')) as Omit<PeerCase, 'slug'>;
  return { ...raw, slug };
}


/** The (code, resource) pairs gwctl reports for a case, sorted. */
export function runCase(c: PeerCase): { actual: string[]; analyzers: string[] } {
  const dir = path.join(suiteRoot, 'cases', c.slug);
  const files = [...c.inputs.map((f) => path.join(dir, f)), path.join(suiteRoot, 'harness', 'default-resources.yaml')].map((name) => ({
    name,
    bytes: readFileSync(name),
  }));
  // The harness's world is its files (strict), with the case's mesh config merged over the defaults.
  const meshConfig = c.meshConfig ? readMeshConfigText(readFileSync(path.join(dir, c.meshConfig), 'utf8'), c.meshConfig) : undefined;
  const all = loadSources(files, { defaultNamespace: '', domainSuffix: 'cluster.local', strict: true, ...(meshConfig !== undefined ? { meshConfig } : {}) });
  const ws = narrowWorkspace(all, (r) => !SYSTEM_NAMESPACES.has(r.namespace) && !(r.kind === 'Namespace' && SYSTEM_NAMESPACES.has(r.name)));
  const settings = { ...HARNESS_SETTINGS, mesh: { proxyMetadata: meshOf(ws.inputs.options).proxyMetadata } };
  const selected = selectAnalyzers([c.analyzerName]).analyzers.map((a) => a.name);
  const result = runAnalyzers(ws, { select: selected.length > 0 ? selected : ['-none-'], settings, loaded: ws.findings });
  const actual = result.findings.map((f) => {
    const r = f.resource;
    return `${f.code} ${r ? `${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name}` : '?'}`;
  });
  return { actual: actual.sort(), analyzers: selected };
}

export const expectedPairs = (c: PeerCase): string[] => c.expected.map((e) => `${e.code} ${e.resource}`).sort();
