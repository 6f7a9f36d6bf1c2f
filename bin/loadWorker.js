// The entry of gwctl's load workers when gwctl runs from its bundle (src/load/workerPool.ts): the
// same script as the CLI, with the same V8 code cache (bin/loadBundle.js), so that a worker starts
// as fast as the CLI itself. The bundle serves the work the worker was started for.
import { fileURLToPath } from 'node:url';
import { loadBundle } from './loadBundle.js';

await loadBundle(fileURLToPath(new URL('../dist/gwctl.cjs', import.meta.url))).exports.serveLoadWorkers();
