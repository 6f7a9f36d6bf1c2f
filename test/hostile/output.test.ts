// Output hygiene: the escaping function, GitHub annotations, usage errors and the pointer to
// `gwctl validate` with hostile keys, values and file names. (Every command in every format on hostile
// inputs: everyCommand.test.ts.)
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { validateCommand } from '../../src/cli/inputProblems.js';
import { load as parseYaml } from 'js-yaml';
import { escapeText, jsonText, yamlText } from '../../src/report/escape.js';
import { runCli } from '../helpers/runCli.js';
import { CONTROL, FORGED, hostileFolder, hostileMesh, outputProblems } from './fixtures.js';

const dir = hostileFolder();
after(() => rmSync(path.dirname(dir), { recursive: true, force: true }));

test('github annotations: one line per finding, hostile text stays inside the message', async () => {
  const json = JSON.parse((await runCli(['analyze', dir, '-o', 'json'])).stdout) as unknown[];
  const github = (await runCli(['analyze', dir, '-o', 'github'])).stdout;
  assert.ok(json.length > 3);
  assert.equal(github.split('\n').filter((l) => l !== '').length, json.length);
  assert.ok(!github.includes('\u001b'), 'ESC is escaped in -o github');
});

test('json, yaml and sarif keep the data (escaped by their own syntax, or shown as escapes)', async () => {
  const json = JSON.parse((await runCli(['analyze', dir, '-o', 'json'])).stdout) as { file: string; message: string }[];
  assert.ok(json.some((r) => r.file.includes(FORGED)), 'file names are data in JSON');
  const sarif = JSON.parse((await runCli(['analyze', dir, '-o', 'sarif'])).stdout) as { runs: { results: { message: { text: string } }[] }[] };
  const texts = sarif.runs[0]?.results.map((r) => r.message.text) ?? [];
  assert.ok(texts.some((t) => t.includes(escapeText(FORGED))), 'SARIF message text shows escapes');
  assert.ok(texts.every((t) => !CONTROL.test(t)));
});

test('stdin and the stylish reporter escape keys and values too', async () => {
  const run = await runCli(['validate', '-'], { stdin: hostileMesh() });
  assert.equal(CONTROL.exec(run.stdout), null);
  assert.match(run.stdout, /rout\\n::error file=README\.md,line=1::forged\\r\\e\[2K/);
});

test('escapeText: what a CI log reads as a command is defused; the rest of the text is kept', () => {
  const cases: [string, string][] = [
    ['::error::x', '\\x3a:error::x'],
    ['  ::warning file=a::x', '  \\x3a:warning file=a::x'],
    ['\u00a0::notice::x', '\u00a0\\x3a:notice::x'],
    ['a ##[error]b ##vso[task.complete]c ##teamcity[x]', 'a #\\x23[error]b #\\x23vso[task.complete]c #\\x23teamcity[x]'],
    // Not commands: IPv6 addresses, a `::` inside a line, `#` without `[`.
    ['::1', '::1'],
    ['[::]:80', '[::]:80'],
    ['a ::error::b', 'a ::error::b'],
    ['## heading #[x] ##', '## heading #[x] ##'],
  ];
  for (const [input, shown] of cases) {
    assert.equal(escapeText(input), shown, JSON.stringify(input));
    assert.deepEqual(outputProblems(`prefix: ${escapeText(input)}\n${escapeText(input)}\n`), [], JSON.stringify(input));
  }
  assert.deepEqual(outputProblems('::error::x\n'), ['a workflow command: "::error::x"'], 'the check can fail');
  assert.equal(outputProblems('a ##[group]b\n').length, 1, 'the check can fail');
  // JSON keeps the data: `\u0023` is `#`.
  const json = jsonText({ m: '##[error]x ::error::y' }, 0);
  assert.deepEqual(outputProblems(json), []);
  assert.deepEqual(JSON.parse(json), { m: '##[error]x ::error::y' });
  // YAML whose block scalar would start a line with a command is written as JSON (YAML reads it the same).
  const text = yamlText({ m: 'a\n::error::y\n' }, {});
  assert.deepEqual(outputProblems(text), []);
  assert.deepEqual(parseYaml(text), { m: 'a\n::error::y\n' });
});

test('escapeText: every control character has a visible form; plain text is unchanged', () => {
  assert.equal(escapeText('a\nb\r\tc\u001b[0m\u0000\u0007\u007f\u009b\u202e\u2028'), 'a\\nb\\r\\tc\\e[0m\\0\\a\\x7f\\x9b\\u202e\\u2028');
  assert.equal(escapeText('\u200e\u200f\u061c\ufffe\uffff\ud800x\udc00'), '\\u200e\\u200f\\u061c\\ufffe\\uffff\\ud800x\\udc00', 'bidi marks, noncharacters, lone surrogates');
  const plain = 'shop.example.com /api/\\d+ ünïcödé 日本 ✓ 😀';
  assert.equal(escapeText(plain), plain);
  for (let c = 0; c < 0x100; c++) {
    const out = escapeText(String.fromCharCode(c));
    assert.equal(CONTROL.test(out), false, `U+${c.toString(16)}`);
  }
});

test('hostile command-line arguments (file names from a pull request) are escaped in usage errors too', async () => {
  for (const args of [
    ['analyze', `--bogus${FORGED}`],
    ['analyze', dir, '-o', `json${FORGED}`],
    ['explain', `http://a${FORGED}/`, '-f', dir],
    ['explain', 'http://a/', '-f', dir, '-H', `x${FORGED}`],
    ['proxy-config', `route${FORGED}`, '-f', dir],
    ['validate', `missing${FORGED}.yaml`],
    ['validate', '::error::missing.yaml'],
    ['validate', '-o', '##[error]x'],
  ]) {
    const run = await runCli(args);
    assert.equal(run.code, 2, `${JSON.stringify(args)}: ${run.stderr}`);
    assert.deepEqual(outputProblems(run.stdout + run.stderr), [], `${JSON.stringify(args)}: ${JSON.stringify(run.stderr)}`);
  }
});

test('a hostile path named on the command line is escaped in the pointer to gwctl validate, and still runs when pasted', async () => {
  const broken = path.join(dir, `broken${FORGED}.yaml`);
  for (const args of [
    ['explain', 'http://shop.example.com/api', '-f', broken],
    ['proxy-config', 'route', '-f', broken],
  ]) {
    const run = await runCli(args);
    assert.equal(run.code, 1, run.stderr);
    assert.deepEqual(outputProblems(run.stderr), [], JSON.stringify(run.stderr));
    const pointer = /run `gwctl validate (\$'[^`]*')`/.exec(run.stderr)?.[1];
    assert.ok(pointer?.includes("broken\\n::error file=README.md,line=1::forged\\r\\e[2K\\e]0;title\\a\\u202e"), run.stderr);
    // Pasted into bash, the quoted path is the file's name again.
    const echoed = spawnSync('bash', ['-c', `printf %s ${pointer ?? ''}`], { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C.UTF-8' } }).stdout;
    assert.equal(echoed, broken);
  }
  assert.equal(validateCommand(["it's\\a\n"]), "gwctl validate $'it\\'s\\\\a\\n'");
  assert.equal(validateCommand(['m/##[error]x.yaml']), "gwctl validate $'m/#\\x23[error]x.yaml'");
  assert.equal(validateCommand(['plain.yaml', 'with space.yaml', "it's.yaml"]), "gwctl validate plain.yaml 'with space.yaml' 'it'\\''s.yaml'");
});
