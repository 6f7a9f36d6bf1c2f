// `gwctl test [test files or folders...] -f <manifests...> [--gateway w | --from w] [-o text|json|junit|github]
// [--coverage] [--fail-under PCT]`: route tests (docs/route-tests.md) through explain. Exit 0 when every
// case passes (and coverage is at least --fail-under), 1 when one fails, 2 for usage errors and invalid
// test files, whatever the output format.
import { loadRouteTests, test } from '../../app/test.js';
import { jsonText } from '../../report/escape.js';
import { escapeText } from '../../report/escape.js';
import { problemLines, problemsGithub, routeTestsGithub, routeTestsJunit, routeTestsText } from '../../report/views/routeTests.js';
import { chalkFor } from '../color.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError, type ExitCode } from '../exitCodes.js';
import { reportInputProblems, worstExit } from '../inputProblems.js';
import { loadInputs, maxFileBytes, type InputOptions } from '../inputs.js';
import { note, type CliIo } from '../io.js';

export const TEST_FORMATS = ['text', 'json', 'junit', 'github'] as const;

export interface TestCommandOptions extends InputOptions {
  gateway?: string;
  from?: string;
  output: string;
  coverage?: boolean;
  failUnder?: string;
}

function failUnderOf(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v.replace(/%$/, ''));
  if (v.trim() === '' || !Number.isFinite(n) || n < 0 || n > 100) throw new UsageError(`--fail-under must be a percentage from 0 to 100, not "${v}"`);
  return n;
}

export async function runTest(testPaths: string[], opts: TestCommandOptions, io: CliIo): Promise<ExitCode> {
  if (!(TEST_FORMATS as readonly string[]).includes(opts.output)) throw new UsageError(`--output must be ${TEST_FORMATS.join(', ')}, not "${opts.output}"`);
  if (opts.gateway !== undefined && opts.from !== undefined) throw new UsageError('use either --gateway or --from, not both');
  if (testPaths.length === 0) throw new UsageError('no tests: name test files or folders (kind: RouteTests, or istio-config-validator testCases:)');
  if ((opts.filename ?? []).length === 0) throw new UsageError('no manifests: name them with -f (files or folders; - reads stdin)');
  if (testPaths.includes('-') && (opts.filename ?? []).includes('-')) throw new UsageError('stdin (-) can hold the tests or the manifests, not both');
  const failUnder = failUnderOf(opts.failUnder);

  const tests = await loadRouteTests(testPaths, { readStdin: io.readStdin, maxFileBytes: maxFileBytes(io.env) });
  for (const u of tests.unreadable) io.stderr(`error: ${escapeText(u)}\n`);
  if (tests.unreadable.length > 0) return EXIT_USAGE;
  if (tests.files.length === 0 && tests.problems.length === 0) throw new UsageError(`no test files (.yaml, .yml) in ${testPaths.join(', ')}`);

  const inputs = await loadInputs([], opts, io);
  const inputExit = reportInputProblems(inputs, io);
  if (inputExit === EXIT_USAGE) return inputExit;

  const proxy = opts.from !== undefined ? { target: opts.from, as: 'sidecar' as const } : { ...(opts.gateway !== undefined ? { target: opts.gateway } : {}), as: 'gateway' as const };
  const { run, problems, notes } = test(inputs, tests, { proxy, coverage: opts.coverage === true, ...(failUnder !== undefined ? { failUnder } : {}) });
  if (problems.length > 0) {
    if (opts.output === 'github') io.stdout(problemsGithub(problems));
    io.stderr(problemLines(problems));
    io.stderr(`${problems.length} ${problems.length === 1 ? 'problem' : 'problems'} in the test files: no test ran\n`);
    return EXIT_USAGE;
  }
  for (const n of notes) note(io, `note: ${escapeText(n.message)}\n`);
  if (opts.output === 'json') io.stdout(jsonText(run, 2) + '\n');
  else if (opts.output === 'junit') io.stdout(routeTestsJunit(run));
  else if (opts.output === 'github') io.stdout(routeTestsGithub(run));
  else io.stdout(routeTestsText(run, chalkFor(io)));
  const verdict = run.failed > 0 || run.coverage?.belowThreshold === true ? EXIT_FINDINGS : EXIT_OK;
  return worstExit(verdict, inputExit);
}
