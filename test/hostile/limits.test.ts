// Limits and exit codes: size caps on stdin and on single files (exit 2 when named, a finding inside
// a folder), endless stdin, write errors on stdout.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, test } from 'node:test';
import { repoRoot } from '../helpers/paths.js';
import { runCli } from '../helpers/runCli.js';

const dir = mkdtempSync(path.join(tmpdir(), 'gwctl-limits-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const svc = (name: string): string => `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}}\nspec: {ports: [{port: 80}]}\n`;
/** 1 KiB as the cap, so that small files exceed it. */
const SMALL_CAP = { GWCTL_MAX_FILE_MB: String(1 / 1024) };

test('stdin larger than the cap: a clear error, exit 2, in every command', async () => {
  const big = svc('a').repeat(40);
  for (const args of [['validate', '-'], ['analyze', '-'], ['proxy-config', 'route', '-f', '-'], ['explain', 'http://a/', '-f', '-']]) {
    const run = await runCli(args, { stdin: big, env: SMALL_CAP });
    assert.equal(run.code, 2, args.join(' '));
    assert.match(run.stderr, /cannot read <stdin>: larger than 1 KiB \(the limit for one input\)/);
    assert.ok(!/internal error/.test(run.stderr));
  }
  assert.equal((await runCli(['validate', '-'], { stdin: svc('a'), env: SMALL_CAP })).code, 0);
});

test('a named file larger than the cap exits 2; inside a folder it is a finding', async () => {
  const folder = path.join(dir, 'big');
  mkdirSync(folder);
  writeFileSync(path.join(folder, 'big.yaml'), svc('a').repeat(40));
  writeFileSync(path.join(folder, 'small.yaml'), svc('b'));
  const named = await runCli(['validate', path.join(folder, 'big.yaml')], { env: SMALL_CAP });
  assert.equal(named.code, 2);
  assert.match(named.stderr, /cannot read .*big\.yaml: larger than .* \(the limit for one input\)/);
  const inFolder = await runCli(['analyze', folder, '-o', 'json'], { env: SMALL_CAP });
  assert.equal(inFolder.code, 0);
  const records = JSON.parse(inFolder.stdout) as { code: string; message: string }[];
  assert.ok(records.some((r) => r.code === 'GW0011' && /big\.yaml: larger than/.test(r.message)));
  assert.equal((await runCli(['validate', folder], { env: { GWCTL_MAX_FILE_MB: 'lots' } })).code, 2, 'a bad cap is a usage error');
});

test('endless stdin (/dev/zero) stops at the cap with exit 2 and bounded memory', { timeout: 60_000 }, () => {
  const zero = openSync('/dev/zero', 'r');
  try {
    const r = spawnSync(process.execPath, ['--max-old-space-size=256', path.join(repoRoot, 'bin', 'gwctl.js'), 'validate', '-'], {
      stdio: [zero, 'pipe', 'pipe'],
      encoding: 'utf8',
      timeout: 30_000,
      env: { ...process.env, GWCTL_MAX_FILE_MB: '16' },
    });
    assert.equal(r.signal, null, 'finished in time');
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /cannot read <stdin>: larger than 16 MiB/);
  } finally {
    closeSync(zero);
  }
});

test('a failed write on stdout (> /dev/full) is reported and exits 2, in every command and format', { timeout: 120_000 }, (t) => {
  let full: number;
  try {
    full = openSync('/dev/full', 'w');
  } catch {
    return t.skip('no /dev/full');
  }
  try {
    const runs = [
      ['analyze', 'fixtures/httpbin'],
      ['analyze', 'fixtures/httpbin', '-o', 'json'],
      ['validate', 'fixtures/httpbin'],
      ['proxy-config', 'all', '-f', 'fixtures/httpbin', '-o', 'json'],
      ['explain', 'http://httpbin.local/ip', '-f', 'fixtures/httpbin-fixed'],
    ];
    for (const args of runs) {
      const r = spawnSync(process.execPath, [path.join(repoRoot, 'bin', 'gwctl.js'), ...args], { cwd: repoRoot, stdio: ['ignore', full, 'pipe'], encoding: 'utf8', timeout: 30_000 });
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /cannot write the output: no space left on device/);
    }
  } finally {
    closeSync(full);
  }
});

