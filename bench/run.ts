// `npm run bench [-- --sizes 1000,5000] [--runs N] [--cold-runs N] [--no-rss] [--no-cold] [--write]`
// Generates seeded meshes, then measures in this one process (after a warm-up, median of several
// runs): the js-yaml baseline, `gwctl analyze`, `gwctl proxy-config route -o json` for the shared
// ingress gateway and for the first app Deployment (a sidecar), 1,000 explain requests; peak RSS in child processes; cold start as whole
// processes. Commands that do not exist yet are reported as such, never fail the run.
import { spawnSync } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yaml from 'js-yaml';
import { readInputs } from '../src/load/readInputs.js';
import { loadSources } from '../src/app/load.js';
import type { SourceFile } from '../src/load/parseDocuments.js';
import { loadExplainBench, type ExplainBench } from './explainBench.js';
import { MAIN_GATEWAY, writeMesh, type BenchRequest, type Mesh } from './generate.js';
import { commandHelp, distRoot, formatMs, hasCommand, loadMain, median, repoRoot, sinkIo, table, timeInterleaved, timeMedian, type MainFn, type Sink } from './harness.js';

const DEFAULT_SIZES = [1000, 5000, 20_000, 50_000];
const EXPLAIN_REQUESTS = 1000;

interface Args {
  sizes: number[];
  runs?: number;
  rss: boolean;
  cold: boolean;
  coldRuns: number;
  write: boolean;
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { sizes: DEFAULT_SIZES, rss: true, cold: true, coldRuns: 15, write: false };
  // `npm run bench --sizes 1000` (without `--`) reaches us as npm_config_sizes.
  const fromNpm = process.env['npm_config_sizes'];
  if (fromNpm) args.sizes = parseSizes(fromNpm);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    const value = (): string => {
      const eq = a.indexOf('=');
      if (eq !== -1) return a.slice(eq + 1);
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a.startsWith('--sizes')) args.sizes = parseSizes(value());
    else if (a.startsWith('--runs')) args.runs = Number(value());
    else if (a.startsWith('--cold-runs')) args.coldRuns = Number(value());
    else if (a === '--no-rss') args.rss = false;
    else if (a === '--no-cold') args.cold = false;
    else if (a === '--write') args.write = true;
    else if (/^\d[\d,]*$/.test(a)) args.sizes = parseSizes(a);
    else throw new Error(`unknown argument ${a}`);
  }
  if (args.sizes.join() === DEFAULT_SIZES.join()) args.write = true;
  return args;
}

function parseSizes(s: string): number[] {
  const sizes = s.split(',').map((x) => Number(x.trim().replace(/k$/i, '000')));
  if (sizes.some((n) => !Number.isInteger(n) || n < 10)) throw new Error(`bad --sizes ${s}`);
  return sizes;
}

interface Measured {
  ms: number;
  note?: string;
}

interface SizeResult {
  size: number;
  files: number;
  mb: number;
  boundPercent: number;
  baseline: number;
  analyze?: Measured;
  proxy?: Measured;
  sidecar?: Measured;
  explain?: Measured;
  rss: { baseline?: number; analyze?: number; proxy?: number };
}

interface Commands {
  main: MainFn;
  analyze: boolean;
  proxy: boolean;
  /** The bench, or why it is not available. */
  explain: ExplainBench | string;
}

const gatewayArgv = (dir: string): string[] => [
  'proxy-config',
  'route',
  `deploy/${MAIN_GATEWAY.workload}.${MAIN_GATEWAY.namespace}`,
  '-f',
  dir,
  '-o',
  'json',
];

/** `proxy-config route` for the first app Deployment: a sidecar's route configs (every visible service). */
const sidecarArgv = (dir: string, workload: string): string[] => ['proxy-config', 'route', workload, '-f', dir, '-o', 'json'];

