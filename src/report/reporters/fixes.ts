// Which fixes the text reporters print: a finding's own fix (what to change, where) every time; the
// catalogue remedy when it says something the message does not (generic ones such as "fix the value
// at the line shown" are left out), once per code so that fifty unnamed ports do not print the same
// advice fifty times. JSON and SARIF keep every fix.
import { catalog, isCode } from '../../diagnostics/catalog.js';
import type { FindingRecord } from '../record.js';

/** A function giving the fix to print under a record, or undefined; it remembers the codes it gave. */
export function fixOnce(): (r: FindingRecord) => string | undefined {
  const given = new Set<string>();
  return (r) => {
    if (!isCode(r.code) || r.fix === '') return undefined;
    if (r.fix !== catalog[r.code].remedy) return r.fix;
    if (catalog[r.code].generic || given.has(r.code)) return undefined;
    given.add(r.code);
    return r.fix;
  };
}
