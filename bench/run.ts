// `npm run bench [-- --sizes 5k,20k] [--shapes A,B] [--runs N] [--commands analyze,validate]
//   [--timeout-s N] [--cold-runs N] [--no-cold] [--explain-batch] [--write]`
//
// gwctl as users run it: every measurement is a whole process (`node bin/gwctl.js ...`, output to
// /dev/null), timed against a bare process that reads the same files and parses them with js-yaml's
// loadAll (bench/bare.ts). For each mesh shape (bench/generate.ts) and size, the bare parse and every
// command run alternated in one loop (bare, analyze, ..., validate, bare, analyze, ...), and each
// one's median is reported with its ratio to the bare parse's median, so load drifting during the
// run moves both. Peak RSS comes from each process itself (bench/rssHook.ts). A command that
// crashes or times out is reported as such and not run again at that size.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, promises as fs, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { SHAPES, writeMesh, type Mesh, type Shape } from './generate.js';
import { distRoot, formatMs, median, repoRoot, table } from './harness.js';

const DEFAULT_SIZES = [5000, 20_000, 50_000, 100_000];
const BIN = path.join(repoRoot, 'bin', 'gwctl.js');
const BARE = path.join(distRoot, 'bench', 'bare.js');
const RSS_HOOK = pathToFileURL(path.join(distRoot, 'bench', 'rssHook.js')).href;

/** What the bench times, in the order of each round; `bare` is the baseline. */
const COMMANDS = ['bare', 'analyze', 'route-gw', 'cluster-gw', 'route-sc', 'cluster-sc', 'explain', 'validate'] as const;
type Command = (typeof COMMANDS)[number];

const LABELS: Record<Command, string> = {
  bare: 'bare parse',
  analyze: 'analyze',
  'route-gw': 'pc route gw',
  'cluster-gw': 'pc cluster gw',
  'route-sc': 'pc route sidecar',
  'cluster-sc': 'pc cluster sidecar',
  explain: 'explain',
  validate: 'validate',
};

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
    else if (/^\d[\dk,]*$/i.test(a)) {
      args.sizes = parseSizes(a);
      explicitSizes = true;
    } else throw new Error(`unknown argument ${a}`);
  }
  if (!explicitSizes && !fromNpm && args.shapes.length === SHAPES.length && args.commands.length === COMMANDS.length) args.write = true;
  return args;
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

/** The argv (after `node`) of each command on one mesh. */
function argvOf(command: Command, dir: string, mesh: Mesh): string[] {
  const e = mesh.explain;
  const url = `${e.port === 443 ? 'https' : 'http'}://${e.host}${e.port === 80 || e.port === 443 ? '' : `:${e.port}`}${e.path}`;
  switch (command) {
    case 'bare':
      return [BARE, dir];
    case 'analyze':
      return [BIN, 'analyze', dir];
    case 'route-gw':
      return [BIN, 'proxy-config', 'route', mesh.gateway, '-f', dir, '-o', 'json'];
    case 'cluster-gw':
      return [BIN, 'proxy-config', 'cluster', mesh.gateway, '-f', dir, '-o', 'json'];
    case 'route-sc':
      return [BIN, 'proxy-config', 'route', mesh.sidecar, '-f', dir, '-o', 'json'];
    case 'cluster-sc':
      return [BIN, 'proxy-config', 'cluster', mesh.sidecar, '-f', dir, '-o', 'json'];
    case 'explain':
      return [BIN, 'explain', url, '-f', dir, ...Object.entries(e.headers).flatMap(([k, v]) => ['-H', `${k}: ${v}`])];
    case 'validate':
      return [BIN, 'validate', dir];
  }
}

interface Run {
  ms: number;
  rssMb?: number;
  /** Exit code, or the signal that ended the process. */
  exit: string;
  /** Why the run does not count: a crash or a timeout, with the first line of stderr. */
  failure?: string;
}

const scratch = mkdtempSync(path.join(os.tmpdir(), 'gwctl-bench-'));
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));

