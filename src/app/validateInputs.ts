// `validate`'s inputs: read, checked file by file, and counted; no workspace is built (src/app/load.ts
// builds one for every other command).
import { traceRendered } from '../load/kustomize.js';
import { readInputs } from '../load/readInputs.js';
import { defaultWorkers } from '../load/workerPool.js';
import { countFiles } from '../model/indexFiles.js';
import { checkFile, type CheckedFile } from '../schema/validateFiles.js';
import { modelOptions, type ReadOptions } from './loadOptions.js';
import type { Workspace } from './workspace.js';

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
  if (defaultWorkers() > 0) return (await import('./load.js')).load(paths, opts);
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
