// `.gwctl.yaml` and `--exclude`: found from the working folder up to the repository root, or named
// with --config; its settings fill what the command line leaves at the defaults, lists add up; a
// wrong file is a usage error at file:line:column; excluded files are never read.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { findConfigFile } from '../../src/cli/config.js';
import { runCli } from '../helpers/runCli.js';

const REPO = 'test/fixtures/config/repo';
const CONFIG = `${REPO}/.gwctl.yaml`;
const MANIFESTS = `${REPO}/manifests`;

interface JsonFinding {
  code: string;
  level: string;
  file: string | null;
  resource: { namespace: string } | null;
}

test('without the config: the chart and the template are read (and broken), the seed 404 fails', async () => {
  const r = await runCli(['analyze', MANIFESTS, '-o', 'json']);
  const codes = (JSON.parse(r.stdout) as JsonFinding[]).map((f) => f.code);
  assert.ok(codes.includes('GW0203'), codes.join(','));
  assert.ok(codes.some((c) => c.startsWith('GW00')), `template noise: ${codes.join(',')}`);
  assert.equal(r.code, 1);
});

/** Runs and what each must show: exit code, codes present and absent. */
const RUNS: readonly { name: string; args: string[]; exit: number; has: string[]; hasNot: string[] }[] = [
  { name: 'the config excludes the chart and the template, suppresses GW0202, and warnings fail', args: ['--config', CONFIG, 'analyze', MANIFESTS], exit: 1, has: ['GW0203'], hasNot: ['GW0202', 'GW0001', 'GW0005'] },
  { name: 'a flag wins over the file', args: ['--config', CONFIG, 'analyze', MANIFESTS, '--failure-threshold', 'info'], exit: 1, has: ['GW0203'], hasNot: ['GW0202'] },
  { name: '--no-config reads none', args: ['--no-config', 'analyze', MANIFESTS, '--exclude', 'charts/**', '--exclude', '*.tpl.yaml'], exit: 1, has: ['GW0202', 'GW0203'], hasNot: [] },
  { name: '--exclude on the command line alone', args: ['analyze', MANIFESTS, '--exclude', 'charts', '--exclude', 'route.tpl.yaml', '--failure-threshold', 'info'], exit: 1, has: ['GW0202'], hasNot: ['GW0005'] },
];

for (const r of RUNS) {
  test(r.name, async () => {
    const run = await runCli([...r.args, '-o', 'json']);
    assert.equal(run.code, r.exit, run.stdout + run.stderr);
    const findings = JSON.parse(run.stdout) as JsonFinding[];
    const codes = findings.map((f) => f.code);
    for (const c of r.has) assert.ok(codes.includes(c), `${c} in ${codes.join(',')}`);
    for (const c of r.hasNot) assert.ok(!codes.includes(c), `${c} not in ${codes.join(',')}`);
    assert.ok(findings.every((f) => f.file === null || !f.file.includes('charts') || !r.hasNot.includes('GW0001')));
  });
}

test('the config namespace names documents that have none; -n wins', async () => {
  const ns = async (args: string[]) => (JSON.parse((await runCli([...args, '-o', 'json'])).stdout) as JsonFinding[]).find((f) => f.code === 'GW0203')?.resource?.namespace;
  assert.equal(await ns(['--config', CONFIG, 'analyze', MANIFESTS]), 'apps');
  assert.equal(await ns(['--config', CONFIG, 'analyze', MANIFESTS, '-n', 'web']), 'web');
  assert.equal(await ns(['analyze', MANIFESTS, '--exclude', 'charts/**']), 'default');
});

test('the validate section and the top level apply to validate', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gwctl-config-'));
  try {
    const config = path.join(dir, 'c.yaml');
    fs.writeFileSync(config, 'failureThreshold: info\nvalidate:\n  outputThreshold: error\n');
    const r = await runCli(['--config', config, 'validate', 'test/fixtures/validate/mixed.yaml', '-o', 'json']);
    assert.equal(r.code, 1);
    assert.ok((JSON.parse(r.stdout) as JsonFinding[]).every((f) => f.level === 'error'));
  } finally {
    fs.rmSync(dir, { recursive: true });
  }
});

test('a wrong config file is a usage error at file:line:column, with the closest field name', async () => {
  const r = await runCli(['--config', 'test/fixtures/config/bad.yaml', 'analyze', MANIFESTS]);
  assert.equal(r.code, 2);
  assert.equal(r.stdout, '');
  assert.equal(
    r.stderr,
    [
      'error: invalid config file test/fixtures/config/bad.yaml:',
      '  test/fixtures/config/bad.yaml:2:1: unknown field "failureTreshold" (did you mean failureThreshold?)',
      '  test/fixtures/config/bad.yaml:4:3: analyze.outputThreshold must be one of error, warning, info, not the string "loud"',
      '  test/fixtures/config/bad.yaml:5:1: exclude must be a list, not the string "charts/**"',
      '',
    ].join('\n'),
  );
  for (const bad of ['- a\n', 'a: [\n', 'meshConfig: mesh.yaml\n', 'namespace: a\n---\nnamespace: b\n']) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gwctl-config-'));
    try {
      fs.writeFileSync(path.join(dir, 'c.yaml'), bad);
      const run = await runCli(['--config', path.join(dir, 'c.yaml'), 'validate', 'fixtures/httpbin']);
      assert.equal(run.code, 2, bad);
      assert.match(run.stderr, /c\.yaml:\d+:\d+: /, bad);
    } finally {
      fs.rmSync(dir, { recursive: true });
    }
  }
  const missing = await runCli(['--config', 'no/such/.gwctl.yaml', 'validate', 'fixtures/httpbin']);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /cannot read config file no\/such\/\.gwctl\.yaml/);
});

test('found from the working folder up to the repository root, not beyond', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'gwctl-find-'));
  try {
    const repo = path.join(root, 'repo');
    const deep = path.join(repo, 'a', 'b');
    fs.mkdirSync(deep, { recursive: true });
    fs.writeFileSync(path.join(root, '.gwctl.yaml'), 'namespace: outside\n');
    assert.equal(findConfigFile(deep), path.join(root, '.gwctl.yaml'), 'no repository: up to the file-system root');
    fs.mkdirSync(path.join(repo, '.git'));
    assert.equal(findConfigFile(deep), undefined, 'the repository root stops the search');
    fs.writeFileSync(path.join(repo, '.gwctl.yaml'), 'namespace: repo\n');
    assert.equal(findConfigFile(deep), path.join(repo, '.gwctl.yaml'));
    fs.writeFileSync(path.join(repo, 'a', '.gwctl.yaml'), 'namespace: a\n');
    assert.equal(findConfigFile(deep), path.join(repo, 'a', '.gwctl.yaml'), 'the nearest wins');
  } finally {
    fs.rmSync(root, { recursive: true });
  }
});
