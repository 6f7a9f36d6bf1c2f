// The corpus setups run as a CI user runs gwctl: the setup's manifests in a folder of their own,
// `gwctl analyze <folder>` for the exit code, `-o junit` for a test-report view and `-o markdown` for a
// job summary. Every format exits alike; the JUnit is well-formed, valid against the JUnit schema
// and fails exactly when the job does; the summary's verdict and counts are the findings'.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { assertValidJunit, parseJunit } from '../helpers/junit.js';
import { repoRoot } from '../helpers/paths.js';
import { runCli } from '../helpers/runCli.js';

const CORPUS = path.join(repoRoot, '..', 'shared', 'corpus', 'real-world');
const SETUPS = ['kubeflow', 'bookinfo', 'istio-tutorial', 'online-boutique'] as const;

interface Setup {
  name: string;
  files: string[];
}

const setups = JSON.parse(fs.readFileSync(path.join(CORPUS, 'setups.json'), 'utf8')) as Setup[];
let work = '';

before(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'gwctl-ci-'));
  for (const name of SETUPS) {
    const setup = setups.find((s) => s.name === name);
    assert.ok(setup, name);
    fs.mkdirSync(path.join(work, name));
    for (const f of setup.files) fs.copyFileSync(path.join(CORPUS, f), path.join(work, name, path.basename(f)));
  }
});
after(() => fs.rmSync(work, { recursive: true, force: true }));

interface JsonFinding {
  level: 'error' | 'warning' | 'info';
  code: string;
  file: string | null;
}

for (const name of SETUPS) {
  test(`CI run of the ${name} setup: text, json, junit and markdown agree`, async () => {
    const run = (args: string[]) => runCli(['analyze', name, ...args], { cwd: work, env: { NO_COLOR: '1' } });
    const text = await run([]);
    const json = await run(['-o', 'json']);
    const junit = await run(['-o', 'junit']);
    const markdown = await run(['-o', 'markdown']);
    for (const r of [json, junit, markdown]) assert.equal(r.code, text.code, 'one exit code whatever the format');
    assert.ok(text.code === 0 || text.code === 1, text.stderr);
    assert.doesNotMatch(text.stderr + junit.stderr + markdown.stderr, /internal error|\n\s+at /);

    const findings = JSON.parse(json.stdout) as JsonFinding[];
    const count = (l: JsonFinding['level']) => findings.filter((f) => f.level === l).length;
    const files = fs.readdirSync(path.join(work, name)).length;

    await assertValidJunit(junit.stdout);
    const j = parseJunit(junit.stdout);
    assert.equal(j.failures, count('error'), 'a failure per error (the default threshold)');
    assert.equal(j.failures > 0, text.code === 1, 'the report fails exactly when the job does');
    assert.equal(j.suites.length, files, 'one suite per input file');
    assert.ok(j.suites.every((s) => s.name.startsWith(`${name}/`)), 'suites named by the path the user gave');

    const md = markdown.stdout;
    assert.match(md, /^### gwctl analyze\n/);
    assert.match(md, text.code === 1 ? new RegExp(`^❌ \\*\\*${count('error')} findings? at or above \`error\`\\*\\*`, 'm') : /^✅ /m);
    for (const level of ['error', 'warning', 'info'] as const) {
      assert.match(md, new RegExp(`^\\| ${level} \\| ${count(level)} \\|$`, 'm'), level);
    }
    assert.equal(md.split('\n').filter((l) => /^\| (🔴|🟡|🔵) /.test(l)).length, findings.length, 'a row per finding');
  });
}
