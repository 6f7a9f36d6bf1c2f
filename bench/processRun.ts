// One timed whole process for the bench: wall time measured here, peak RSS and CPU time read from
// what the process wrote at exit (bench/usageHook.ts), and a crash or timeout told apart from an answer.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { distRoot, formatMs, repoRoot } from './harness.js';

const USAGE_HOOK = pathToFileURL(path.join(distRoot, 'bench', 'usageHook.js')).href;

export interface Run {
  ms: number;
  cpuMs?: number;
  rssMb?: number;
  /** Exit code, or the signal that ended the process. */
  exit: string;
  /** Why the run does not count: a crash or a timeout, with the first line of stderr. */
  failure?: string;
}

const Usage = z.object({ maxRssKb: z.number(), cpuMs: z.number() });

const scratch = mkdtempSync(path.join(os.tmpdir(), 'gwctl-bench-'));
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));

function readUsage(file: string): z.infer<typeof Usage> | undefined {
  if (!existsSync(file)) return undefined;
  const parsed = Usage.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  return parsed.success ? parsed.data : undefined;
}

/** Runs `node <argv>` with output discarded; exit 0 and 1 are answers (1: findings or input problems). */
export function runProcess(argv: readonly string[], timeoutS: number): Run {
  const usageFile = path.join(scratch, 'usage.json');
  rmSync(usageFile, { force: true });
  const t = performance.now();
  const r = spawnSync(process.execPath, ['--import', USAGE_HOOK, ...argv], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, GWCTL_BENCH_USAGE: usageFile, NO_COLOR: '1' },
    timeout: timeoutS * 1000,
    killSignal: 'SIGKILL',
    maxBuffer: 64 << 20,
    cwd: repoRoot,
  });
  const ms = performance.now() - t;
  const usage = readUsage(usageFile);
  const stderr = r.stderr?.toString('utf8') ?? '';
  const exit = r.signal ? r.signal : String(r.status);
  const run: Run = { ms, exit, ...(usage ? { rssMb: usage.maxRssKb / 1024, cpuMs: usage.cpuMs } : {}) };
  if (r.error && /ETIMEDOUT/.test(String(r.error))) run.failure = `timeout after ${timeoutS} s`;
  else if (r.signal || (r.status !== 0 && r.status !== 1)) {
    const line = stderr.split('\n').find((l) => /heap out of memory|internal error|error/i.test(l)) ?? stderr.split('\n')[0] ?? '';
    run.failure = /heap out of memory/i.test(stderr) ? `out of memory after ${formatMs(ms)}` : `exit ${exit}: ${line.trim().slice(0, 120)}`;
  }
  return run;
}
