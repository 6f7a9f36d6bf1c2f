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

// The world the inputs live in, kept with the repository: the mesh config (relative to the config
// file's folder, wherever gwctl runs from), strict, and hosts assumed to exist.
const INGRESS = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web, namespace: shop, annotations: {kubernetes.io/ingress.class: nginx}}
spec:
  rules:
  - host: shop.example.com
    http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}
`;
const ROUTE_ELSEWHERE = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews, namespace: shop}
spec:
  hosts: [reviews.shop.svc.cluster.local]
  http: [{route: [{destination: {host: reviews.other.svc.cluster.local}}]}]
`;

/** A repository (a .git folder stops the search) with .gwctl.yaml at its root; gwctl runs in repo/k8s. */
function repoWith(config: string): { root: string; k8s: string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'gwctl-world-'));
  fs.mkdirSync(path.join(root, '.git'));
  fs.mkdirSync(path.join(root, 'k8s'));
  fs.mkdirSync(path.join(root, 'istio'));
  fs.writeFileSync(path.join(root, 'istio', 'mesh.yaml'), 'ingressClass: nginx\n');
  fs.writeFileSync(path.join(root, 'k8s', 'ingress.yaml'), INGRESS);
  fs.writeFileSync(path.join(root, 'k8s', 'reviews.yaml'), ROUTE_ELSEWHERE);
  fs.writeFileSync(path.join(root, '.gwctl.yaml'), config);
  return { root, k8s: path.join(root, 'k8s') };
}

/** Each row: the config file, the command run in repo/k8s, and what must (not) follow. */
const WORLD_ROWS: readonly { name: string; config: string; args: string[]; code: number; has: RegExp[]; hasNot: RegExp[] }[] = [
  { name: 'no knobs: the Ingress is not Istio\'s, the other namespace\'s host is assumed', config: 'namespace: shop\n', args: ['analyze', '.'], code: 0, has: [/\[GW0470\]/], hasNot: [/\[IST0101\]/] },
  { name: 'meshConfig, relative to the config file: the nginx Ingress is converted', config: 'meshConfig: istio/mesh.yaml\n', args: ['pc', 'route', '.'], code: 0, has: [/shop\.example\.com/], hasNot: [] },
  { name: 'without meshConfig the nginx Ingress is not converted', config: 'namespace: shop\n', args: ['pc', 'route', '.'], code: 0, has: [], hasNot: [/shop\.example\.com/] },
  { name: '--mesh-config on the command line wins over the file', config: 'meshConfig: istio/mesh.yaml\n', args: ['pc', 'route', '.', '--mesh-config', '../istio/empty.yaml'], code: 0, has: [], hasNot: [/shop\.example\.com/] },
  { name: 'strict: true, the inputs are the whole world', config: 'strict: true\n', args: ['analyze', '.'], code: 1, has: [/\[IST0101\].*reviews\.other/], hasNot: [/\[GW0470\]/] },
  { name: '--no-strict on the command line wins over strict: true', config: 'strict: true\n', args: ['analyze', '.', '--no-strict'], code: 0, has: [/\[GW0470\]/], hasNot: [/\[IST0101\]/] },
  { name: 'assumeHosts declares the host, in strict mode too', config: 'strict: true\nassumeHosts: [reviews.other]\n', args: ['analyze', '.'], code: 0, has: [], hasNot: [/\[IST0101\]/, /\[GW0470\]/] },
  { name: 'assumeHosts adds to --assume-host', config: 'strict: true\nassumeHosts: [reviews.other]\n', args: ['analyze', '.', '--assume-host', 'ratings.other:80'], code: 0, has: [], hasNot: [/\[IST0101\]/] },
];

for (const row of WORLD_ROWS) {
  test(`config file: ${row.name}`, async () => {
    const { root, k8s } = repoWith(row.config);
    try {
      fs.writeFileSync(path.join(root, 'istio', 'empty.yaml'), '{}\n');
      const run = await runCli(row.args, { cwd: k8s });
      assert.equal(run.code, row.code, run.stdout + run.stderr);
      for (const re of row.has) assert.match(run.stdout, re);
      for (const re of row.hasNot) assert.doesNotMatch(run.stdout, re);
    } finally {
      fs.rmSync(root, { recursive: true });
    }
  });
}

test('config file: a wrong meshConfig, strict or assumeHosts is a usage error at the line of the field', async () => {
  const cases: readonly [string, string][] = [
    ['namespace: shop\nmeshConfig: istio/none.yaml\n', '.gwctl.yaml:2:1: meshConfig "istio/none.yaml" cannot be read (no such file; a path relative to the config file\'s folder)'],
    ['meshConfig: istio\n', '.gwctl.yaml:1:1: meshConfig "istio" cannot be read (not a regular file; a path relative to the config file\'s folder)'],
    ['strict: "true"\n', '.gwctl.yaml:1:1: strict must be true or false, not the string "true"'],
    ['assumeHosts:\n- reviews.other\n- "not a host"\n', '.gwctl.yaml:3:3: assumeHosts[1] "not a host" is not a host name with optional ports (host[:port,...])'],
  ];
  for (const [config, want] of cases) {
    const { root } = repoWith(config);
    try {
      const run = await runCli(['analyze', 'k8s'], { cwd: root });
      assert.equal(run.code, 2, config);
      assert.equal(run.stdout, '');
      assert.equal(run.stderr, `error: invalid config file .gwctl.yaml:\n  ${want}\n`, config);
    } finally {
      fs.rmSync(root, { recursive: true });
    }
  }
});
