// `gwctl analyze`: run the analyzers over manifests and report findings in one of five formats.
// Unlike istioctl it reports on every namespace in the inputs; -n only names namespace-less documents.
import { analyze, checkAnalyzeOptions, listAnalyzers } from '../../app/analyze.js';
import { findingRecords } from '../../app/records.js';
import { isReporterName, REPORTER_NAMES, REPORTERS } from '../../report/reporters/index.js';
import { escapeText } from '../../report/escape.js';
import { chalkFor } from '../color.js';
import { exitCodeFor, level, UsageError, type ExitCode } from '../exitCodes.js';
import { inputPaths, loadInputs, type InputOptions } from '../inputs.js';
import { note, type CliIo } from '../io.js';

export interface AnalyzeOptions extends InputOptions {
  output: string;
  failureThreshold: string;
  outputThreshold: string;
  suppress?: string[];
  analyzer?: string[];
  listAnalyzers?: boolean;
  skipWildcardGatewayHosts?: boolean;
}


export async function runAnalyze(paths: string[], opts: AnalyzeOptions, io: CliIo): Promise<ExitCode> {
  if (opts.listAnalyzers) {
    const analyzers = listAnalyzers();
    if (opts.output === 'json') {
      io.stdout(`${JSON.stringify(analyzers, null, 2)}\n`);
      return 0;
    }
    // Per check, what users migrating from istioctl or Kiali know it as.
    const width = Math.max(...analyzers.map((a) => a.name.length));
    for (const a of analyzers) {
      const istioctl = a.istio ?? (a.istioctlCodes ? `none (nearest: ${a.istioctlCodes.join(', ')})` : 'none');
      io.stdout(`${a.name.padEnd(width)}  ${a.description}\n`);
      io.stdout(`${''.padEnd(width)}  codes ${a.codes.join(', ')}; istioctl: ${istioctl}; Kiali: ${a.kiali?.join(', ') ?? 'none'}\n`);
    }
    return 0;
  }
  if (!isReporterName(opts.output)) throw new UsageError(`--output must be one of ${REPORTER_NAMES.join(', ')}, not "${opts.output}"`);
  const failureThreshold = level('--failure-threshold', opts.failureThreshold);
  const outputThreshold = level('--output-threshold', opts.outputThreshold);
  const options = {
    ...(opts.analyzer ? { analyzers: opts.analyzer } : {}),
    suppress: opts.suppress ?? [],
    outputThreshold,
    ...(opts.skipWildcardGatewayHosts === true ? { skipWildcardGatewayHosts: true } : {}),
  };
  checkAnalyzeOptions(options); // usage errors before any input is read
  const { named, opts: readOpts } = inputPaths(paths, opts, io);

  const ws = await loadInputs(named, readOpts, io);
  io.inputsLoaded?.();
  const result = analyze(ws, options);
  for (const e of ws.unreadable) io.stderr(`error: ${escapeText(e)}\n`);
  for (const w of result.warnings) io.stderr(`warning: ${escapeText(w)}\n`);
  for (const n of result.notes) note(io, `note: ${escapeText(n)}\n`);
  const records = findingRecords(ws, result.shown);
  io.stdout(REPORTERS[opts.output](records, { chalk: chalkFor(io), command: 'analyze', failureThreshold, files: ws.fileOrder, resources: ws.stats.resources }));
  const hidden = result.findings.length - result.shown.length;
  const count = (n: number, word: string): string => `${n} ${n === 1 ? word : `${word}s`}`;
  const notes = [`${count(result.ran.length, 'analyzer')} ran`, `${count(records.length, 'finding')} shown`];
  if (hidden > 0) notes.push(`${hidden} below --output-threshold ${outputThreshold}`);
  if (result.suppressed > 0) notes.push(`${result.suppressed} suppressed`);
  const { resources, files } = ws.stats;
  note(io, `${notes.join(', ')} (${count(resources, 'resource')} in ${count(files, 'file')}, all namespaces)\n`);
  return exitCodeFor({ inputErrors: ws.unreadable.length, findings: result.findings, failureThreshold });
}