function sidecarWorkload(mesh: Mesh): string | undefined {
  for (const f of mesh.files) {
    if (!f.path.startsWith('teams/') || !f.path.endsWith('workload.yaml')) continue;
    for (const d of yaml.loadAll(f.text)) {
      const doc = d as { kind?: string; metadata?: { name?: string; namespace?: string } } | null;
      if (doc?.kind === 'Deployment' && doc.metadata?.name && doc.metadata.namespace) return `deploy/${doc.metadata.name}.${doc.metadata.namespace}`;
    }
  }
  return undefined;
}

async function detect(main: MainFn): Promise<Commands> {
  const commands: Commands = {
    main,
    analyze: await hasCommand(main, ['analyze']),
    proxy: await hasCommand(main, ['proxy-config']),
    explain: await loadExplainBench(EXPLAIN_REQUESTS),
  };
  if (!commands.analyze) log('analyze: not available yet (`gwctl analyze` is not registered in src/cli/main.ts)');
  if (!commands.proxy) log('proxy-config: not available yet (`gwctl proxy-config route` is not registered in src/cli/main.ts)');
  else if (!/-f, --filename/.test(await commandHelp(main, ['proxy-config', 'route']))) log('proxy-config: its --help shows no -f/--filename; the bench may pass the wrong arguments');
  if (typeof commands.explain === 'string') log(`explain: ${commands.explain}`);
  return commands;
}

async function measureSize(size: number, commands: Commands, args: Args): Promise<SizeResult> {
  const dir = path.join(repoRoot, '.bench-tmp', `mesh-${size}`);
  const mesh = await writeMesh(dir, size);
  const runs = args.runs ?? (size >= 20_000 ? 3 : 5);
  const read = await readInputs([dir], async () => new Uint8Array());
  const bytes = read.files.reduce((n, f) => n + f.bytes.length, 0);
  const result: SizeResult = {
    size,
    files: read.files.length,
    mb: bytes / 1e6,
    boundPercent: (100 * mesh.boundToMain) / Math.max(1, mesh.virtualServices),
    baseline: 0,
    rss: {},
  };
  log(`${size}: ${read.files.length} files, ${(bytes / 1e6).toFixed(1)} MB, ${mesh.virtualServices} VirtualServices (${result.boundPercent.toFixed(0)}% on ${MAIN_GATEWAY.namespace}/${MAIN_GATEWAY.name}); ${runs} runs each`);

  const decoder = new TextDecoder();
  const baseline = (): number => {
    let docs = 0;
    for (const f of read.files) docs += yaml.loadAll(decoder.decode(f.bytes)).length;
    return docs;
  };
  const analyzeSink = sinkIo();
  const proxySink = sinkIo();
  const sidecarSink = sinkIo();
  const sidecar = sidecarWorkload(mesh);
  const fns: Record<string, () => Promise<unknown> | unknown> = { baseline };
  const codes: Record<string, number> = {};
  const cli = (key: string, argv: string[], sink: Sink) => async () => {
    sink.reset();
    codes[key] = await commands.main(argv, sink.io);
  };
  if (commands.analyze) fns['analyze'] = cli('analyze', ['analyze', dir], analyzeSink);
  if (commands.proxy) fns['proxy'] = cli('proxy', gatewayArgv(dir), proxySink);
  if (commands.proxy && sidecar) fns['sidecar'] = cli('sidecar', sidecarArgv(dir, sidecar), sidecarSink);
  const times = await timeInterleaved(runs, fns);
  result.baseline = times['baseline'] ?? 0;
  log(`  baseline ${formatMs(result.baseline)}`);
  const cliResult = (key: string, sink: Sink): Measured => {
    const code = codes[key] ?? -1;
    const err = sink.stderrText().trim().split('\n')[0] ?? '';
    return { ms: times[key] ?? 0, note: `(exit ${code}, ${(sink.stdoutChars() / 1024).toFixed(0)} KiB out${code === 2 && err ? `: ${err}` : ''})` };
  };
  if (commands.analyze) {
    result.analyze = cliResult('analyze', analyzeSink);
    log(`  analyze ${formatMs(result.analyze.ms)} ${result.analyze.note ?? ''}`);
  }
  if (commands.proxy) {
    result.proxy = cliResult('proxy', proxySink);
    log(`  proxy-config ${formatMs(result.proxy.ms)} ${result.proxy.note ?? ''}`);
  }
  if (commands.proxy && sidecar) {
    result.sidecar = cliResult('sidecar', sidecarSink);
    log(`  proxy-config sidecar ${sidecar} ${formatMs(result.sidecar.ms)} ${result.sidecar.note ?? ''}`);
  }
  if (typeof commands.explain !== 'string') {
    result.explain = await measureExplain(commands.explain, read.files, mesh.requests, runs);
    log(`  explain ×${EXPLAIN_REQUESTS} ${formatMs(result.explain.ms)} ${result.explain.note ?? ''}`);
  }
  if (args.rss) {
    result.rss.baseline = probeRss(['baseline', dir]);
    if (commands.analyze) result.rss.analyze = probeRss(['cli', 'analyze', dir]);
    if (commands.proxy) result.rss.proxy = probeRss(['cli', ...gatewayArgv(dir)]);
  }
  return result;
}

