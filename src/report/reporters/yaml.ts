// Machine output: the same records as the JSON reporter, as a YAML sequence.
import yaml from 'js-yaml';
import type { FindingRecord } from '../record.js';

export function yamlReport(records: readonly FindingRecord[]): string {
  return records.length === 0 ? '[]\n' : yaml.dump(records, { lineWidth: -1, noRefs: true });
}
