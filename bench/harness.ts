// Building blocks of the benchmark: timing, a captured CliIo, and finding the commands that exist.
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { CliIo } from '../src/cli/io.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const distRoot = path.join(repoRoot, 'dist');

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

/** The median of a set of runs with its range, so a reader can tell a steady measurement from a noisy one. */
export interface Spread {
  median: number;
  min: number;
  max: number;
}

export function spread(xs: readonly number[]): Spread {
  return { median: median(xs), min: Math.min(...xs), max: Math.max(...xs) };
}

const gc = (globalThis as { gc?: () => void }).gc;

/** One warm-up call, then the median of `runs` timed calls, each after a full GC when available. */
export async function timeMedian(runs: number, fn: () => Promise<unknown> | unknown): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    gc?.();
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return median(times);
}

/**
 * Warms each function up once, then runs them in rounds (a, b, c, a, b, c, ...) and returns each
 * one's median: interleaving keeps ratios fair when the machine's load drifts during the run.
 */
export async function timeInterleaved<K extends string>(runs: number, fns: Record<K, () => Promise<unknown> | unknown>): Promise<Record<K, number>> {
  const keys = Object.keys(fns) as K[];
  for (const k of keys) await fns[k]();
  const times = new Map<K, number[]>(keys.map((k) => [k, []]));
  for (let i = 0; i < runs; i++) {
    for (const k of keys) {
      gc?.();
      const t = performance.now();
      await fns[k]();
      times.get(k)?.push(performance.now() - t);
    }
  }
  return Object.fromEntries(keys.map((k) => [k, median(times.get(k) ?? [])])) as Record<K, number>;
}

export interface Sink {
  io: CliIo;
  stdoutChars: () => number;
  stderrText: () => string;
  reset: () => void;
  /** The last `keep` characters of stdout (for sanity checks without holding everything). */
  head: () => string;
}

/** A CliIo that counts stdout instead of holding it, and keeps stderr for diagnostics. */
export function sinkIo(cwd = repoRoot): Sink {
  let out = 0;
  let err = '';
  let head = '';
  const io: CliIo = {
    stdout: (s) => {
      if (head.length < 4096) head += s.slice(0, 4096 - head.length);
      out += s.length;
    },
    stderr: (s) => {
      if (err.length < 16_384) err += s;
    },
    readStdin: async () => new Uint8Array(),
    isTTY: false,
    env: { NO_COLOR: '1' },
    cwd,
  };
  return {
    io,
    stdoutChars: () => out,
    stderrText: () => err,
    head: () => head,
    reset: () => {
      out = 0;
      err = '';
      head = '';
    },
  };
}

export type MainFn = (argv: readonly string[], io: CliIo) => Promise<number>;

export async function loadMain(): Promise<MainFn> {
  const mod = (await import(pathToFileURL(path.join(distRoot, 'src', 'cli', 'main.js')).href)) as { main: MainFn };
  return mod.main;
}

/** Whether the parent's --help lists the command (commander shows the root help for unknown ones). */
export async function hasCommand(main: MainFn, words: readonly string[]): Promise<boolean> {
  const last = words[words.length - 1] ?? '';
  const help = await commandHelp(main, words.slice(0, -1));
  const commands = help.slice(help.indexOf('Commands:'));
  return help.includes('Commands:') && new RegExp(`\\n\\s+${last.replace(/[-]/g, '\\-')}(\\|\\w+)?[ \\[<]`).test(commands);
}

export async function commandHelp(main: MainFn, words: readonly string[]): Promise<string> {
  let text = '';
  const io: CliIo = { ...sinkIo().io, stdout: (s) => void (text += s), stderr: (s) => void (text += s) };
  await main([...words, '--help'], io);
  return text;
}

/** The first module under dist/src/<folder> that exports a function named `name`. */
export async function findExport(folder: string, name: string): Promise<((...args: unknown[]) => unknown) | undefined> {
  const dir = path.join(distRoot, 'src', folder);
  if (!existsSync(dir)) return undefined;
  const files = (await fs.readdir(dir, { recursive: true })).filter((f) => f.endsWith('.js')).sort();
  for (const f of files) {
    const mod = (await import(pathToFileURL(path.join(dir, f)).href)) as Record<string, unknown>;
    const fn = mod[name];
    if (typeof fn === 'function') return fn as (...args: unknown[]) => unknown;
  }
  return undefined;
}

export function formatMs(ms: number): string {
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 10) return `${ms.toFixed(0)} ms`;
  return `${ms.toFixed(1)} ms`;
}

export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join(' | ')} |`;
  const sep = `|${widths.map((w, i) => (i === 0 ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`;
  return [line(header), sep, ...rows.map(line)].join('\n');
}
