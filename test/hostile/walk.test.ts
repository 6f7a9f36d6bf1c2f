// Folder walk on layouts a pull request can create: links out of the repository, loops, diamonds,
// FIFOs, names that are not UTF-8, unreadable folders. The walk never leaves the named folders,
// reads each real file once, and stays linear in the real entries.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { ReadResult } from '../../src/load/readInputs.js';
import { repoRoot } from '../helpers/paths.js';
import { runCli } from '../helpers/runCli.js';

const base = mkdtempSync(path.join(tmpdir(), 'gwctl-walk-'));
// Readable by the unprivileged user the permission test runs gwctl as.
chmodSync(base, 0o755);
after(() => {
  chmodSync(path.join(base, 'unreadable', 'locked'), 0o755);
  rmSync(base, { recursive: true, force: true });
});

const svc = (name: string): string => `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}}\nspec: {ports: [{port: 80}]}\n`;

/** Builds a layout: `name/` folders, `name: text` files, `name -> target` links (relative targets). */
function layout(name: string, entries: Record<string, string>): string {
  const root = path.join(base, name);
  for (const [rel, what] of Object.entries(entries)) {
    const p = path.join(root, rel);
    mkdirSync(path.dirname(p), { recursive: true });
    if (rel.endsWith('/')) mkdirSync(p, { recursive: true });
    else if (what.startsWith('-> ')) symlinkSync(what.slice(3), p);
    else writeFileSync(p, what);
  }
  return root;
}

/**
 * The walk, in a child process with a time limit: a walk that leaves the folder (`vendor -> /`) or
 * is exponential (a diamond) never returns, and synchronous file calls would block a test timeout.
 */
async function read(paths: string[]): Promise<ReadResult> {
  const module = pathToFileURL(path.join(repoRoot, 'dist', 'src', 'load', 'readInputs.js')).href;
  const script = `const { readInputs } = await import(${JSON.stringify(module)});
    const r = await readInputs(JSON.parse(process.argv[1]), async () => new Uint8Array());
    process.stdout.write(JSON.stringify({ ...r, files: r.files.map((f) => ({ name: f.name, bytes: [] })) }));`;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script, JSON.stringify(paths)], { encoding: 'utf8', timeout: 20_000, maxBuffer: 64 << 20 });
  assert.equal(child.status, 0, `the walk did not finish (signal ${child.signal}): ${child.stderr.slice(0, 500)}`);
  return JSON.parse(child.stdout) as ReadResult;
}
const names = (r: ReadResult, root: string): string[] => r.files.map((f) => path.relative(root, f.name));
const skips = (r: ReadResult, root: string): string[] =>
  r.findings.filter((f) => f.code === 'GW0011').map((f) => `${path.relative(root, f.code === 'GW0011' ? f.args.path : '')}: ${f.code === 'GW0011' ? f.args.reason : ''}`);

test('a link to / or to a file outside the named folder is skipped with its path, never read', async () => {
  const outside = layout('outside', { 'secret.yaml': 'password: hunter2\n', 'dir/x.yaml': svc('x') });
  const root = layout('repo', {
    'a.yaml': svc('a'),
    'vendor': '-> /',
    'up': '-> ..',
    'secret.yaml': `-> ${path.join(outside, 'secret.yaml')}`,
    'other': `-> ${path.join(outside, 'dir')}`,
  });
  const r = await read([root]);
  assert.deepEqual(names(r, root), ['a.yaml']);
  const s = skips(r, root);
  assert.equal(s.length, 4, s.join('\n'));
  assert.ok(s.some((x) => x === 'vendor: symbolic link to /, outside the folders named on the command line'), s.join('\n'));
  assert.ok(s.some((x) => x.startsWith('secret.yaml: symbolic link to ') && x.endsWith('outside the folders named on the command line')));
  assert.deepEqual(r.errors, []);
});

test('links inside the named folders are followed, each real file read once under its real name', async () => {
  const root = layout('inside', {
    'a/x.yaml': svc('x'),
    'a/again.yaml': '-> x.yaml',
    'b/to-a': '-> ../a',
    'b/to-a-file.yaml': '-> ../a/x.yaml',
    'b/self': '-> .',
    'b/y.yaml': svc('y'),
    'c/deep': '-> ../d/e',
    'd/e/z.yml': svc('z'),
    'loop': '-> loop2',
    'loop2': '-> loop',
    'broken.yaml': '-> nowhere.yaml',
  });
  const r = await read([root]);
  assert.deepEqual(names(r, root), ['a/x.yaml', 'b/y.yaml', 'd/e/z.yml']);
  assert.deepEqual(skips(r, root).sort(), ['broken.yaml: no such file or folder', 'loop2: symbolic link loop', 'loop: symbolic link loop']);
});

