// `gwctl analyze`: run the analyzers over manifests and report findings in one of five formats.
// Unlike istioctl it reports on every namespace in the inputs; -n only names namespace-less documents.
import type { Level } from '../../diagnostics/catalog.js';
import { atLeast } from '../../diagnostics/finding.js';
import { ANALYZERS } from '../../analysis/analyzers/index.js';
import { CLI_SETTINGS } from '../../analysis/context.js';
import { analysisFindings, runAnalyzers, selectAnalyzers } from '../../analysis/run.js';
import { applySuppressions, parseSuppressions } from '../../analysis/suppress.js';
import { sortRecords, toRecords } from '../../report/record.js';
import { isReporterName, REPORTER_NAMES, REPORTERS } from '../../report/reporters/index.js';
import { chalkFor } from '../color.js';
import { exitCodeFor, UsageError, type ExitCode } from '../exitCodes.js';
import { loadInputs, type InputOptions } from '../inputs.js';
import type { CliIo } from '../io.js';
import { escapeText } from '../../report/escape.js';

export interface AnalyzeOptions extends InputOptions {
  output: string;
  failureThreshold: string;
  outputThreshold: string;
  suppress?: string[];
  analyzer?: string[];
  listAnalyzers?: boolean;
}

const LEVELS: readonly Level[] = ['error', 'warning', 'info'];

function level(flag: string, value: string): Level {
  const v = value.toLowerCase();
  if ((LEVELS as readonly string[]).includes(v)) return v as Level;
  throw new UsageError(`${flag} must be one of ${LEVELS.join(', ')}, not "${value}"`);
}

export async function runAnalyze(paths: string[], opts: AnalyzeOptions, io: CliIo): Promise<ExitCode> {
  if (opts.listAnalyzers) {
    const width = Math.max(...ANALYZERS.map((a) => a.name.length));
    for (const a of ANALYZERS) io.stdout(`${a.name.padEnd(width)}  ${a.description}${a.istio ? ` (istioctl: ${a.istio})` : ''}\n`);
    return 0;
  }
  if (!isReporterName(opts.output)) throw new UsageError(`--output must be one of ${REPORTER_NAMES.join(', ')}, not "${opts.output}"`);
  const failureThreshold = level('--failure-threshold', opts.failureThreshold);
  const outputThreshold = level('--output-threshold', opts.outputThreshold);
  const selection = selectAnalyzers(opts.analyzer);
  if (selection.unknown.length > 0) throw new UsageError(`unknown analyzer ${selection.unknown.join(', ')} (see --list-analyzers)`);
  const suppressions = parseSuppressions(opts.suppress ?? []);
  if (suppressions.errors.length > 0) throw new UsageError(suppressions.errors.join('; '));
  if (paths.length === 0 && (opts.filename ?? []).length === 0) throw new UsageError('no input: name files or folders, or use -f (- reads stdin)');

  const inputs = await loadInputs(paths, opts, io);
  for (const e of inputs.unreadable) io.stderr(`error: ${escapeText(e)}\n`);
  for (const w of suppressions.warnings) io.stderr(`warning: ${escapeText(w)}\n`);
  const { inputs: index, locate } = inputs;
  const result = runAnalyzers(inputs, { select: opts.analyzer, settings: CLI_SETTINGS, loaded: inputs.findings });
  const all = analysisFindings(inputs.findings, result);
  const { kept, suppressed, warnings } = applySuppressions(all, suppressions.rules, index);
  for (const w of warnings) io.stderr(`warning: ${escapeText(w)}\n`);
  const shown = kept.filter((f) => atLeast(f.level, outputThreshold));
  const records = sortRecords(toRecords(shown, locate), inputs.fileOrder);
  io.stdout(REPORTERS[opts.output](records, { chalk: chalkFor(io) }));
  const hidden = kept.length - shown.length;
  const count = (n: number, word: string): string => `${n} ${n === 1 ? word : `${word}s`}`;
  const notes = [`${count(result.ran.length, 'analyzer')} ran`, `${count(records.length, 'finding')} shown`];
  if (hidden > 0) notes.push(`${hidden} below --output-threshold ${outputThreshold}`);
  if (suppressed > 0) notes.push(`${suppressed} suppressed`);
  const { resources, files } = inputs.stats;
  io.stderr(`${notes.join(', ')} (${count(resources, 'resource')} in ${count(files, 'file')}, all namespaces)\n`);
  return exitCodeFor({ inputErrors: inputs.unreadable.length, findings: kept, failureThreshold });
}
