// Output hygiene: hostile keys, values and file names through every command and every format.
// Nothing a terminal or a CI log interprets may come out: no control character but the line feeds
// gwctl writes itself, no line that GitHub would read as a workflow command unless gwctl wrote it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { validateCommand } from '../../src/cli/inputProblems.js';
import { escapeText } from '../../src/report/escape.js';
import { runCli } from '../helpers/runCli.js';
import { FORGED, hostileFolder, hostileMesh } from './fixtures.js';

const dir = hostileFolder();
after(() => rmSync(path.dirname(dir), { recursive: true, force: true }));

/** Anything but LF (gwctl's own line ends) that a terminal or log viewer acts on. */
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

const COMMANDS: readonly (readonly string[])[] = [
  ['validate', dir],
  ['validate', dir, '-o', 'json'],
  ...['log', 'json', 'yaml', 'sarif', 'github'].map((o) => ['analyze', dir, '-o', o]),
  ...['route', 'listener', 'cluster', 'all'].flatMap((t) => ['short', 'json', 'yaml'].map((o) => ['proxy-config', t, '-f', dir, '-o', o])),
  ...['text', 'json', 'yaml'].map((o) => ['explain', 'http://shop.example.com/api', '-f', dir, '-H', 'x-h: v', '-o', o]),
  ['explain', 'http://shop.example.com/nothing', '-f', dir],
];

for (const args of COMMANDS) {
  const shown = args.map((a) => (a === dir ? '<hostile dir>' : a)).join(' ');
  test(`no interpretable output: gwctl ${shown}`, async () => {
    const run = await runCli(args);
    assert.ok(run.code === 0 || run.code === 1, `exit ${run.code}: ${run.stderr}`);
    for (const [stream, text] of [['stdout', run.stdout], ['stderr', run.stderr]] as const) {
      const bad = CONTROL.exec(text);
      assert.equal(bad, null, `${stream} holds U+${bad?.[0].charCodeAt(0).toString(16).padStart(4, '0')} at ${bad?.index}: ${JSON.stringify(text.slice(Math.max(0, (bad?.index ?? 0) - 40), (bad?.index ?? 0) + 20))}`);
      const lines = text.split('\n');
      const commands = lines.filter((l) => l.startsWith('::'));
      if (stream === 'stdout' && args.includes('github')) {
        for (const l of commands) assert.match(l, /^::(error|warning|notice) (file=[^,:]*,line=\d+,col=\d+,)?title=[A-Z]+\d+::\[/);
      } else {
        assert.deepEqual(commands, [], `${stream} has a line a CI log reads as a workflow command`);
      }
    }
    // The hostile strings did reach the output, escaped (otherwise this test proves nothing).
    if (!args.includes('json') && !args.includes('yaml') && !args.includes('sarif')) {
      assert.ok((run.stdout + run.stderr).includes('::error file=README.md'), 'the hostile text is shown, escaped');
    }
  });
}

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

test('escapeText: every control character has a visible form; plain text is unchanged', () => {
  assert.equal(escapeText('a\nb\r\tc\u001b[0m\u0000\u0007\u007f\u009b\u202e\u2028'), 'a\\nb\\r\\tc\\e[0m\\0\\a\\x7f\\x9b\\u202e\\u2028');
  const plain = 'shop.example.com /api/\\d+ ünïcödé 日本 ✓';
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
  ]) {
    const run = await runCli(args);
    assert.equal(run.code, 2, `${JSON.stringify(args)}: ${run.stderr}`);
    assert.equal(CONTROL.exec(run.stdout + run.stderr), null, `${JSON.stringify(args)}: ${JSON.stringify(run.stderr)}`);
    assert.ok(!(run.stdout + run.stderr).split('\n').some((l) => l.startsWith('::')), JSON.stringify(run.stderr));
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
    assert.equal(CONTROL.exec(run.stderr), null, JSON.stringify(run.stderr));
    const pointer = /run `gwctl validate (\$'[^`]*')`/.exec(run.stderr)?.[1];
    assert.ok(pointer?.includes("broken\\n::error file=README.md,line=1::forged\\r\\e[2K\\e]0;title\\a\\u202e"), run.stderr);
    // Pasted into bash, the quoted path is the file's name again.
    const echoed = spawnSync('bash', ['-c', `printf %s ${pointer ?? ''}`], { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C.UTF-8' } }).stdout;
    assert.equal(echoed, broken);
  }
  assert.equal(validateCommand(["it's\\a\n"]), "gwctl validate $'it\\'s\\\\a\\n'");
  assert.equal(validateCommand(['plain.yaml', 'with space.yaml', "it's.yaml"]), "gwctl validate plain.yaml 'with space.yaml' 'it'\\''s.yaml'");
});
