// gwctl reads untrusted manifests: it never writes to its inputs (or anywhere), opens no network
// connection, starts no process, and evaluates nothing from the YAML. Every command runs over the
// bundled fixtures and the bad-input corpus with those capabilities trapped.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import childProcess from 'node:child_process';
import { createHash } from 'node:crypto';
import dgram from 'node:dgram';
import dns from 'node:dns';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { syncBuiltinESMExports } from 'node:module';
import net from 'node:net';
import tls from 'node:tls';
import path from 'node:path';
import { repoRoot, runInProcess } from './harness.js';

const MARKER = 'gwctlEvalMarker';
const calls: string[] = [];
const restore: (() => void)[] = [];

type Target = Record<string, unknown>;
function trap(obj: object, names: readonly string[], label: string, when: (args: unknown[]) => boolean = () => true): void {
  const target = obj as Target;
  for (const name of names) {
    const original = target[name];
    if (typeof original !== 'function') continue;
    const wrapped = function (this: unknown, ...args: unknown[]): unknown {
      if (when(args)) calls.push(`${label}.${name}(${args.map((a) => (typeof a === 'string' ? a : typeof a)).join(', ').slice(0, 200)})`);
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    };
    target[name] = wrapped;
    restore.push(() => void (target[name] = original));
  }
}

const writeFlag = (args: unknown[]): boolean => {
  const flags = args[1];
  return typeof flags === 'string' ? /[wa+]/.test(flags) : typeof flags === 'number' ? (flags & (fs.constants.O_WRONLY | fs.constants.O_RDWR | fs.constants.O_CREAT)) !== 0 : false;
};

const WRITES = ['writeFile', 'appendFile', 'mkdir', 'rm', 'rmdir', 'unlink', 'rename', 'copyFile', 'cp', 'symlink', 'link', 'truncate', 'chmod', 'chown', 'utimes', 'mkdtemp', 'createWriteStream'];

const inputs = [path.join(repoRoot, 'fixtures'), path.join(repoRoot, 'fixtures', 'invalid')];
const commands = (dir: string): string[][] => [
  ['validate', dir],
  ['validate', dir, '-o', 'json'],
  ['analyze', dir, '-o', 'sarif'],
  ['proxy-config', 'all', '-f', dir, '-o', 'json'],
  ['proxy-config', 'route', '-f', dir],
  ['explain', 'http://httpbin.local/ip', '-f', dir],
  ['explain', `http://a.example.com/${MARKER}`, '-f', dir, '-H', `x-${MARKER}: 1`, '-o', 'json'],
];

function digest(dir: string): string {
  const h = createHash('sha256');
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(d, e.name);
      const st = fs.lstatSync(p);
      h.update(`${p}\0${st.mtimeMs}\0${st.size}\0${st.mode}\0`);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) h.update(fs.readFileSync(p));
    }
  };
  walk(dir);
  return h.digest('hex');
}

describe('no writes, no network, no evaluation', () => {
  let before_: string[] = [];
  const evalArgs: string[] = [];

  before(() => {
    before_ = inputs.map(digest);
    trap(net.Socket.prototype, ['connect'], 'net.Socket');
    trap(net, ['connect', 'createConnection', 'createServer'], 'net');
    trap(tls, ['connect'], 'tls');
    trap(dgram, ['createSocket'], 'dgram');
    trap(http, ['request', 'get', 'createServer'], 'http');
    trap(https, ['request', 'get'], 'https');
    trap(dns, ['lookup', 'resolve', 'resolve4', 'resolve6'], 'dns');
    trap(dns.promises, ['lookup', 'resolve'], 'dns.promises');
    trap(childProcess, ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork'], 'child_process');
    trap(fs, WRITES.flatMap((n) => [n, `${n}Sync`]), 'fs');
    trap(fs, ['open', 'openSync'], 'fs', writeFlag);
    trap(fs.promises, WRITES, 'fs.promises');
    trap(fs.promises, ['open'], 'fs.promises', writeFlag);
    syncBuiltinESMExports();
    const g = globalThis as unknown as Target;
    const originalEval = g['eval'];
    g['eval'] = (code: unknown) => {
      evalArgs.push(String(code));
      return (originalEval as (c: unknown) => unknown)(code);
    };
    restore.push(() => void (g['eval'] = originalEval));
    if (typeof globalThis.fetch === 'function') trap(globalThis, ['fetch'], 'fetch');
    // The Function constructor is used by libraries (zod compiles parsers); what matters is that no
    // text from the inputs reaches it.
    const OriginalFunction = Function;
    g['Function'] = new Proxy(OriginalFunction, {
      construct: (t, args: unknown[]) => (evalArgs.push(args.map(String).join('\n')), Reflect.construct(t, args)),
      apply: (t, self, args: unknown[]) => (evalArgs.push(args.map(String).join('\n')), Reflect.apply(t, self, args)),
    });
    restore.push(() => void (g['Function'] = OriginalFunction));
  });

  after(() => {
    for (const r of restore.reverse()) r();
    syncBuiltinESMExports();
  });

  test('every command over the fixtures and the bad-input corpus', async () => {
    for (const dir of inputs) {
      for (const argv of commands(dir)) {
        const r = await runInProcess(argv);
        assert.ok([0, 1, 2].includes(r.code), `${argv.join(' ')}: exit ${r.code}`);
      }
    }
    assert.deepEqual(calls, [], 'gwctl wrote a file, opened a connection or started a process');
    assert.deepEqual(
      evalArgs.filter((a) => a.includes(MARKER) || a.includes('pwned') || a.includes('os.system')),
      [],
      'text from the inputs reached eval or the Function constructor',
    );
    assert.equal(({} as Target)['polluted'], undefined);
    assert.deepEqual(inputs.map(digest), before_, 'an input file or folder changed');
  });

  test('the traps work (a test that cannot fail is a defect)', () => {
    const n = calls.length;
    const s = new net.Socket();
    s.on('error', () => undefined);
    s.connect({ port: 9, host: '127.0.0.1' });
    s.destroy();
    assert.ok(calls.length > n, 'net.Socket.connect was not trapped');
    calls.length = n;
  });
});
