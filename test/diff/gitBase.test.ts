// `gwctl diff --git-base <ref> [paths...]`: the paths read at a revision from a real repository (made
// here in a temporary folder), compared with the working tree; and every way the ref, the paths or
// the repository can be wrong is a usage error (exit 2), never a stack trace.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { readGitRevision } from '../../src/load/gitRevision.js';
import { repoRoot } from '../helpers/paths.js';
import { runCli } from '../helpers/runCli.js';

const env = { PATH: process.env['PATH'] ?? '/usr/bin:/bin', GIT_CONFIG_NOSYSTEM: '1', HOME: tmpdir() };
const root = mkdtempSync(path.join(tmpdir(), 'gwctl-git-'));
after(() => rmSync(root, { recursive: true, force: true }));

const git = (cwd: string, ...args: string[]): string =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', '-c', 'init.defaultBranch=main', ...args], { cwd, env, encoding: 'utf8' });

/** A repository whose commit holds `committed` under k8s/, and whose working tree holds `working`. */
function repo(name: string, committed: string, working: string): string {
  const dir = path.join(root, name);
  mkdirSync(dir);
  git(dir, 'init', '-q');
  cpSync(path.join(repoRoot, 'fixtures', committed), path.join(dir, 'k8s'), { recursive: true });
  git(dir, 'add', '.');
  git(dir, 'commit', '-q', '-m', 'base');
  rmSync(path.join(dir, 'k8s'), { recursive: true });
  cpSync(path.join(repoRoot, 'fixtures', working), path.join(dir, 'k8s'), { recursive: true });
  return dir;
}

const fixing = repo('fixing', 'httpbin', 'httpbin-fixed');
const breaking = repo('breaking', 'httpbin-fixed', 'httpbin');
const same = repo('same', 'httpbin', 'httpbin');

test('--git-base HEAD: the fix read from git against the working tree, as --base/--head would say', async () => {
  const run = await runCli(['diff', '--git-base', 'HEAD', 'k8s', '-o', 'json'], { cwd: fixing, env });
  assert.equal(run.code, 0, run.stderr);
  const r = JSON.parse(run.stdout) as { base: { commit: string; label: string }; summary: Record<string, number>; findings: { fixed: { code: string; file: string }[] } };
  assert.match(r.base.commit, /^[0-9a-f]{40}$/);
  assert.equal(r.base.commit, git(fixing, 'rev-parse', 'HEAD').trim());
  assert.equal(r.summary['stopsFailing'], 1);
  const fixed = r.findings.fixed.find((f) => f.code === 'IST0132');
  assert.equal(fixed?.file, path.join('k8s', 'vs.yaml'), 'base files are named as the walk names them');
  const files = await runCli(['diff', '--base', path.join(repoRoot, 'fixtures', 'httpbin'), '--head', path.join(repoRoot, 'fixtures', 'httpbin-fixed'), '-o', 'json'], { env });
  assert.deepEqual(r.summary, (JSON.parse(files.stdout) as { summary: unknown }).summary);
});

test('--git-base: a change that breaks a request fails under new-errors and new-404, in every format', async () => {
  for (const o of ['text', 'markdown', 'json']) {
    for (const failOn of ['new-errors', 'new-404']) {
      const run = await runCli(['diff', '--git-base', 'HEAD', 'k8s', '-o', o, '--fail-on', failOn], { cwd: breaking, env });
      assert.equal(run.code, 1, `${o} ${failOn}: ${run.stderr}`);
    }
  }
});

test('--git-base: the same files on both sides (paths default to .) change nothing', async () => {
  const run = await runCli(['diff', '--git-base', 'HEAD', '--fail-on', 'any-change'], { cwd: same, env });
  assert.equal(run.code, 0, run.stdout + run.stderr);
  assert.match(run.stdout, /0 behaviour changes; 0 config changes in 0 workloads; findings: 0 introduced, 0 fixed, 3 unchanged/);
});

test('--git-base: a folder the revision lacks is read as empty, with a note', async () => {
  mkdirSync(path.join(same, 'new'));
  cpSync(path.join(repoRoot, 'fixtures', 'httpbin-fixed'), path.join(same, 'new', 'app'), { recursive: true });
  const run = await runCli(['diff', '--git-base', 'HEAD', 'new'], { cwd: same, env });
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stderr, /note: base: new does not exist at HEAD; read as empty/);
  assert.match(run.stdout, /introduced/);
});

