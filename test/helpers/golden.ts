// Golden files for everything a human reads: test/golden/<command line>.txt holds the command,
// stdout, stderr and exit code. GWCTL_UPDATE=1 rewrites them (review the diff); GWCTL_FILTER selects.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './paths.js';
import { runCli } from './runCli.js';

export function goldenName(args: readonly string[]): string {
  return args.join(' ').replace(/\//g, '__').replace(/[:*?"<>|]/g, '_');
}

export function renderRun(args: readonly string[], run: { stdout: string; stderr: string; code: number }): string {
  return `$ gwctl ${args.join(' ')}\n--- stdout\n${run.stdout}--- stderr\n${run.stderr}--- exit ${run.code}\n`;
}

/** Runs `gwctl <args>` in-process and compares with its golden file. */
export async function assertGolden(args: readonly string[], opts: { stdin?: string } = {}): Promise<void> {
  const file = path.join(repoRoot, 'test', 'golden', `${goldenName(args)}.txt`);
  const actual = renderRun(args, await runCli(args, opts));
  if (process.env['GWCTL_UPDATE'] === '1' || !existsSync(file)) {
    if (process.env['GWCTL_UPDATE'] !== '1' && process.env['CI']) assert.fail(`missing golden file ${path.relative(repoRoot, file)}`);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  assert.equal(actual, readFileSync(file, 'utf8'), `output differs from ${path.relative(repoRoot, file)} (GWCTL_UPDATE=1 rewrites it)`);
}

export function selected(name: string): boolean {
  const filter = process.env['GWCTL_FILTER'];
  return !filter || name.includes(filter);
}
