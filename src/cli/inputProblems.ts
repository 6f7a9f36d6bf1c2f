// What proxy-config and explain say about broken inputs, and the exit code that follows, decided here
// once. Their stdout is the derived config or the trace, so the input's problems go to stderr: each
// error (a document that was dropped or is invalid) on one `file:line:column: error CODE message`
// line, warnings only counted, and a pointer to `gwctl validate`, which lists them all with fixes.
import { atLeast } from '../diagnostics/finding.js';
import { findingRecords } from '../app/records.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, type ExitCode } from './exitCodes.js';
import type { Workspace } from '../app/workspace.js';
import { note, type CliIo } from './io.js';
import { escapeText, hasCiCommand, hasControlCharacters } from '../report/escape.js';

/** More errors than this are summed up in one line; validate lists them all. */
const SHOWN_ERRORS = 10;

/** The higher of two exit codes (usage beats findings beats clean). */
export const worstExit = (a: ExitCode, b: ExitCode): ExitCode => (a >= b ? a : b);

/** One character inside bash's `$'...'`: escapeText's escapes, with C1 controls as code points (`\xNN` is a byte there). */
function ansiC(c: string): string {
  if (c === '\\' || c === "'") return `\\${c}`;
  const shown = escapeText(c);
  return /^\\x[89a-f]/.test(shown) ? `\\u00${shown.slice(2)}` : shown;
}

/**
 * `gwctl validate` with the paths of this run, quoted for a POSIX shell where needed. A path with
 * control characters or a CI log command (a file name from a pull request) is written in bash's
 * `$'...'` quoting, whose escapes are escapeText's: the line stays inert in a terminal and a CI log,
 * and still runs when pasted.
 */
export function validateCommand(paths: readonly string[]): string {
  const quote = (p: string): string => {
    if (/^[\w./:@%+=,-]+$/.test(p)) return p;
    // `##[` is a CI log command anywhere in a line: its second `#` is written `\x23` (still `#` to bash).
    if (hasControlCharacters(p) || hasCiCommand(p)) return `$'${p.replace(/[\\']|[^]/g, ansiC).replace(/##(?=[A-Za-z]*\[)/g, '#\\x23')}'`;
    return `'${p.replace(/'/g, `'\\''`)}'`;
  };
  return ['gwctl validate', ...paths.map(quote)].join(' ');
}

/**
 * Prints unreadable paths and the inputs' error-level findings on stderr, counts its warnings, and
 * returns the exit code they imply: 2 for an unreadable path, 1 for a broken or invalid document.
 */
export function reportInputProblems(inputs: Workspace, io: CliIo): ExitCode {
  for (const e of inputs.unreadable) io.stderr(`error: ${escapeText(e)}
`);
  if (inputs.unreadable.length > 0) return EXIT_USAGE;
  const errors = inputs.findings.filter((f) => atLeast(f.level, 'error'));
  const warnings = inputs.findings.filter((f) => f.level === 'warning').length;
  const records = findingRecords(inputs, errors);
  for (const r of records.slice(0, SHOWN_ERRORS)) {
    const where = r.file === null ? '' : r.line === null ? `${escapeText(r.file)}: ` : `${escapeText(r.file)}:${r.line}:${r.column ?? 1}: `;
    io.stderr(`${where}error ${r.code} ${escapeText(r.message)}\n`);
  }
  if (records.length > SHOWN_ERRORS) io.stderr(`... and ${records.length - SHOWN_ERRORS} more errors\n`);
  const validate = `\`${validateCommand(inputs.paths)}\``;
  const warned = `${warnings} ${warnings === 1 ? 'warning' : 'warnings'}`;
  if (records.length > 0) {
    note(io, `note: ${warnings > 0 ? `the inputs also have ${warned}; ` : ''}run ${validate} to see every problem with its fix\n`);
  } else if (warnings > 0) {
    note(io, `note: the inputs have ${warned}; run ${validate} to see them\n`);
  }
  return records.length > 0 ? EXIT_FINDINGS : EXIT_OK;
}
