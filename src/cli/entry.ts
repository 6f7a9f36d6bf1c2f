// The bundle's entry point (scripts/bundle.mjs): what bin/gwctl.js needs, nothing else.
export { main } from './main.js';
export { processIo } from './io.js';

/** In a load worker (bin/loadWorker.js): start serving; the modules it needs are initialised only here. */
export async function serveLoadWorkers(): Promise<void> {
  await import('../schema/validateFiles.js');
}
