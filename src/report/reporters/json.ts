// Machine output: the records as a JSON array, 2-space indented, nothing else on stdout.
import type { FindingRecord } from '../record.js';
import { jsonText } from '../escape.js';

export function jsonReport(records: readonly FindingRecord[]): string {
  return jsonText(records, 2) + '\n';
}
