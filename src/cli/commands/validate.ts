// `gwctl validate`: every schema and syntax problem in the inputs, with file:line:column.
import { exitCodeFor, UsageError, type ExitCode } from '../exitCodes.js';
import { chalkFor } from '../color.js';
import { loadInputs, type InputOptions } from '../inputs.js';
import type { CliIo } from '../io.js';
import { findingRecords } from '../../app/records.js';
import { stylish } from '../../report/reporters/stylish.js';
import { jsonReport } from '../../report/reporters/json.js';
import { escapeText } from '../../report/escape.js';

export interface ValidateOptions extends InputOptions {
  output: string;
}

export async function runValidate(paths: string[], opts: ValidateOptions, io: CliIo): Promise<ExitCode> {
  if (opts.output !== 'text' && opts.output !== 'json') throw new UsageError(`--output must be text or json, not "${opts.output}"`);
  if (paths.length === 0 && (opts.filename ?? []).length === 0) throw new UsageError('no input: name files or folders, or use -f (- reads stdin)');
  const inputs = await loadInputs(paths, opts, io);
  for (const e of inputs.unreadable) io.stderr(`error: ${escapeText(e)}\n`);
  const records = findingRecords(inputs, inputs.findings);
  if (opts.output === 'json') io.stdout(jsonReport(records));
  else if (inputs.stats.files > 0 || inputs.unreadable.length === 0) {
    const { files, resources, ignored } = inputs.stats;
    io.stdout(stylish(records, { files, resources, ignored, unreadable: inputs.unreadable.length }, chalkFor(io)));
  }
  return exitCodeFor({ inputErrors: inputs.unreadable.length, findings: inputs.findings, failureThreshold: 'error' });
}
