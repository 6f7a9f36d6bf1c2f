// Shared by every command: read the named paths and build the model.
import type { Finding } from '../diagnostics/finding.js';
import { readInputs } from '../load/readInputs.js';
import { loadModel, type LoadedModel } from '../model/loadModel.js';
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
}

export async function loadInputs(paths: readonly string[], opts: InputOptions, io: CliIo): Promise<Inputs> {
  const all = [...paths, ...(opts.filename ?? [])];
  const read = await readInputs(all, io.readStdin);
  const model = loadModel(read.files, {
    defaultNamespace: opts.namespace ?? 'default',
    domainSuffix: opts.clusterDomain ?? 'cluster.local',
  });
  return {
    model,
    errors: read.errors,
    fileOrder: read.files.map((f) => f.name),
    findings: [...read.findings, ...model.findings],
  };
}
