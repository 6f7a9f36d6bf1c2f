// GitHub Actions workflow commands: one `::error file=…,line=…::message` annotation per finding.
import type { Level } from '../../diagnostics/catalog.js';
import type { FindingRecord } from '../record.js';
import { fullName } from '../../diagnostics/ref.js';
import { workflowData as data, workflowProperty as property } from '../escape.js';

const COMMAND: Record<Level, string> = { error: 'error', warning: 'warning', info: 'notice' };


export function githubReport(records: readonly FindingRecord[]): string {
  return records
    .map((r) => {
      const props: string[] = [];
      if (r.file) props.push(`file=${property(r.file)}`);
      if (r.file && r.line !== null) props.push(`line=${r.line}`);
      if (r.file && r.column !== null) props.push(`col=${r.column}`);
      props.push(`title=${property(r.code)}`);
      const subject = r.resource ? ` (${r.resource.kind} ${fullName(r.resource)})` : '';
      return `::${COMMAND[r.level]} ${props.join(',')}::${data(`[${r.code}] ${r.message}${subject}`)}\n`;
    })
    .join('');
}
