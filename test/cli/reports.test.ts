// CI reports of analyze and validate: `-o junit` is JUnit XML a parser and the JUnit schema accept,
// with failures exactly when the command exits 1 (whatever the threshold), one testsuite per input
// file; `-o markdown` is a job-summary table in which nothing from a manifest is read as Markdown or
// HTML. Goldens for both formats, and validate's thresholds.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertGolden } from '../helpers/golden.js';
import { assertValidJunit as assertValid, parseJunit as parse } from '../helpers/junit.js';
import { runCli } from '../helpers/runCli.js';

const RUNS: readonly string[][] = [
  ['analyze', 'fixtures/httpbin'],
  ['analyze', 'fixtures/httpbin-fixed'],
  ['analyze', 'fixtures/bookinfo'],
  ['validate', 'test/fixtures/validate/mixed.yaml'],
  ['validate', 'fixtures/httpbin'],
];

for (const args of RUNS) {
  for (const threshold of ['error', 'warning', 'info']) {
    test(`gwctl ${args.join(' ')} --failure-threshold ${threshold} -o junit: valid, one suite per file, failures exactly when it exits 1`, async () => {
      const r = await runCli([...args, '--failure-threshold', threshold, '-o', 'junit']);
      await assertValid(r.stdout);
      const j = parse(r.stdout);
      const log = await runCli([...args, '--failure-threshold', threshold, '-o', 'json']);
      assert.equal(r.code, log.code, 'the same exit code as -o json');
      assert.equal(j.failures > 0, r.code === 1, `${j.failures} failures, exit ${r.code}`);
      const findings = JSON.parse(log.stdout) as { level: string; file: string | null }[];
      const rank = { error: 0, warning: 1, info: 2 } as const;
      const failing = findings.filter((f) => rank[f.level as keyof typeof rank] <= rank[threshold as keyof typeof rank]);
      assert.equal(j.failures, failing.length);
      assert.equal(j.suites.reduce((n, s) => n + s.cases.length, 0), j.tests);
      assert.equal(new Set(j.suites.map((s) => s.name)).size, j.suites.length, 'one suite per file');
      for (const s of j.suites) assert.equal(s.failures, s.cases.filter((c) => c.failed).length, s.name);
    });
  }
}

test('a clean run is one passing testcase per file', async () => {
  const r = await runCli(['analyze', 'fixtures/httpbin-fixed', '--output-threshold', 'error', '-o', 'junit']);
  assert.equal(r.code, 0);
  const j = parse(r.stdout);
  assert.ok(j.suites.length >= 3);
  assert.deepEqual([...new Set(j.suites.flatMap((s) => s.cases.map((c) => `${c.name} ${c.failed}`)))], ['gwctl analyze: no finding false']);
});

const GOLDENS: readonly string[][] = [
  ['analyze', 'fixtures/httpbin', '-o', 'junit'],
  ['analyze', 'fixtures/httpbin', '-o', 'markdown'],
  ['analyze', 'fixtures/httpbin-fixed', '-o', 'markdown'],
  ['validate', 'test/fixtures/validate/mixed.yaml', '-o', 'markdown'],
  ['validate', 'test/fixtures/validate/mixed.yaml', '-o', 'junit', '--failure-threshold', 'warning'],
];
for (const args of GOLDENS) {
  test(`golden: gwctl ${args.join(' ')}`, async () => {
    await assertGolden(args);
  });
}

const HOSTILE = [
  'apiVersion: networking.istio.io/v1',
  'kind: VirtualService',
  'metadata: {name: v, namespace: default}',
  'spec:',
  '  hosts: [a.example.com]',
  '  "<img src=x onerror=alert(1)>|`x` [l](http://evil) @admin": 1',
  '  http: [{route: [{destination: {host: a}}]}]',
].join('\n');

test('markdown: strings from manifests are code, never Markdown or HTML, and never break the table', async () => {
  const r = await runCli(['validate', '-', '-o', 'markdown'], { stdin: HOSTILE });
  assert.equal(r.code, 0, 'an unknown field is a warning');
  const row = r.stdout.split('\n').find((l) => l.includes('onerror'));
  assert.ok(row, r.stdout);
  assert.equal(row.split(/(?<!\\)\|/).length, 7, `five cells: ${row}`);
  // Everything outside code spans is gwctl's own text.
  const outside = row.replace(/(`+)[\s\S]*?\1/g, '');
  assert.doesNotMatch(outside, /onerror|evil|@admin/, row);
});

test('junit: strings from manifests are text', async () => {
  const r = await runCli(['validate', '-', '-o', 'junit'], { stdin: HOSTILE });
  await assertValid(r.stdout);
  assert.doesNotMatch(r.stdout, /<img/);
});

test('validate: thresholds as analyze has them', async () => {
  const mixed = 'test/fixtures/validate/mixed.yaml';
  assert.equal((await runCli(['validate', mixed])).code, 1);
  assert.equal((await runCli(['validate', 'fixtures/httpbin', '--failure-threshold', 'info'])).code, 0);
  const warnOnly = 'apiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec: {ports: [{port: 80}]}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec: {ports: [{port: 80}]}\n';
  assert.equal((await runCli(['validate', '-'], { stdin: warnOnly })).code, 0, 'a warning passes by default');
  assert.equal((await runCli(['validate', '-', '--failure-threshold', 'warning'], { stdin: warnOnly })).code, 1);
  const json = await runCli(['validate', mixed, '-o', 'json', '--output-threshold', 'error']);
  assert.ok((JSON.parse(json.stdout) as { level: string }[]).every((f) => f.level === 'error'));
  for (const bad of [['--failure-threshold', 'fatal'], ['--output-threshold', 'x'], ['-o', 'xml']]) {
    const run = await runCli(['validate', mixed, ...bad]);
    assert.equal(run.code, 2, bad.join(' '));
  }
});

test("analyze -o json carries istioctl's field names beside gwctl's: origin, reference, documentationUrl", async () => {
  const r = await runCli(['analyze', 'fixtures/httpbin', '-o', 'json']);
  const records = JSON.parse(r.stdout) as Record<string, unknown>[];
  const ist = records.find((x) => x['code'] === 'IST0132');
  assert.deepEqual(
    [ist?.['origin'], ist?.['reference'], ist?.['documentationUrl'], ist?.['level']],
    ['VirtualService default/httpbin-virtual-service', 'fixtures/httpbin/vs.yaml:7', 'https://istio.io/latest/docs/reference/config/analysis/ist0132/', 'warning'],
  );
  for (const x of records) {
    assert.equal(x['documentationUrl'], x['documentation']);
    assert.equal(typeof x['message'], 'string');
    assert.equal(x['origin'] !== undefined, x['resource'] !== null, JSON.stringify(x));
    assert.equal(x['reference'] !== undefined, x['file'] !== null, JSON.stringify(x));
  }
});
