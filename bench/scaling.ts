// How gwctl's work grows with the input, measured so that a loaded machine cannot blur it: the bytes
// each stage allocates (loading, every analyzer on its own, gateway and sidecar derivation and
// rendering, explain) on generated meshes of size N, 2N and 4N. Allocation is deterministic for
// deterministic code (within ~2% from run to run, with the flags below), and a stage that compares
// every Gateway or VirtualService with every other one allocates ~4× per doubling however fast the
// machine is. CPU time is printed too (minimum over repeats), for people; on a 2-core machine at
// load 13 it moved 1.1–3.6× for stages whose allocation moved 1.9–2.05×, so tests do not assert it.
// test/bench/scaling.test.ts holds each stage to ≤ 2.3× per doubling (geometric mean of N→4N, which
// smooths the steps of hash tables and arrays doubling their capacity).
//
// Usage: node --expose-gc --single-threaded dist/bench/scaling.js <A|B> <N> [--repeats R] [--no-cpu] [--json] [--only stage-substring]
// (--expose-gc: each measurement starts from a collected heap; --single-threaded: no concurrent GC or
// background compilation, whose timing decides when code is optimised and so how much it allocates.
// With both and a warm-up of every stage on each size, stages above 1 MB agree within a few percent
// from run to run; ~2% with the minimum of 2 repeats.)
import { Chalk } from 'chalk';
import { pathToFileURL } from 'node:url';
import v8 from 'node:v8';
import { ANALYZERS } from '../src/analysis/analyzers/index.js';
import { CLI_SETTINGS, createContext } from '../src/analysis/context.js';
import { analyze, deriveProxy, explain, explainRecordOf, findingRecords, loadSources, parseRequest, proxyConfig, type Workspace } from '../src/app/index.js';
import type { Finding } from '../src/diagnostics/finding.js';
import type { SourceFile } from '../src/load/parseDocuments.js';
import { REPORTERS } from '../src/report/reporters/index.js';
import { proxyConfigText } from '../src/report/views/proxyConfig.js';
import { generate, type Mesh, type Shape } from './generate.js';
import { table } from './harness.js';

export interface StageScaling {
  /** Minimum CPU milliseconds per call at each size (empty when not measured). */
  cpuMs: number[];
  /** Bytes allocated per call at each size (minimum over the repeats). */
  bytes: number[];
}

export interface ScalingResult {
  shape: Shape;
  /** N, 2N, 4N. */
  sizes: number[];
  stages: Record<string, StageScaling>;
  /** Findings of loading and all analyzers together, at each size. */
  findings: number[];
  byCode: Record<string, number>[];
}

const NO_COLOUR = new Chalk({ level: 0 });

const gc = (globalThis as { gc?: () => void }).gc;
/** Calls are repeated until they have used this much CPU, so that short stages are not all noise. */
const MIN_CPU_MS = 40;

/**
 * Bytes one call allocates on the JS heap: what is live after it, plus what every GC during it freed.
 * Deterministic for deterministic code once the JIT has settled (see the flags in the usage line).
 */
export function allocatedBytes(fn: () => unknown): number {
  // From a collected heap, so that no garbage of earlier work is swept (and counted) during this call.
  gc?.();
  const profiler = new v8.GCProfiler();
  const before = v8.getHeapStatistics().used_heap_size;
  profiler.start();
  fn();
  const after = v8.getHeapStatistics().used_heap_size;
  let freed = 0;
  for (const s of profiler.stop().statistics) freed += s.beforeGC.heapStatistics.usedHeapSize - s.afterGC.heapStatistics.usedHeapSize;
  return after - before + freed;
}

/**
 * CPU time (user + system, every thread of the process) of one call, in ms: after a full GC (run
 * with --expose-gc), the average over as many calls as it takes to use MIN_CPU_MS.
 */
function cpuMs(fn: () => unknown): number {
  gc?.();
  const t = process.cpuUsage();
  let calls = 0;
  let used = 0;
  do {
    fn();
    calls++;
    const d = process.cpuUsage(t);
    used = (d.user + d.system) / 1000;
  } while (used < MIN_CPU_MS && calls < 1000);
  return used / calls;
}

interface Prepared {
  mesh: Mesh;
  files: SourceFile[];
  ws: Workspace;
}

function prepare(shape: Shape, size: number): Prepared {
  const mesh = generate(shape, size);
  const files = mesh.files.map((f) => ({ name: f.path, bytes: Buffer.from(f.text) }));
  return { mesh, files, ws: loadSources(files) };
}

