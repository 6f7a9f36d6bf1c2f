// V8's optimising compiler after the inputs are loaded (analyze, proxy-config, explain). Analysis runs
// some thirty analyzers, each once over every resource, and deriving a proxy plans every resource
// once: code that is warm but never hot. V8 compiles such functions with
// TurboFan on background threads all the same (some 270 of them on shape B at 20k resources,
// 0.4–0.8 s of CPU), which on two cores takes a core from the main thread and gives nothing back:
// the analysis is over before most of that code runs again. A higher threshold keeps TurboFan for
// the functions that are really hot (a larger mesh still gets its hot loops optimised).
import { setFlagsFromString } from 'node:v8';

/** V8's default interrupt budget (Node 20 and 22: 66 KiB of bytecode), times 16. */
export const AFTER_LOADING_INTERRUPT_BUDGET = 16 * 67584;

/**
 * The flags to set once the inputs are loaded, on the V8 versions known to have them (Node 20 and
 * 22): an unknown flag is an error message on stderr.
 */
export function afterLoadingFlags(v8Version: string = process.versions.v8): string[] {
  return /^1[12]\./.test(v8Version) ? [`--interrupt-budget=${AFTER_LOADING_INTERRUPT_BUDGET}`] : [];
}

/** Sets `afterLoadingFlags`; returns them. Loading keeps V8's defaults: the parser's loops are hot. */
export function tuneAfterLoading(): string[] {
  const flags = afterLoadingFlags();
  for (const f of flags) setFlagsFromString(f);
  return flags;
}
