// istioctl habits: analyze's -A/--all-namespaces and --use-kube=false are accepted without noise,
// proxy-config's type aliases work, types only a running proxy has are a clear usage error, and -q
// drops notes (never warnings or errors).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCli } from '../helpers/runCli.js';

test('analyze -A, --all-namespaces and --use-kube=false: the same findings and exit code, nothing more said', async () => {
  const base = await runCli(['analyze', 'fixtures/httpbin', '-o', 'json']);
  for (const extra of [['-A'], ['--all-namespaces'], ['--use-kube=false'], ['--use-kube', 'false'], ['-A', '--use-kube=false']]) {
    const r = await runCli(['analyze', 'fixtures/httpbin', ...extra, '-o', 'json']);
    assert.equal(r.code, base.code, extra.join(' '));
    assert.equal(r.stdout, base.stdout, extra.join(' '));
    assert.equal(r.stderr, base.stderr, extra.join(' '));
  }
  const kube = await runCli(['analyze', 'fixtures/httpbin', '--use-kube=true']);
  assert.equal(kube.code, 2);
});

const ALIASES: readonly [string, string][] = [
  ['listeners', 'listener'],
  ['l', 'listener'],
  ['routes', 'route'],
  ['r', 'route'],
  ['clusters', 'cluster'],
  ['c', 'cluster'],
  ['endpoints', 'endpoint'],
  ['ep', 'endpoint'],
  ['eds', 'endpoint'],
  ['a', 'all'],
  ['ROUTES', 'route'],
];

for (const [alias, type] of ALIASES) {
  test(`proxy-config ${alias} is proxy-config ${type}`, async () => {
    const want = await runCli(['pc', type, '-f', 'fixtures/httpbin-fixed']);
    const got = await runCli(['pc', alias, '-f', 'fixtures/httpbin-fixed']);
    assert.equal(want.code, 0);
    assert.deepEqual(got, want);
  });
}

test('proxy-config types only a running proxy has: a usage error that says why', async () => {
  for (const t of ['secret', 's', 'bootstrap', 'log']) {
    const r = await runCli(['pc', t, '-f', 'fixtures/httpbin-fixed']);
    assert.equal(r.code, 2, t);
    assert.match(r.stderr, /cannot show .* from manifests alone: /, t);
  }
  const unknown = await runCli(['pc', 'routez', '-f', 'fixtures/httpbin-fixed']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /use listener \(listeners, l\)/);
});

test('-q drops notes and summaries, keeps warnings, errors and the output', async () => {
  const loud = await runCli(['analyze', 'fixtures/httpbin']);
  const quiet = await runCli(['-q', 'analyze', 'fixtures/httpbin']);
  assert.match(loud.stderr, /analyzers ran/);
  assert.equal(quiet.stderr, '');
  assert.equal(quiet.stdout, loud.stdout);
  assert.equal(quiet.code, loud.code);
  const explainLoud = await runCli(['explain', 'http://httpbin.local/ip', '-f', 'fixtures/httpbin-fixed']);
  const explainQuiet = await runCli(['--quiet', 'explain', 'http://httpbin.local/ip', '-f', 'fixtures/httpbin-fixed']);
  assert.match(explainLoud.stderr, /^note: /m);
  assert.doesNotMatch(explainQuiet.stderr, /^note: /m);
  assert.equal(explainQuiet.stdout, explainLoud.stdout);
  const bad = await runCli(['-q', 'analyze', 'no/such/path']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /cannot read no\/such\/path/);
});

/** Workload targets as istioctl users type them: each gives the same config as the canonical form. */
const TARGETS: readonly { given: string; same: string; inputs: string }[] = [
  { given: 'productpage-v1-6c886ff494-7vxhs', same: 'deploy/productpage-v1.default', inputs: 'fixtures/bookinfo' },
  { given: 'productpage-v1-6c886ff494-7vxhs.default', same: 'deploy/productpage-v1.default', inputs: 'fixtures/bookinfo' },
  { given: 'pod/details-v1-79f774bdb9-x7k2p', same: 'deploy/details-v1.default', inputs: 'fixtures/bookinfo' },
  { given: 'svc/productpage', same: 'deploy/productpage-v1.default', inputs: 'fixtures/bookinfo' },
  { given: 'svc/details.default', same: 'deploy/details-v1.default', inputs: 'fixtures/bookinfo' },
  { given: 'gateway/bookinfo-gateway', same: 'istio-ingressgateway.istio-system', inputs: 'fixtures/bookinfo' },
];

for (const t of TARGETS) {
  test(`proxy-config route ${t.given} is ${t.same}`, async () => {
    const want = await runCli(['pc', 'route', t.same, '-f', t.inputs]);
    const got = await runCli(['pc', 'route', t.given, '-f', t.inputs]);
    assert.equal(want.code, 0, want.stderr);
    assert.equal(got.code, 0, got.stderr);
    assert.equal(got.stdout, want.stdout);
  });
}

