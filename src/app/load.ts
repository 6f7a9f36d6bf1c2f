// Inputs -> Workspace, the first step of every command, in one straight line: read the files
// (src/load, the only code that touches the file system), validate each (src/schema), index them
// (src/model), then the workspace applies the overlays (src/convert). `load` reads paths;
// `loadSources` takes files already in memory (tests, a git revision for `diff`) and is pure.
import { traceRendered, type RenderedInput } from '../load/kustomize.js';
import { readInputs, type StdinReader } from '../load/readInputs.js';
import type { SourceFile } from '../load/parseDocuments.js';
import type { Overlay } from '../convert/index.js';
import type { ModelOptions } from '../model/configIndex.js';
import { countFiles, indexFiles } from '../model/indexFiles.js';
import { defaultWorkers } from '../load/workerPool.js';
import { checkFile, startValidateWorkersWhenLarge, validateFile, validateFiles, type CheckedFile } from '../schema/validateFiles.js';
import { meshSettings, worldSettings } from './settings.js';
import { createWorkspace, type Workspace } from './workspace.js';

export type { SourceFile } from '../load/parseDocuments.js';
export type { RenderedInput, RenderedTrace } from '../load/kustomize.js';
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

/** Files already in memory, in the order given, to a workspace. */
export function loadSources(files: readonly SourceFile[], opts: LoadOptions = {}): Workspace {
  const options = modelOptions(opts);
  const indexed = indexFiles(files.map((f) => validateFile(f, options.defaultNamespace)), options);
  return createWorkspace({ indexed, fileOrder: files.map((f) => f.name), ...(opts.overlays ? { overlays: opts.overlays } : {}) });
}

/** Files and folders (walked recursively; `-` is stdin) to a workspace. */
export async function load(paths: readonly string[], opts: ReadOptions = {}): Promise<Workspace> {
  const options = modelOptions(opts);
  // Load workers, when asked for, start while the rest of a large input is read.
  const onRead = startValidateWorkersWhenLarge();
  const read = await readInputs(paths, opts.readStdin ?? (async () => new Uint8Array()), {
    ...(onRead ? { onRead } : {}),
    ...(opts.maxFileBytes !== undefined ? { maxFileBytes: opts.maxFileBytes } : {}),
    ...(opts.exclude !== undefined ? { exclude: opts.exclude } : {}),
  });
  const rendered = opts.rendered ?? [];
  const files = [...read.files, ...rendered.map((r) => r.output)];
  const indexed = indexFiles(await validateFiles(files, options.defaultNamespace), options);
  const { locate, traces } = traceRendered(indexed.locate, rendered);
  return createWorkspace({
    indexed: { ...indexed, locate },
    fileOrder: files.map((f) => f.name),
    rendered: traces,
    readFindings: read.findings,
    unreadable: read.errors,
    paths: [...paths],
    ignoredFiles: read.excluded.map((e) => ({ path: e.path, why: `matches the exclude glob ${e.glob}` })),
    ...(opts.overlays ? { overlays: opts.overlays } : {}),
  });
}

/**
 * What `validate` prints: the findings of reading, parsing, validation and indexing (a workspace's
 * `findings`), located, and the counts. No model: the analyzers and overlays do not run.
 */
export type Validation = Pick<Workspace, 'findings' | 'locate' | 'fileOrder' | 'stats' | 'unreadable' | 'paths' | 'ignoredFiles' | 'rendered'>;

/**
 * `load`'s findings and counts without its workspace: each file is checked as soon as it is read, and
 * only its findings, its text (for positions) and its resources' names are kept, so that loading
 * holds neither every file's parsed values nor a typed model of them. With load workers asked for
 * (GWCTL_LOAD_WORKERS), `load` itself, which shares the files with them.
 */
export async function validateInputs(paths: readonly string[], opts: ReadOptions = {}): Promise<Validation> {
  if (defaultWorkers() > 0) return load(paths, opts);
  const options = modelOptions(opts);
  const checked: CheckedFile[] = [];
  const read = await readInputs(paths, opts.readStdin ?? (async () => new Uint8Array()), {
    onFile: (f) => void checked.push(checkFile(f, options.defaultNamespace)),
    ...(opts.maxFileBytes !== undefined ? { maxFileBytes: opts.maxFileBytes } : {}),
    ...(opts.exclude !== undefined ? { exclude: opts.exclude } : {}),
  });
  const rendered = opts.rendered ?? [];
  for (const r of rendered) checked.push(checkFile(r.output, options.defaultNamespace));
  const counted = countFiles(checked);
  const { locate, traces } = traceRendered(counted.locate, rendered);
  return {
    findings: [...read.findings, ...counted.findings],
    locate,
    fileOrder: checked.map((f) => f.name),
    stats: counted.stats,
    unreadable: read.errors,
    paths: [...paths],
    ignoredFiles: [...read.excluded.map((e) => ({ path: e.path, why: `matches the exclude glob ${e.glob}` })), ...counted.ignoredFiles],
    rendered: traces,
  };
}
