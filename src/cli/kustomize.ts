// `-k <folder>`: render a kustomization the way the cluster would receive it, with `kubectl kustomize`
// or `kustomize build`, whichever is on PATH (kubectl first, as `kubectl apply -k` would render it).
// gwctl does not reimplement kustomize; without either tool this is a usage error naming both.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { kustomizationFile, kustomizationInputs, type RenderedInput } from '../load/kustomize.js';
import { UsageError } from './exitCodes.js';
import type { CliIo } from './io.js';

/** kustomize fetching remote bases can take a while; a hung one must not hang CI forever. */
const RENDER_TIMEOUT_MS = 120_000;
/** Lines of the tool's stderr shown when it fails. */
const SHOWN_STDERR_LINES = 20;

interface Renderer {
  tool: string;
  command: string;
  args: string[];
}

/** The executable `name` on PATH (io.env's), as a path; PATHEXT's extensions are tried on Windows. */
export function onPath(name: string, env: CliIo['env'], cwd: string): string | undefined {
  const exts = process.platform === 'win32' ? ['', ...(env['PATHEXT'] ?? '.EXE;.CMD;.BAT').split(';')] : [''];
  for (const dir of (env['PATH'] ?? '').split(path.delimiter)) {
    if (dir === '') continue;
    for (const ext of exts) {
      const candidate = path.resolve(cwd, dir, name + ext);
      try {
        if (!fs.statSync(candidate).isFile()) continue;
        fs.accessSync(candidate, fs.constants.X_OK);
        return candidate;
      } catch {
        // Not here.
      }
    }
  }
  return undefined;
}

function rendererFor(dir: string, io: CliIo): Renderer {
  const kubectl = onPath('kubectl', io.env, io.cwd);
  if (kubectl) return { tool: 'kubectl kustomize', command: kubectl, args: ['kustomize', dir] };
  const kustomize = onPath('kustomize', io.env, io.cwd);
  if (kustomize) return { tool: 'kustomize build', command: kustomize, args: ['build', dir] };
  throw new UsageError(
    `-k ${dir}: neither kubectl (for \`kubectl kustomize\`) nor kustomize (for \`kustomize build\`) is on PATH; install one, or render the folder yourself: kustomize build ${dir} | gwctl analyze`,
  );
}

const processEnv = (env: CliIo['env']): NodeJS.ProcessEnv => Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));

/** The folder rendered, with the files its resources come from; every failure is a usage error (exit 2). */
export function renderKustomization(dir: string, io: CliIo, maxBytes: number): { rendered: RenderedInput; tool: string } {
  const folder = path.resolve(io.cwd, dir);
  let isDir = false;
  try {
    isDir = fs.statSync(folder).isDirectory();
  } catch {
    throw new UsageError(`-k ${dir}: no such folder`);
  }
  if (!isDir) throw new UsageError(`-k ${dir}: not a folder (-k takes a folder holding a kustomization.yaml)`);
  if (kustomizationFile(folder) === undefined) throw new UsageError(`-k ${dir}: the folder has no kustomization.yaml (read it as manifests without -k)`);
  const r = rendererFor(dir, io);
  const run = spawnSync(r.command, r.args, {
    cwd: io.cwd,
    env: processEnv(io.env),
    maxBuffer: maxBytes + 1,
    timeout: RENDER_TIMEOUT_MS,
    stdio: ['ignore', 'pipe', 'pipe'],
    windowsHide: true,
  });
  if (run.error) {
    const code = 'code' in run.error ? String(run.error.code) : '';
    const why =
      code === 'ENOBUFS' ? `its output is larger than ${Math.round(maxBytes / 1024 / 1024)} MiB (GWCTL_MAX_FILE_MB raises the limit)` : code === 'ETIMEDOUT' ? `it did not finish within ${RENDER_TIMEOUT_MS / 1000} s` : run.error.message;
    throw new UsageError(`-k ${dir}: \`${r.tool}\` failed: ${why}`);
  }
  if (run.status !== 0) {
    const lines = run.stderr.toString('utf8').split('\n').filter((l) => l.trim() !== '');
    const shown = lines.slice(0, SHOWN_STDERR_LINES);
    if (lines.length > shown.length) shown.push(`... and ${lines.length - shown.length} more lines`);
    const status = run.status === null ? `signal ${run.signal ?? 'unknown'}` : `exit ${run.status}`;
    throw new UsageError(`-k ${dir}: \`${r.tool} ${dir}\` failed (${status}):`, shown);
  }
  const output = { name: `kustomize:${dir}`, bytes: run.stdout };
  const { sources, patches } = kustomizationInputs(dir, maxBytes);
  return { rendered: { output, sources, patches }, tool: r.tool };
}
