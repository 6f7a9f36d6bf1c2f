// bin/loadBundle.js: each command people start most loads a code cache of its own code only (smaller,
// so deserialised sooner), the other commands the cache of them all; V8 takes every one of them as
// the build wrote it (a rejected cache would silently cost every start a compile).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { repoRoot } from '../helpers/paths.js';

const loader = pathToFileURL(path.join(repoRoot, 'bin', 'loadBundle.js')).href;
const bundle = path.join(repoRoot, 'dist', 'gwctl.cjs');

/** Runs `body` (module code that may await) in a fresh Node with `loadBundle`, `cacheFileOf` and `CACHED_COMMANDS` in scope; its stdout as JSON. */
function inFreshNode<T>(body: string): T {
  const script = `const { loadBundle, cacheFileOf, CACHED_COMMANDS } = await import(${JSON.stringify(loader)});\n${body}`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as T;
}

test('cacheFileOf: the command own cache for the commands that have one, else the cache of all commands', () => {
  const files = inFreshNode<{ commands: string[]; named: Record<string, string> }>(`
    const named = {};
    for (const c of ['validate', 'analyze', 'explain', 'proxy-config', 'diff', 'convert', 'route-test', undefined]) named[String(c)] = cacheFileOf('/x/dist/gwctl.cjs', c);
    process.stdout.write(JSON.stringify({ commands: CACHED_COMMANDS, named }));`);
  assert.deepEqual([...files.commands].sort(), ['analyze', 'explain', 'proxy-config', 'validate']);
  const cases: [string, string][] = [
    ['validate', '/x/dist/gwctl.validate.v8cache'],
    ['analyze', '/x/dist/gwctl.analyze.v8cache'],
    ['explain', '/x/dist/gwctl.explain.v8cache'],
    ['proxy-config', '/x/dist/gwctl.proxy-config.v8cache'],
    ['diff', '/x/dist/gwctl.v8cache'],
    ['convert', '/x/dist/gwctl.v8cache'],
    ['route-test', '/x/dist/gwctl.v8cache'],
    ['undefined', '/x/dist/gwctl.v8cache'],
  ];
  for (const [command, file] of cases) assert.equal(files.named[command], file, command);
});

test('the build wrote a cache per command, smaller than the cache of all commands, and V8 takes each', () => {
  const all = fs.statSync(path.join(repoRoot, 'dist', 'gwctl.v8cache')).size;
  for (const command of ['validate', 'analyze', 'explain', 'proxy-config', undefined]) {
    const r = inFreshNode<{ file: string; rejected: boolean; main: string }>(`
      const command = ${JSON.stringify(command ?? null)} ?? undefined;
      const { exports, cacheRejected } = loadBundle(${JSON.stringify(bundle)}, { command });
      process.stdout.write(JSON.stringify({ file: cacheFileOf(${JSON.stringify(bundle)}, command), rejected: cacheRejected, main: typeof exports.main }));`);
    assert.equal(r.rejected, false, `${path.basename(r.file)} rejected by V8`);
    assert.equal(r.main, 'function');
    if (command !== undefined) {
      const own = fs.statSync(r.file).size;
      assert.ok(own < all * 0.95, `${path.basename(r.file)} (${own} bytes) holds only ${command}'s code, less than all commands' (${all} bytes)`);
    }
  }
});

test('a command whose cache is missing loads the cache of all commands', () => {
  const dir = fs.mkdtempSync(path.join(repoRoot, 'dist', 'cache-test-'));
  try {
    const copy = path.join(dir, 'gwctl.cjs');
    fs.copyFileSync(bundle, copy);
    fs.copyFileSync(path.join(repoRoot, 'dist', 'gwctl.v8cache'), path.join(dir, 'gwctl.v8cache'));
    const r = inFreshNode<{ rejected: boolean; consumed: boolean }>(`
      const { script, cacheRejected } = loadBundle(${JSON.stringify(copy)}, { command: 'validate' });
      process.stdout.write(JSON.stringify({ rejected: cacheRejected, consumed: script.cachedDataRejected === false }));`);
    assert.deepEqual(r, { rejected: false, consumed: true });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the bundle is written as the function expression loadBundle compiles, and a bundle written before is wrapped when loaded', () => {
  const { head, tail } = inFreshNode<{ head: string; tail: string }>(`
    const { BUNDLE_HEAD, BUNDLE_TAIL } = await import(${JSON.stringify(loader)});
    process.stdout.write(JSON.stringify({ head: BUNDLE_HEAD, tail: BUNDLE_TAIL }));`);
  const text = fs.readFileSync(bundle, 'latin1');
  // The file's text is compiled as read (no second copy of it made by joining it to a wrapper).
  assert.ok(text.startsWith(head) && text.endsWith(tail), 'dist/gwctl.cjs is not wrapped');
  const dir = fs.mkdtempSync(path.join(repoRoot, 'dist', 'cache-test-'));
  try {
    const bare = path.join(dir, 'gwctl.cjs');
    fs.writeFileSync(bare, text.slice(head.length, text.length - tail.length), 'latin1');
    const r = inFreshNode<{ main: string; rejected: boolean }>(`
      const { exports, cacheRejected } = loadBundle(${JSON.stringify(bare)}, { cache: false });
      process.stdout.write(JSON.stringify({ main: typeof exports.main, rejected: cacheRejected }));`);
    assert.deepEqual(r, { main: 'function', rejected: false });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a cache larger than its bundle is read whole and taken', () => {
  const dir = fs.mkdtempSync(path.join(repoRoot, 'dist', 'cache-test-'));
  try {
    const small = path.join(dir, 'gwctl.cjs');
    const r = inFreshNode<{ source: number; cache: number; rejected: boolean; main: number }>(`
      const { BUNDLE_HEAD, BUNDLE_TAIL } = await import(${JSON.stringify(loader)});
      const fs = await import('node:fs');
      fs.writeFileSync(${JSON.stringify(small)}, BUNDLE_HEAD + 'exports.main = () => 42;' + BUNDLE_TAIL);
      const made = loadBundle(${JSON.stringify(small)}, { cache: false });
      made.exports.main();
      fs.writeFileSync(cacheFileOf(${JSON.stringify(small)}), made.script.createCachedData());
      process.stdout.write(JSON.stringify({ source: fs.statSync(${JSON.stringify(small)}).size, cache: fs.statSync(cacheFileOf(${JSON.stringify(small)})).size }));`);
    assert.ok(r.cache > r.source, `the cache (${r.cache} bytes) is larger than the bundle (${r.source} bytes)`);
    const taken = inFreshNode<{ rejected: boolean; main: number }>(`
      const { exports, cacheRejected } = loadBundle(${JSON.stringify(small)}, {});
      process.stdout.write(JSON.stringify({ rejected: cacheRejected, main: exports.main() }));`);
    assert.deepEqual(taken, { rejected: false, main: 42 });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
