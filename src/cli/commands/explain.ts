// `gwctl explain <url> -f <paths> [--gateway w] [--from w] [-H ...] [-X M] [--sni n] [-o text|json|yaml]`:
// one request through the derived gateway (or sidecar) config, stage by stage, with root causes.
import { answered, explain, parseRequest } from '../../app/explain.js';
import { explainRecordOf } from '../../app/records.js';
import type { ExplainResult } from '../../app/index.js';
import { explainText } from '../../report/views/explainTrace.js';
import { chalkFor } from '../color.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError, type ExitCode } from '../exitCodes.js';
import { reportInputProblems, worstExit } from '../inputProblems.js';
import { inputPaths, loadInputs, type InputOptions } from '../inputs.js';
import { isInputPath } from '../inputPath.js';
import { note, type CliIo } from '../io.js';
import { escapeText, jsonText, yamlText } from '../../report/escape.js';

export interface ExplainOptions extends InputOptions {
  gateway?: string;
  from?: string;
  header?: string[];
  request?: string;
  sni?: string;
  output: string;
}

/** 0: the request is forwarded, or answered by a rule meant to answer it; 1: it fails; 2: usage. */
export function explainExitCode(r: ExplainResult): ExitCode {
  if (r.causes.some((c) => c.finding.level === 'error')) return EXIT_FINDINGS;
  return answered(r) ? EXIT_OK : EXIT_FINDINGS;
}

export async function runExplain(url: string, paths: string[], opts: ExplainOptions, io: CliIo): Promise<ExitCode> {
  if (!['text', 'json', 'yaml'].includes(opts.output)) throw new UsageError(`--output must be text, json or yaml, not "${opts.output}"`);
  if (opts.gateway !== undefined && opts.from !== undefined) throw new UsageError('use either --gateway or --from, not both');
  const { named, opts: readOpts } = inputPaths(paths, opts, io, 'name files or folders with -f (- reads stdin)');
  const req = parseRequest({ url, headers: opts.header ?? [], ...(opts.request !== undefined ? { method: opts.request } : {}), ...(opts.sni !== undefined ? { sni: opts.sni } : {}) });
  const workloadLike = paths.filter((p) => !isInputPath(p, io.cwd));
  if (workloadLike.length > 0) {
    const w = workloadLike[0] ?? '';
    throw new UsageError(`cannot read ${w}: no such file or folder (to pick the proxy, use --gateway ${w}, or --from ${w} for a sidecar)`);
  }
  const inputs = await loadInputs(named, readOpts, io);
  // Deriving the proxy and walking the request is run-once work too (src/cli/tiering.ts).
  io.inputsLoaded?.();
  const inputExit = reportInputProblems(inputs, io);
  if (inputExit === EXIT_USAGE) return inputExit;
  const proxy = opts.from !== undefined ? { target: opts.from, as: 'sidecar' as const } : { ...(opts.gateway !== undefined ? { target: opts.gateway } : {}), as: 'gateway' as const };
  const { result, notes } = explain(inputs, req, proxy);
  for (const n of notes) note(io, `note: ${escapeText(n.message)}\n`);
  const record = explainRecordOf(inputs, result);
  if (opts.output === 'json') io.stdout(jsonText(record, 2) + '\n');
  else if (opts.output === 'yaml') io.stdout(yamlText(record, { noRefs: true, lineWidth: -1 }));
  else io.stdout(explainText(record, chalkFor(io)));
  return worstExit(explainExitCode(result), inputExit);
}
