// Findings as the reporters print them (message, file:line:column, fix), in the CLI's order.
import type { Finding } from '../diagnostics/finding.js';
import { sortRecords, toRecords, type FindingRecord } from '../report/record.js';
import type { Workspace } from './workspace.js';

export function findingRecords(ws: Workspace, findings: readonly Finding[]): FindingRecord[] {
  return sortRecords(toRecords(findings, ws.locate), ws.fileOrder);
}
