// The bad-input corpus (fixtures/invalid/cases.json): every case through every command that exists,
// in-process through main() with text and machine output, a few as real processes. Each must give
// its one-line message (with file:line where there is one) and documented exit code, no stack
// trace, keep every other document, leave the prototype chain alone, and finish within 2 s.
import { after, before, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GENERATORS } from './generated.js';
import { hasCommand, repoRoot, runInProcess, runProcess, STACK_TRACE, TIME_LIMIT_MS, type Run } from './harness.js';
import { messageProblem, sarifProblems } from './checks.js';

interface Expectation {
  message: string;
  line?: number;
}

interface Case {
  id: string;
  file?: string;
  generated?: string;
  command: string;
  exit: number | number[];
  message?: string;
  /** A second substring the same output must hold. */
  message2?: string;
  line?: number;
  /** Validate's summary: proves the other documents were analysed. */
  summary?: string;
  /** A substring the output must not hold (e.g. a clean-run mark after a failure). */
  absent?: string;
  also?: Expectation[];
  cpuLimitMs?: number;
  process?: boolean;
  /** A known gap: reported but not failing CI while it fails; a todo row that passes fails (remove the marker). */
  todo?: string;
}

interface Table {
  timeLimitMs: number;
  commands: Record<string, { text: string[]; json: string[]; sarif?: string[] }>;
  cases: Case[];
}

const fixtures = path.join(repoRoot, 'fixtures', 'invalid');
const table = JSON.parse(readFileSync(path.join(fixtures, 'cases.json'), 'utf8')) as Table;
const limitMs = Math.max(table.timeLimitMs, TIME_LIMIT_MS);
const results: string[] = [];

let tmp = '';
const generated = new Map<string, string | undefined>();
const available = new Map<string, boolean>();

before(async () => {
  tmp = mkdtempSync(path.join(tmpdir(), 'gwctl-invalid-'));
  for (const c of table.cases) {
    if (c.generated && !generated.has(c.generated)) {
      const make = GENERATORS[c.generated];
      assert.ok(make, `cases.json names an unknown generated input ${c.generated}`);
      generated.set(c.generated, make(tmp));
    }
  }
  for (const [command, spec] of Object.entries(table.commands)) available.set(command, await hasCommand(spec.text[0] ?? command));
});

after(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
  if (process.env['GWCTL_RESULTS']) writeFileSync(process.env['GWCTL_RESULTS'], results.join('\n') + '\n');
});

const inputOf = (c: Case): string | undefined => (c.generated ? generated.get(c.generated) : path.join(fixtures, c.file ?? ''));
const fill = (argv: readonly string[], file: string): string[] => argv.map((a) => (a === '{file}' ? file : a));
const allowed = (c: Case): number[] => (Array.isArray(c.exit) ? c.exit : [c.exit]);

/** The output line holding `message`, and whether it carries `line` as file:line or line:column. */
function findMessage(output: string, e: Expectation): { found: boolean; lineOk: boolean; text: string } {
  const lines = output.split('\n').filter((l) => l.includes(e.message));
  if (lines.length === 0) return { found: false, lineOk: false, text: '' };
  if (e.line === undefined) return { found: true, lineOk: true, text: lines[0] ?? '' };
  const at = new RegExp(`(:${e.line}\\b|(^|\\s)${e.line}:\\d)`);
  const hit = lines.find((l) => at.test(l));
  return { found: true, lineOk: hit !== undefined, text: hit ?? lines[0] ?? '' };
}

function checkRun(c: Case, r: Run, label: string): void {
  const out = r.stdout + r.stderr;
  assert.ok(allowed(c).includes(r.code), `${label}: exit ${r.code}, expected ${allowed(c).join(' or ')}\n${out.slice(0, 2000)}`);
  assert.doesNotMatch(out, STACK_TRACE, `${label}: a stack trace or internal error reached the user`);
  assert.equal(({} as Record<string, unknown>)['polluted'], undefined, `${label}: Object.prototype was polluted`);
  assert.equal((globalThis as Record<string, unknown>)['pwned'], undefined, `${label}: the YAML ran code`);
}

function checkMessages(c: Case, r: Run, label: string): void {
  const out = r.stdout + r.stderr;
  const expectations: Expectation[] = [];
  if (c.message) expectations.push({ message: c.message, ...(c.line !== undefined ? { line: c.line } : {}) });
  expectations.push(...(c.also ?? []));
  for (const e of expectations) {
    const m = findMessage(out, e);
    assert.ok(m.found, `${label}: no "${e.message}" in the output:\n${out.slice(0, 2000)}`);
    assert.ok(m.lineOk, `${label}: "${e.message}" does not point at line ${e.line}: ${m.text.slice(0, 300)}`);
  }
  if (c.message2) assert.ok(out.includes(c.message2), `${label}: no "${c.message2}" in the output`);
  if (c.summary) assert.ok(out.includes(c.summary), `${label}: the other documents were not all analysed (no "${c.summary}")`);
  if (c.absent) assert.ok(!out.includes(c.absent), `${label}: the output holds "${c.absent}":\n${out.slice(0, 2000)}`);
}

