#!/usr/bin/env node
// Process edge: run the CLI, set the exit code, and never show a stack trace for a crash
// unless --debug asks for one.
import { main } from '../dist/src/cli/main.js';
import { processIo } from '../dist/src/cli/io.js';

const debug = process.argv.includes('--debug');
process.on('uncaughtException', (e) => {
  process.stderr.write(`gwctl: internal error: ${e && e.message ? e.message : String(e)}\n`);
  process.stderr.write(debug && e && e.stack ? `${e.stack}\n` : 'run with --debug for details\n');
  process.exit(2);
});
// A closed pipe (`gwctl ... | head`) is not an error.
process.stdout.on('error', (e) => {
  if (e && e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
});

main(process.argv.slice(2), processIo()).then((code) => {
  process.exitCode = code;
});
