// `npm run bench [-- --sizes 5k,20k] [--shapes A,B] [--runs N] [--commands analyze,validate]
//   [--baseline DIR] [--timeout-s N] [--cold-runs N] [--no-cold] [--explain-batch] [--write]`
//
// gwctl as users run it: every measurement is a whole process (`node bin/gwctl.js ...`, output to
// /dev/null), timed against a bare process that reads the same files and parses them with js-yaml's
// loadAll (bench/bare.ts). For each mesh shape (bench/generate.ts) and size, the bare parse and every
// command run alternated in one loop (bare, analyze, ..., validate, bare, analyze, ...), and each
// one's median is reported with its ratio to the bare parse's median, so load drifting during the
// run moves both. Peak RSS and CPU time come from each process itself (bench/usageHook.ts). With
// --baseline (another checkout of gwctl, built), each command is also run by that build in the same
// rounds, so a change is judged against the build before it under the same conditions, not against
// a number from another day. A command that crashes or times out is reported as such and not run
// again at that size.
import { spawnSync } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { argvOf, COMMANDS, LABELS, type Command } from './commands.js';
import { SHAPES, writeMesh, type Shape } from './generate.js';
import { formatMs, median, repoRoot, spread, table } from './harness.js';
import { runProcess, type Run } from './processRun.js';
import { report, type ColdRow, type Measured, type Results, type SizeResult } from './report.js';

const DEFAULT_SIZES = [5000, 20_000, 50_000, 100_000];
const BIN = path.join(repoRoot, 'bin', 'gwctl.js');

interface Args {
  sizes: number[];
  shapes: Shape[];
  commands: Command[];
  runs?: number;
  timeoutS: number;
  cold: boolean;
  coldRuns: number;
  explainBatch: boolean;
  write: boolean;
  /** A checkout of gwctl (built) to time in the same rounds, with its commit. */
  baseline?: { bin: string; name: string };
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { sizes: DEFAULT_SIZES, shapes: [...SHAPES], commands: [...COMMANDS], timeoutS: 600, cold: true, coldRuns: 15, explainBatch: false, write: false };
  // `npm run bench --sizes 1000` (without `--`) reaches us as npm_config_sizes.
  const fromNpm = process.env['npm_config_sizes'];
  if (fromNpm) args.sizes = parseSizes(fromNpm);
  let explicitSizes = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    const value = (): string => {
      const eq = a.indexOf('=');
      if (eq !== -1) return a.slice(eq + 1);
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a.startsWith('--sizes')) {
      args.sizes = parseSizes(value());
      explicitSizes = true;
    } else if (a.startsWith('--shapes')) args.shapes = parseList(value(), SHAPES, 'shape');
    else if (a.startsWith('--commands')) args.commands = ['bare', ...parseList(value(), COMMANDS, 'command').filter((c) => c !== 'bare')];
    else if (a.startsWith('--runs')) args.runs = Number(value());
    else if (a.startsWith('--timeout-s')) args.timeoutS = Number(value());
    else if (a.startsWith('--cold-runs')) args.coldRuns = Number(value());
    else if (a === '--no-cold') args.cold = false;
    else if (a === '--explain-batch') args.explainBatch = true;
    else if (a === '--write') args.write = true;
    else if (a.startsWith('--baseline')) args.baseline = baselineAt(value());
    else if (/^\d[\dk,]*$/i.test(a)) {
      args.sizes = parseSizes(a);
      explicitSizes = true;
    } else throw new Error(`unknown argument ${a}`);
  }
  if (!explicitSizes && !fromNpm && args.shapes.length === SHAPES.length && args.commands.length === COMMANDS.length) args.write = true;
  return args;
}

function baselineAt(dir: string): { bin: string; name: string } {
  const bin = path.resolve(dir, 'bin', 'gwctl.js');
  if (!existsSync(bin) || !existsSync(path.resolve(dir, 'dist'))) throw new Error(`--baseline ${dir}: not a built gwctl checkout (no bin/gwctl.js or dist/; run npm ci && npm run build there)`);
  return { bin, name: gitHead(path.resolve(dir), '%h') };
}

function parseSizes(s: string): number[] {
  const sizes = s.split(',').map((x) => Number(x.trim().replace(/k$/i, '000')));
  if (sizes.some((n) => !Number.isInteger(n) || n < 10)) throw new Error(`bad --sizes ${s}`);
  return sizes;
}

