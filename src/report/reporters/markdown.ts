// A Markdown report for a CI job summary ($GITHUB_STEP_SUMMARY) or a pull request comment: the
// verdict and counts by level, then one table row per finding, errors first (level, code linked to its
// documentation, place, resource, message and fix). Manifests are written by anyone: every string
// from them sits in a code span (nothing in it is read as Markdown, HTML, a link or a mention),
// control characters escaped, `|` escaped. Rows are capped so the summary stays within GitHub's
// 1 MiB limit; the rest is counted.
import type { Level } from '../../diagnostics/catalog.js';
import { atLeast } from '../../diagnostics/finding.js';
import { fullName } from '../../diagnostics/ref.js';
import type { FindingRecord } from '../record.js';
import { mdCode } from '../views/diffMarkdown.js';

export interface MarkdownContext {
  command: string;
  failureThreshold: Level;
  files: readonly string[];
  /** How many resources were read (the summary's scope). */
  resources: number;
}

export const MARKDOWN_ROW_LIMIT = 500;

const ICON: Record<Level, string> = { error: '🔴 error', warning: '🟡 warning', info: '🔵 info' };
const plural = (n: number, w: string): string => `${n} ${n === 1 ? w : `${w}s`}`;

export function markdownReport(records: readonly FindingRecord[], ctx: MarkdownContext): string {
  const count = (l: Level): number => records.filter((r) => r.level === l).length;
  const failing = records.filter((r) => atLeast(r.level, ctx.failureThreshold)).length;
  const out: string[] = [`### gwctl ${ctx.command}`, ''];
  const scope = `${plural(ctx.resources, 'resource')} in ${plural(ctx.files.length, 'file')}`;
  out.push(
    failing > 0
      ? `❌ **${plural(failing, 'finding')} at or above \`${ctx.failureThreshold}\`** (${scope})`
      : `✅ **no finding at or above \`${ctx.failureThreshold}\`** (${scope})`,
    '',
    '| level | findings |',
    '| --- | ---: |',
    `| error | ${count('error')} |`,
    `| warning | ${count('warning')} |`,
    `| info | ${count('info')} |`,
  );
  if (records.length > 0) {
    out.push('', '| level | code | where | resource | finding |', '| --- | --- | --- | --- | --- |');
    // Errors first, then warnings, then info; input order within a level.
    const rank: Record<Level, number> = { error: 0, warning: 1, info: 2 };
    const ordered = records.map((r, i) => ({ r, i })).sort((a, b) => rank[a.r.level] - rank[b.r.level] || a.i - b.i);
    for (const { r } of ordered.slice(0, MARKDOWN_ROW_LIMIT)) {
      const where = r.file === null ? '' : mdCode(r.line === null ? r.file : `${r.file}:${r.line}`);
      const resource = r.resource ? mdCode(`${r.resource.kind} ${fullName(r.resource)}`) : '';
      const finding = `${mdCode(r.message)}${r.fix ? `<br>fix: ${mdCode(r.fix)}` : ''}`;
      out.push(`| ${ICON[r.level]} | [${r.code}](${r.documentation}) | ${where} | ${resource} | ${finding} |`);
    }
    if (records.length > MARKDOWN_ROW_LIMIT) out.push('', `… and ${records.length - MARKDOWN_ROW_LIMIT} more findings (\`-o json\` lists them all).`);
  }
  return out.join('\n') + '\n';
}
