// What `load` and `validateInputs` are asked for: the options of reading and of the model. Apart from
// load.ts so that `validate`, which builds no workspace, loads none of the workspace's code (the
// overlays, and node:crypto with them).
import type { Overlay } from '../convert/index.js';
import type { RenderedInput } from '../load/kustomize.js';
import type { StdinReader } from '../load/readInputs.js';
import type { ModelOptions } from '../model/configIndex.js';
import { meshSettings, worldSettings } from './settings.js';

export { MAX_FILE_BYTES } from '../load/readInputs.js';

export interface LoadOptions {
  /** Namespace of documents that have none (`-n`); default `default`. */
  defaultNamespace?: string;
  /** Cluster domain suffix of expanded short host names (`--cluster-domain`); default `cluster.local`. */
  domainSuffix?: string;
  /** The conversions istiod would run (Kubernetes Ingress...); default all of them (src/convert). */
  overlays?: readonly Overlay[];
  /**
   * The mesh config (`--mesh-config`): the `mesh` text of the istio ConfigMap as data (readMeshConfigText
   * reads a file's text), merged over Istio's defaults. Invalid: a UsageError.
   */
  meshConfig?: unknown;
  /** The inputs are the whole world (`--strict`): no destination host or subset is assumed to exist beyond them (endpoints stay unknown in namespaces whose workloads the inputs do not hold). */
  strict?: boolean;
  /** Hosts that exist outside the inputs (`--assume-host host[:port,...]`), in strict mode too. */
  assumeHosts?: readonly string[];
}

export interface ReadOptions extends LoadOptions {
  /** Where `-` reads from; without it, `-` reads nothing. */
  readStdin?: StdinReader;
  /** Size cap of one file and of stdin (default MAX_FILE_BYTES, 256 MiB); larger ones are refused. */
  maxFileBytes?: number;
  /** Globs of files and folders the folder walk skips, relative to each named folder (src/load/readInputs.ts). */
  exclude?: readonly string[];
  /**
   * Rendered kustomizations (`-k`), read after the paths: each output as one file, its findings
   * located in the source file that defines the object where one does (src/load/kustomize.ts).
   */
  rendered?: readonly RenderedInput[];
}

export function modelOptions(o: LoadOptions): ModelOptions {
  const mesh = meshSettings(o.meshConfig);
  const world = worldSettings(o.strict, o.assumeHosts);
  return { defaultNamespace: o.defaultNamespace ?? 'default', domainSuffix: o.domainSuffix ?? 'cluster.local', ...(mesh ? { mesh } : {}), ...(world ? { world } : {}) };
}