function parseList<T extends string>(s: string, allowed: readonly T[], what: string): T[] {
  const out = s.split(',').map((x) => x.trim());
  const bad = out.filter((x) => !(allowed as readonly string[]).includes(x));
  if (bad.length > 0) throw new Error(`unknown ${what} ${bad.join(', ')} (one of ${allowed.join(', ')})`);
  return out as T[];
}

/** The median, range and peak RSS of a command's runs, or its failure. */
function summarise(ok: readonly Run[], failed: Run | undefined): Measured {
  if (failed) return { wall: spread([failed.ms]), exit: failed.exit, failure: failed.failure ?? 'failed', ...(failed.rssMb !== undefined ? { rssMb: failed.rssMb } : {}) };
  const rss = ok.flatMap((r) => (r.rssMb === undefined ? [] : [r.rssMb]));
  const cpu = ok.flatMap((r) => (r.cpuMs === undefined ? [] : [r.cpuMs]));
  return {
    wall: spread(ok.map((r) => r.ms)),
    exit: ok[0]?.exit ?? '?',
    ...(cpu.length === ok.length && cpu.length > 0 ? { cpu: spread(cpu) } : {}),
    ...(rss.length > 0 ? { rssMb: median(rss) } : {}),
  };
}

/** Runs of one command by one build at one size, and whether it has failed (then it is not run again). */
class Series {
  readonly ok: Run[] = [];
  failed: Run | undefined;
  constructor(readonly label: string, readonly argv: readonly string[]) {}
  run(timeoutS: number): void {
    if (this.failed) return;
    const r = runProcess(this.argv, timeoutS);
    if (r.failure) {
      this.failed = r;
      log(`  ${this.label}: ${r.failure}`);
    } else this.ok.push(r);
  }
}

async function measureSize(shape: Shape, size: number, args: Args): Promise<SizeResult> {
  const dir = path.join(repoRoot, '.bench-tmp', `mesh-${shape}-${size}`);
  const mesh = await writeMesh(dir, size, 42, shape);
  const runs = args.runs ?? (size >= 100_000 ? 3 : 5);
  const bytes = mesh.files.reduce((n, f) => n + Buffer.byteLength(f.text), 0);
  log(`shape ${shape}, ${size}: ${mesh.files.length} files, ${(bytes / 1e6).toFixed(1)} MB, ${mesh.virtualServices} VirtualServices; ${runs} rounds; load ${loadAvg()}`);
  // One bare parse first, untimed, so that every timed process finds the files in the page cache.
  runProcess(argvOf('bare', BIN, dir, mesh), args.timeoutS);
  const mine = new Map<Command, Series>(args.commands.map((c) => [c, new Series(LABELS[c], argvOf(c, BIN, dir, mesh))]));
  const theirs = new Map<Command, Series>(
    args.baseline ? args.commands.filter((c) => c !== 'bare').map((c) => [c, new Series(`${LABELS[c]} (baseline)`, argvOf(c, args.baseline?.bin ?? BIN, dir, mesh))]) : [],
  );
  for (let round = 0; round < runs; round++) {
    for (const c of args.commands) {
      mine.get(c)?.run(args.timeoutS);
      theirs.get(c)?.run(args.timeoutS);
    }
  }
  const collect = (series: Map<Command, Series>): Results => Object.fromEntries([...series].map(([c, s]) => [c, summarise(s.ok, s.failed)]));
  const results = collect(mine);
  const base = results.bare?.wall.median ?? 0;
  log(
    `  ${args.commands
      .map((c) => {
        const m = results[c];
        return m ? `${LABELS[c]} ${m.failure ? 'FAILED' : formatMs(m.wall.median)}${c !== 'bare' && !m.failure ? ` (${(m.wall.median / base).toFixed(2)}×)` : ''}` : '';
      })
      .join(', ')}`,
  );
  return { shape, size, files: mesh.files.length, mb: bytes / 1e6, runs, results, ...(args.baseline ? { baseline: collect(theirs) } : {}) };
}

function wallMedian(argv: readonly string[], runs: number): number {
  const times: number[] = [];
  spawnSync(process.execPath, argv, { stdio: 'ignore', cwd: repoRoot });
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    spawnSync(process.execPath, argv, { stdio: 'ignore', cwd: repoRoot });
    times.push(performance.now() - t);
  }
  return median(times);
}

