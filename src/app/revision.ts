// A workspace from the files of named paths at a git revision (`gwctl diff --git-base <ref>`): read
// from the repository into memory by src/load/gitRevision.ts, then loaded like any other files.
import { readGitRevision } from '../load/gitRevision.js';
import { indexFiles } from '../model/indexFiles.js';
import { validateFiles } from '../schema/validateFiles.js';
import { MAX_FILE_BYTES, modelOptions, type LoadOptions } from './load.js';
import { createWorkspace, type Workspace } from './workspace.js';

export interface RevisionOptions extends LoadOptions {
  /** Where `git` runs and relative paths start. */
  cwd: string;
  /** The environment `git` runs with. */
  env: Readonly<Record<string, string | undefined>>;
  /** Size cap of one file (default MAX_FILE_BYTES). */
  maxFileBytes?: number;
}

export interface Revision {
  workspace: Workspace;
  /** The commit the ref resolved to. */
  commit: string;
  /** Named paths that do not exist at that commit (read as empty). */
  absent: string[];
}

/** The named paths as they are at `ref`, as a workspace. Throws a UsageError for a bad ref or a path outside the repository. */
export async function loadRevision(ref: string, paths: readonly string[], opts: RevisionOptions): Promise<Revision> {
  const options = modelOptions(opts);
  const rev = await readGitRevision({ cwd: opts.cwd, env: opts.env, ref, paths, maxFileBytes: opts.maxFileBytes ?? MAX_FILE_BYTES });
  const indexed = indexFiles(await validateFiles(rev.files, options.defaultNamespace), options);
  const workspace = createWorkspace({
    indexed,
    fileOrder: rev.files.map((f) => f.name),
    readFindings: rev.findings,
    paths: [...paths],
    ...(opts.overlays ? { overlays: opts.overlays } : {}),
  });
  return { workspace, commit: rev.commit, absent: rev.absent };
}
