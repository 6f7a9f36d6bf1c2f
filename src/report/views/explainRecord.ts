// `gwctl explain -o json|yaml`: the explain result with its causes rendered by the one finding
// renderer (message, file:line:column, fix), the contract of docs/explain-json.md.
import type { ExplainResult } from '../../explain/types.js';
import type { Locator } from '../../load/locate.js';
import type { FindingRecord } from '../record.js';
import { messageOf, renderer } from '../render.js';

/** A cause as scripts read it: a finding record plus a concrete fix. */
export type CauseRecord = Pick<FindingRecord, 'code' | 'level' | 'message' | 'resource' | 'file' | 'line' | 'column' | 'fix'>;

export type ExplainRecord = Omit<ExplainResult, 'causes'> & { causes: CauseRecord[] };

export function explainRecord(r: ExplainResult, locate: Locator): ExplainRecord {
  const render = renderer(locate);
  const causes = r.causes.map(({ finding: f, fix }): CauseRecord => {
    const loc = f.at ? locate(f.at) : undefined;
    return {
      code: f.code,
      level: f.level,
      message: messageOf(f, render),
      resource: f.resource ?? null,
      file: loc?.file ?? null,
      line: loc?.line ?? null,
      column: loc?.column ?? null,
      fix: render.text(fix),
    };
  });
  return { ...r, causes };
}