test('a link into another named folder is followed; every named folder is a root', async () => {
  const two = layout('two', { 'x/link': '-> ../y/sub', 'y/sub/a.yaml': svc('a') });
  const r1 = await read([path.join(two, 'x')]);
  assert.deepEqual(names(r1, two), []);
  assert.equal(skips(r1, two).length, 1);
  const r2 = await read([path.join(two, 'x'), path.join(two, 'y')]);
  assert.deepEqual(names(r2, two), ['x/link/a.yaml']);
  assert.deepEqual(skips(r2, two), []);
  const r3 = await read([path.join(two, 'y'), path.join(two, 'x'), path.join(two, 'y', 'sub', 'a.yaml')]);
  assert.deepEqual(names(r3, two), ['y/sub/a.yaml'], 'the same real file is read once, whatever names it');
});

test('a 22-level "diamond" of links is read in linear time', { timeout: 20_000 }, async () => {
  const levels = 22;
  const entries: Record<string, string> = {};
  for (let i = 0; i <= levels; i++) {
    entries[`l${i}/s.yaml`] = svc(`s${i}`);
    if (i < levels) {
      entries[`l${i}/a`] = `-> ../l${i + 1}`;
      entries[`l${i}/b`] = `-> ../l${i + 1}`;
    }
  }
  const root = layout('diamond', entries);
  const r = await read([root]);
  assert.equal(r.files.length, levels + 1);
  assert.deepEqual(r.findings, []);
});

test('FIFOs and other special files are skipped without being opened', { timeout: 20_000 }, async (t) => {
  const root = layout('special', { 'a.yaml': svc('a') });
  const made = spawnSync('mkfifo', [path.join(root, 'pipe.yaml')]);
  if (made.status !== 0) return t.skip('mkfifo is not available');
  symlinkSync('pipe.yaml', path.join(root, 'to-pipe.yaml'));
  const r = await read([root]);
  assert.deepEqual(names(r, root), ['a.yaml']);
  assert.deepEqual(skips(r, root).sort(), ['pipe.yaml: not a regular file', 'to-pipe.yaml: not a regular file']);
  const named = await runCli(['validate', path.join(root, 'pipe.yaml')]);
  assert.equal(named.code, 2);
  assert.match(named.stderr, /not a regular file/);
});

test('a file name that is not UTF-8: a finding inside a folder, exit 2 when named', async () => {
  const root = layout('names', { 'a.yaml': svc('a') });
  const raw = Buffer.concat([Buffer.from(root + '/bad-'), Buffer.from([0xff, 0xfe]), Buffer.from('.yaml')]);
  writeFileSync(raw, svc('b'));
  const r = await read([root]);
  assert.deepEqual(names(r, root), ['a.yaml']);
  const s = skips(r, root);
  assert.equal(s.length, 1);
  assert.match(s[0] ?? '', /^bad-\ufffd\ufffd\.yaml: its name is not UTF-8 text/);
  const named = await runCli(['validate', path.join(root, 'bad-\ufffd\ufffd.yaml')]);
  assert.equal(named.code, 2);
  assert.match(named.stderr, /its name is not UTF-8 text/);
  const inFolder = await runCli(['analyze', root, '-o', 'json']);
  assert.ok((JSON.parse(inFolder.stdout) as { code: string }[]).some((f) => f.code === 'GW0011'));
});

test('an unreadable folder named on the command line exits 2; inside a folder it is a finding', async (t) => {
  const root = layout('unreadable', { 'ok/a.yaml': svc('a'), 'locked/b.yaml': svc('b') });
  chmodSync(path.join(root, 'locked'), 0o000);
  const asRoot = process.getuid?.() === 0;
  const run = (args: string[]): { code: number | null; stderr: string; stdout: string } => {
    const r = spawnSync(process.execPath, [path.join(repoRoot, 'bin', 'gwctl.js'), ...args], {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
      ...(asRoot ? { uid: 65534, gid: 65534 } : {}),
    });
    return { code: r.status, stderr: r.stderr, stdout: r.stdout };
  };
  const probe = run(['--version']);
  if (probe.code !== 0) return t.skip(`cannot run gwctl as an unprivileged user: ${probe.stderr}`);
  for (const cmd of [['validate'], ['analyze'], ['proxy-config', 'route', '-f']]) {
    const named = run([...cmd, path.join(root, 'locked')]);
    assert.equal(named.code, 2, `${cmd.join(' ')}: ${named.stderr}`);
    assert.match(named.stderr, /cannot read .*locked: permission denied/);
  }
  const inside = run(['analyze', root, '-o', 'json']);
  assert.equal(inside.code, 0, inside.stderr);
  assert.ok((JSON.parse(inside.stdout) as { code: string; message: string }[]).some((f) => f.code === 'GW0011' && /locked: permission denied/.test(f.message)));
});
