import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertGolden } from '../helpers/golden.js';
import { runCli } from '../helpers/runCli.js';
import { VERSION } from '../../src/version.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../helpers/paths.js';

test('version matches package.json', async () => {
  const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };
  assert.equal(VERSION, pkg.version);
  const run = await runCli(['version']);
  assert.equal(run.stdout, `gwctl ${VERSION}\n`);
  assert.equal(run.code, 0);
});

const goldens: string[][] = [
  ['validate', 'fixtures/httpbin'],
  ['validate', '-f', 'fixtures/httpbin', '-o', 'json'],
  ['validate', 'test/fixtures/validate/mixed.yaml'],
  ['validate', 'test/fixtures/validate/mixed.yaml', '-o', 'json'],
  ['validate', 'test/fixtures/validate/does-not-exist.yaml'],
  ['validate', '-o', 'xml', 'fixtures/httpbin'],
  ['validate'],
];

for (const args of goldens) {
  test(`golden: gwctl ${args.join(' ')}`, () => assertGolden(args));
}

test('exit codes do not depend on the output format', async () => {
  for (const input of ['fixtures/httpbin', 'test/fixtures/validate/mixed.yaml', 'test/fixtures/validate/does-not-exist.yaml']) {
    const text = await runCli(['validate', input]);
    const json = await runCli(['validate', input, '-o', 'json']);
    assert.equal(text.code, json.code, input);
    JSON.parse(json.stdout);
  }
});

test('stdin and colour rules', async () => {
  const run = await runCli(['validate', '-'], { stdin: 'kind: Gateway\napiVersion: networking.istio.io/v1\nmetadata: {name: g}\nspec: {servers: []}\n' });
  assert.equal(run.code, 1);
  assert.match(run.stdout, /<stdin>/);
  assert.doesNotMatch(run.stdout, /\u001b\[/);
  const tty = await runCli(['validate', 'test/fixtures/validate/mixed.yaml'], { isTTY: true });
  assert.match(tty.stdout, /\u001b\[/);
  const noColor = await runCli(['validate', 'test/fixtures/validate/mixed.yaml'], { isTTY: true, env: { NO_COLOR: '1' } });
  assert.doesNotMatch(noColor.stdout, /\u001b\[/);
});
