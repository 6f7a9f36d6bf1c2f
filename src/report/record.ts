// A finding made ready for output: message rendered, position located. Every reporter reads these.
import { docsUrl, type Level } from '../diagnostics/catalog.js';
import { remedyOf, type Finding, type ResourceRef } from '../diagnostics/finding.js';
import { formatPath } from '../diagnostics/path.js';
import type { Locator } from '../load/locate.js';
import { messageOf, renderer } from './render.js';

export interface FindingRecord {
  code: string;
  level: Level;
  message: string;
  fix: string;
  resource: ResourceRef | null;
  file: string | null;
  line: number | null;
  column: number | null;
  path: string | null;
  analyzer: string | null;
  documentation: string;
}

export function toRecords(findings: readonly Finding[], locate: Locator): FindingRecord[] {
  const render = renderer(locate);
  const records = findings.map((f): FindingRecord => {
    const loc = f.at ? locate(f.at) : undefined;
    return {
      code: f.code,
      level: f.level,
      message: messageOf(f, render),
      fix: f.fix ? render.text(f.fix) : remedyOf(f),
      resource: f.resource ?? null,
      file: loc?.file ?? null,
      line: loc?.line ?? null,
      column: loc?.column ?? null,
      path: f.at && f.at.path.length > 0 ? formatPath(f.at.path) : null,
      analyzer: f.analyzer ?? null,
      documentation: docsUrl(f.code),
    };
  });
  return records;
}

/** Stable output order: input file order, then line, column, code. */
export function sortRecords(records: FindingRecord[], fileOrder: readonly string[]): FindingRecord[] {
  const rank = new Map(fileOrder.map((f, i) => [f, i]));
  return records
    .map((r, i) => ({ r, i }))
    .sort((a, b) => {
      const fa = a.r.file === null ? -1 : (rank.get(a.r.file) ?? fileOrder.length);
      const fb = b.r.file === null ? -1 : (rank.get(b.r.file) ?? fileOrder.length);
      return fa - fb || compareText(a.r.file ?? '', b.r.file ?? '') || (a.r.line ?? 0) - (b.r.line ?? 0) || (a.r.column ?? 0) - (b.r.column ?? 0) || compareText(a.r.code, b.r.code) || a.i - b.i;
    })
    .map((x) => x.r);
}

const PLAIN = /^[A-Z0-9]*$/;

/**
 * localeCompare, without its cost where it cannot matter: the first call loads ICU's collator
 * (about 9 ms of a short run), and equal strings or finding codes (capitals and digits, which the
 * collator orders as their code units) need no collator.
 */
function compareText(a: string, b: string): number {
  if (a === b) return 0;
  if (PLAIN.test(a) && PLAIN.test(b)) return a < b ? -1 : 1;
  return a.localeCompare(b);
}