test('targets that name nothing or too much are usage errors that say why', async () => {
  const cases: readonly [string, RegExp][] = [
    ['svc/reviews', /selects more than one workload: .*reviews-v1.*reviews-v2/],
    ['svc/nope', /Service "nope" not found/],
    ['gateway/nope', /Gateway "(gateway\/)?nope" not found/],
    ['nothing-here-6c886ff494-7vxhs', /workload "nothing-here-6c886ff494-7vxhs" not found/],
  ];
  for (const [target, message] of cases) {
    const r = await runCli(['pc', 'route', target, '-f', 'fixtures/bookinfo']);
    assert.equal(r.code, 2, target);
    assert.match(r.stderr, message, target);
  }
});

test('stdin is read when it is piped and no path is named; an empty pipe is no input', async () => {
  const { readFileSync, readdirSync } = await import('node:fs');
  const text = readdirSync('fixtures/httpbin').sort().map((f) => readFileSync(`fixtures/httpbin/${f}`, 'utf8')).join('\n---\n');
  const dash = await runCli(['analyze', '-', '-o', 'json'], { stdin: text });
  const piped = await runCli(['analyze', '-o', 'json'], { stdin: text });
  assert.equal(piped.code, dash.code);
  assert.equal(piped.stdout, dash.stdout);
  assert.ok(piped.stdout.includes('GW0203'));
  const empty = await runCli(['analyze'], { stdin: '' });
  assert.equal(empty.code, 2);
  assert.match(empty.stderr, /no input \(stdin is empty\)/);
  const none = await runCli(['validate']);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /no input: /);
});

test('a repository: compose, Helm values and Chart.yaml, package.json, CI workflows, .gwctl.yaml are ignored, not broken manifests', async () => {
  const r = await runCli(['--no-config', 'validate', 'test/fixtures/repo-layout', '-o', 'json']);
  const findings = JSON.parse(r.stdout) as { code: string; file: string }[];
  assert.deepEqual(findings.map((f) => `${f.code} ${f.file}`).sort(), [
    'GW0005 test/fixtures/repo-layout/k8s/broken.yaml',
    'GW0040 test/fixtures/repo-layout/chart',
    'GW0041 test/fixtures/repo-layout/kustomize/patch.yaml',
  ]);
  const text = await runCli(['--no-config', 'validate', 'test/fixtures/repo-layout']);
  // The six known files, the chart's Chart.yaml and values.yaml, the Kustomization, and the broken manifest (reported above).
  assert.match(text.stdout, /10 documents ignored/);
});

test('a kustomize patch is not read as the object it patches: no false 404 on the parent folder', async () => {
  const r = await runCli(['--no-config', 'analyze', 'test/fixtures/repo-layout', '-o', 'json']);
  const codes = (JSON.parse(r.stdout) as { code: string }[]).map((f) => f.code);
  assert.ok(!codes.includes('IST0132') && !codes.includes('GW0203'), codes.join(','));
  assert.ok(codes.includes('GW0041'));
  assert.ok(!codes.includes('GW0004'), 'chart templates are not read');
});

test('help is wrapped at the terminal width, at spaces, never inside a word', async () => {
  for (const columns of [60, 80, 120]) {
    const r = await runCli(['--help'], { isTTY: true, columns });
    assert.equal(r.code, 0);
    const lines = r.stdout.split('\n');
    // Only a command example (one unbreakable line) may be longer.
    for (const l of lines) if (l.length > columns) assert.doesNotMatch(l, /^\s*#/, `${columns}: ${l}`);
    // A wrapped example comment continues with its own `#`.
    const words = (s: string): string[] => s.split(/\s+/).filter((w) => w.length > 0 && w !== '#');
    const wide = await runCli(['--help'], { isTTY: true, columns: 200 });
    assert.deepEqual(words(r.stdout), words(wide.stdout), `${columns}: the same words, none broken`);
  }
  const piped = await runCli(['--help']);
  assert.ok(piped.stdout.split('\n').every((l) => l.length <= 80 || !/^\s*#/.test(l)));
});

test('gwctl completion bash|zsh|fish: scripts from the command tree; bash completes commands, aliases and options', async () => {
  const { spawnSync } = await import('node:child_process');
  const bash = await runCli(['completion', 'bash']);
  assert.equal(bash.code, 0);
  assert.equal(spawnSync('bash', ['-n'], { input: bash.stdout }).status, 0, 'bash syntax');
  const complete = (words: string[]): string[] => {
    const script = `${bash.stdout}\nCOMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _gwctl; printf '%s\\n' "\${COMPREPLY[@]}"`;
    const r = spawnSync('bash', ['-c', script], { encoding: 'utf8' });
    return r.stdout.split('\n').filter((l) => l !== '');
  };
  assert.deepEqual(complete(['gwctl', 'ana']), ['analyze']);
  assert.ok(complete(['gwctl', 'p']).includes('pc'), 'aliases');
  assert.ok(complete(['gwctl', 'analyze', '--fail']).includes('--failure-threshold'));
  assert.ok(complete(['gwctl', 'validate', '--']).includes('--output-threshold'));
  assert.ok(!complete(['gwctl', 'explain', '--']).includes('--failure-threshold'), 'options of the command only');
  const zsh = await runCli(['completion', 'zsh']);
  assert.match(zsh.stdout, /bashcompinit/);
  const fish = await runCli(['completion', 'fish']);
  assert.match(fish.stdout, /__fish_seen_subcommand_from analyze' -s o -l output -r -a 'log json yaml sarif github junit markdown'/);
  assert.equal((await runCli(['completion', 'tcsh'])).code, 2);
});
