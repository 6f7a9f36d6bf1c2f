// Resources indexed by kind and by kind/namespace/name. Built once, then read-only.
import { KeyTable } from './keyTable.js';
import { finding, type Finding } from '../diagnostics/finding.js';
import type { MeshConfig } from './mesh.js';
import { CLUSTER_SCOPED, type Kind, type Placed, type Resource, type ResourceOf } from './resource.js';
import type { WorldOptions } from './world.js';

export interface ModelOptions {
  /** Namespace for documents that carry none (`-n`); Istio's analyzer harness uses ''. */
  defaultNamespace: string;
  /** Cluster domain suffix (`--cluster-domain`); Istio's simulation harness uses ''. */
  domainSuffix: string;
  /** The mesh config (`--mesh-config`) merged over Istio's defaults; absent: the defaults (meshOf). */
  mesh?: MeshConfig;
  /** What exists beyond the inputs (`--strict`, `--assume-host`); absent: a partial view (worldOf). */
  world?: WorldOptions;
}

export interface ConfigIndex {
  readonly options: ModelOptions;
  readonly all: readonly Resource[];
  ofKind<K extends Kind>(kind: K): readonly ResourceOf<K>[];
  get<K extends Kind>(kind: K, namespace: string, name: string): ResourceOf<K> | undefined;
  /** Namespaces named by any resource, sorted. */
  namespaces(): string[];
}

/** The namespace a resource is keyed by: none for cluster-scoped kinds. */
const keyNamespace = (kind: string, namespace: string): string => (CLUSTER_SCOPED.has(kind) ? '' : namespace);

/**
 * The resources without duplicates. The same kind/namespace/name twice: the later document wins, as
 * the later `kubectl apply` would, and the earlier one gets a finding naming both places. In the
 * order of the winning documents, keyed by kind, namespace (none for cluster-scoped kinds) and name.
 */
export function withoutDuplicates<R extends Placed>(resources: readonly R[]): { kept: R[]; table: KeyTable<R>; findings: Finding[] } {
  const findings: Finding[] = [];
  const table = new KeyTable<R>();
  let replaced: Set<R> | undefined;
  for (const r of resources) {
    const ns = keyNamespace(r.kind, r.namespace);
    const earlier = table.set(r.kind, ns, r.name, r);
    if (earlier) {
      const resource = { kind: r.kind, namespace: ns, name: r.name };
      findings.push(
        finding(
          'GW0008',
          { resource, other: { file: r.origin.file, doc: r.origin.doc, path: [...r.origin.base, 'metadata', 'name'] } },
          { at: { file: earlier.origin.file, doc: earlier.origin.doc, path: [...earlier.origin.base, 'metadata', 'name'] }, resource },
        ),
      );
      (replaced ??= new Set()).add(earlier);
    }
  }
  // Each winner where its document is: the order of the winning documents.
  const gone = replaced;
  const kept = gone === undefined ? [...resources] : resources.filter((r) => !gone.has(r));
  return { kept, table, findings };
}

/** Indexes resources; duplicates as `withoutDuplicates` says. */
export function buildIndex(resources: readonly Resource[], options: ModelOptions): { index: ConfigIndex; findings: Finding[] } {
  const { kept: all, table, findings } = withoutDuplicates(resources);
  const byKind = new Map<string, Resource[]>();
  for (const r of all) {
    const list = byKind.get(r.kind);
    if (list) list.push(r);
    else byKind.set(r.kind, [r]);
  }
  const index: ConfigIndex = {
    options,
    all,
    ofKind: <K extends Kind>(kind: K) => (byKind.get(kind) ?? []) as ResourceOf<K>[],
    get: <K extends Kind>(kind: K, namespace: string, name: string) => table.get(kind, keyNamespace(kind, namespace), name) as ResourceOf<K> | undefined,
    namespaces: () => [...new Set(all.filter((r) => !CLUSTER_SCOPED.has(r.kind)).map((r) => r.namespace))].sort(),
  };
  return { index, findings };
}
