// `gwctl test` for people, CI logs and CI systems: text (each case ✓/✗, failures field by field with
// the trace line where expectation and walk part, then `N passed, M failed`), GitHub workflow
// annotations at the test file's line, and JUnit XML (one testsuite per file, one testcase per case).
// Every string from a test file or a manifest goes through escapeText.
import type { ChalkInstance } from 'chalk';
import { fullName } from '../../diagnostics/ref.js';
import type { TraceStep } from '../../explain/types.js';
import { escapeText as e, workflowData as data, workflowProperty as property } from '../escape.js';
import { STAGE_LABEL } from './explainTrace.js';
import { xmlAttrs as attrs, xmlText } from '../xml.js';
import type { CaseRecord, CoverageRecord, FieldFailure, RouteTestRun, TestFileProblem } from './routeTestRecord.js';

/** A compared value as one line: `none` for null, names and weights for cluster lists, JSON for the rest. */
export function showValue(v: unknown): string {
  if (v === null || v === undefined) return 'none';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) {
    if (v.length === 0) return 'none';
    return v.map((x) => (isWeighted(x) ? (x.weight === undefined ? x.name : `${x.name} (weight ${x.weight})`) : typeof x === 'string' ? x : JSON.stringify(x))).join(', ');
  }
  return JSON.stringify(v);
}

function isWeighted(x: unknown): x is { name: string; weight?: number } {
  return typeof x === 'object' && x !== null && typeof (x as { name?: unknown }).name === 'string';
}

const stepLine = (s: TraceStep, c: ChalkInstance): string => `${s.ok ? c.green('✓') : c.red('✗')} ${STAGE_LABEL[s.stage]}  ${e(s.detail)}`;

/** The lines that say how one field differs. */
export function failureLines(f: FieldFailure): { label: string; lines: string[] } {
  if (f.note !== null) return { label: f.field, lines: [`expected ${e(showValue(f.expected))}`, e(f.note)] };
  if (f.mustDiffer) return { label: f.field, lines: [`expected anything but ${e(showValue(f.expected))} (wantMatch: false)`, `actual   ${e(showValue(f.actual))}`] };
  return { label: f.field, lines: [`expected ${e(showValue(f.expected))}`, `actual   ${e(showValue(f.actual))}`] };
}

function caseLines(k: CaseRecord, c: ChalkInstance): string[] {
  if (k.passed) return [`  ${c.green('✓')} ${e(k.name)}`];
  const out = [`  ${c.red('✗')} ${e(k.name)}  ${c.dim(`(${e(k.file)}:${k.line})`)}`];
  const x = k.explain;
  out.push(c.dim(`      ${e(`${k.request.method} ${k.request.url}`)} -> ${x.proxy.mode} ${e(x.proxy.workload)}${x.proxy.assumed ? ' (assumed)' : ''}`));
  const width = Math.max(8, ...k.failures.map((f) => f.field.length));
  for (const f of k.failures) {
    const { label, lines } = failureLines(f);
    lines.forEach((l, i) => out.push(`      ${(i === 0 ? label : '').padEnd(width)}  ${l}`));
  }
  if (k.partsAt) out.push(`      ${'parts at'.padEnd(width)}  ${stepLine(k.partsAt, c)}`);
  x.causes.slice(0, 3).forEach((cause, i) => {
    const where = cause.file ? ` (${e(cause.file)}:${cause.line ?? 1})` : '';
    out.push(`      ${(i === 0 ? 'why' : '').padEnd(width)}  ${cause.code} ${e(cause.message)}${c.dim(where)}`);
  });
  return out;
}

export function coverageLines(cov: CoverageRecord, c: ChalkInstance): string[] {
  const out = ['', `Coverage: ${cov.reached}/${cov.routes} routes reached (${cov.percent}%)`];
  for (const p of cov.proxies) {
    out.push(`  ${p.mode} ${e(p.proxy)}: ${p.reached}/${p.routes} (${p.percent}%)`);
    for (const rc of p.routeConfigs) {
      out.push(`    ${e(rc.routeConfig)}: ${rc.reached}/${rc.routes} (${rc.percent}%)`);
      for (const m of rc.missed) {
        const rule = `${m.source.kind} ${fullName(m.source)}${m.source.kind === 'VirtualService' ? ` http[${m.delegate ? m.delegate.rule.http : m.rule.http}]` : ''}`;
        const where = m.file ? ` ${e(m.file)}:${m.line ?? 1}` : '';
        out.push(`      ${c.yellow('not reached')} ${e(m.virtualHost)} ${e(m.match)}  ${e(rule)}${c.dim(where)}`);
      }
    }
  }
  if (cov.unreachable.length > 0) {
    out.push('  Unreachable rules (analyze): no request can reach them, so they are not counted');
    for (const u of cov.unreachable) out.push(`    ${u.code} ${e(u.message)}${u.file ? c.dim(` (${e(u.file)}:${u.line ?? 1})`) : ''}`);
  }
  if (cov.failUnder !== null) {
    out.push(cov.belowThreshold ? c.red(`  coverage ${cov.percent}% is below --fail-under ${cov.failUnder}%`) : `  coverage ${cov.percent}% meets --fail-under ${cov.failUnder}%`);
  }
  return out;
}

