// istioctl analyze's line form: `Level [CODE] (Kind name.ns file:line) message`, level coloured on a TTY,
// and under the first finding of a code an indented `fix:` line when its remedy is specific.
import type { ChalkInstance } from 'chalk';
import type { Level } from '../../diagnostics/catalog.js';
import { dottedName } from '../../diagnostics/ref.js';
import type { FindingRecord } from '../record.js';
import { fixOnce } from './fixes.js';
import { escapeText } from '../escape.js';

const LABEL: Record<Level, string> = { error: 'Error', warning: 'Warning', info: 'Info' };

export function logReport(records: readonly FindingRecord[], chalk: ChalkInstance): string {
  const paint: Record<Level, (s: string) => string> = { error: chalk.red, warning: chalk.yellow, info: chalk.cyan };
  const fixOf = fixOnce();
  return records
    .map((r) => {
      const where: string[] = [];
      if (r.resource) where.push(escapeText(`${r.resource.kind} ${dottedName(r.resource)}`));
      if (r.file) where.push(escapeText(r.line === null ? r.file : `${r.file}:${r.line}`));
      const origin = where.length > 0 ? ` (${where.join(' ')})` : '';
      const fix = fixOf(r);
      return `${paint[r.level](LABEL[r.level])} [${r.code}]${origin} ${escapeText(r.message)}\n${fix === undefined ? '' : `  ${chalk.dim(`fix: ${escapeText(fix)}`)}\n`}`;
    })
    .join('');
}
