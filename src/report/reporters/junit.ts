// JUnit XML for CI test-report views (GitLab, Jenkins, Azure DevOps, test-reporter actions): one
// testsuite per input file, one testcase per finding; a finding at or above the failure threshold
// is a <failure>, one below it a passing testcase with the finding in <system-out>; a file with no
// finding holds one passing testcase, so every file checked shows. The counts agree with the exit
// code: failures > 0 exactly when the command exits 1 for its findings.
import type { Level } from '../../diagnostics/catalog.js';
import { atLeast } from '../../diagnostics/finding.js';
import { fullName } from '../../diagnostics/ref.js';
import type { FindingRecord } from '../record.js';
import { xmlAttrs, xmlText } from '../xml.js';

export interface JunitContext {
  /** `analyze` or `validate`: names the report. */
  command: string;
  failureThreshold: Level;
  /** Every input file, in input order (files without findings included). */
  files: readonly string[];
}

const NO_FILE = '(input)';

function body(r: FindingRecord): string {
  const lines = [`${r.level} [${r.code}] ${r.message}`];
  if (r.resource) lines.push(`resource: ${r.resource.kind} ${fullName(r.resource)}`);
  if (r.file !== null) lines.push(`at: ${r.file}${r.line !== null ? `:${r.line}:${r.column ?? 1}` : ''}`);
  if (r.fix) lines.push(`fix: ${r.fix}`);
  lines.push(`docs: ${r.documentation}`);
  return lines.map(xmlText).join('\n');
}

export function junitReport(records: readonly FindingRecord[], ctx: JunitContext): string {
  const byFile = new Map<string, FindingRecord[]>();
  for (const f of ctx.files) byFile.set(f, []);
  for (const r of records) {
    const key = r.file ?? NO_FILE;
    const list = byFile.get(key);
    if (list) list.push(r);
    else byFile.set(key, [r]);
  }
  const failing = (r: FindingRecord): boolean => atLeast(r.level, ctx.failureThreshold);
  let tests = 0;
  let failures = 0;
  const suites: string[] = [];
  for (const [file, list] of byFile) {
    const fails = list.filter(failing).length;
    const count = Math.max(1, list.length);
    tests += count;
    failures += fails;
    const out = [`  <testsuite${xmlAttrs({ name: file, tests: count, failures: fails, errors: 0, skipped: 0, ...(file === NO_FILE ? {} : { file }) })}>`];
    if (list.length === 0) out.push(`    <testcase${xmlAttrs({ name: `gwctl ${ctx.command}: no finding`, classname: `gwctl.${ctx.command}`, ...(file === NO_FILE ? {} : { file }) })}/>`);
    for (const r of list) {
      const name = `${r.code} ${r.resource ? `${r.resource.kind} ${fullName(r.resource)}` : r.file ?? ''}${r.line !== null ? ` (line ${r.line})` : ''}`;
      const attrs = xmlAttrs({ name, classname: `gwctl.${ctx.command}.${r.code}`, ...(r.file !== null ? { file: r.file } : {}), ...(r.line !== null ? { line: r.line } : {}) });
      out.push(`    <testcase${attrs}>`);
      if (failing(r)) out.push(`      <failure${xmlAttrs({ message: `[${r.code}] ${r.message}`, type: r.level })}>${body(r)}</failure>`);
      else out.push(`      <system-out>${body(r)}</system-out>`);
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
    suites.push(out.join('\n'));
  }
  const head = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${xmlAttrs({ name: `gwctl ${ctx.command}`, tests, failures, errors: 0 })}>`,
  ];
  return [...head, ...suites, '</testsuites>'].join('\n') + '\n';
}