test('--git-base: links are read as the walk reads them, never followed outside the named paths', async () => {
  const dir = path.join(root, 'links');
  mkdirSync(path.join(dir, 'k8s'), { recursive: true });
  git(dir, 'init', '-q');
  cpSync(path.join(repoRoot, 'fixtures', 'httpbin'), path.join(dir, 'k8s'), { recursive: true });
  writeFileSync(path.join(dir, 'secret.yaml'), 'kind: Secret\n');
  symlinkSync('../secret.yaml', path.join(dir, 'k8s', 'outside.yaml'));
  symlinkSync('vs.yaml', path.join(dir, 'k8s', 'again.yaml'));
  // Links inside the named paths to what the revision does not hold: a file, a folder (and one to a folder it holds).
  symlinkSync('deleted.yaml', path.join(dir, 'k8s', 'dangling.yaml'));
  symlinkSync('gone', path.join(dir, 'k8s', 'gone-folder'));
  mkdirSync(path.join(dir, 'k8s', 'sub'));
  writeFileSync(path.join(dir, 'k8s', 'sub', 'notes.txt'), 'not a manifest');
  symlinkSync('sub', path.join(dir, 'k8s', 'here'));
  writeFileSync(path.join(dir, 'k8s', 'notes.txt'), 'not a manifest');
  git(dir, 'add', '.');
  git(dir, 'commit', '-q', '-m', 'links');
  const rev = await readGitRevision({ cwd: dir, env, ref: 'HEAD', paths: ['k8s'], maxFileBytes: 1024 * 1024 });
  assert.deepEqual(
    rev.files.map((f) => f.name),
    ['gateway.yaml', 'service.yaml', 'vs.yaml'].map((f) => path.join('k8s', f)),
  );
  assert.deepEqual(
    rev.findings.map((f) => [f.code, f.at?.file]).sort(),
    [
      ['GW0011', path.join('k8s', 'dangling.yaml')],
      ['GW0011', path.join('k8s', 'gone-folder')],
      ['GW0011', path.join('k8s', 'outside.yaml')],
    ],
  );
  const dangling = rev.findings.find((f) => f.at?.file === path.join('k8s', 'dangling.yaml'));
  assert.match(JSON.stringify(dangling?.args), /symbolic link to deleted\.yaml: no such file or folder at [0-9a-f]{40}/);
  const tiny = await readGitRevision({ cwd: dir, env, ref: 'HEAD', paths: ['k8s'], maxFileBytes: 10 });
  assert.deepEqual(tiny.files, []);
  assert.ok(tiny.findings.filter((f) => f.code === 'GW0011').length >= 3, 'files over the size cap are skipped with GW0011');
});

const USAGE: readonly { name: string; args: string[]; cwd?: string; message: RegExp }[] = [
  { name: 'a ref that is no commit', args: ['--git-base', 'no-such-branch', 'k8s'], message: /"no-such-branch" is not a commit of this repository/ },
  { name: 'a ref that looks like an option', args: ['--git-base=--output=/tmp/x', 'k8s'], message: /a ref cannot start with "-"/ },
  { name: 'a ref with control characters', args: ['--git-base', 'HEAD\u001b[2K', 'k8s'], message: /control characters/ },
  { name: 'a path outside the repository', args: ['--git-base', 'HEAD', '..'], message: /outside the git repository/ },
  { name: 'stdin', args: ['--git-base', 'HEAD', '-'], message: /stdin \(-\) has no revision/ },
  { name: '--git-base with --base', args: ['--git-base', 'HEAD', '--base', 'k8s'], message: /either --git-base/ },
  { name: 'not a repository', args: ['--git-base', 'HEAD', '.'], cwd: root, message: /is not inside a git repository/ },
];

for (const u of USAGE) {
  test(`--git-base usage error: ${u.name}`, async () => {
    const run = await runCli(['diff', ...u.args], { cwd: u.cwd ?? fixing, env });
    assert.equal(run.code, 2, run.stdout + run.stderr);
    assert.match(run.stderr, u.message);
    assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
    assert.doesNotMatch(run.stderr, /\u001b/, 'escaped');
    assert.equal(run.stdout, '');
  });
}
