// Inputs -> Workspace, the first step of every command. `load` reads paths (through src/load, the
// only code that touches the file system); `loadSources` takes files already in memory (tests, a
// git revision for `diff`) and is pure.
import { readInputs, type StdinReader } from '../load/readInputs.js';
import { processFiles } from '../load/parallel.js';
import type { SourceFile } from '../load/parseDocuments.js';
import { assembleModel, loadModel } from '../model/loadModel.js';
import type { ModelOptions } from '../model/configIndex.js';
import { createWorkspace, type Workspace } from './workspace.js';

export type { SourceFile } from '../load/parseDocuments.js';
export { MAX_FILE_BYTES } from '../load/readInputs.js';

export interface LoadOptions {
  /** Namespace of documents that have none (`-n`); default `default`. */
  defaultNamespace?: string;
  /** Cluster domain suffix of expanded short host names (`--cluster-domain`); default `cluster.local`. */
  domainSuffix?: string;
}

export interface ReadOptions extends LoadOptions {
  /** Where `-` reads from; without it, `-` reads nothing. */
  readStdin?: StdinReader;
  /** Size cap of one file and of stdin (default MAX_FILE_BYTES, 256 MiB); larger ones are refused. */
  maxFileBytes?: number;
}

export function modelOptions(o: LoadOptions): ModelOptions {
  return { defaultNamespace: o.defaultNamespace ?? 'default', domainSuffix: o.domainSuffix ?? 'cluster.local' };
}

/** Files already in memory, in the order given, to a workspace. */
export function loadSources(files: readonly SourceFile[], opts: LoadOptions = {}): Workspace {
  return createWorkspace({ model: loadModel(files, modelOptions(opts)), fileOrder: files.map((f) => f.name) });
}

/** Files and folders (walked recursively; `-` is stdin) to a workspace. */
export async function load(paths: readonly string[], opts: ReadOptions = {}): Promise<Workspace> {
  const options = modelOptions(opts);
  const read = await readInputs(paths, opts.readStdin ?? (async () => new Uint8Array()), opts.maxFileBytes !== undefined ? { maxFileBytes: opts.maxFileBytes } : {});
  const model = assembleModel(read.files, await processFiles(read.files, options.defaultNamespace), options);
  return createWorkspace({ model, fileOrder: read.files.map((f) => f.name), readFindings: read.findings, unreadable: read.errors, paths: [...paths] });
}
