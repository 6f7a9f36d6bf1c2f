// What an analyzer sees: a read-only index that records the kinds read, the run settings, a shared
// memo for views several analyzers need, and `report`, typed by the catalogue. Everything an
// analyzer can read is recorded (kinds, the loader's findings about kinds, the mesh config), so
// that its declared inputs can be checked against what it reads (test/analysis/registry.test.ts).
import type { ConfigStore } from '../convert/index.js';
import type { ArgsOf, Code } from '../diagnostics/catalog.js';
import { finding, type Finding } from '../diagnostics/finding.js';
import type { Text } from '../diagnostics/text.js';
import type { Path } from '../load/sourceMap.js';
import type { ConfigIndex } from '../model/configIndex.js';
import { displayKind, refOf, type Kind, type Resource } from '../model/resource.js';

export interface MeshSettings {
  /** defaultConfig.proxyMetadata of the mesh config. */
  proxyMetadata: Readonly<Record<string, string>>;
}

export interface AnalysisSettings {
  /** Pod templates of Deployments, StatefulSets and DaemonSets count as pods (CLI: manifests rarely hold Pods). */
  templatesAsPods: boolean;
  /**
   * When a Gateway selector matches no workload, assume Istio's default ingress gateway
   * (istio-system, `istio: ingressgateway`) and say so at info level, instead of IST0101.
   */
  assumeDefaultGateway: boolean;
  /** Inputs may lack workloads: pod checks only run where some pod of the target is present. */
  partialInputs: boolean;
  /** Read omitted fields with the API server's defaults (Service port protocol TCP); Istio's file harness does not. */
  kubernetesDefaults: boolean;
  mesh: MeshSettings;
  /** Skip Gateway host overlaps with a bare `*` (GW0303), as Kiali's validations.skip_wildcard_gateway_hosts does. */
  skipWildcardGatewayHosts?: boolean;
  /** The clock certificates are judged against (ms since the epoch); the current time when absent. */
  now?: number;
}

export const CLI_SETTINGS: AnalysisSettings = { templatesAsPods: true, assumeDefaultGateway: true, partialInputs: true, kubernetesDefaults: true, mesh: { proxyMetadata: {} } };

/** Istio's analyzer test harness (the peer suite): Pods only, no defaults, its dummy ingress pod loaded as input. */
export const HARNESS_SETTINGS: AnalysisSettings = { templatesAsPods: false, assumeDefaultGateway: false, partialInputs: false, kubernetesDefaults: false, mesh: { proxyMetadata: {} } };

export interface At {
  resource: Resource;
  /** JSON path from the object root, e.g. ['spec', 'gateways', 1]. */
  path: Path;
}

export interface AnalysisContext<C extends Code = Code> {
  /** The resources the user wrote: what findings are about. */
  readonly index: ConfigIndex;
  /** The config store (inputs plus overlays: src/convert), for analyzers built on derived proxy config. */
  readonly config: ConfigStore;
  /** The run settings; reading `mesh` reads the input MeshConfig. */
  readonly settings: AnalysisSettings;
  /** `fix`: the precise fix (src/model/fixes.ts, shared with explain) when the analyzer knows what to change. */
  report<K extends C>(code: K, args: ArgsOf<K>, at: At, fix?: Text): void;
  /** Findings of loading and validation about resources of these kinds, for the analyzer that re-reports them. */
  loaded(kinds: readonly Kind[]): readonly Finding[];
  /** Re-reports a loader finding under this analyzer (the run then reports it once, under the analyzer). */
  forward(f: Finding & { code: C }): void;
  /** A value computed once per run and shared by analyzers (e.g. derived proxy configs). */
  memo<T>(key: string, build: () => T): T;
}

export interface ContextParts {
  analyzer: string;
  index: ConfigIndex;
  config: ConfigStore;
  settings: AnalysisSettings;
  sink: Finding[];
  loaded: readonly Finding[];
  memo: Map<string, unknown>;
  /** Filled with every input the analyzer reads: kinds, and MeshConfig. */
  kindsRead: Set<string>;
  /** Filled with the loader findings the analyzer re-reported. */
  forwarded: Set<Finding>;
}

export function createContext<C extends Code>(p: ContextParts): AnalysisContext<C> {
  const index = recording(p.index, (kind) => p.kindsRead.add(kind));
  // Reading a kind an overlay adds reads what that overlay converted from.
  const config: ConfigStore = {
    ...recording(p.config, (kind) => {
      p.kindsRead.add(kind);
      for (const o of p.config.overlays) if (o.outputs.includes(kind)) for (const k of o.inputs) p.kindsRead.add(k);
    }),
    overlays: p.config.overlays,
  };
  const settings: AnalysisSettings = { ...p.settings };
  Object.defineProperty(settings, 'mesh', {
    enumerable: true,
    get: () => {
      p.kindsRead.add('MeshConfig');
      return p.settings.mesh;
    },
  });
  return {
    index,
    config,
    settings,
    report(code, args, at, fix) {
      const r = at.resource;
      p.sink.push(
        finding(code, args, {
          at: { file: r.origin.file, doc: r.origin.doc, path: [...r.origin.base, ...at.path] },
          resource: refOf(r),
          analyzer: p.analyzer,
          ...(fix ? { fix } : {}),
        }),
      );
    },
    loaded(kinds) {
      for (const k of kinds) p.kindsRead.add(k);
      // Findings name the kind as documents do (a Gateway API Gateway is a `Gateway`).
      const names = new Set(kinds.map(displayKind));
      return p.loaded.filter((f) => f.resource !== undefined && names.has(f.resource.kind));
    },
    forward(f) {
      p.forwarded.add(f);
      p.sink.push({ ...f, analyzer: p.analyzer });
    },
    memo<T>(key: string, build: () => T): T {
      if (!p.memo.has(key)) p.memo.set(key, build());
      return p.memo.get(key) as T;
    },
  };
}

/** The index, telling `read` every kind asked for (Istio's CheckMetadataInputs). */
function recording(inner: ConfigIndex, read: (kind: Kind) => void): ConfigIndex {
  return {
    options: inner.options,
    all: inner.all,
    ofKind: <K extends Kind>(kind: K) => {
      read(kind);
      return inner.ofKind(kind);
    },
    get: <K extends Kind>(kind: K, namespace: string, name: string) => {
      read(kind);
      return inner.get(kind, namespace, name);
    },
    namespaces: () => inner.namespaces(),
  };
}
