// Shared by every command: read the named paths and build the model.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Finding } from '../diagnostics/finding.js';
import { parseTarget } from '../derive/gateway/resolveWorkload.js';
import { readInputs } from '../load/readInputs.js';
import { processFiles } from '../load/parallel.js';
import { assembleModel, type LoadedModel } from '../model/loadModel.js';
import type { CliIo } from './io.js';

export interface InputOptions {
  filename?: string[];
  namespace?: string;
  clusterDomain?: string;
}

export interface Inputs {
  model: LoadedModel;
  /** Paths that could not be read (exit 2). */
  errors: string[];
  fileOrder: string[];
  findings: Finding[];
  /** Every path the user named (positionals, then -f), as given. */
  paths: string[];
}

export async function loadInputs(paths: readonly string[], opts: InputOptions, io: CliIo): Promise<Inputs> {
  const all = [...paths, ...(opts.filename ?? [])];
  const read = await readInputs(all, io.readStdin);
  const options = { defaultNamespace: opts.namespace ?? 'default', domainSuffix: opts.clusterDomain ?? 'cluster.local' };
  const model = assembleModel(read.files, await processFiles(read.files, options.defaultNamespace), options);
  return {
    model,
    errors: read.errors,
    fileOrder: read.files.map((f) => f.name),
    findings: [...read.findings, ...model.findings],
    paths: all,
  };
}

const WORKLOAD_FORM = /^[A-Za-z]+\/[^/\\]+$/;

/**
 * Whether a positional names an input rather than a workload: `-`, an existing path, or anything that
 * looks like a file (a .yaml/.yml/.json name, or a path separator outside the `deploy/name` form).
 * A missing one is then reported as "cannot read" (exit 2) instead of being taken for a workload.
 */
export function isInputPath(arg: string, cwd: string): boolean {
  if (arg === '-' || existsSync(path.resolve(cwd, arg))) return true;
  if (/\.(ya?ml|json)$/i.test(arg)) return true;
  if (!arg.includes('/') && !arg.includes('\\')) return false;
  if (!WORKLOAD_FORM.test(arg)) return true;
  try {
    parseTarget(arg);
    return false;
  } catch {
    return true;
  }
}
