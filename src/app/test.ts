// `test`: route tests against a workspace, a thin caller of explain. Each case's request goes through
// `prepareExplain(ws, proxy).explain` (one derivation per proxy), its answer becomes explain's JSON
// record (`explainRecordOf`, what `gwctl explain -o json` prints), and the expectations are compared
// with that record. Every case runs; nothing here prints or exits.
import type { ProxyNote } from '../derive/proxyConfig.js';
import { UsageError } from '../diagnostics/usageError.js';
import { readInputs, type StdinReader } from '../load/readInputs.js';
import type { SourceFile } from '../load/parseDocuments.js';
import { messageOf, renderer } from '../report/render.js';
import { createLocator } from '../load/locate.js';
import type { CaseRecord, CoverageRecord, FileRecord, ProxyCoverage, RouteTestRun, TestFileProblem, UnreachableRule } from '../report/views/routeTestRecord.js';
import { analyze } from './analyze.js';
import { prepareExplain, type Explainer } from './explain.js';
import { resolveProxy, type NamedProxy } from './proxy.js';
import { explainRecordOf, findingRecords } from './records.js';
import { answerOf, failuresOf, partingStep } from './routeTests/compare.js';
import { proxyCoverage, reachedKey, totalPercent } from './routeTests/coverage.js';
import { parseRouteTests, type RouteTestCase, type RouteTests } from './routeTests/parse.js';
import type { Workspace } from './workspace.js';

export { parseRouteTests, type CaseCheck, type RouteTestCase, type RouteTestFile, type RouteTests } from './routeTests/parse.js';
export type { CaseRecord, CoverageRecord, FieldFailure, FileRecord, RouteTestRun, TestFileProblem } from '../report/views/routeTestRecord.js';

export interface TestOptions {
  /** The proxy of cases that name none (`--gateway`/`--from`); default: explain's (the ingress gateway). */
  proxy?: NamedProxy;
  /** Report which rules no case reached (`--coverage`). */
  coverage?: boolean;
  /** With coverage: the percentage under which the run fails (`--fail-under`). */
  failUnder?: number;
}

export interface TestResult {
  run: RouteTestRun;
  /** Proxies the tests name that the inputs do not hold: no case ran (exit 2). */
  problems: TestFileProblem[];
  notes: ProxyNote[];
}

/** Analyzer findings that name rules no request can reach. */
const UNREACHABLE_CODES = new Set(['IST0130', 'IST0131', 'GW0302']);
const UNREACHABLE_ANALYZERS = ['virtualservice/unreachable-rule', 'virtualservice/gateway-host-conflict'];

const choiceKey = (p: NamedProxy | undefined): string => JSON.stringify([p?.target ?? null, p?.as ?? null]);

