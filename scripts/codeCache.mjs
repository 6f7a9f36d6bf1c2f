// Writes a code cache of the CLI bundle (bin/loadBundle.js): what V8 compiled while this process
// ran the given commands on the fixtures, their output discarded. A process of its own per cache, so
// that a command's cache holds that command's code only (V8 shares compiled functions between
// scripts of one source in a process).
// Usage: node scripts/codeCache.mjs <bundle.cjs> <cache file> '<JSON list of argument lists>'
import { writeFileSync } from 'node:fs';
import { loadBundle } from '../bin/loadBundle.js';

const [bundle, cacheFile, runs] = process.argv.slice(2);
const { exports, script } = loadBundle(bundle, { cache: false });
// No V8 flag is set after loading (src/cli/tiering.ts): V8 rejects a cache made under other flags.
const quiet = { ...exports.processIo(), stdout: () => {}, stderr: () => {}, isTTY: false, env: {}, stdinPiped: () => false, cwd: process.cwd(), inputsLoaded: undefined };
for (const args of JSON.parse(runs)) await exports.main(args, quiet);
writeFileSync(cacheFile, script.createCachedData());
