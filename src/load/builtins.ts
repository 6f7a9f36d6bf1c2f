// Node built-ins that only some runs need, loaded on first use instead of at start: each costs
// compiling Node's own modules behind it (node:net also loads streams and sockets; node:worker_threads
// messaging and serialisation; node:crypto 6-17 ms), while most runs ask for none of them.
import { createRequire } from 'node:module';

interface Builtins {
  'node:crypto': typeof import('node:crypto');
  'node:net': typeof import('node:net');
  'node:worker_threads': typeof import('node:worker_threads');
}

type GetBuiltin = <K extends keyof Builtins>(id: K) => Builtins[K];

// process.getBuiltinModule is Node 20.16+; before it, a require of a built-in (resolved alike from anywhere).
const fromProcess = (process as { getBuiltinModule?: GetBuiltin }).getBuiltinModule;

/** The built-in module `id`, loaded the first time it is asked for (Node keeps it after that). */
export const builtin: GetBuiltin = fromProcess ? (id) => fromProcess.call(process, id) : (id) => createRequire(`${process.cwd()}/`)(id);