test('stdout to a file or /dev/null gets the same bytes as a pipe, ASCII or not, short or long', () => {
  // stdout on a file is written through one reused buffer (src/cli/io.ts); a pipe through Node's stream.
  const input = path.join(dir, 'unicode.yaml');
  const names = Array.from({ length: 3000 }, (_, i) => `svc-${i}`);
  writeFileSync(input, `${names.map(svc).join('---\n')}---\napiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: v, namespace: default}\nspec: {hosts: [a.example.com], http: [{rоute: [{destination: {host: "héllo-😀"}}]}]}\n`);
  // A gateway's routes, some holding non-ASCII text (header values).
  const routes = path.join(dir, 'routes.yaml');
  const vs = (i: number): string =>
    `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: v-${i}, namespace: default}\nspec: {hosts: [h-${i}.example.com], gateways: [gw], http: [{match: [{headers: {x-name: {exact: "${i % 3 === 0 ? 'héllo-😀' : 'plain'}"}}}], route: [{destination: {host: svc-${i}}}]}]}\n`;
  const gateway = 'apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: {name: gw, namespace: default}\nspec: {selector: {istio: ingressgateway}, servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: ["*"]}]}\n';
  writeFileSync(routes, [gateway, ...names.slice(0, 600).map(svc), ...names.slice(0, 600).map((_, i) => vs(i))].join('---\n'));
  const runs = [
    ['analyze', input],
    ['analyze', input, '-o', 'json'],
    ['proxy-config', 'cluster', '-f', input, '-o', 'json'],
    // Written in the JSON writer's own pieces through the buffered writer (CliIo.openStdout).
    ['proxy-config', 'route', '-f', routes, '-o', 'json'],
  ];
  for (const args of runs) {
    const gwctl = [path.join(repoRoot, 'bin', 'gwctl.js'), ...args];
    const piped = spawnSync(process.execPath, gwctl, { cwd: repoRoot, encoding: 'utf8', maxBuffer: 1 << 28 });
    const out = path.join(dir, 'out.txt');
    const fd = openSync(out, 'w');
    try {
      const filed = spawnSync(process.execPath, gwctl, { cwd: repoRoot, stdio: ['ignore', fd, 'pipe'], encoding: 'utf8' });
      assert.equal(filed.status, piped.status, filed.stderr);
    } finally {
      closeSync(fd);
    }
    const text = readFileSync(out, 'utf8');
    assert.ok(text.length > 100_000 || args[0] === 'analyze', `${args.join(' ')}: ${text.length} characters`);
    assert.equal(text, piped.stdout, args.join(' '));
    if (args[0] === 'analyze') assert.ok(text.includes('rоute'), 'the non-ASCII key is printed');
    if (args[1] === 'route') assert.ok(text.includes('héllo-😀'), 'the non-ASCII header value is printed');
  }
});

test('the buffered stdout writer: pieces of any size and script, in order with stderr, the same bytes as written', () => {
  // CliIo.openStdout copies pieces into one reused buffer (256 KiB): short ASCII pieces (copied byte by
  // byte) and others that fill it, pieces longer than it, 3-byte and 4-byte UTF-8, and stderr in
  // between (which writes what is pending first).
  const script = path.join(dir, 'writer.mjs');
  const io = pathToFileURL(path.join(repoRoot, 'dist', 'src', 'cli', 'io.js')).href;
  writeFileSync(
    script,
    `import { processIo, writePieces } from ${JSON.stringify(io)};
const io = processIo();
if (!io.openStdout) throw new Error('no buffered writer on a file');
const w = io.openStdout();
w.write('a'.repeat(100));
for (let i = 0; i < 5000; i++) w.write('piece ' + i + ' é€😀\\n');
for (let i = 0; i < 40000; i++) w.write(',\\n        ' + (i % 10));
w.write('x'.repeat(300000));
w.write('€'.repeat(90000));
w.write('tail');
io.stderr('[stderr 1]');
w.write('after');
w.end();
io.stdout('[plain stdout]');
writePieces(io, ['p1', 'p2', '€'.repeat(100000)]);
io.stderr('[stderr 2]');
`,
  );
  let expected = 'a'.repeat(100);
  for (let i = 0; i < 5000; i++) expected += `piece ${i} é€😀\n`;
  for (let i = 0; i < 40000; i++) expected += `,\n        ${i % 10}`;
  expected += `${'x'.repeat(300000)}${'€'.repeat(90000)}tail[stderr 1]after[plain stdout]p1p2${'€'.repeat(100000)}[stderr 2]`;
  const out = path.join(dir, 'writer.txt');
  const fd = openSync(out, 'w');
  try {
    const r = spawnSync(process.execPath, [script], { stdio: ['ignore', fd, fd], encoding: 'utf8' });
    assert.equal(r.status, 0, readFileSync(out, 'utf8').slice(0, 2000));
  } finally {
    closeSync(fd);
  }
  const text = readFileSync(out, 'utf8');
  assert.equal(text.length, expected.length);
  assert.ok(text === expected, 'the same text in the same order');
});