function runOnce(argv: readonly string[], timeoutS: number): Run {
  const rssFile = path.join(scratch, 'rss');
  rmSync(rssFile, { force: true });
  const t = performance.now();
  const r = spawnSync(process.execPath, ['--import', RSS_HOOK, ...argv], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, GWCTL_BENCH_RSS: rssFile, NO_COLOR: '1' },
    timeout: timeoutS * 1000,
    killSignal: 'SIGKILL',
    maxBuffer: 64 << 20,
    cwd: repoRoot,
  });
  const ms = performance.now() - t;
  const rssKb = existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8')) : NaN;
  const stderr = r.stderr?.toString('utf8') ?? '';
  const exit = r.signal ? r.signal : String(r.status);
  const run: Run = { ms, exit, ...(Number.isFinite(rssKb) ? { rssMb: rssKb / 1024 } : {}) };
  // Exit 0 and 1 are answers (1: findings or input problems); anything else did not finish the job.
  if (r.error && /ETIMEDOUT/.test(String(r.error))) run.failure = `timeout after ${timeoutS} s`;
  else if (r.signal || (r.status !== 0 && r.status !== 1)) {
    const line = stderr.split('\n').find((l) => /heap out of memory|internal error|error/i.test(l)) ?? stderr.split('\n')[0] ?? '';
    run.failure = /heap out of memory/i.test(stderr) ? `out of memory after ${formatMs(ms)}` : `exit ${exit}: ${line.trim().slice(0, 120)}`;
  }
  return run;
}

interface Measured {
  ms: number;
  rssMb?: number;
  exit: string;
  failure?: string;
}

interface SizeResult {
  shape: Shape;
  size: number;
  files: number;
  mb: number;
  runs: number;
  results: Partial<Record<Command, Measured>>;
}

async function measureSize(shape: Shape, size: number, args: Args): Promise<SizeResult> {
  const dir = path.join(repoRoot, '.bench-tmp', `mesh-${shape}-${size}`);
  const mesh = await writeMesh(dir, size, 42, shape);
  const runs = args.runs ?? (size >= 20_000 ? 3 : 5);
  const bytes = mesh.files.reduce((n, f) => n + Buffer.byteLength(f.text), 0);
  log(`shape ${shape}, ${size}: ${mesh.files.length} files, ${(bytes / 1e6).toFixed(1)} MB, ${mesh.virtualServices} VirtualServices; ${runs} rounds; load ${loadAvg()}`);
  // One bare parse first, untimed, so that every timed process finds the files in the page cache.
  runOnce(argvOf('bare', dir, mesh), args.timeoutS);
  const times = new Map<Command, Run[]>(args.commands.map((c) => [c, []]));
  const failed = new Map<Command, Run>();
  for (let round = 0; round < runs; round++) {
    for (const c of args.commands) {
      if (failed.has(c)) continue;
      const r = runOnce(argvOf(c, dir, mesh), args.timeoutS);
      if (r.failure) {
        failed.set(c, r);
        log(`  ${LABELS[c]}: ${r.failure}`);
      } else times.get(c)?.push(r);
    }
  }
  const results: Partial<Record<Command, Measured>> = {};
  for (const c of args.commands) {
    const f = failed.get(c);
    const ok = times.get(c) ?? [];
    if (f) {
      results[c] = { ms: f.ms, exit: f.exit, failure: f.failure ?? 'failed', ...(f.rssMb !== undefined ? { rssMb: f.rssMb } : {}) };
      continue;
    }
    const rss = ok.flatMap((r) => (r.rssMb === undefined ? [] : [r.rssMb]));
    results[c] = { ms: median(ok.map((r) => r.ms)), exit: ok[0]?.exit ?? '?', ...(rss.length > 0 ? { rssMb: median(rss) } : {}) };
  }
  const base = results.bare?.ms ?? 0;
  log(
    `  ${args.commands
      .map((c) => {
        const m = results[c];
        return m ? `${LABELS[c]} ${m.failure ? 'FAILED' : formatMs(m.ms)}${c !== 'bare' && !m.failure ? ` (${(m.ms / base).toFixed(2)}×)` : ''}` : '';
      })
      .join(', ')}`,
  );
  return { shape, size, files: mesh.files.length, mb: bytes / 1e6, runs, results };
}

interface ColdRow {
  what: string;
  ms: number;
  vsNode: number;
}

