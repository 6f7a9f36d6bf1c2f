// V8 heap settings a command is better off with, set by bin/gwctl.js once the bundle is compiled
// (V8 takes no code cache made under other flags: set before, they would cost the cache). node:v8 is
// loaded only when a flag is set: loading it costs a start that sets none (it loads Node's heap and
// serialisation modules).
import { createRequire } from 'node:module';

/**
 * `validate` keeps next to nothing of what it reads (src/app/validateInputs.ts): nearly every young
 * object is garbage by the next scavenge. V8 grows the young generation towards 16 MiB semi-spaces
 * when objects survive (start-up's do), which then costs page faults and cache misses for nothing: a
 * young generation left at its first size (1 MiB semi-spaces) validated shape A at 20k resources with
 * about a fifth less CPU and a quarter less memory. Only on the V8 versions known to have the flag
 * (Node 20 and 22): an unknown flag is an error message on stderr.
 */
export function heapFlagsFor(args, v8Version = process.versions.v8) {
  return commandOf(args) === 'validate' && /^1[12]\./.test(v8Version) ? ['--semi-space-growth-factor=1'] : [];
}

/**
 * The command in gwctl's arguments: the first word that is neither an option nor the value of one.
 * Before the command come only gwctl's own options (src/cli/main.ts), of which `--config <file>`
 * alone takes a value as the next word.
 */
export function commandOf(args) {
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--config') i++;
    else if (a === '--') return args[i + 1];
    else if (!a.startsWith('-')) return a;
  }
  return undefined;
}

/** Sets the flags `heapFlagsFor` gives; returns them. */
export function tuneHeap(args) {
  const flags = heapFlagsFor(args);
  if (flags.length === 0) return flags;
  const { setFlagsFromString } = createRequire(import.meta.url)('node:v8');
  for (const f of flags) setFlagsFromString(f);
  return flags;
}