export function routeTestsText(run: RouteTestRun, c: ChalkInstance): string {
  const out: string[] = [];
  for (const f of run.files) {
    out.push(e(f.file));
    for (const k of f.cases) out.push(...caseLines(k, c));
  }
  if (run.coverage) out.push(...coverageLines(run.coverage, c));
  out.push('', `${run.passed} passed, ${run.failed} failed`);
  return out.join('\n') + '\n';
}

export function problemLines(problems: readonly TestFileProblem[]): string {
  return problems.map((p) => `${e(p.file)}:${p.line}:${p.column}: error ${e(p.message)}\n`).join('');
}

// ---- GitHub workflow commands ----------------------------------------------------------------

// As in the analyze reporter: control characters first shown as escapes, then @actions/core's escaping.

const annotation = (level: 'error' | 'warning' | 'notice', at: { file: string | null; line: number | null; column: number | null } | null, title: string, message: string): string => {
  const props: string[] = [];
  if (at?.file) {
    props.push(`file=${property(at.file)}`);
    if (at.line !== null) props.push(`line=${at.line}`);
    if (at.column !== null) props.push(`col=${at.column}`);
  }
  props.push(`title=${property(title)}`);
  return `::${level} ${props.join(',')}::${data(message)}\n`;
};

export function routeTestsGithub(run: RouteTestRun): string {
  let out = '';
  for (const f of run.files) {
    for (const k of f.cases) {
      if (k.passed) continue;
      const first = k.failures[0];
      const lines = [`${k.name}: ${k.request.method} ${k.request.url}`];
      for (const x of k.failures) {
        const { label, lines: l } = failureLines(x);
        lines.push(`${label}: ${l.join('; ')}`);
      }
      if (k.partsAt) lines.push(`parts at ${STAGE_LABEL[k.partsAt.stage]}: ${k.partsAt.detail}`);
      for (const cause of k.explain.causes.slice(0, 3)) lines.push(`why: ${cause.code} ${cause.message}`);
      out += annotation('error', { file: k.file, line: first?.line ?? k.line, column: first?.column ?? k.column }, `gwctl test: ${k.test}`, lines.join('\n'));
    }
  }
  const cov = run.coverage;
  if (cov) {
    for (const p of cov.proxies) {
      for (const rc of p.routeConfigs) {
        for (const m of rc.missed) out += annotation('notice', m, 'gwctl test: route not reached', `no test reaches ${m.virtualHost} ${m.match} (${p.mode} ${p.proxy}, ${rc.routeConfig})`);
      }
    }
    if (cov.belowThreshold) out += annotation('error', null, 'gwctl test: coverage', `route coverage ${cov.percent}% is below --fail-under ${cov.failUnder ?? 0}%`);
  }
  out += `${run.passed} passed, ${run.failed} failed\n`;
  return out;
}

export function problemsGithub(problems: readonly TestFileProblem[]): string {
  return problems.map((p) => annotation('error', p, 'gwctl test: invalid test file', p.message)).join('');
}

// ---- JUnit XML -----------------------------------------------------------------------------------

export function routeTestsJunit(run: RouteTestRun): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites${attrs({ name: 'gwctl test', tests: run.tests, failures: run.failed, errors: 0 })}>`];
  for (const f of run.files) {
    out.push(`  <testsuite${attrs({ name: f.file, tests: f.tests, failures: f.failed, errors: 0, skipped: 0, file: f.file })}>`);
    for (const k of f.cases) {
      const a = attrs({ name: k.name, classname: k.suite ?? f.file, file: k.file, line: k.line });
      if (k.passed) {
        out.push(`    <testcase${a}/>`);
        continue;
      }
      const summary = k.failures.map((x) => (x.note !== null ? `${x.field}: ${x.note}` : x.mustDiffer ? `${x.field}: must differ from ${showValue(x.expected)}` : `${x.field}: expected ${showValue(x.expected)}, actual ${showValue(x.actual)}`)).join('; ');
      const body: string[] = [`${k.request.method} ${k.request.url} -> ${k.explain.proxy.mode} ${k.explain.proxy.workload}`];
      for (const x of k.failures) {
        const { label, lines } = failureLines(x);
        body.push(`${label}:`, ...lines.map((l) => `  ${l}`));
      }
      if (k.partsAt) body.push(`parts at: ${k.partsAt.ok ? '✓' : '✗'} ${STAGE_LABEL[k.partsAt.stage]}  ${k.partsAt.detail}`);
      for (const cause of k.explain.causes.slice(0, 3)) body.push(`why: ${cause.code} ${cause.message}${cause.file ? ` (${cause.file}:${cause.line ?? 1})` : ''}`);
      out.push(`    <testcase${a}>`);
      out.push(`      <failure${attrs({ message: summary, type: 'RouteTestFailure' })}>${body.map(xmlText).join('\n')}</failure>`);
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return out.join('\n') + '\n';
}
