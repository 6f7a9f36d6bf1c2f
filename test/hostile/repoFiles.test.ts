// The files besides manifests that come with a pull request: route test files and .gwctl.yaml. A link
// out of the repository is never read, a small file never multiplies into unbounded work, and each
// refusal is a problem with its place (exit 2), never a silent skip.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { MAX_REQUESTS_PER_RUN, MAX_REQUESTS_PER_TEST } from '../../src/app/routeTests/parse.js';
import { repoRoot } from '../helpers/paths.js';
import { runCli } from '../helpers/runCli.js';
import { outputProblems } from './fixtures.js';

const root = mkdtempSync(path.join(tmpdir(), 'gwctl-repo-files-'));
after(() => rmSync(root, { recursive: true, force: true }));
const outside = path.join(root, 'outside');
mkdirSync(outside);
writeFileSync(path.join(outside, 'secret.yaml'), 'password: hunter2\n');
const repo = path.join(root, 'repo');
mkdirSync(path.join(repo, '.git'), { recursive: true });
const httpbin = path.join(repoRoot, 'fixtures', 'httpbin');
const tests = path.join(repoRoot, 'fixtures', 'route-tests', 'httpbin.yaml');

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const r = await runCli(args, { cwd: repo });
  assert.deepEqual([...outputProblems(r.stdout), ...outputProblems(r.stderr)], []);
  return r;
}

test('a route test file linked from outside the named folders is a problem at its path, not a test silently left out', async () => {
  const dir = path.join(repo, 'tests-linked');
  mkdirSync(dir);
  symlinkSync(tests, path.join(dir, 'httpbin.yaml'));
  symlinkSync(path.join(outside, 'secret.yaml'), path.join(dir, 'secret.yaml'));
  const r = await run(['test', 'tests-linked', '-f', httpbin, '--no-config']);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /^tests-linked\/httpbin\.yaml:1:1: error GW0011 skipped tests-linked\/httpbin\.yaml: symbolic link to .*, outside the folders named on the command line$/m);
  assert.match(r.stderr, /tests-linked\/secret\.yaml: symbolic link/);
  assert.doesNotMatch(r.stdout + r.stderr, /hunter2/);
  // Named on the command line, the link is the user's choice and is read.
  const named = await run(['test', path.join(dir, 'httpbin.yaml'), '-f', httpbin, '--no-config']);
  assert.notEqual(named.code, 2, named.stderr);
  assert.match(named.stdout, /\d+ passed, \d+ failed/);
});

test('a test whose lists multiply past the cap is a problem at its place; so is a run past the run cap', async () => {
  const list = (n: number, f: (i: number) => string): string => `[${Array.from({ length: n }, (_, i) => f(i)).join(', ')}]`;
  const bomb = `testCases:\n- description: bomb\n  wantMatch: true\n  request:\n    authority: ${list(300, (i) => `a${i}.example.com`)}\n    method: [GET, POST, PUT, DELETE, PATCH, HEAD, OPTIONS, TRACE, CONNECT, FOO]\n    uri: ${list(300, (i) => `/p${i}`)}\n  route: [{destination: {host: x}}]\n`;
  assert.ok(bomb.length < 8000);
  writeFileSync(path.join(repo, 'bomb.yaml'), bomb);
  const start = performance.now();
  const r = await run(['test', 'bomb.yaml', '-f', httpbin, '--no-config', '-o', 'json']);
  assert.equal(r.code, 2, r.stderr);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /^bomb\.yaml:4:3: error expands to 900,000 requests \(300 URIs x 300 authorities x 10 methods\), more than the 1,000 requests one test may check: split it$/m);
  assert.ok(performance.now() - start < 5000);

  const side = Math.cbrt(MAX_REQUESTS_PER_TEST);
  const one = (i: number): string => `- description: t${i}\n  request: {authority: ${list(side, (j) => `h${j}`)}, method: ${list(side, (j) => `M${String.fromCharCode(65 + j)}`)}, uri: ${list(side, (j) => `/${j}`)}}\n  route: [{destination: {host: x}}]\n`;
  const count = MAX_REQUESTS_PER_RUN / MAX_REQUESTS_PER_TEST + 1;
  writeFileSync(path.join(repo, 'many.yaml'), `testCases:\n${Array.from({ length: count }, (_, i) => one(i)).join('')}`);
  const many = await run(['test', 'many.yaml', '-f', httpbin, '--no-config']);
  assert.equal(many.code, 2, many.stderr);
  assert.match(many.stderr, new RegExp(`^many\\.yaml:${3 + 3 * (count - 1)}:\\d+: error the tests expand to more than ${MAX_REQUESTS_PER_RUN.toLocaleString('en-US')} requests from here on`, 'm'));
});

test('a .gwctl.yaml found in the repository that links outside it is not read (exit 2, saying why)', async () => {
  const dir = path.join(root, 'linked-config');
  mkdirSync(path.join(dir, '.git'), { recursive: true });
  symlinkSync(path.join(outside, 'secret.yaml'), path.join(dir, '.gwctl.yaml'));
  const r = await runCli(['validate', httpbin], { cwd: dir });
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /config file .*\.gwctl\.yaml is a symbolic link to .*secret\.yaml, outside .*: not read/);
  assert.doesNotMatch(r.stderr, /hunter2|password/);
  // A link inside the repository is fine; so is one named with --config.
  writeFileSync(path.join(dir, 'real.yaml'), 'namespace: apps\n');
  rmSync(path.join(dir, '.gwctl.yaml'));
  symlinkSync('real.yaml', path.join(dir, '.gwctl.yaml'));
  assert.equal((await runCli(['validate', httpbin], { cwd: dir })).code, 0);
  assert.equal((await runCli(['validate', httpbin, '--config', path.join(outside, 'secret.yaml')], { cwd: dir })).code, 2, 'read, and invalid');
});

test('a huge .gwctl.yaml is refused before it is read', async () => {
  const dir = path.join(root, 'huge-config');
  mkdirSync(path.join(dir, '.git'), { recursive: true });
  writeFileSync(path.join(dir, '.gwctl.yaml'), `# ${'x'.repeat(2 * 1024 * 1024)}\nnamespace: a\n`);
  const r = await runCli(['validate', httpbin], { cwd: dir });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /cannot read config file .*: larger than 1024 KiB/);
});
