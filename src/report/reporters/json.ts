// Machine output: the records as a JSON array, 2-space indented, nothing else on stdout. Each record
// also carries istioctl analyze's JSON field names (`origin`, `reference`, `documentationUrl`), so jq
// scripts written for istioctl carry over; `level` stays gwctl's lower-case spelling (istioctl writes
// "Error"): `ascii_downcase` bridges the two.
import { fullName } from '../../diagnostics/ref.js';
import type { FindingRecord } from '../record.js';
import { jsonText } from '../escape.js';

/** istioctl's diag.Message fields: origin as its FriendlyName (`Kind namespace/name`), reference as `file:line`. */
function istioctlFields(r: FindingRecord): { origin?: string; reference?: string; documentationUrl: string } {
  return {
    ...(r.resource ? { origin: `${r.resource.kind} ${fullName(r.resource)}` } : {}),
    ...(r.file !== null ? { reference: r.line !== null ? `${r.file}:${r.line}` : r.file } : {}),
    documentationUrl: r.documentation,
  };
}

export function jsonReport(records: readonly FindingRecord[]): string {
  return jsonText(records.map((r) => ({ ...r, ...istioctlFields(r) })), 2) + '\n';
}
