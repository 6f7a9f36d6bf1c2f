// Exit codes, decided here for every command and independent of the output format:
// 0 clean, 1 findings at or above the failure threshold, 2 usage error or unreadable input.
import type { Level } from '../diagnostics/catalog.js';
import { atLeast, type Finding } from '../diagnostics/finding.js';

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

export type ExitCode = typeof EXIT_OK | typeof EXIT_FINDINGS | typeof EXIT_USAGE;

export function exitCodeFor(o: { inputErrors: number; findings: readonly Finding[]; failureThreshold: Level }): ExitCode {
  if (o.inputErrors > 0) return EXIT_USAGE;
  return o.findings.some((f) => atLeast(f.level, o.failureThreshold)) ? EXIT_FINDINGS : EXIT_OK;
}

import { UsageError } from '../diagnostics/usageError.js';

export { UsageError };

const LEVELS: readonly Level[] = ['error', 'warning', 'info'];
const isLevel = (v: string): v is Level => (LEVELS as readonly string[]).includes(v);

/** A `--failure-threshold` / `--output-threshold` value, any case; a usage error otherwise. */
export function level(flag: string, value: string): Level {
  const v = value.toLowerCase();
  if (isLevel(v)) return v;
  throw new UsageError(`${flag} must be one of ${LEVELS.join(', ')}, not "${value}"`);
}