/** Every stage, as a function of one prepared mesh: the app functions the CLI calls, and each analyzer alone. */
function stages(only: string | undefined): [string, (p: Prepared) => unknown][] {
  const out: [string, (p: Prepared) => unknown][] = [['load', (p) => loadSources(p.files)]];
  for (const a of ANALYZERS) {
    out.push([
      `analyzer ${a.name}`,
      (p) => {
        const sink: Finding[] = [];
        a.analyze(createContext({ analyzer: a.name, index: p.ws.inputs, config: p.ws.config, settings: CLI_SETTINGS, sink, loaded: p.ws.findings, memo: new Map(), kindsRead: new Set(), forwarded: new Set() }));
        return sink;
      },
    ]);
  }
  const gateway = (p: Prepared) => ({ target: p.mesh.gateway });
  const sidecar = (p: Prepared) => ({ target: p.mesh.sidecar });
  out.push(
    ['analyze (all analyzers, located, log format)', (p) => REPORTERS.log(findingRecords(p.ws, analyze(p.ws).shown), { chalk: NO_COLOUR, command: 'analyze', failureThreshold: 'error', files: p.ws.fileOrder, resources: p.ws.stats.resources })],
    ['gateway derive', (p) => deriveProxy(p.ws, gateway(p))],
    ['gateway route json', (p) => proxyConfigText(proxyConfig(p.ws, gateway(p), 'route'), 'json')],
    ['gateway cluster json', (p) => proxyConfigText(proxyConfig(p.ws, gateway(p), 'cluster'), 'json')],
    ['sidecar derive', (p) => deriveProxy(p.ws, sidecar(p))],
    ['sidecar route json', (p) => proxyConfigText(proxyConfig(p.ws, sidecar(p), 'route'), 'json')],
    [
      'explain',
      (p) => {
        const e = p.mesh.explain;
        const req = parseRequest({ url: `${e.port === 443 ? 'https' : 'http'}://${e.host}${e.path}`, headers: Object.entries(e.headers).map(([k, v]) => `${k}: ${v}`) });
        return explainRecordOf(p.ws, explain(p.ws, req, { ...gateway(p), as: 'gateway' }).result);
      },
    ],
  );
  return only ? out.filter(([name]) => name.includes(only)) : out;
}

function countByCode(findings: readonly Finding[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const f of findings) out[f.code] = (out[f.code] ?? 0) + 1;
  return out;
}

export function measureScaling(shape: Shape, n: number, opts: { repeats?: number; cpu?: boolean; only?: string } = {}): ScalingResult {
  const repeats = opts.repeats ?? 2;
  const sizes = [n, 2 * n, 4 * n];
  const list = stages(opts.only);
  const best = new Map<string, StageScaling>(list.map(([name]) => [name, { cpuMs: [], bytes: [] }]));
  const findings: Finding[][] = [];
  // One mesh at a time, so that the heap each measurement's GC walks holds only that mesh (the GCs
  // are most of this function's cost).
  for (const size of sizes) {
    const p = prepare(shape, size);
    // Warm-up: every stage once on this size, so that the JIT has seen every path before measuring.
    for (const [, fn] of list) fn(p);
    for (const [name, fn] of list) {
      const b = best.get(name) as StageScaling;
      let bytes = Infinity;
      let cpu = Infinity;
      for (let r = 0; r < repeats; r++) {
        bytes = Math.min(bytes, allocatedBytes(() => fn(p)));
        if (opts.cpu !== false) cpu = Math.min(cpu, cpuMs(() => fn(p)));
      }
      b.bytes.push(bytes);
      if (opts.cpu !== false) b.cpuMs.push(cpu);
    }
    findings.push(analyze(p.ws).findings);
  }
  return {
    shape,
    sizes,
    stages: Object.fromEntries(best),
    findings: findings.map((f) => f.length),
    byCode: findings.map(countByCode),
  };
}

/** Growth per doubling: the geometric mean over N → 4N. */
export function perDoubling(xs: readonly number[]): number {
  const first = xs[0] ?? 0;
  const last = xs[xs.length - 1] ?? 0;
  return Math.pow(last / Math.max(first, 1e-9), 1 / Math.max(1, xs.length - 1));
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const flag = (name: string): string | undefined => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const shape: Shape = args[0] === 'B' ? 'B' : 'A';
  const n = Number((args[1] ?? '2000').replace(/k$/i, '000'));
  const only = flag('--only');
  const result = measureScaling(shape, n, { repeats: Number(flag('--repeats') ?? 2), cpu: !args.includes('--no-cpu'), ...(only ? { only } : {}) });
  if (args.includes('--json')) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }
  process.stdout.write(`shape ${shape}: ${result.sizes.join(' / ')} resources; findings ${result.findings.join(' / ')}\n`);
  const head = (label: string): string[] => [...result.sizes.map((s) => `${label} ${s}`), 'per 2×'];
  const cells = (xs: readonly number[], f: (x: number) => string): string[] => (xs.length === 0 ? [...result.sizes.map(() => ''), ''] : [...xs.map(f), `${perDoubling(xs).toFixed(2)}×`]);
  const withCpu = !args.includes('--no-cpu');
  const rows = Object.entries(result.stages).map(([name, st]) => [
    name,
    ...cells(st.bytes, (b) => `${(b / 1e6).toFixed(2)} MB`),
    ...(withCpu ? cells(st.cpuMs, (m) => `${m.toFixed(1)} ms`) : []),
  ]);
  process.stdout.write(`${table(['stage', ...head('alloc'), ...(withCpu ? head('CPU') : [])], rows)}\n`);
}

if (process.argv[1] && pathToFileURL(process.argv[1]).href === import.meta.url) await main();