export function test(ws: Workspace, tests: RouteTests, opts: TestOptions = {}): TestResult {
  if (opts.failUnder !== undefined && !(opts.failUnder >= 0 && opts.failUnder <= 100)) throw new UsageError(`--fail-under must be a percentage from 0 to 100, not ${opts.failUnder}`);
  const problems: TestFileProblem[] = [...tests.problems];
  const explainers = new Map<string, Explainer | undefined>();
  const notes: ProxyNote[] = [];
  const explainerFor = (c: RouteTestCase): Explainer | undefined => {
    const choice = c.proxy ?? opts.proxy ?? { as: 'gateway' as const };
    const key = choiceKey(c.proxy ?? opts.proxy);
    if (explainers.has(key)) return explainers.get(key);
    let e: Explainer | undefined;
    try {
      e = prepareExplain(ws, choice);
      for (const n of e.notes) if (!notes.some((m) => m.code === n.code)) notes.push(n);
    } catch (err) {
      // A proxy named in a test file is the file's problem; the run's own (--gateway/--from) is a usage error.
      if (!(err instanceof UsageError) || c.proxy === undefined || c.proxySite === undefined) throw err;
      problems.push({ file: c.proxySite.file, line: c.proxySite.line, column: c.proxySite.column, message: err.message });
    }
    explainers.set(key, e);
    return e;
  };
  // The run's own proxy is checked even when every test names its own: a wrong --gateway is a usage error.
  if (opts.proxy?.target !== undefined) resolveProxy(ws, opts.proxy);
  // Every proxy first, so that a missing one stops the run before any case is reported.
  for (const f of tests.files) for (const c of f.cases) explainerFor(c);
  if (problems.length > 0) return { run: emptyRun(), problems, notes };

  const reached = new Set<string>();
  const files: FileRecord[] = tests.files.map((f) => {
    const cases = f.cases.map((c): CaseRecord => {
      const e = explainerFor(c);
      if (!e) throw new Error(`no proxy for ${c.file}:${c.line}`);
      const record = explainRecordOf(ws, e.explain(c.request));
      const answer = answerOf(record);
      const key = reachedKey(answer);
      if (key !== undefined) reached.add(key);
      const failures = failuresOf(c.check, answer, ws.config);
      return {
        file: c.file,
        line: c.line,
        column: c.column,
        name: c.name,
        test: c.test,
        suite: c.suite,
        request: { method: c.request.method, url: c.request.url, headers: { ...c.request.headers } },
        passed: failures.length === 0,
        failures,
        partsAt: partingStep(failures, answer),
        explain: record,
      };
    });
    const passed = cases.filter((c) => c.passed).length;
    return { file: f.file, format: f.format, tests: cases.length, passed, failed: cases.length - passed, cases };
  });
  const passed = files.reduce((n, f) => n + f.passed, 0);
  const total = files.reduce((n, f) => n + f.tests, 0);
  const coverage = opts.coverage || opts.failUnder !== undefined ? coverageOf(ws, [...explainers.values()], reached, opts.failUnder) : null;
  return { run: { tests: total, passed, failed: total - passed, files, coverage }, problems, notes };
}

function emptyRun(): RouteTestRun {
  return { tests: 0, passed: 0, failed: 0, files: [], coverage: null };
}

function coverageOf(ws: Workspace, explainers: readonly (Explainer | undefined)[], reached: ReadonlySet<string>, failUnder: number | undefined): CoverageRecord {
  const proxies: ProxyCoverage[] = [];
  for (const e of explainers) if (e) proxies.push(proxyCoverage(ws, e.config, reached));
  const routes = proxies.reduce((n, p) => n + p.routes, 0);
  const hit = proxies.reduce((n, p) => n + p.reached, 0);
  const percent = totalPercent(hit, routes);
  const found = analyze(ws, { analyzers: UNREACHABLE_ANALYZERS }).findings.filter((f) => UNREACHABLE_CODES.has(f.code));
  const unreachable: UnreachableRule[] = findingRecords(ws, found).map((r) => ({ code: r.code, message: r.message, resource: r.resource, file: r.file, line: r.line, column: r.column }));
  return { routes, reached: hit, percent, failUnder: failUnder ?? null, belowThreshold: failUnder !== undefined && percent < failUnder, proxies, unreachable };
}

/** Route test files and folders (walked for .yaml and .yml) read and parsed; unreadable paths are listed. */
export async function loadRouteTests(paths: readonly string[], opts: { readStdin?: StdinReader; maxFileBytes?: number } = {}): Promise<RouteTests & { unreadable: string[] }> {
  const read = await readInputs(paths, opts.readStdin ?? (async () => new Uint8Array()), opts.maxFileBytes !== undefined ? { maxFileBytes: opts.maxFileBytes } : {});
  // A folder's .json files are manifests more often than tests; a .json file named on purpose is read.
  const files: SourceFile[] = read.files.filter((f) => !/\.json$/i.test(f.name) || paths.includes(f.name));
  const parsed = parseRouteTests(files);
  // A test file the walk skipped (a link out of the named folders, too large, unreadable) would be a
  // test that silently does not run: each is a problem of the test files at its path, so no test runs.
  const skipped: TestFileProblem[] = read.findings
    .filter((f) => f.code === 'GW0011')
    .map((f) => ({ file: f.at?.file ?? '', line: 1, column: 1, message: `${f.code} ${messageOf(f, renderer(createLocator(new Map())))}` }));
  return { ...parsed, problems: [...skipped, ...parsed.problems], unreadable: read.errors };
}
