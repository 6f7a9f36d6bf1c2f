// Test files are written by anyone (a pull request): their strings reach a terminal or a CI log only
// escaped, in every output format and in problems; header names like __proto__ are data.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCli } from '../helpers/runCli.js';
import { outputProblems } from '../hostile/fixtures.js';

const hostile = [
  'apiVersion: gwctl.io/v1alpha1',
  'kind: RouteTests',
  'metadata: {name: "suite\\e]0;owned\\a"}',
  'spec:',
  '  tests:',
  '  - name: "line\\n::error file=x,line=1::forged \\e[2J \\u202egnp.exe"',
  '    request:',
  '      url: "http://httpbin.local/\\u202e"',
  '      headers: {__proto__: "x", constructor: "y", x-evil: "a\\e[2Jb"}',
  '    expect: {virtualService: "a/\\u202eb", location: "\\e[31m"}',
].join('\n');

for (const format of ['text', 'json', 'github', 'junit']) {
  test(`hostile strings are escaped in -o ${format}`, async () => {
    const r = await runCli(['test', '-', '-f', 'fixtures/httpbin', '-o', format], { stdin: hostile });
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(outputProblems(r.stdout, { annotations: format === 'github' }), []);
    assert.deepEqual(outputProblems(r.stderr), []);
    if (format === 'github') {
      for (const line of r.stdout.trimEnd().split('\n')) assert.match(line, /^(::error [^\n]*|\d+ passed, \d+ failed)$/, line);
      assert.equal(r.stdout.match(/^::error/gm)?.length, 1, 'one annotation, none forged');
    }
    if (format === 'json') {
      const run = JSON.parse(r.stdout) as { files: { cases: { name: string; request: { headers: Record<string, string> } }[] }[] };
      const c = run.files[0]?.cases[0];
      assert.equal(c?.name.startsWith('line\n::error'), true, 'JSON keeps the data');
      assert.equal(c?.request.headers['__proto__'], 'x');
      assert.equal(c?.request.headers['constructor'], 'y');
    }
  });
}

test('hostile strings in problems are escaped, with their line', async () => {
  const bad = 'apiVersion: gwctl.io/v1alpha1\nkind: RouteTests\nspec:\n  tests:\n  - name: x\n    request: {url: "http://a/"}\n    expect: {"\\e[2Jclus\\u202eter": 1}\n';
  for (const format of ['text', 'github']) {
    const r = await runCli(['test', '-', '-f', 'fixtures/httpbin', '-o', format], { stdin: bad });
    assert.equal(r.code, 2);
    assert.deepEqual(outputProblems(r.stdout, { annotations: format === 'github' }), []);
    assert.deepEqual(outputProblems(r.stderr), []);
    assert.match(r.stderr, /^<stdin>:7:14: error spec\.tests\[0\]\.expect: unknown field "\\u001b\[2Jclus\\u202eter"/m);
  }
});

test('a header value no HTTP request can carry (CR, LF, NUL: Envoy refuses them) is a problem at its place, not a test', async () => {
  const bad = 'apiVersion: gwctl.io/v1alpha1\nkind: RouteTests\nspec:\n  tests:\n  - name: x\n    request: {url: "http://a/", headers: {x-evil: "a\\rb"}}\n    expect: {cluster: x}\n';
  const r = await runCli(['test', '-', '-f', 'fixtures/httpbin'], { stdin: bad });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^<stdin>:6:\d+: error header "x-evil" has a line break or NUL in its value/m);
});
