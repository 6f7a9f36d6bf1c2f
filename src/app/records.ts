// Results as the CLI prints them, for API users who want the same text: findings with message,
// file:line:column and fix, in the CLI's order; an explain result as its JSON contract.
import type { Finding } from '../diagnostics/finding.js';
import type { ExplainResult } from '../explain/types.js';
import { sortRecords, toRecords, type FindingRecord } from '../report/record.js';
import { explainRecord, type ExplainRecord } from '../report/views/explainRecord.js';
import type { Workspace } from './workspace.js';

export function findingRecords(ws: Workspace, findings: readonly Finding[]): FindingRecord[] {
  return sortRecords(toRecords(findings, ws.locate), ws.fileOrder);
}

/** `gwctl explain -o json` (docs/explain-json.md): the causes rendered and located. */
export function explainRecordOf(ws: Workspace, result: ExplainResult): ExplainRecord {
  return explainRecord(result, ws.locate);
}
