// Where the time goes, in one process: loading, each analyzer on its own, gateway and sidecar
// derivation, for one generated mesh. For finding hot spots, not for targets (bench/run.ts).
// Usage: node dist/bench/phases.js <A|B> <size> [analyzer-name-filter | - (derivation only)]
import path from 'node:path';
import { ANALYZERS } from '../src/analysis/analyzers/index.js';
import { CLI_SETTINGS, createContext } from '../src/analysis/context.js';
import { deriveGatewayConfig, resolveWorkload } from '../src/derive/gateway/index.js';
import { deriveSidecarConfig } from '../src/derive/sidecar/index.js';
import type { Finding } from '../src/diagnostics/finding.js';
import { readInputs } from '../src/load/readInputs.js';
import { loadSources } from '../src/app/load.js';
import { writeMesh, type Shape } from './generate.js';
import { formatMs, repoRoot } from './harness.js';

const [shapeArg = 'A', sizeArg = '20000', filter = ''] = process.argv.slice(2);
const shape = (shapeArg === 'B' ? 'B' : 'A') as Shape;
const size = Number(sizeArg.replace(/k$/i, '000'));
const dir = path.join(repoRoot, '.bench-tmp', `mesh-${shape}-${size}`);
const mesh = await writeMesh(dir, size, 42, shape);

const timed = <T>(label: string, fn: () => T): T => {
  const t = performance.now();
  const v = fn();
  process.stdout.write(`${label.padEnd(48)} ${formatMs(performance.now() - t).padStart(9)}\n`);
  return v;
};

const read = await readInputs([dir], async () => new Uint8Array());
const ws = timed('load (parse, validate, index, overlays)', () => loadSources(read.files));
const memo = new Map<string, unknown>();
const sink: Finding[] = [];
for (const a of ANALYZERS) {
  if (filter === '-' || (filter && !a.name.includes(filter))) continue;
  const before = sink.length;
  timed(`analyzer ${a.name}`, () =>
    a.analyze(createContext({ analyzer: a.name, index: ws.inputs, config: ws.config, settings: CLI_SETTINGS, sink, loaded: ws.findings, memo, kindsRead: new Set(), forwarded: new Set() })),
  );
  if (sink.length > before) process.stdout.write(`${''.padEnd(48)} ${sink.length - before} findings\n`);
}
if (!filter || filter === '-') {
  const gw = timed('resolve gateway workload', () => resolveWorkload(ws.config, mesh.gateway));
  timed('derive gateway config', () => deriveGatewayConfig(ws.config, gw.workload));
  const sc = timed('resolve sidecar workload', () => resolveWorkload(ws.config, mesh.sidecar));
  timed('derive sidecar config', () => deriveSidecarConfig(ws.config, sc.workload));
}
