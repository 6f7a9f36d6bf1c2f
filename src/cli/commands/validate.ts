// `gwctl validate`: every schema and syntax problem in the inputs, with file:line:column; the same
// thresholds and report formats as analyze (text is validate's grouped-by-file form).
import { exitCodeFor, level, UsageError, type ExitCode } from '../exitCodes.js';
import { chalkFor } from '../color.js';
import { inputPaths, loadInputs, type InputOptions } from '../inputs.js';
import type { CliIo } from '../io.js';
import { validateInputs } from '../../app/validateInputs.js';
import { findingRecords } from '../../app/records.js';
import { atLeast } from '../../diagnostics/finding.js';
import { isReporterName, REPORTER_NAMES, REPORTERS } from '../../report/reporters/index.js';
import { stylish } from '../../report/reporters/stylish.js';
import { escapeText } from '../../report/escape.js';

export interface ValidateOptions extends InputOptions {
  output: string;
  failureThreshold: string;
  outputThreshold: string;
}

export async function runValidate(paths: string[], opts: ValidateOptions, io: CliIo): Promise<ExitCode> {
  const output = opts.output;
  if (output !== 'text' && !isReporterName(output)) throw new UsageError(`--output must be one of text, ${REPORTER_NAMES.join(', ')}, not "${output}"`);
  const failureThreshold = level('--failure-threshold', opts.failureThreshold);
  const outputThreshold = level('--output-threshold', opts.outputThreshold);
  const { named, opts: readOpts } = inputPaths(paths, opts, io);
  const inputs = await loadInputs(named, readOpts, io, validateInputs);
  for (const e of inputs.unreadable) io.stderr(`error: ${escapeText(e)}\n`);
  const shown = inputs.findings.filter((f) => atLeast(f.level, outputThreshold));
  const records = findingRecords(inputs, shown);
  const { files, resources, ignored } = inputs.stats;
  if (output !== 'text') {
    io.stdout(REPORTERS[output](records, { chalk: chalkFor(io), command: 'validate', failureThreshold, files: inputs.fileOrder, resources }));
  } else if (files > 0 || inputs.unreadable.length === 0) {
    io.stdout(stylish(records, { files, resources, ignored, unreadable: inputs.unreadable.length }, chalkFor(io)));
  }
  return exitCodeFor({ inputErrors: inputs.unreadable.length, findings: inputs.findings, failureThreshold });
}
