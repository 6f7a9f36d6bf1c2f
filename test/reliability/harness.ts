// Runs gwctl in-process (main() with a captured CliIo) or as a real process, and measures it.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.js';
import type { CliIo } from '../../src/cli/io.js';

/** dist/test/reliability/ -> the repository root. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** The 2 s budget of the issue; GWCTL_TIME_LIMIT_MS raises it on a machine known to be overloaded. */
export const TIME_LIMIT_MS = Number(process.env['GWCTL_TIME_LIMIT_MS'] ?? 2000);

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
  /** Wall-clock time. */
  ms: number;
  /** CPU time of this process during the run (insensitive to other processes on the machine). */
  cpuMs: number;
}

export async function runInProcess(argv: readonly string[], opts: { stdin?: string | Uint8Array; cwd?: string } = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (s) => void (stdout += s),
    stderr: (s) => void (stderr += s),
    readStdin: async () => (typeof opts.stdin === 'string' ? new TextEncoder().encode(opts.stdin) : (opts.stdin ?? new Uint8Array())),
    isTTY: false,
    env: { NO_COLOR: '1' },
    cwd: opts.cwd ?? repoRoot,
  };
  const cpu = process.cpuUsage();
  const start = performance.now();
  const code = await main(argv, io);
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { code, stdout, stderr, ms, cpuMs: (used.user + used.system) / 1000 };
}

export function runProcess(argv: readonly string[], opts: { cwd?: string; timeoutMs?: number } = {}): Run & { signal: string | null } {
  const children = childrenCpuMs();
  const start = performance.now();
  const r = spawnSync(process.execPath, [path.join(repoRoot, 'bin', 'gwctl.js'), ...argv], {
    cwd: opts.cwd ?? repoRoot,
    encoding: 'utf8',
    timeout: opts.timeoutMs ?? 20_000,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined },
    maxBuffer: 256 * 1024 * 1024,
  });
  const ms = performance.now() - start;
  const after = childrenCpuMs();
  const cpuMs = children === undefined || after === undefined ? ms : after - children;
  return { code: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? '', ms, cpuMs, signal: r.signal };
}

/**
 * CPU time of this process's waited-for children so far (Linux: cutime + cstime of /proc/self/stat,
 * in USER_HZ = 1/100 s), so a process's cost is measured as its CPU time, which other processes on a
 * busy machine do not inflate the way they inflate wall-clock time. Undefined elsewhere.
 */
function childrenCpuMs(): number | undefined {
  let stat: string;
  try {
    stat = readFileSync('/proc/self/stat', 'utf8');
  } catch {
    return undefined;
  }
  // Fields after the parenthesised command name (which may hold spaces): state is field 3, cutime 16, cstime 17.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const cutime = Number(fields[13]);
  const cstime = Number(fields[14]);
  return Number.isFinite(cutime) && Number.isFinite(cstime) ? (cutime + cstime) * 10 : undefined;
}

/** A JavaScript stack frame, an internal-error banner, or a Node error code in user-facing output. */
export const STACK_TRACE = /^\s+at .+(:\d+:\d+\)?|<anonymous>\)?)$|internal error|\bERR_[A-Z_]+\b/m;

/**
 * Internal names that must never reach a user: zod issue codes and schema words, JavaScript type
 * and error names, and `undefined`/`NaN`/`[object Object]` from careless string building.
 */
export const INTERNAL_NAMES =
  /\b(invalid_type|invalid_union|invalid_value|unrecognized_keys|too_small|too_big|invalid_format|invalid_key|invalid_element|ZodError|zod|TypeError|RangeError|SyntaxError|ReferenceError|YAMLException|undefined|NaN|null|Infinity)\b|\[object \w+\]|\bexpected (string|number|boolean|object|array), received\b/;

/** Which commands this build registers (`gwctl <cmd> --help` exits 0). */
export async function hasCommand(command: string): Promise<boolean> {
  const r = await runInProcess([...command.split(' '), '--help']);
  return r.code === 0 && !/unknown command/i.test(r.stderr);
}
