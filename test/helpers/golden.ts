// Golden files for everything a human reads: test/golden/<command line>.txt holds the command,
// stdout, stderr and exit code. GWCTL_UPDATE=1 (re)writes them (review the diff); without it a
// missing golden fails like a different one. GWCTL_FILTER selects.
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

export const updating = (): boolean => process.env['GWCTL_UPDATE'] === '1';

/**
 * Compares `actual` with the golden `file`. Only GWCTL_UPDATE=1 writes: a golden that is missing is
 * a failure, in CI and locally alike, so a test can never pass by creating what it compares with.
 */
export function compareGolden(file: string, actual: string): void {
  const shown = path.relative(repoRoot, file);
  if (updating()) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  if (!existsSync(file)) assert.fail(`missing golden file ${shown} (GWCTL_UPDATE=1 writes it; review it before committing)`);
  assert.equal(actual, readFileSync(file, 'utf8'), `output differs from ${shown} (GWCTL_UPDATE=1 rewrites it)`);
}

/** Runs `gwctl <args>` in-process and compares with its golden file. */
export async function assertGolden(args: readonly string[], opts: { stdin?: string } = {}): Promise<void> {
  const file = path.join(repoRoot, 'test', 'golden', `${goldenName(args)}.txt`);
  compareGolden(file, renderRun(args, await runCli(args, opts)));
}

export function selected(name: string): boolean {
  const filter = process.env['GWCTL_FILTER'];
  return !filter || name.includes(filter);
}
