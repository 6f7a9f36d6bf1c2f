// Loads the CLI bundle (dist/gwctl.cjs, one script) with V8's code cache (dist/gwctl.v8cache), so that
// a start neither parses 1.5 MB of JavaScript nor compiles again the functions a run needs: V8
// deserialises their bytecode instead. Node 20 has no compile cache for ES modules
// (module.enableCompileCache is Node 22), hence a script run through node:vm, which takes one.
// The caches are written by scripts/bundle.mjs after running commands (so they hold what those
// compiled): one per command people start most, holding that command's code only (V8 deserialises
// the whole cache at every start, so a smaller one starts sooner: `validate` 7-9 ms), and one for the
// others. V8 checks a cache against the source and its own version and flags, and rejects one that
// does not fit (another Node, other flags...): the script is then compiled as if there were none.
import { closeSync, fstatSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import vm from 'node:vm';

/** The commands with a code cache of their own (scripts/bundle.mjs makes them). */
export const CACHED_COMMANDS = ['analyze', 'explain', 'proxy-config', 'validate'];

/**
 * scripts/bundle.mjs writes the bundle as this function expression around esbuild's CommonJS output,
 * so that the script V8 compiles is the file's text as read: wrapped here, the source would be a
 * concatenation V8 flattens into a second copy of 1.6 MB at every start.
 */
export const BUNDLE_HEAD = '(function (exports, require, module, __filename, __dirname, __gwctl_worker_url) {';
export const BUNDLE_TAIL = '\n})';

/** The code cache that goes with a bundle: the command's own if it has one, else the one for all others. */
export const cacheFileOf = (bundleFile, command) =>
  bundleFile.replace(/\.cjs$/, CACHED_COMMANDS.includes(command) ? `.${command}.v8cache` : '.v8cache');

/**
 * Runs the bundle's code once and returns its exports, and the script (to make a cache from). The
 * bundle is esbuild's CommonJS output; `__gwctl_worker_url` is what `import.meta.url` means in it:
 * bin/loadWorker.js, which loads this bundle in a load worker (the only module that reads it is the
 * one that starts the load workers with its own URL: scripts/bundle.mjs checks that).
 */
export function loadBundle(bundleFile, { cache = true, command } = {}) {
  // One buffer holds the bundle's bytes and then the cache's: fresh memory costs a page fault per
  // 4 KiB (the bundle and its cache are 2.6 MB), and the bytes are not needed once the source is a string.
  const files = [bundleFile, ...(cache ? [cacheFileOf(bundleFile, command), cacheFileOf(bundleFile)] : [])];
  const buffer = Buffer.allocUnsafeSlow(Math.max(...files.map(sizeOr0)));
  // scripts/bundle.mjs writes it in ASCII: read as latin1, a plain copy (utf8 decodes and checks).
  const length = readInto(bundleFile, buffer);
  const source = length < 0 ? readFileSync(bundleFile, 'latin1') : buffer.toString('latin1', 0, length);
  // A command's own cache missing (a build before they existed): the one for all commands.
  const cachedData = cache ? (readOr(files[1], buffer) ?? readOr(files[2], buffer)) : undefined;
  // A bundle written before it was wrapped (an older build) is wrapped here.
  const script = new vm.Script(source.startsWith(BUNDLE_HEAD) ? source : `${BUNDLE_HEAD}${source}${BUNDLE_TAIL}`, {
    filename: bundleFile,
    cachedData,
  });
  const fn = script.runInThisContext();
  const module = { exports: {} };
  const dir = path.dirname(bundleFile);
  fn.call(module.exports, module.exports, createRequire(bundleFile), module, bundleFile, dir, new URL('./loadWorker.js', import.meta.url).href);
  return { exports: module.exports, script, cacheRejected: cachedData !== undefined && script.cachedDataRejected === true };
}

function sizeOr0(file) {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

/** Reads the file into the start of `buffer` (as large as the file was); its length, or -1 if it has grown since. */
function readInto(file, buffer) {
  const fd = openSync(file, 'r');
  try {
    let n = 0;
    for (let r; n < buffer.length && (r = readSync(fd, buffer, n, buffer.length - n, n)) > 0; ) n += r;
    if (n === buffer.length && fstatSync(fd).size > n) return -1;
    return n;
  } finally {
    closeSync(fd);
  }
}

/** The file's bytes, read into `buffer` (a view of it), or undefined when it cannot be read. */
function readOr(file, buffer) {
  try {
    const n = readInto(file, buffer);
    return n < 0 ? readFileSync(file) : buffer.subarray(0, n);
  } catch {
    return undefined;
  }
}