function coldStart(runs: number): ColdRow[] {
  const wall = (argv: string[]): number => {
    const times: number[] = [];
    spawnSync(process.execPath, argv, { stdio: 'ignore', cwd: repoRoot });
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      spawnSync(process.execPath, argv, { stdio: 'ignore', cwd: repoRoot });
      times.push(performance.now() - t);
    }
    return median(times);
  };
  const base = wall(['-e', '0']);
  const version = wall([BIN, '--version']);
  const analyze = wall([BIN, 'analyze', path.join(repoRoot, 'fixtures', 'httpbin')]);
  return [
    { what: 'node -e 0', ms: base, vsNode: 1 },
    { what: 'gwctl --version', ms: version, vsNode: version / base },
    { what: 'gwctl analyze fixtures/httpbin', ms: analyze, vsNode: analyze / base },
  ];
}

const ratioOf = (x: number | undefined, base: number | undefined): string => (x === undefined || !base ? '' : `${(x / base).toFixed(2)}×`);

function timeCell(m: Measured | undefined, base: number): string {
  if (!m) return 'n/a';
  if (m.failure) return m.failure.startsWith('out of memory') ? `OOM (${formatMs(m.ms)})` : m.failure.startsWith('timeout') ? `timeout` : `failed (exit ${m.exit})`;
  return `${formatMs(m.ms)} (${ratioOf(m.ms, base)})`;
}

function rssCell(m: Measured | undefined, base: number | undefined): string {
  if (m?.rssMb === undefined) return m?.failure ? '—' : 'n/a';
  return `${m.rssMb.toFixed(0)} MB (${ratioOf(m.rssMb, base)})`;
}

/** Issue 16's targets: ratio of a command's median to the bare parse's, at 20k and 50k resources. */
const TIME_TARGETS: [Command, number][] = [
  ['analyze', 2.0],
  ['route-gw', 2.0],
  ['explain', 1.8],
  ['validate', 1.2],
];
const RSS_TARGET = 4;
const GROWTH_TARGET = 11;
const START_TARGETS: Record<string, number> = { 'gwctl --version': 1.3, 'gwctl analyze fixtures/httpbin': 2.5 };

/** One row per target, one column per shape: the measured value and whether it is met. */
function targetsTable(results: SizeResult[], args: Args, cold: ColdRow[]): string {
  const shapes = args.shapes.filter((sh) => results.some((r) => r.shape === sh));
  const at = (shape: Shape, size: number): SizeResult | undefined => results.find((r) => r.shape === shape && r.size === size);
  const verdict = (ok: boolean | undefined, text: string): string => (ok === undefined ? 'not measured' : `${text} ${ok ? 'met' : 'MISSED'}`);
  const rows: string[][] = [];
  for (const [c, limit] of TIME_TARGETS) {
    if (!args.commands.includes(c)) continue;
    for (const size of [20_000, 50_000]) {
      rows.push([
        `${LABELS[c]} ≤ ${limit.toFixed(1)}× bare, ${size / 1000}k`,
        ...shapes.map((sh) => {
          const r = at(sh, size);
          const m = r?.results[c];
          const base = r?.results.bare?.ms;
          if (!m || !base) return 'not measured';
          if (m.failure) return `${m.failure} MISSED`;
          return verdict(m.ms / base <= limit, `${(m.ms / base).toFixed(2)}×`);
        }),
      ]);
    }
  }
  for (const size of [20_000, 50_000]) {
    rows.push([
      `peak RSS ≤ ${RSS_TARGET}× bare (worst command), ${size / 1000}k`,
      ...shapes.map((sh) => {
        const r = at(sh, size);
        const base = r?.results.bare?.rssMb;
        const worst = Math.max(...args.commands.filter((c) => c !== 'bare').map((c) => r?.results[c]?.rssMb ?? 0));
        return r && base ? verdict(worst / base <= RSS_TARGET, `${(worst / base).toFixed(2)}×`) : 'not measured';
      }),
    ]);
  }
  rows.push([
    '100k completes on every command',
    ...shapes.map((sh) => {
      const r = at(sh, 100_000);
      if (!r) return 'not measured';
      const failed = args.commands.filter((c) => r.results[c]?.failure);
      return verdict(failed.length === 0, failed.length === 0 ? 'all' : failed.map((c) => LABELS[c]).join(', '));
    }),
  ]);
  rows.push([
    `growth 5k→50k ≤ ${GROWTH_TARGET}× (worst command)`,
    ...shapes.map((sh) => {
      const a = at(sh, 5000);
      const b = at(sh, 50_000);
      if (!a || !b) return 'not measured';
      // A command that failed at either size counts as unbounded growth.
      const grow = (c: Command): number => {
        const x = a.results[c];
        const y = b.results[c];
        return x && y && !x.failure && !y.failure ? y.ms / x.ms : Infinity;
      };
      const worst = args.commands
        .filter((c) => c !== 'bare')
        .map((c) => [c, grow(c)] as const)
        .reduce((w, x) => (x[1] > w[1] ? x : w), ['bare', 0] as readonly [Command, number]);
      return verdict(worst[1] <= GROWTH_TARGET, `${worst[1].toFixed(1)}× (${LABELS[worst[0]]})`);
    }),
  ]);
  for (const c of cold) {
    const limit = START_TARGETS[c.what];
    if (limit !== undefined) rows.push([`${c.what} ≤ ${limit}× node -e 0`, ...shapes.map((_, i) => (i === 0 ? verdict(c.vsNode <= limit, `${c.vsNode.toFixed(2)}×`) : ''))]);
  }
  return `### Targets (issue 16)\n\n${table(['target', ...shapes.map((sh) => `shape ${sh}`)], rows)}\n`;
}