/** JSON findings (validate, analyze): each a user-readable record, the expected one at its line. */
function checkJsonRecords(c: Case, records: unknown, label: string): void {
  assert.ok(Array.isArray(records), `${label}: JSON output is not an array of findings`);
  for (const r of records as Record<string, unknown>[]) {
    const problem = messageProblem(String(r['message'] ?? ''));
    assert.equal(problem, undefined, `${label}: ${problem}`);
    assert.ok(typeof r['fix'] === 'string' && r['fix'].length > 0, `${label}: finding ${String(r['code'])} says nothing about what to do`);
    if (r['file'] !== null && r['file'] !== undefined) assert.ok(Number.isInteger(r['line']) && (r['line'] as number) >= 1, `${label}: finding ${String(r['code'])} has a file but no line`);
  }
  if (c.message && c.line !== undefined) {
    const hit = (records as Record<string, unknown>[]).find((r) => String(r['message']).includes(c.message ?? '') && r['line'] === c.line);
    assert.ok(hit, `${label}: no JSON finding "${c.message}" at line ${c.line}`);
  }
}

function record(c: Case, r: Run, status: string): void {
  const msg = (r.stdout + r.stderr).split('\n').find((l) => (c.message ? l.includes(c.message) : false)) ?? '';
  results.push(`| ${c.id} | ${c.command} | ${msg.trim().slice(0, 140).replace(/\|/g, '\\|')} | ${r.code} | ${r.ms.toFixed(0)} ms (cpu ${r.cpuMs.toFixed(0)}) | ${status} |`);
}

describe('bad-input corpus (fixtures/invalid/cases.json)', () => {
  for (const c of table.cases) {
    const name = `${c.command} ${c.id}`;
    test(name, async (t: TestContext) => {
      if (!available.get(c.command)) return t.skip(`gwctl ${c.command} is not in this build yet`);
      const file = inputOf(c);
      if (file === undefined) return t.skip(`this platform cannot create ${c.generated}`);
      if (!c.todo) return checkCase(c, file);
      // A known gap stays visible without failing CI, but a gap that closed must lose its marker, so
      // that the row guards against regressions from then on.
      try {
        await checkCase(c, file);
      } catch (e) {
        t.todo(`${c.todo} (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`);
        return;
      }
      assert.fail(`${name} passes now: remove its todo marker from fixtures/invalid/cases.json`);
    });
  }
});

/** Runs one row: text, JSON (and SARIF) in-process, and as a real process when the row says so. */
async function checkCase(c: Case, file: string): Promise<void> {
  const name = `${c.command} ${c.id}`;
  const spec = table.commands[c.command];
  assert.ok(spec, `cases.json has no command ${c.command}`);

  const text = await runInProcess(fill(spec.text, file), { cwd: fixtures });
  record(c, text, c.todo ? 'todo' : 'checked');
  checkRun(c, text, `${name} (text)`);
  assert.ok(text.cpuMs < (c.cpuLimitMs ?? limitMs), `${name}: took ${text.cpuMs.toFixed(0)} ms of CPU (limit ${c.cpuLimitMs ?? limitMs})`);
  checkMessages(c, text, `${name} (text)`);
  // The text lines users read must not leak internal names either.
  for (const line of (text.stdout + text.stderr).split('\n')) {
    if (c.message && line.includes(c.message)) assert.equal(messageProblem(line), undefined, `${name}: ${messageProblem(line)}`);
  }

  const json = await runInProcess(fill(spec.json, file), { cwd: fixtures });
  checkRun(c, json, `${name} (json)`);
  assert.equal(json.code, text.code, `${name}: the exit code depends on the output format`);
  if (json.code !== 2 || json.stdout.trim() !== '') {
    let parsed: unknown;
    assert.doesNotThrow(() => (parsed = JSON.parse(json.stdout)), `${name}: -o json is not JSON:\n${json.stdout.slice(0, 500)}`);
    if (c.command.startsWith('validate') || c.command === 'analyze') checkJsonRecords(c, parsed, `${name} (json)`);
  }
  // proxy-config and explain report input problems on stderr, whatever the format of stdout.
  if (!c.command.startsWith('validate') && c.command !== 'analyze') checkMessages(c, json, `${name} (json)`);

  if (spec.sarif) {
    const sarif = await runInProcess(fill(spec.sarif, file), { cwd: fixtures });
    checkRun(c, sarif, `${name} (sarif)`);
    assert.equal(sarif.code, text.code, `${name}: the exit code depends on the output format`);
    let log: unknown;
    assert.doesNotThrow(() => (log = JSON.parse(sarif.stdout)), `${name}: -o sarif is not JSON`);
    assert.deepEqual(sarifProblems(log), [], `${name}: SARIF does not validate`);
  }

  if (c.process) {
    const p = runProcess(fill(spec.text, file), { cwd: fixtures });
    assert.equal(p.signal, null, `${name}: the process was killed (${p.signal}): it hung`);
    assert.equal(p.code, text.code, `${name}: the process and main() disagree on the exit code`);
    assert.doesNotMatch(p.stdout + p.stderr, STACK_TRACE, `${name}: the process printed a stack trace`);
    // CPU time, not wall-clock: a hang is caught above (the process is killed), and CPU time is what
    // the input costs whatever else the machine runs.
    assert.ok(p.cpuMs < limitMs, `${name}: the process took ${p.cpuMs.toFixed(0)} ms of CPU (limit ${limitMs}; ${p.ms.toFixed(0)} ms wall-clock)`);
    checkMessages(c, p, `${name} (process)`);
  }
}
