// Machine output: the records as a JSON array, 2-space indented, nothing else on stdout.
import type { FindingRecord } from '../record.js';

export function jsonReport(records: readonly FindingRecord[]): string {
  return JSON.stringify(records, null, 2) + '\n';
}
