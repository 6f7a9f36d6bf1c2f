// A fresh install from `npm pack`, as a user gets it: the tarball ships the bundle (CLI and API), the
// API's type declarations, README and LICENSE, and nothing else; it declares no runtime dependency,
// so it installs offline into an empty folder, and `gwctl --version`, `gwctl analyze` and the
// programmatic API work there. Skipped, saying why, only when npm is not available.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../helpers/paths.js';

const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
  version: string;
  dependencies?: Record<string, string>;
  files?: string[];
  exports?: Record<string, unknown>;
};

/** npm as `npm test` runs it (npm_execpath), else from PATH. */
function npm(args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const execpath = process.env['npm_execpath'];
  const [command, prefix] = execpath && /\.c?js$/.test(execpath) ? [process.execPath, [execpath]] : ['npm', []];
  const r = spawnSync(command, [...prefix, ...args], { cwd, encoding: 'utf8', env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' } });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const npmMissing = (): string | undefined => {
  try {
    return npm(['--version'], repoRoot).status === 0 ? undefined : 'npm --version failed';
  } catch (e) {
    return `npm is not available (${e instanceof Error ? e.message : String(e)})`;
  }
};

test('package.json declares no runtime dependency: the bundle holds them', () => {
  assert.deepEqual(pkg.dependencies ?? {}, {});
});

const missing = npmMissing();
test('npm pack, installed offline into an empty folder: gwctl --version, gwctl analyze and the API work', { skip: missing ? `skipped: ${missing}` : false }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gwctl-install-'));
  try {
    // The suite has just built dist/ (npm test builds first): pack it as it is, without prepare's rebuild.
    const pack = npm(['pack', '--ignore-scripts', '--json', '--pack-destination', dir], repoRoot);
    assert.equal(pack.status, 0, pack.stderr);
    const [info] = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
    assert.ok(info);
    const shipped = info.files.map((f) => f.path).sort();
    // Only the bundle, its chunks, the API's declarations and the documents a package carries.
    const unexpected = shipped.filter(
      (p) => !/^(bin\/(gwctl|loadBundle|loadWorker|heapTuning)\.js|dist\/(api|worker)\.mjs|dist\/gwctl\.(cjs|([a-z-]+\.)?v8cache)|dist\/chunks\/[^/]+\.mjs|dist\/src\/.+\.d\.ts|README\.md|LICENSE|package\.json)$/.test(p),
    );
    assert.deepEqual(unexpected, [], 'files the package should not ship');
    for (const p of ['bin/gwctl.js', 'bin/loadBundle.js', 'bin/loadWorker.js', 'dist/gwctl.cjs', 'dist/gwctl.v8cache', 'dist/gwctl.validate.v8cache', 'dist/gwctl.analyze.v8cache', 'dist/worker.mjs', 'dist/api.mjs', 'dist/src/app/index.d.ts', 'README.md', 'LICENSE']) assert.ok(shipped.includes(p), p);
    assert.ok(!shipped.some((p) => p.startsWith('dist/src/cli/')), 'the CLI internals are not part of the API');

    const home = path.join(dir, 'project');
    fs.mkdirSync(home);
    fs.writeFileSync(path.join(home, 'package.json'), '{"name":"consumer","version":"1.0.0","private":true}\n');
    const install = npm(['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', path.join(dir, info.filename)], home);
    assert.equal(install.status, 0, install.stderr);
    const installed = fs.readdirSync(path.join(home, 'node_modules')).filter((n) => !n.startsWith('.'));
    assert.deepEqual(installed, ['gwctl'], 'nothing but gwctl is installed');

    const bin = path.join(home, 'node_modules', '.bin', 'gwctl');
    const run = (args: string[]) => spawnSync(bin, args, { cwd: home, encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '', NO_COLOR: '1' } });
    const version = run(['--version']);
    assert.equal(version.status, 0, version.stderr);
    assert.equal(version.stdout, `${pkg.version}\n`);
    const seed = path.join(repoRoot, 'fixtures', 'httpbin');
    const analyze = run(['analyze', seed, '-o', 'json']);
    assert.equal(analyze.status, 1, analyze.stderr);
    assert.ok((JSON.parse(analyze.stdout) as { code: string }[]).some((f) => f.code === 'GW0203'));
    const fixed = run(['explain', 'http://httpbin.local/ip', '-f', path.join(repoRoot, 'fixtures', 'httpbin-fixed')]);
    assert.equal(fixed.status, 0, fixed.stderr);

    // The programmatic API of docs/api.md, from the installed package.
    const script = `import { load, analyze, findingRecords } from 'gwctl';
const ws = await load([${JSON.stringify(seed)}]);
console.log(findingRecords(ws, analyze(ws).shown).map((r) => r.code).join(','));`;
    const api = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: home, encoding: 'utf8' });
    assert.equal(api.status, 0, api.stderr);
    assert.match(api.stdout, /GW0203/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