function report(results: SizeResult[], args: Args, cold: ColdRow[]): string {
  const out: string[] = [];
  const commands = args.commands.filter((c) => c !== 'bare');
  for (const shape of args.shapes) {
    const rows = results.filter((r) => r.shape === shape);
    if (rows.length === 0) continue;
    const timeRows = rows.map((r) => {
      const base = r.results.bare?.ms ?? 0;
      return [r.size.toLocaleString('en-US'), `${r.files} / ${r.mb.toFixed(1)} MB`, String(r.runs), r.results.bare ? formatMs(base) : 'n/a', ...commands.map((c) => timeCell(r.results[c], base))];
    });
    const small = rows.find((r) => r.size === 5000);
    const large = rows.find((r) => r.size === 50_000);
    if (small && large) {
      const g = (c: Command): string => {
        const a = small.results[c];
        const b = large.results[c];
        return a && b && !a.failure && !b.failure ? `${(b.ms / a.ms).toFixed(1)}×` : 'n/a';
      };
      timeRows.push(['growth 5k→50k', '', '', g('bare'), ...commands.map(g)]);
    }
    out.push(`### Shape ${shape}: time (median; ÷ bare parse)\n`);
    out.push(table(['resources', 'files / bytes', 'runs', 'bare parse', ...commands.map((c) => LABELS[c])], timeRows));
    out.push('');
    const rssRows = rows.map((r) => {
      const base = r.results.bare?.rssMb;
      return [r.size.toLocaleString('en-US'), base === undefined ? 'n/a' : `${base.toFixed(0)} MB`, ...commands.map((c) => rssCell(r.results[c], base))];
    });
    out.push(`### Shape ${shape}: peak RSS (median; ÷ bare parse)\n`);
    out.push(table(['resources', 'bare parse', ...commands.map((c) => LABELS[c])], rssRows));
    out.push('');
  }
  out.push(targetsTable(results, args, cold));
  if (cold.length > 0) {
    out.push('### Start-up (whole process, median)\n');
    out.push(table(['command', 'median', '÷ node -e 0'], cold.map((c) => [c.what, formatMs(c.ms), `${c.vsNode.toFixed(2)}×`])));
    out.push('');
  }
  return `${out.join('\n')}\n`;
}

function machine(): string {
  const cpus = os.cpus();
  return `${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}`;
}

const loadAvg = (): string => os.loadavg().map((x) => x.toFixed(2)).join(' / ');

function gitHead(): string {
  const r = spawnSync('git', ['log', '-1', '--format=%h %s'], { cwd: repoRoot, encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : 'unknown commit';
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
  for (const shape of args.shapes) for (const size of args.sizes) results.push(await measureSize(shape, size, args));
  const cold = args.cold ? coldStart(args.coldRuns) : [];
  let text = report(results, args, cold);
  if (args.explainBatch) text += `\n${await explainBatch(args)}`;
  const minutes = ((Date.now() - started.getTime()) / 60_000).toFixed(0);
  const conditions = `${started.toISOString().slice(0, 16).replace('T', ' ')} UTC, ${minutes} min, at ${gitHead()}; ${machine()}; load average (1/5/15 min) ${startLoad} at the start, ${loadAvg()} at the end.`;
  process.stdout.write(`\n${conditions}\n\n${text}`);
  if (args.write) {
    await writeResults(text, conditions);
    log('wrote bench/RESULTS.md');
  }
}

await run();
