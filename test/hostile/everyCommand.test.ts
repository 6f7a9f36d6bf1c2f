// Every command in every output format on inputs a pull request could hold: hostile manifest keys,
// values and file names (some at the start of a line of output), route tests with hostile names and
// prototype header names, a mesh config with prototype keys, a git branch with a hostile name. Each
// run must exit as documented (the same code whatever the format), print nothing a terminal or a CI
// log acts on, keep machine output parseable (JSON, SARIF, JUnit XML) and keep Markdown inert.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { XMLValidator } from 'fast-xml-parser';
import { runCli } from '../helpers/runCli.js';
import { FORGED, hostileFolder, LINE_START_NAMES, MARKUP, markdownOutsideCode, outputProblems } from './fixtures.js';

const manifests = hostileFolder();
const root = path.dirname(manifests);
after(() => rmSync(root, { recursive: true, force: true }));

const s = JSON.stringify;
const H = `${FORGED}${MARKUP}`;
/** A Service whose name and labels are hostile, in each file whose name starts a line of output. */
for (const name of LINE_START_NAMES) writeFileSync(path.join(root, name), `apiVersion: v1\nkind: Service\nmetadata: {name: line-start, namespace: default, labels: {${s(`k${H}`)}: ${s(`v${H}`)}}}\nspec:\n  ports: [{port: 80, name: ${s(`http${H}`)}}]\n`);

