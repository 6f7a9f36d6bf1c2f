// Test files are written by anyone (a pull request): their strings reach a terminal or a CI log only
// escaped, in every output format and in problems; header names like __proto__ are data.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { writeMesh } from '../../bench/generate.js';
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

test('-o json grows with the cases only: the same bytes per case on a mesh four times larger', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gwctl-rt-size-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const suite = (n: number): string =>
    [
      'apiVersion: gwctl.io/v1alpha1',
      'kind: RouteTests',
      'metadata: {name: size}',
      'spec:',
      '  proxy: {gateway: istio-ingressgateway.istio-system}',
      '  tests:',
      ...Array.from({ length: n }, (_, i) => [
        `  - name: case ${i}`,
        `    request: {url: "http://app-${i}.example.com/api/x", methods: [GET, POST]}`,
        '    expect: {outcome: forwarded, cluster: "outbound|80||nowhere"}',
      ]).flat(),
    ].join('\n');
  const bytes = async (meshSize: number, cases: number): Promise<number> => {
    const mesh = path.join(dir, `mesh-${meshSize}`);
    await writeMesh(mesh, meshSize, 42, 'A');
    const r = await runCli(['test', '-', '-f', mesh, '-o', 'json'], { stdin: suite(cases) });
    assert.equal(r.code, 1, r.stderr);
    const run = JSON.parse(r.stdout) as { tests: number };
    assert.equal(run.tests, 2 * cases);
    return r.stdout.length;
  };
  const small = await bytes(200, 4);
  const large = await bytes(800, 4);
  const more = await bytes(200, 16);
  assert.ok(Math.abs(large - small) / small < 0.05, `${small} bytes on 200 resources, ${large} on 800`);
  const perCase = (more - small) / (2 * 12);
  assert.ok(perCase < 8_000, `${Math.round(perCase)} bytes per case`);
  assert.ok(Math.abs(more / small - 4) < 0.5, `4 times the cases: ${(more / small).toFixed(2)} times the bytes`);
});
