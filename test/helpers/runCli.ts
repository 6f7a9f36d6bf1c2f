// Runs the CLI in-process with a captured terminal-less io.
import { main } from '../../src/cli/main.js';
import type { CliIo } from '../../src/cli/io.js';
import { repoRoot } from './paths.js';

export interface CliRun {
  stdout: string;
  stderr: string;
  code: number;
}

export async function runCli(
  args: readonly string[],
  opts: { stdin?: string; env?: Record<string, string>; isTTY?: boolean; cwd?: string; columns?: number } = {},
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (s) => void (stdout += s),
    stderr: (s) => void (stderr += s),
    readStdin: async () => Buffer.from(opts.stdin ?? ''),
    isTTY: opts.isTTY ?? false,
    stdinPiped: () => opts.stdin !== undefined,
    ...(opts.columns !== undefined ? { columns: opts.columns } : {}),
    env: opts.env ?? {},
    cwd: opts.cwd ?? repoRoot,
  };
  const prev = process.cwd();
  process.chdir(io.cwd);
  try {
    const code = await main(args, io);
    return { stdout, stderr, code };
  } finally {
    process.chdir(prev);
  }
}
