// Machine output: the same records as the JSON reporter, as a YAML sequence.
import type { FindingRecord } from '../record.js';
import { yamlText } from '../escape.js';

export function yamlReport(records: readonly FindingRecord[]): string {
  return records.length === 0 ? '[]\n' : yamlText(records, { lineWidth: -1, noRefs: true });
}
