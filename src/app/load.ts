// Inputs -> Workspace, the first step of every command, in one straight line: read the files
// (src/load, the only code that touches the file system), validate each (src/schema), index them
// (src/model), then the workspace applies the overlays (src/convert). `load` reads paths;
// `loadSources` takes files already in memory (tests, a git revision for `diff`) and is pure.
import { traceRendered } from '../load/kustomize.js';
import { readInputs } from '../load/readInputs.js';
import type { SourceFile } from '../load/parseDocuments.js';
import { indexFiles } from '../model/indexFiles.js';
import { startValidateWorkersWhenLarge, validateFile, validateFiles } from '../schema/validateFiles.js';
import { modelOptions, type LoadOptions, type ReadOptions } from './loadOptions.js';
import { createWorkspace, type Workspace } from './workspace.js';

export type { SourceFile } from '../load/parseDocuments.js';
export type { RenderedInput, RenderedTrace } from '../load/kustomize.js';
export { MAX_FILE_BYTES, modelOptions, type LoadOptions, type ReadOptions } from './loadOptions.js';

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
