#!/usr/bin/env node
// Process edge: run the CLI, set the exit code, and never show a stack trace for a crash
// unless --debug asks for one.
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// `gwctl --version` is run by scripts to probe for gwctl: answer without loading the CLI at all.
// (src/version.ts is kept equal to package.json's version by a test.)
const args = process.argv.slice(2);
if (args.length === 1 && ['--version', '-v', 'version'].includes(args[0])) {
  const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  process.stdout.write(args[0] === 'version' ? `gwctl ${version}\n` : `${version}\n`);
  process.exit(0);
}

const debug = process.argv.includes('--debug');
// Messages can quote input: control characters are shown escaped, and `##[` (a CI log command
// anywhere in a line) defused, as src/report/escape.ts does.
const visible = (s) =>
  String(s)
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/##(?=[A-Za-z]*\[)/g, '#\\x23');
process.on('uncaughtException', (e) => {
  process.stderr.write(`gwctl: internal error: ${visible(e && e.message ? e.message : String(e))}\n`);
  process.stderr.write(debug && e && e.stack ? `${e.stack}\n` : 'run with --debug for details\n');
  process.exit(2);
});
// A closed pipe (`gwctl ... | head`) is not an error; any other failure to write the output
// (`> /dev/full`, a full disk, an I/O error) is: the output is lost, so the exit code says so (2).
let writeFailed = false;
const WRITE_ERRORS = { ENOSPC: 'no space left on device', EIO: 'input/output error', EFBIG: 'file too large', EDQUOT: 'disk quota exceeded', EBADF: 'stdout is closed' };
process.stdout.on('error', (e) => {
  if (e && e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  if (!writeFailed) process.stderr.write(`gwctl: cannot write the output: ${WRITE_ERRORS[e && e.code] ?? visible(e && e.code ? e.code : e)}\n`);
  writeFailed = true;
  process.exitCode = 2;
});

// The bundle built by `npm run build` starts several times faster than tsc's hundreds of modules
// (one script, with V8's code cache: bin/loadBundle.js); after a bare `tsc` it is stale, so tsc's
// output is used whenever it is newer.
const mtime = (p) => {
  try {
    return statSync(new URL(p, import.meta.url)).mtimeMs;
  } catch {
    return -1;
  }
};
const { commandOf, tuneHeap } = await import('./heapTuning.js');
const { main, processIo } =
  mtime('../dist/gwctl.cjs') >= mtime('../dist/src/cli/main.js')
    ? (await import('./loadBundle.js')).loadBundle(fileURLToPath(new URL('../dist/gwctl.cjs', import.meta.url)), { command: commandOf(args) }).exports
    : { ...(await import('../dist/src/cli/main.js')), ...(await import('../dist/src/cli/io.js')) };

// After the bundle is compiled (bin/heapTuning.js says why).
tuneHeap(args);

main(process.argv.slice(2), processIo()).then((code) => {
  process.exitCode = writeFailed ? 2 : code;
});