function coldStart(runs: number): ColdRow[] {
  const base = wallMedian(['-e', '0'], runs);
  const version = wallMedian([BIN, '--version'], runs);
  const analyze = wallMedian([BIN, 'analyze', path.join(repoRoot, 'fixtures', 'httpbin')], runs);
  return [
    { what: 'node -e 0', ms: base, vsNode: 1 },
    { what: 'gwctl --version', ms: version, vsNode: version / base },
    { what: 'gwctl analyze fixtures/httpbin', ms: analyze, vsNode: analyze / base },
  ];
}

function machine(): string {
  const cpus = os.cpus();
  return `${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}`;
}

const loadAvg = (): string => os.loadavg().map((x) => x.toFixed(2)).join(' / ');

function gitHead(cwd = repoRoot, format = '%h %s'): string {
  const r = spawnSync('git', ['log', '-1', `--format=${format}`], { cwd, encoding: 'utf8' });
  // A commit's subject can be a paragraph; its start names it well enough.
  const head = r.stdout.trim();
  return r.status !== 0 ? 'unknown commit' : head.length > 100 ? `${head.slice(0, 99)}…` : head;
}

async function writeResults(text: string, conditions: string): Promise<void> {
  const file = path.join(repoRoot, 'bench', 'RESULTS.md');
  const begin = '<!-- bench:latest:begin -->';
  const end = '<!-- bench:latest:end -->';
  const block = `${begin}\n## Latest run\n\n${conditions}\n\n${text}${end}`;
  const old = existsSync(file) ? await fs.readFile(file, 'utf8') : '# Benchmark results\n\nWritten by `npm run bench`; the notes below the latest run are kept by hand.\n\n';
  const i = old.indexOf(begin);
  const j = old.indexOf(end);
  const next = i !== -1 && j > i ? old.slice(0, i) + block + old.slice(j + end.length) : `${old.trimEnd()}\n\n${block}\n`;
  await fs.writeFile(file, next);
}

function log(s: string): void {
  process.stderr.write(`${s}\n`);
}

async function explainBatch(args: Args): Promise<string> {
  // In-process: 1,000 explain requests on one prepared model (shape B), for explain's own indexes.
  const { loadExplainBench } = await import('./explainBench.js');
  const { load } = await import('../src/app/load.js');
  const bench = await loadExplainBench(1000);
  if (typeof bench === 'string') return `explain ×1000: ${bench}\n`;
  const rows: string[][] = [];
  for (const size of args.sizes.filter((s) => s <= 50_000)) {
    const dir = path.join(repoRoot, '.bench-tmp', `mesh-B-${size}`);
    const mesh = await writeMesh(dir, size, 42, 'B');
    const run = bench.prepare(await load([dir]), mesh.requests);
    run();
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      run();
      times.push(performance.now() - t);
    }
    rows.push([size.toLocaleString('en-US'), formatMs(median(times))]);
  }
  return `### explain ×1000 in one process (shape B, prepared model)\n\n${table(['resources', 'median'], rows)}\n`;
}

async function run(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const startLoad = loadAvg();
  log(`machine: ${machine()}; load average ${startLoad}`);
  const results: SizeResult[] = [];
  const started = new Date();
  // node's own start-up, taken off the bare parse when its speed is compared across sizes (report.ts).
  const nodeMs = wallMedian(['-e', '0'], 5);
  for (const shape of args.shapes) for (const size of args.sizes) results.push(await measureSize(shape, size, args));
  const cold = args.cold ? coldStart(args.coldRuns) : [];
  let text = report(results, { commands: args.commands, shapes: args.shapes, nodeMs, ...(args.baseline ? { baselineName: args.baseline.name } : {}) }, cold);
  if (args.explainBatch) text += `\n${await explainBatch(args)}`;
  const minutes = ((Date.now() - started.getTime()) / 60_000).toFixed(0);
  const against = args.baseline ? `, against ${args.baseline.name} in the same rounds` : '';
  const conditions = `${started.toISOString().slice(0, 16).replace('T', ' ')} UTC, ${minutes} min, at ${gitHead()}${against}; ${machine()}; load average (1/5/15 min) ${startLoad} at the start, ${loadAvg()} at the end.`;
  process.stdout.write(`\n${conditions}\n\n${text}`);
  if (args.write) {
    await writeResults(text, conditions);
    log('wrote bench/RESULTS.md');
  }
}

await run();
