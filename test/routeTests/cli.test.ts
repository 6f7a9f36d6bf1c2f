// `gwctl test` through the CLI: goldens for every output format, and a table of runs with their
// pass/fail counts and exit codes (the same whatever the format).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertGolden } from '../helpers/golden.js';
import { runCli } from '../helpers/runCli.js';

const HTTPBIN = 'fixtures/route-tests/httpbin.yaml';
const BOOKINFO = 'fixtures/route-tests/bookinfo.yaml';
const SHOP = 'test/fixtures/route-tests/shop';

const GOLDENS: readonly (readonly string[])[] = [
  ['test', HTTPBIN, '-f', 'fixtures/httpbin'],
  ['test', HTTPBIN, '-f', 'fixtures/httpbin-fixed'],
  ['test', HTTPBIN, '-f', 'fixtures/httpbin', '-o', 'json'],
  ['test', HTTPBIN, '-f', 'fixtures/httpbin', '-o', 'junit'],
  ['test', HTTPBIN, '-f', 'fixtures/httpbin', '-o', 'github'],
  ['test', BOOKINFO, '-f', 'fixtures/bookinfo', '--coverage'],
  ['test', 'fixtures/route-tests/bookinfo-icv.yaml', '-f', 'fixtures/bookinfo'],
  ['test', 'fixtures/route-tests/bookinfo-mesh-icv.yaml', '-f', 'fixtures/bookinfo', '--from', 'productpage-v1.default'],
  ['test', `${SHOP}/tests/icv.yaml`, `${SHOP}/tests/native.yaml`, '-f', `${SHOP}/manifests.yaml`, '--coverage', '-o', 'github'],
  ['test', 'test/fixtures/route-tests/invalid', '-f', 'fixtures/httpbin'],
  ['test', 'test/fixtures/route-tests/invalid', '-f', 'fixtures/httpbin', '-o', 'github'],
];

for (const args of GOLDENS) {
  test(`golden: gwctl ${args.join(' ')}`, async () => {
    await assertGolden(args);
  });
}

interface Counts {
  passed: number;
  failed: number;
  exit: 0 | 1 | 2;
}

interface Row extends Counts {
  args: string[];
  /** Where explain's JSON has no `action` yet (issue 12): expectations on it fail as unknown. */
  withoutAction?: Counts;
}

/** Whether this build's `explain -o json` reports `action` (the route's upstream, timeout, retries). */
async function explainReportsAction(): Promise<boolean> {
  const r = await runCli(['explain', 'http://httpbin.local/ip', '-f', 'fixtures/httpbin-fixed', '-o', 'json']);
  const record: unknown = JSON.parse(r.stdout);
  return typeof record === 'object' && record !== null && 'action' in record;
}

/** Runs and what they must count; every format must give the same exit code. */
const RUNS: readonly Row[] = [
  { args: [HTTPBIN, '-f', 'fixtures/httpbin'], passed: 2, failed: 4, exit: 1 },
  { args: [HTTPBIN, '-f', 'fixtures/httpbin-fixed'], passed: 6, failed: 0, exit: 0, withoutAction: { passed: 3, failed: 3, exit: 1 } },
  { args: [BOOKINFO, '-f', 'fixtures/bookinfo'], passed: 12, failed: 0, exit: 0, withoutAction: { passed: 11, failed: 1, exit: 1 } },
  { args: ['fixtures/route-tests/bookinfo-icv.yaml', '-f', 'fixtures/bookinfo'], passed: 8, failed: 0, exit: 0 },
  { args: [BOOKINFO, '-f', 'fixtures/bookinfo', '--fail-under', '100'], passed: 12, failed: 0, exit: 1, withoutAction: { passed: 11, failed: 1, exit: 1 } },
  { args: [BOOKINFO, '-f', 'fixtures/bookinfo', '--fail-under', '50'], passed: 12, failed: 0, exit: 0, withoutAction: { passed: 11, failed: 1, exit: 1 } },
  // A folder of tests: every file, every case runs.
  { args: [`${SHOP}/tests`, '-f', `${SHOP}/manifests.yaml`], passed: 30, failed: 0, exit: 0, withoutAction: { passed: 26, failed: 4, exit: 1 } },
];

for (const full of RUNS) {
  test(`gwctl test ${full.args.join(' ')}: ${full.passed} passed, ${full.failed} failed, exit ${full.exit} in every format`, async () => {
    const row = { ...full, ...((await explainReportsAction()) ? {} : full.withoutAction) };
    const text = await runCli(['test', ...row.args]);
    assert.equal(text.code, row.exit, text.stdout + text.stderr);
    assert.match(text.stdout, new RegExp(`^${row.passed} passed, ${row.failed} failed$`, 'm'));
    const json = await runCli(['test', ...row.args, '-o', 'json']);
    const run = JSON.parse(json.stdout) as { tests: number; passed: number; failed: number };
    assert.deepEqual([run.passed, run.failed, run.tests], [row.passed, row.failed, row.passed + row.failed]);
    for (const format of ['json', 'junit', 'github']) {
      const r = format === 'json' ? json : await runCli(['test', ...row.args, '-o', format]);
      assert.equal(r.code, row.exit, `-o ${format}`);
    }
  });
}

test('usage errors exit 2', async () => {
  const cases: string[][] = [
    ['test', '-f', 'fixtures/httpbin'],
    ['test', HTTPBIN],
    ['test', HTTPBIN, '-f', 'fixtures/httpbin', '-o', 'xml'],
    ['test', HTTPBIN, '-f', 'fixtures/httpbin', '--fail-under', 'most'],
    ['test', HTTPBIN, '-f', 'fixtures/httpbin', '--fail-under', '101'],
    ['test', HTTPBIN, '-f', 'fixtures/httpbin', '--gateway', 'a', '--from', 'b'],
    ['test', HTTPBIN, '-f', 'fixtures/httpbin', '--gateway', 'nope.default'],
    ['test', 'no-such-tests.yaml', '-f', 'fixtures/httpbin'],
    ['test', HTTPBIN, '-f', 'no-such-manifests/'],
    ['test', 'fixtures/httpbin', '-f', 'fixtures/httpbin'],
  ];
  for (const args of cases) {
    const r = await runCli(args);
    assert.equal(r.code, 2, `${args.join(' ')}\n${r.stdout}${r.stderr}`);
    assert.doesNotMatch(r.stderr, /internal error|at .*\.js:\d+/, args.join(' '));
  }
});

test('test files on stdin', async () => {
  const { readFileSync } = await import('node:fs');
  const r = await runCli(['test', '-', '-f', 'fixtures/bookinfo'], { stdin: readFileSync('fixtures/route-tests/bookinfo-icv.yaml', 'utf8') });
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /^8 passed, 0 failed$/m);
  assert.match(r.stdout, /^<stdin>$/m);
});
