// `-k <folder>`: rendered by kubectl kustomize or kustomize build from PATH (a stand-in kustomize here,
// test/fixtures/kustomize/bin, so that the test runs where neither is installed), findings located in
// the files that define the objects; no tool, a failing tool or a folder without a kustomization is a
// usage error (exit 2) that says what to do. `--verbose` names what was not read as manifests.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { compareGolden, goldenName, renderRun } from '../helpers/golden.js';
import { repoRoot } from '../helpers/paths.js';
import { runCli } from '../helpers/runCli.js';

const FIXTURE = 'test/fixtures/kustomize';
const FAKE_BIN = path.join(repoRoot, FIXTURE, 'bin');

interface JsonFinding {
  code: string;
  file: string | null;
  line: number | null;
  message: string;
}

const analyzeJson = async (args: string[], env: Record<string, string>) => {
  const run = await runCli(['analyze', ...args, '-o', 'json'], { env });
  return { run, findings: run.code === 2 ? [] : (JSON.parse(run.stdout) as JsonFinding[]) };
};

test('-k renders with kustomize build and points findings at the files that define the objects', async () => {
  const { run, findings } = await analyzeJson(['-k', `${FIXTURE}/overlay`], { PATH: FAKE_BIN });
  assert.equal(run.code, 1, run.stderr);
  const at = (code: string) => findings.filter((f) => f.code === code).map((f) => `${f.file ?? ''}:${f.line ?? ''}`);
  // The missing host: the field's own line in base/virtualservice.yaml (the rendered stream has it on line 43).
  assert.deepEqual(at('IST0101'), [`${FIXTURE}/base/virtualservice.yaml:15`]);
  // The VirtualService host the patched Gateway no longer serves: in the base file too.
  assert.ok(at('IST0132').every((w) => w.startsWith(`${FIXTURE}/base/virtualservice.yaml:`)), at('IST0132').join(', '));
  assert.ok(at('IST0132').length > 0, findings.map((f) => f.code).join(','));
  // The Gateway's only port serves 404: the overlay's patch replaced its servers, so the port is the patch's line.
  assert.deepEqual(at('GW0203'), [`${FIXTURE}/overlay/gateway-hosts.yaml:7`]);
  // Nothing else is located in the patch, nor anything in the rendered stream: every object was traced.
  assert.ok(findings.every((f) => f.file === null || f.code === 'GW0203' || f.file.startsWith(`${FIXTURE}/base/`)), findings.map((f) => f.file).join(', '));
});

test('-k: the human output and --verbose, as a golden', async () => {
  const args = ['analyze', '-k', `${FIXTURE}/overlay`, '--verbose'];
  compareGolden(path.join(repoRoot, 'test', 'golden', `${goldenName(args)}.txt`), renderRun(args, await runCli(args, { env: { PATH: FAKE_BIN } })));
});

test('-k prefers kubectl kustomize when kubectl is on PATH, and combines with paths', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gwctl-kubectl-'));
  try {
    const log = path.join(dir, 'args');
    // A kubectl that records its arguments and renders as the stand-in kustomize does.
    fs.writeFileSync(path.join(dir, 'kubectl'), `#!/bin/sh\necho "$@" > '${log}'\n[ "$1" = kustomize ] || exit 64\nshift\nexec '${path.join(FAKE_BIN, 'kustomize')}' build "$@"\n`, { mode: 0o755 });
    const { run, findings } = await analyzeJson(['-k', `${FIXTURE}/overlay`, 'fixtures/httpbin'], { PATH: `${dir}${path.delimiter}${FAKE_BIN}` });
    assert.equal(run.code, 1, run.stderr);
    assert.equal(fs.readFileSync(log, 'utf8').trim(), `kustomize ${FIXTURE}/overlay`);
    assert.ok(findings.some((f) => f.file?.startsWith('fixtures/httpbin/')), 'the named path is read too');
    assert.ok(findings.some((f) => f.file?.startsWith(`${FIXTURE}/base/`)));
  } finally {
    fs.rmSync(dir, { recursive: true });
  }
});

/** Each row: the -k folder, PATH, and the one error line expected (exit 2, nothing on stdout). */
const REFUSED: readonly { name: string; dir: string; path: string; error: RegExp }[] = [
  {
    name: 'neither tool on PATH: names both',
    dir: `${FIXTURE}/overlay`,
    path: path.join(repoRoot, FIXTURE, 'base'),
    error: /^error: -k test\/fixtures\/kustomize\/overlay: neither kubectl \(for `kubectl kustomize`\) nor kustomize \(for `kustomize build`\) is on PATH; install one, or render the folder yourself: kustomize build test\/fixtures\/kustomize\/overlay \| gwctl analyze\n$/,
  },
  { name: 'the tool fails: its message, exit 2', dir: `${FIXTURE}/broken`, path: FAKE_BIN, error: /^error: -k test\/fixtures\/kustomize\/broken: `kustomize build test\/fixtures\/kustomize\/broken` failed \(exit 1\):\n {2}Error: accumulating resources: .*missing\.yaml.*\n$/ },
  { name: 'a folder without a kustomization', dir: 'fixtures/httpbin', path: FAKE_BIN, error: /^error: -k fixtures\/httpbin: the folder has no kustomization.yaml \(read it as manifests without -k\)\n$/ },
  { name: 'a file, not a folder', dir: `${FIXTURE}/base/gateway.yaml`, path: FAKE_BIN, error: /not a folder/ },
  { name: 'no such folder', dir: `${FIXTURE}/nowhere`, path: FAKE_BIN, error: /^error: -k test\/fixtures\/kustomize\/nowhere: no such folder\n$/ },
];

for (const r of REFUSED) {
  test(`-k refused: ${r.name}`, async () => {
    for (const command of [['analyze'], ['validate'], ['pc', 'route']]) {
      const run = await runCli([...command, '-k', r.dir], { env: { PATH: r.path } });
      assert.equal(run.code, 2, command.join(' '));
      assert.equal(run.stdout, '');
      assert.match(run.stderr, r.error);
      assert.doesNotMatch(run.stderr, /internal error|\n\s+at /);
    }
  });
}

test('--verbose names each file not read as manifests and why; without it they are only counted', async () => {
  const args = ['analyze', 'test/fixtures/repo-layout', '--exclude', 'k8s/broken.yaml', '--verbose'];
  const loud = await runCli(args);
  compareGolden(path.join(repoRoot, 'test', 'golden', `${goldenName(args)}.txt`), renderRun(args, loud));
  const expected: readonly [string, string][] = [
    ['docker-compose.yml', 'a Docker Compose file'],
    ['values.yaml', 'Helm values'],
    ['Chart.yaml', "a Helm chart's metadata"],
    ['package.json', 'a build tool configuration'],
    ['.github/workflows/ci.yml', 'CI configuration (under .github/)'],
    ['.gwctl.yaml', "gwctl's configuration"],
    ['kustomize/kustomization.yaml', 'a kustomization'],
    ['k8s/broken.yaml', 'matches the exclude glob k8s/broken.yaml'],
  ];
  for (const [file, why] of expected) {
    assert.match(loud.stderr, new RegExp(`^ignored test/fixtures/repo-layout/${file.replace(/\./g, '\\.')}: ${why.replace(/[().]/g, '\\$&')}`, 'm'), file);
  }
  const quiet = await runCli(args.slice(0, -1));
  assert.equal(quiet.stdout, loud.stdout);
  assert.doesNotMatch(quiet.stderr, /^ignored /m);
});
