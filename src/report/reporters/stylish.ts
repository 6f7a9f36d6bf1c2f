// Default human output: findings grouped by file, one line each, then a summary.
import type { ChalkInstance } from 'chalk';
import type { Level } from '../../diagnostics/catalog.js';
import { fullName } from '../../diagnostics/ref.js';
import type { FindingRecord } from '../record.js';
import { fixOnce } from './fixes.js';
import { escapeText } from '../escape.js';

export interface Summary {
  files: number;
  resources: number;
  ignored: number;
  /** Named paths that could not be read: the run is not clean, whatever was found in the rest. */
  unreadable?: number;
}

export function stylish(records: readonly FindingRecord[], summary: Summary, chalk: ChalkInstance): string {
  const paint: Record<Level, (s: string) => string> = { error: chalk.red, warning: chalk.yellow, info: chalk.cyan };
  const lines: string[] = [];
  let current: string | null | undefined;
  const fixOf = fixOnce();
  for (const r of records) {
    if (r.file !== current) {
      if (current !== undefined) lines.push('');
      lines.push(chalk.underline(r.file === null ? '(input)' : escapeText(r.file)));
      current = r.file;
    }
    const pos = r.line === null ? '' : `${r.line}:${r.column}`;
    const res = r.resource ? `  ${escapeText(`${r.resource.kind} ${fullName(r.resource)}`)}` : '';
    lines.push(`  ${chalk.dim(pos.padEnd(8))} ${paint[r.level](r.level.padEnd(7))}  ${escapeText(r.message)}  ${chalk.dim(r.code + res)}`);
    const fix = fixOf(r);
    if (fix !== undefined) lines.push(`  ${' '.repeat(8)} ${' '.repeat(7)}  ${chalk.dim(`fix: ${escapeText(fix)}`)}`);
  }
  if (records.length > 0) lines.push('');
  const count = (l: Level) => records.filter((r) => r.level === l).length;
  const parts = [`${count('error')} ${plural(count('error'), 'error')}`, `${count('warning')} ${plural(count('warning'), 'warning')}`];
  if (count('info') > 0) parts.push(`${count('info')} info`);
  const scope = `${summary.resources} ${plural(summary.resources, 'resource')} in ${summary.files} ${plural(summary.files, 'file')}${summary.ignored ? `, ${summary.ignored} ${plural(summary.ignored, 'document')} ignored` : ''}`;
  const unreadable = summary.unreadable ?? 0;
  if (unreadable > 0) parts.unshift(`${unreadable} ${plural(unreadable, 'path')} could not be read`);
  const mark = count('error') > 0 || unreadable > 0 ? chalk.red('✖') : count('warning') > 0 ? chalk.yellow('⚠') : chalk.green('✔');
  lines.push(`${mark} ${parts.join(', ')} (${scope})`);
  return lines.join('\n') + '\n';
}

const plural = (n: number, word: string): string => (n === 1 ? word : `${word}s`);