mkdirSync(path.join(root, 'tests'));
writeFileSync(
  path.join(root, 'tests', `native${FORGED}.yaml`),
  `apiVersion: gwctl.io/v1alpha1
kind: RouteTests
metadata: {name: ${s(`suite${H}`)}}
spec:
  tests:
  - name: ${s(`named${H}`)}
    request:
      url: ${s(`http://named.example.com/m?${encodeURIComponent(MARKUP)}`)}
      headers: {x-h: ${s(`v${H}`.replace(/[\r\n\u0000]/g, ''))}, __proto__: p, constructor: c, prototype: x}
    expect: {virtualService: default/named, cluster: ${s(`c${H}`)}, location: ${s(`l${H}`)}}
  - name: ${s(`404${H}`)}
    request: {url: "http://shop.example.com/nothing"}
    expect: {status: 404}
`,
);
writeFileSync(
  path.join(root, 'tests', 'icv.yaml'),
  `testCases:
- description: ${s(`icv${H}`)}
  wantMatch: true
  request:
    authority: ["named.example.com"]
    method: [GET]
    uri: [${s(`/m${encodeURIComponent(MARKUP)}`)}]
    headers: {__proto__: p, constructor: c}
  route:
  - destination: {host: ${s(`h${H}`)}}
`,
);
writeFileSync(path.join(root, 'mesh.yaml'), `rootNamespace: istio-system\n__proto__: {rootNamespace: polluted}\nconstructor: {x: 1}\ndefaultConfig: {proxyMetadata: {__proto__: x, ${s(`k${H}`)}: ${s(`v${H}`)}}}\n${s(`unknown${H}`)}: 1\n`);

// A repository whose base branch has a hostile name; the working tree adds a route.
const git = (...args: string[]): void => void execFileSync('git', args, { cwd: root, stdio: 'ignore', env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' } });
const BRANCH = `base\u202e|\`x\`</testcase>]]>@octocat<img>`;
git('init', '-q');
git('-c', 'user.email=a@b', '-c', 'user.name=a', 'commit', '-q', '--allow-empty', '-m', 'empty');
git('add', 'manifests');
git('-c', 'user.email=a@b', '-c', 'user.name=a', 'commit', '-q', '-m', 'base');
git('branch', BRANCH);
writeFileSync(path.join(manifests, 'added.yaml'), `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: added, namespace: default}\nspec:\n  hosts: ["named.example.com"]\n  gateways: [gw]\n  http:\n  - match: [{uri: {prefix: ${s(`/new${MARKUP.replace(/ /g, '')}`)}}}]\n    route: [{destination: {host: shop}}]\n`);

interface Run {
  /** Runs with the same group must exit with the same code, whatever the format. */
  group: string;
  args: string[];
  code: number;
  /** Whether the hostile strings reach human output (a clean input named by a hostile name does not). */
  quiet?: boolean;
}

const M = 'manifests';
const ALL_INPUTS = [M, ...LINE_START_NAMES];
const RUNS: Run[] = [
  ...['text', 'log', 'json', 'yaml', 'sarif', 'github', 'junit', 'markdown'].map((o) => ({ group: 'validate', args: ['validate', ...ALL_INPUTS, '-o', o], code: 1 })),
  ...['log', 'json', 'yaml', 'sarif', 'github', 'junit', 'markdown'].map((o) => ({ group: 'analyze', args: ['analyze', ...ALL_INPUTS, '-o', o], code: 1 })),
  ...['log', 'json', 'github', 'markdown'].map((o) => ({ group: 'analyze mesh', args: ['analyze', ...ALL_INPUTS, '--mesh-config', 'mesh.yaml', '-o', o], code: 1 })),
  ...['route', 'listener', 'cluster', 'endpoint', 'all'].flatMap((t) => ['short', 'json', 'yaml'].map((o) => ({ group: `pc ${t}`, args: ['proxy-config', t, '-f', M, '-f', LINE_START_NAMES[0], '-o', o], code: 1 }))),
  ...['text', 'json', 'yaml'].flatMap((o) => [
    { group: 'explain named', args: ['explain', `http://named.example.com/m?q=${encodeURIComponent(MARKUP)}`, '-f', M, '-H', 'x-h: v', '-H', 'constructor: c', '-H', '__proto__: p', '-o', o], code: 1 },
    { group: 'explain 404', args: ['explain', 'http://shop.example.com/nothing', '-f', M, '--mesh-config', 'mesh.yaml', '-o', o], code: 1 },
    { group: 'explain line-start', args: ['explain', 'http://a/', LINE_START_NAMES[0], '-o', o], code: 1, quiet: true },
  ]),
  ...['text', 'json', 'junit', 'github'].flatMap((o) => [
    { group: 'test', args: ['test', 'tests', '-f', M, '-o', o], code: 1 },
    { group: 'test coverage', args: ['test', 'tests', '-f', M, '--coverage', '--mesh-config', 'mesh.yaml', '-o', o], code: 1 },
    // A manifest given as a test file: a problem at its place (file name at the start of the line), exit 2.
    { group: 'test problem', args: ['test', LINE_START_NAMES[0], '-f', M, '-o', o], code: 2 },
  ]),
  ...['mermaid', 'markdown', 'dot', 'json'].flatMap((o) => [
    { group: 'graph', args: ['graph', ...ALL_INPUTS, '--mesh-config', 'mesh.yaml', '-o', o], code: 1 },
    { group: 'graph gateway', args: ['graph', M, '--gateway', 'istio-ingressgateway.istio-system', '--max-nodes', '3', '-o', o], code: 1 },
  ]),
  ...['text', 'markdown', 'json'].flatMap((o) => [
    { group: 'diff', args: ['diff', '--base', LINE_START_NAMES[1], '--head', M, LINE_START_NAMES[0], '-o', o, '--fail-on', 'any-change'], code: 1 },
    { group: 'diff git', args: ['diff', '--git-base', BRANCH, M, '-o', o, '--fail-on', 'any-change'], code: 1 },
    { group: 'diff bad ref', args: ['diff', '--git-base', `nothing${FORGED}`, M, '-o', o], code: 2 },
  ]),
];

const codes = new Map<string, { code: number; args: string[] }>();
for (const run of RUNS) {
  const format = run.args[run.args.indexOf('-o') + 1] ?? 'text';
  test(`hostile inputs: gwctl ${run.args.map((a) => JSON.stringify(a).slice(0, 40)).join(' ')}`, async () => {
    const r = await runCli(run.args, { cwd: root });
    assert.equal(r.code, run.code, `exit ${r.code}\n${r.stderr.slice(0, 2000)}`);
    const same = codes.get(run.group);
    if (same) assert.equal(r.code, same.code, `exit ${r.code} here, ${same.code} with ${same.args.join(' ')}: exit codes must not depend on the format`);
    else codes.set(run.group, { code: r.code, args: run.args });
    assert.deepEqual(outputProblems(r.stdout, { annotations: format === 'github' }), [], 'stdout');
    assert.deepEqual(outputProblems(r.stderr), [], 'stderr');
    if (r.code === 2) return;
    if (format === 'json' || format === 'sarif') assert.doesNotThrow(() => JSON.parse(r.stdout));
    if (format === 'junit') assert.equal(XMLValidator.validate(r.stdout), true, 'well-formed XML');
    if (format === 'markdown') {
      const free = markdownOutsideCode(r.stdout);
      for (const bad of ['<img', '@octocat', '](http://evil', '<!--', '<![CDATA[']) assert.ok(!free.includes(bad), `${bad} outside code: ${free.slice(0, 2000)}`);
      assert.equal(free.split('<details>').length, free.split('</details>').length, 'only gwctl opens and closes <details>');
    }
    // The hostile strings did reach the output (else this test proves nothing).
    if (!run.quiet && !['json', 'yaml', 'sarif'].includes(format)) assert.match(r.stdout + r.stderr, /::error file=README\.md|\\x3a:error::at-start|octocat/, 'hostile text is shown, escaped');
  });
}
