// Shared by every command: read the named paths and build the model.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { finding, type Finding } from '../diagnostics/finding.js';
import { parseTarget } from '../derive/gateway/resolveWorkload.js';
import { readInputs } from '../load/readInputs.js';
import type { SourceFile } from '../load/parseDocuments.js';
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
    findings: jsonSyntaxErrors([...read.findings, ...model.findings], read.files),
    paths: all,
  };
}

/**
 * The loader reports every parse failure as GW0001 (YAML syntax error); in a file it parsed as JSON
 * that is GW0012. This mirrors the loader's JSON test (src/load/parseDocuments.ts) and can go once
 * the loader emits GW0012 itself.
 */
function jsonSyntaxErrors(findings: Finding[], files: readonly SourceFile[]): Finding[] {
  if (!findings.some((f) => f.code === 'GW0001')) return findings;
  const byName = new Map(files.map((f) => [f.name, f]));
  return findings.map((f) => {
    if (f.code !== 'GW0001' || !f.at) return f;
    const file = byName.get(f.at.file);
    if (!file || !parsedAsJson(file)) return f;
    return finding('GW0012', f.args, { at: f.at, ...(f.resource ? { resource: f.resource } : {}), level: f.level });
  });
}

function parsedAsJson(file: SourceFile): boolean {
  if (/\.json$/i.test(file.name)) return true;
  const head = new TextDecoder().decode(file.bytes.subarray(0, 64)).replace(/^\uFEFF/, '').trimStart();
  return head.startsWith('{"') || head.startsWith('[') || head.startsWith('{\n') || head.startsWith('{\r');
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