async function measureExplain(bench: ExplainBench, files: SourceFile[], requests: readonly BenchRequest[], runs: number): Promise<Measured> {
  const model = loadSources(files);
  const t = performance.now();
  const run = bench.prepare(model, requests);
  const prepareMs = performance.now() - t;
  let outcome = { failures: 0, firstError: '' };
  const ms = await timeMedian(runs, () => {
    outcome = run();
  });
  const failed = outcome.failures > 0 ? `; ${outcome.failures} requests threw: ${outcome.firstError}` : '';
  return { ms, note: `(derive + index the gateway once: ${formatMs(prepareMs)}${failed})` };
}

function probeRss(argv: string[]): number | undefined {
  const r = spawnSync(process.execPath, [path.join(distRoot, 'bench', 'probe.js'), ...argv], { encoding: 'utf8', maxBuffer: 1 << 20 });
  const line = r.stdout.trim().split('\n').pop() ?? '';
  try {
    return (JSON.parse(line) as { maxRssKb: number }).maxRssKb / 1024;
  } catch {
    log(`  rss probe ${argv.slice(0, 2).join(' ')} failed: ${r.stderr.trim().split('\n')[0] ?? ''}`);
    return undefined;
  }
}

interface ColdRow {
  what: string;
  ms?: number;
  vsNode?: number;
  note?: string;
}

function coldStart(commands: Commands, runs: number): ColdRow[] {
  const node = process.execPath;
  const bin = path.join(repoRoot, 'bin', 'gwctl.js');
  const fixture = path.join(repoRoot, 'fixtures', 'httpbin');
  const wall = (argv: string[]): number => {
    const times: number[] = [];
    spawnSync(node, argv, { stdio: 'ignore' });
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      spawnSync(node, argv, { stdio: 'ignore' });
      times.push(performance.now() - t);
    }
    return median(times);
  };
  const base = wall(['-e', '0']);
  const rows: ColdRow[] = [{ what: 'node -e 0', ms: base, vsNode: 1 }];
  const version = wall([bin, '--version']);
  rows.push({ what: 'gwctl --version', ms: version, vsNode: version / base });
  if (commands.analyze) {
    const analyze = wall([bin, 'analyze', fixture]);
    rows.push({ what: 'gwctl analyze fixtures/httpbin', ms: analyze, vsNode: analyze / base });
  } else rows.push({ what: 'gwctl analyze fixtures/httpbin', note: 'not available yet' });
  return rows;
}

const ratio = (x: number | undefined, base: number | undefined): string => (x === undefined || !base ? '' : `${(x / base).toFixed(2)}×`);
const ms = (m: Measured | undefined): string => (m ? formatMs(m.ms) : 'n/a');
const mb = (x: number | undefined): string => (x === undefined ? 'n/a' : `${x.toFixed(0)} MB`);

