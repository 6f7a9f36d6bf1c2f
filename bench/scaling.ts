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
// With both and the minimum of 2 repeats, stages above 1 MB agree within ~2% from run to run.)
import { Chalk } from 'chalk';
import { ANALYZERS } from '../src/analysis/analyzers/index.js';
import { CLI_SETTINGS, createContext } from '../src/analysis/context.js';
import { analysisFindings, runAnalyzers } from '../src/analysis/run.js';
import { deriveGatewayConfig, resolveWorkload } from '../src/derive/gateway/index.js';
import { deriveSidecarConfig } from '../src/derive/sidecar/index.js';
import type { Finding } from '../src/diagnostics/finding.js';
import { explainRequest } from '../src/explain/explain.js';
import { prepareExplainModel } from '../src/explain/model.js';
import { parseRequest } from '../src/explain/request.js';
import type { SourceFile } from '../src/load/parseDocuments.js';
import { loadSources } from '../src/app/load.js';
import type { Workspace } from '../src/app/workspace.js';
import { sortRecords, toRecords } from '../src/report/record.js';
import { REPORTERS } from '../src/report/reporters/index.js';
import { explainRecord } from '../src/report/views/explainRecord.js';
import { clusterDump, renderJson, routeDump } from '../src/report/views/configDump.js';
import { STATIC_CLUSTERS, STATIC_ROUTE_CONFIGS } from '../src/report/views/staticConfig.js';
import { pathToFileURL } from 'node:url';
import v8 from 'node:v8';
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

/** Every stage, as a function of one prepared mesh. */
function stages(only: string | undefined): [string, (p: Prepared) => unknown][] {
  const out: [string, (p: Prepared) => unknown][] = [['load', (p) => loadSources(p.files)]];
  for (const a of ANALYZERS) {
    out.push([
      `analyzer ${a.name}`,
      (p) => {
        const sink: Finding[] = [];
        a.analyze(createContext({ analyzer: a.name, index: p.ws.inputs, config: p.ws.config, settings: CLI_SETTINGS, sink, loaded: p.ws.findings, memo: new Map(), kindsRead: new Set() }));
        return sink;
      },
    ]);
  }
  const gateway = (p: Prepared) => deriveGatewayConfig(p.ws.config, resolveWorkload(p.ws.config, p.mesh.gateway).workload);
  const sidecar = (p: Prepared) => deriveSidecarConfig(p.ws.config, resolveWorkload(p.ws.config, p.mesh.sidecar).workload);
  out.push(
    [
      'analyze report (locate, sort, log format)',
      (p) => {
        const r = runAnalyzers(p.ws, { settings: CLI_SETTINGS, loaded: p.ws.findings });
        const records = sortRecords(toRecords(analysisFindings(p.ws.findings, r), p.ws.locate), p.ws.fileOrder);
        return REPORTERS.log(records, { chalk: NO_COLOUR });
      },
    ],
    ['gateway derive', gateway],
    ['gateway route json', (p) => renderJson(routeDump(gateway(p).routeConfigs, STATIC_ROUTE_CONFIGS))],
    ['gateway cluster json', (p) => renderJson(clusterDump(gateway(p).clusters, STATIC_CLUSTERS))],
    ['sidecar derive', sidecar],
    ['sidecar route json', (p) => renderJson(routeDump(sidecar(p).routeConfigs, STATIC_ROUTE_CONFIGS))],
    [
      'explain',
      (p) => {
        const config = gateway(p);
        const e = p.mesh.explain;
        const req = parseRequest({ url: `${e.port === 443 ? 'https' : 'http'}://${e.host}${e.path}`, headers: Object.entries(e.headers).map(([k, v]) => `${k}: ${v}`) });
        return explainRecord(explainRequest(prepareExplainModel(p.ws.config, config), req), p.ws.locate);
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
  const meshes = sizes.map((size) => prepare(shape, size));
  const list = stages(opts.only);
  // Warm-up: every stage once on each size, so that the JIT has seen every path before measuring.
  for (const [, fn] of list) for (const p of meshes) fn(p);
  const best = new Map<string, StageScaling>(list.map(([name]) => [name, { cpuMs: opts.cpu === false ? [] : sizes.map(() => Infinity), bytes: sizes.map(() => Infinity) }]));
  for (let r = 0; r < repeats; r++) {
    for (const [name, fn] of list) {
      const b = best.get(name) as StageScaling;
      meshes.forEach((p, i) => {
        b.bytes[i] = Math.min(b.bytes[i] ?? Infinity, allocatedBytes(() => fn(p)));
        if (opts.cpu !== false) b.cpuMs[i] = Math.min(b.cpuMs[i] ?? Infinity, cpuMs(() => fn(p)));
      });
    }
  }
  const findings = meshes.map((p) => analysisFindings(p.ws.findings, runAnalyzers(p.ws, { settings: CLI_SETTINGS, loaded: p.ws.findings })));
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
  const rows = Object.entries(result.stages).map(([name, st]) => [
    name,
    ...cells(st.bytes, (b) => `${(b / 1e6).toFixed(2)} MB`),
    ...cells(st.cpuMs, (m) => `${m.toFixed(1)} ms`),
  ]);
  process.stdout.write(`${table(['stage', ...head('alloc'), ...head('CPU')], rows)}\n`);
}

if (process.argv[1] && pathToFileURL(process.argv[1]).href === import.meta.url) await main();
