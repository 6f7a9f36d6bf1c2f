// Results as the CLI prints them, for API users who want the same text: findings with message,
// file:line:column and fix, in the CLI's order; an explain result and a diff as their JSON contracts.
import type { Finding } from '../diagnostics/finding.js';
import type { ExplainResult } from '../explain/types.js';
import { sortRecords, toRecords, type FindingRecord } from '../report/record.js';
import { diffRecord, type DiffRecord, type DiffSideInfo } from '../report/views/diffRecord.js';
import { explainRecord, type ExplainRecord } from '../report/views/explainRecord.js';
import type { DiffRun } from './diff.js';
import type { Workspace } from './workspace.js';

export function findingRecords(ws: Pick<Workspace, 'locate' | 'fileOrder'>, findings: readonly Finding[]): FindingRecord[] {
  return sortRecords(toRecords(findings, ws.locate), ws.fileOrder);
}

/** `gwctl explain -o json` (docs/explain-json.md): the causes rendered and located. */
export function explainRecordOf(ws: Workspace, result: ExplainResult): ExplainRecord {
  return explainRecord(result, ws.locate);
}

/**
 * `gwctl diff -o json` (docs/diff-json.md): every place located on its own side, every finding
 * rendered. `sides` labels what each side read (default: its paths; `commit` null).
 */
export function diffRecordOf(base: Workspace, head: Workspace, run: DiffRun, sides: Partial<Record<'base' | 'head', DiffSideInfo>> = {}): DiffRecord {
  const side = (ws: Workspace, info: DiffSideInfo | undefined): DiffSideInfo & { locate: Workspace['locate']; fileOrder: Workspace['fileOrder'] } => ({
    locate: ws.locate,
    fileOrder: ws.fileOrder,
    ...(info ?? { label: ws.paths.join(' '), commit: null }),
  });
  return diffRecord(run, { base: side(base, sides.base), head: side(head, sides.head) });
}
