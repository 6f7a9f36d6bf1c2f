// The bundle's entry point (scripts/bundle.mjs): what bin/gwctl.js needs, nothing else.
export { main } from './main.js';
export { processIo } from './io.js';