function report(results: SizeResult[], cold: ColdRow[]): string {
  const rows = results.map((r) => [
    r.size.toLocaleString('en-US'),
    `${r.files} / ${r.mb.toFixed(1)} MB`,
    formatMs(r.baseline),
    ms(r.analyze),
    ratio(r.analyze?.ms, r.baseline),
    ms(r.proxy),
    ratio(r.proxy?.ms, r.baseline),
    ms(r.sidecar),
    ratio(r.sidecar?.ms, r.baseline),
    ms(r.explain),
    mb(r.rss.baseline),
    r.rss.analyze === undefined ? 'n/a' : `${mb(r.rss.analyze)} (${ratio(r.rss.analyze, r.rss.baseline)})`,
    r.rss.proxy === undefined ? 'n/a' : `${mb(r.rss.proxy)} (${ratio(r.rss.proxy, r.rss.baseline)})`,
  ]);
  const small = results.find((r) => r.size === 5000);
  const large = results.find((r) => r.size === 50_000);
  if (small && large) {
    const g = (a?: number, b?: number): string => (a === undefined || b === undefined ? 'n/a' : `${(b / a).toFixed(1)}×`);
    rows.push([
      'growth 5k→50k',
      '',
      g(small.baseline, large.baseline),
      g(small.analyze?.ms, large.analyze?.ms),
      '',
      g(small.proxy?.ms, large.proxy?.ms),
      '',
      g(small.sidecar?.ms, large.sidecar?.ms),
      '',
      g(small.explain?.ms, large.explain?.ms),
      g(small.rss.baseline, large.rss.baseline),
      g(small.rss.analyze, large.rss.analyze),
      g(small.rss.proxy, large.rss.proxy),
    ]);
  }
  const main = table(
    ['resources', 'files / bytes', 'baseline', 'analyze', '÷ base', 'proxy-config', '÷ base', 'sidecar route', '÷ base', `explain ×${EXPLAIN_REQUESTS}`, 'RSS base', 'RSS analyze', 'RSS proxy-config'],
    rows,
  );
  const coldTable = table(
    ['cold start (whole process)', 'median', '÷ node -e 0'],
    cold.map((c) => [c.what, c.ms === undefined ? (c.note ?? 'n/a') : formatMs(c.ms), c.vsNode === undefined ? '' : `${c.vsNode.toFixed(2)}×`]),
  );
  return `${main}\n\n${coldTable}\n`;
}

function machine(): string {
  const cpus = os.cpus();
  return `${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}`;
}

async function writeResults(text: string): Promise<void> {
  const file = path.join(repoRoot, 'bench', 'RESULTS.md');
  const begin = '<!-- bench:latest:begin -->';
  const end = '<!-- bench:latest:end -->';
  const block = `${begin}\n## Latest run\n\n${new Date().toISOString().slice(0, 10)} on ${machine()}.\n\n${text}${end}`;
  const old = existsSync(file) ? await fs.readFile(file, 'utf8') : '# Benchmark results\n\nWritten by `npm run bench`; the notes below the latest run are kept by hand.\n\n';
  const i = old.indexOf(begin);
  const j = old.indexOf(end);
  const next = i !== -1 && j > i ? old.slice(0, i) + block + old.slice(j + end.length) : `${old.trimEnd()}\n\n${block}\n`;
  await fs.writeFile(file, next);
}

function log(s: string): void {
  process.stderr.write(`${s}\n`);
}

async function run(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (!(globalThis as { gc?: unknown }).gc) log('note: run with node --expose-gc for steadier numbers');
  log(`machine: ${machine()}`);
  const commands = await detect(await loadMain());
  const results: SizeResult[] = [];
  for (const size of args.sizes) results.push(await measureSize(size, commands, args));
  const cold = args.cold ? coldStart(commands, args.coldRuns) : [];
  const text = report(results, cold);
  process.stdout.write(`\n${text}`);
  if (args.write) {
    await writeResults(text);
    log('wrote bench/RESULTS.md');
  }
}

await run();
