// `gwctl diff -o markdown`: a pull request comment. Summary counts, then the table of requests whose
// outcome changes (new failures first), then the details folded (<details>): config changes per
// workload and findings, as plain text in code blocks. A pull request's manifests are written by
// anyone, so every string from them sits in a code span or a code block (no Markdown, HTML, links
// or @mentions from input are interpreted), control characters escaped, `|` escaped in table cells,
// and each fence longer than any run of backticks inside it.
import { escapeText } from '../escape.js';
import type { FindingRecord } from '../record.js';
import type { BehaviourRecord, DiffRecord, WorkloadRecord } from './diffRecord.js';
import { describeOutcome, describeSource, plainConfigLines, summaryLine } from './diffText.js';

const longestRun = (s: string): number => Math.max(0, ...[...s.matchAll(/`+/g)].map((m) => m[0].length));

/** `s` as an inline code span that nothing in it can close or break out of, safe in a table cell. */
export function mdCode(s: string): string {
  if (s === '') return '';
  const text = escapeText(s).replace(/\|/g, '\\|');
  const fence = '`'.repeat(longestRun(text) + 1);
  const pad = text.startsWith('`') || text.endsWith('`') || text.startsWith(' ') || text.endsWith(' ') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** A fenced code block whose fence no line inside can close. */
export function mdBlock(lines: readonly string[], info = ''): string {
  const body = lines.map(escapeText).join('\n');
  const fence = '`'.repeat(Math.max(3, longestRun(body) + 1));
  return `${fence}${info}\n${body}\n${fence}`;
}

const KIND_LABEL: Record<BehaviourRecord['kind'], string> = { 'starts-failing': '🔴 starts failing', changes: '🟡 changes', 'stops-failing': '🟢 fixed' };

function behaviourRow(w: WorkloadRecord, b: BehaviourRecord): string {
  const label = b.newStatus !== null ? `🔴 new ${b.newStatus}` : KIND_LABEL[b.kind];
  const rule = b.head.source ?? b.base.source;
  const cells = [label, mdCode(b.request.label), mdCode(w.workload), mdCode(describeOutcome(b.base)), mdCode(describeOutcome(b.head)), rule ? mdCode(describeSource(rule)) : ''];
  return `| ${cells.join(' | ')} |`;
}

function findingLines(kind: string, records: readonly FindingRecord[]): string[] {
  return records.flatMap((r) => [
    `${kind} ${r.level} ${r.code}${r.resource ? ` ${r.resource.kind} ${r.resource.namespace ? `${r.resource.namespace}/` : ''}${r.resource.name}` : ''}${r.file !== null ? ` (${r.file}:${r.line ?? 1})` : ''}`,
    `    ${r.message}`,
  ]);
}

function details(summary: string, body: string): string {
  return `<details><summary>${summary}</summary>\n\n${body}\n\n</details>`;
}

export function diffMarkdown(r: DiffRecord): string {
  const s = r.summary;
  const out: string[] = [];
  out.push(`### gwctl diff`, '', `${mdCode(r.base.label)} → ${mdCode(r.head.label)}`, '', mdCode(summaryLine(r)), '');
  out.push('| | count |', '| --- | ---: |');
  out.push(`| requests that start failing | ${s.startsFailing} |`);
  out.push(`| new 404 / new 5xx | ${s.new404} / ${s.new5xx} |`);
  out.push(`| requests that stop failing | ${s.stopsFailing} |`);
  out.push(`| behaviour changes in all | ${s.behaviourChanges} |`);
  out.push(`| config changes (workloads) | ${s.configChanges} (${s.workloads}) |`);
  out.push(`| findings introduced (errors) / fixed / unchanged | ${s.findingsIntroduced} (${s.errorsIntroduced}) / ${s.findingsFixed} / ${s.findingsUnchanged} |`);
  const rows = r.workloads.flatMap((w) => w.behaviour.map((b) => ({ w, b })));
  out.push('', '#### Requests whose outcome changes', '');
  if (rows.length === 0) out.push('None of the representative requests changes outcome.');
  else {
    out.push('| | request | workload | base | head | rule |', '| --- | --- | --- | --- | --- | --- |');
    for (const { w, b } of rows) out.push(behaviourRow(w, b));
  }
  const configured = r.workloads.filter((w) => w.config.length > 0);
  if (configured.length > 0) {
    const lines = configured.flatMap((w) => [`${w.workload} (${w.mode})`, ...plainConfigLines(w)]);
    out.push('', details(`Config changes (${s.configChanges})`, mdBlock(lines, 'diff')));
  }
  const f = r.findings;
  if (f.introduced.length + f.fixed.length > 0) {
    const lines = [...findingLines('introduced', f.introduced), ...findingLines('fixed', f.fixed)];
    out.push('', details(`Findings: ${f.introduced.length} introduced, ${f.fixed.length} fixed, ${f.unchanged.length} unchanged`, mdBlock(lines)));
  }
  return `${out.join('\n')}\n`;
}
