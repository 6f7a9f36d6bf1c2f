// `gwctl test -o junit` is JUnit XML that CI systems accept: well-formed (a real XML parser), valid
// against the JUnit schema (libxml2's XSD validation), one testsuite per file and one testcase per
// case with the right counts, and hostile names arrive as text, not markup.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateXML } from 'xmllint-wasm';
import { assertValidJunit as assertValid, junitSchema as schema, parseJunit as suitesOf } from '../helpers/junit.js';
import { runCli } from '../helpers/runCli.js';

test('the schema check can fail: a testcase without a name, and a count that is not a number', async () => {
  const bad = '<?xml version="1.0"?><testsuites><testsuite name="a" tests="x"><testcase/></testsuite></testsuites>';
  const r = await validateXML({ xml: [{ fileName: 'bad.xml', contents: bad }], schema: [{ fileName: 'junit.xsd', contents: schema }] });
  assert.equal(r.valid, false);
  assert.ok(r.errors.length >= 2, JSON.stringify(r.errors));
});

test('one testsuite per file, one testcase per case, failures with the diff', async () => {
  const r = await runCli(['test', 'fixtures/route-tests/httpbin.yaml', 'fixtures/route-tests/bookinfo-icv.yaml', '-f', 'fixtures/httpbin', '-f', 'fixtures/bookinfo', '-o', 'junit']);
  await assertValid(r.stdout);
  const j = suitesOf(r.stdout);
  const json = JSON.parse((await runCli(['test', 'fixtures/route-tests/httpbin.yaml', 'fixtures/route-tests/bookinfo-icv.yaml', '-f', 'fixtures/httpbin', '-f', 'fixtures/bookinfo', '-o', 'json'])).stdout) as {
    tests: number;
    failed: number;
    files: { file: string; tests: number; failed: number; cases: { name: string; passed: boolean; line: number }[] }[];
  };
  assert.equal(j.tests, json.tests);
  assert.equal(j.failures, json.failed);
  assert.ok(j.failures > 0 && j.failures < j.tests, 'some cases pass and some fail');
  assert.deepEqual(
    j.suites.map((s) => [s.name, s.tests, s.failures]),
    json.files.map((f) => [f.file, f.tests, f.failed]),
  );
  j.suites.forEach((s, i) => {
    assert.deepEqual(s.cases, json.files[i]?.cases.map((c) => ({ name: c.name, failed: !c.passed, line: c.line })));
  });
  assert.match(r.stdout, /<failure message="outcome: expected forwarded, actual local-reply; /);
});

test('hostile names and values are text in JUnit XML', async () => {
  const hostile = [
    'apiVersion: gwctl.io/v1alpha1',
    'kind: RouteTests',
    'spec:',
    '  tests:',
    '  - name: "</testcase><testcase name=\\"forged\\"/> & \\e[31m red \\u202e"',
    '    request:',
    '      url: "http://httpbin.local/<x>&\\"\'"',
    '      headers: {x-evil: "]]><!--"}',
    '    expect: {status: 200}',
  ].join('\n');
  const r = await runCli(['test', '-', '-f', 'fixtures/httpbin', '-o', 'junit'], { stdin: hostile });
  assert.equal(r.code, 1, r.stderr);
  await assertValid(r.stdout);
  const j = suitesOf(r.stdout);
  assert.equal(j.suites[0]?.cases.length, 1);
  assert.equal(j.suites[0]?.cases[0]?.name, '</testcase><testcase name="forged"/> & \\e[31m red \\u202e');
  assert.doesNotMatch(r.stdout, /\u001b|\u202e/);
});
