// The bench's tables (markdown): time, CPU and peak RSS per shape, this build against a baseline
// build timed in the same loop, which rows are not evidence (the machine was slow or noisy then),
// and issue 16's targets.
import { LABELS, type Command } from './commands.js';
import type { Shape } from './generate.js';
import { formatMs, table, type Spread } from './harness.js';

export interface Measured {
  wall: Spread;
  cpu?: Spread;
  rssMb?: number;
  exit: string;
  failure?: string;
}

export type Results = Partial<Record<Command, Measured>>;

export interface SizeResult {
  shape: Shape;
  size: number;
  files: number;
  mb: number;
  runs: number;
  results: Results;
  /** The same commands run by the baseline build, alternated with this build's in each round. */
  baseline?: Results;
}

export interface ColdRow {
  what: string;
  ms: number;
  vsNode: number;
}

export interface ReportOptions {
  commands: readonly Command[];
  shapes: readonly Shape[];
  /** What the baseline build is (a commit), when one was timed. */
  baselineName?: string;
  /** `node -e 0`'s median wall time, taken off the bare parse when comparing its speed across sizes. */
  nodeMs: number;
}

/** Above this spread ((max - min) / median) the bare parse's rounds disagree too much to trust a ratio. */
const NOISY_SPREAD = 0.15;
/**
 * A row whose bare parse is this much slower per MB than the shape's fastest row (20k and up, node's
 * start taken off) caught a slow stretch of the machine: every process of the row ran slow, so the
 * spread does not show it, and ratios to a slow bare parse look better than they are. Per-MB parse
 * cost varies by size for honest reasons too (more files, larger heaps: up to ~1.35× on shape B).
 */
const SLOW_TREND = 1.4;

/** Why a row's ratios are not evidence, if they are not. */
export function unsteadyRows(results: readonly SizeResult[], nodeMs: number): Map<SizeResult, string> {
  const out = new Map<SizeResult, string>();
  const perMb = (r: SizeResult): number | undefined => {
    const b = r.results.bare;
    return b && !b.failure ? Math.max(0, b.wall.median - nodeMs) / r.mb : undefined;
  };
  for (const r of results) {
    const b = r.results.bare;
    if (!b || b.failure) continue;
    const reasons: string[] = [];
    const range = (b.wall.max - b.wall.min) / b.wall.median;
    if (r.runs > 1 && range > NOISY_SPREAD) reasons.push(`bare parse ranged ${formatMs(b.wall.min)}–${formatMs(b.wall.max)}`);
    const mine = perMb(r);
    const peers = results.filter((x) => x.shape === r.shape && x.size >= 20_000).flatMap((x) => perMb(x) ?? []);
    const best = Math.min(...peers);
    if (r.size >= 20_000 && mine !== undefined && peers.length > 1 && mine > SLOW_TREND * best) {
      reasons.push(`bare parse ${mine.toFixed(0)} ms/MB against ${best.toFixed(0)} ms/MB at this shape's fastest size`);
    }
    if (reasons.length > 0) out.set(r, reasons.join('; '));
  }
  return out;
}

const ratioOf = (x: number | undefined, base: number | undefined): string => (x === undefined || !base ? '' : `${(x / base).toFixed(2)}×`);

function failureCell(m: Measured): string {
  const f = m.failure ?? '';
  return f.startsWith('out of memory') ? `OOM (${formatMs(m.wall.median)})` : f.startsWith('timeout') ? 'timeout' : `failed (exit ${m.exit})`;
}

function timeCell(m: Measured | undefined, base: number): string {
  if (!m) return 'n/a';
  if (m.failure) return failureCell(m);
  return `${formatMs(m.wall.median)} (${ratioOf(m.wall.median, base)})`;
}

function cpuCell(m: Measured | undefined, base: number | undefined): string {
  if (!m) return 'n/a';
  if (m.failure) return failureCell(m);
  return m.cpu ? `${formatMs(m.cpu.median)} (${ratioOf(m.cpu.median, base)})` : 'n/a';
}

function rssCell(m: Measured | undefined, base: number | undefined): string {
  if (m?.rssMb === undefined) return m?.failure ? '—' : 'n/a';
  return `${m.rssMb.toFixed(0)} MB (${ratioOf(m.rssMb, base)})`;
}

/** This build's wall ratio beside the baseline's, then the change in CPU time: `1.95× / 2.03×, cpu −8%`. */
function versusCell(m: Measured | undefined, b: Measured | undefined, bare: number): string {
  if (!m || !b) return 'n/a';
  if (m.failure || b.failure) return `${m.failure ? failureCell(m) : ratioOf(m.wall.median, bare)} / ${b.failure ? failureCell(b) : ratioOf(b.wall.median, bare)}`;
  const cpu = m.cpu && b.cpu ? `, cpu ${signedPercent(m.cpu.median / b.cpu.median - 1)}` : '';
  return `${ratioOf(m.wall.median, bare)} / ${ratioOf(b.wall.median, bare)}${cpu}`;
}

const signedPercent = (x: number): string => (Math.abs(x) < 0.005 ? '±0%' : `${x < 0 ? '−' : '+'}${Math.abs(x * 100).toFixed(0)}%`);

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
function targetsTable(results: readonly SizeResult[], opts: ReportOptions, cold: readonly ColdRow[], unsteady: Map<SizeResult, string>): string {
  const shapes = opts.shapes.filter((sh) => results.some((r) => r.shape === sh));
  const at = (shape: Shape, size: number): SizeResult | undefined => results.find((r) => r.shape === shape && r.size === size);
  const verdict = (ok: boolean | undefined, text: string): string => (ok === undefined ? 'not measured' : `${text} ${ok ? 'met' : 'MISSED'}`);
  const rows: string[][] = [];
  for (const [c, limit] of TIME_TARGETS) {
    if (!opts.commands.includes(c)) continue;
    for (const size of [20_000, 50_000]) {
      rows.push([
        `${LABELS[c]} ≤ ${limit.toFixed(1)}× bare, ${size / 1000}k`,
        ...shapes.map((sh) => {
          const r = at(sh, size);
          const m = r?.results[c];
          const bare = r?.results.bare;
          if (!r || !m || !bare) return 'not measured';
          if (m.failure) return `${m.failure} MISSED`;
          // CPU ratio and the baseline's ratio beside the verdict: a reader can see a borderline wall ratio for what it is.
          const notes = [
            ...(m.cpu && bare.cpu ? [`cpu ${ratioOf(m.cpu.median, bare.cpu.median)}`] : []),
            ...(r.baseline?.[c] && !r.baseline[c]?.failure ? [`baseline ${ratioOf(r.baseline[c]?.wall.median, bare.wall.median)}`] : []),
            ...(unsteady.has(r) ? ['unsteady row'] : []),
          ];
          return `${verdict(m.wall.median / bare.wall.median <= limit, `${ratioOf(m.wall.median, bare.wall.median)}`)}${notes.length > 0 ? ` (${notes.join(', ')})` : ''}`;
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
        const worst = Math.max(...opts.commands.filter((c) => c !== 'bare').map((c) => r?.results[c]?.rssMb ?? 0));
        return r && base ? verdict(worst / base <= RSS_TARGET, `${(worst / base).toFixed(2)}×`) : 'not measured';
      }),
    ]);
  }
  rows.push([
    '100k completes on every command',
    ...shapes.map((sh) => {
      const r = at(sh, 100_000);
      if (!r) return 'not measured';
      const failed = opts.commands.filter((c) => r.results[c]?.failure);
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
        return x && y && !x.failure && !y.failure ? y.wall.median / x.wall.median : Infinity;
      };
      const worst = opts.commands
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

function shapeTables(shape: Shape, rows: readonly SizeResult[], opts: ReportOptions, unsteady: Map<SizeResult, string>): string[] {
  const out: string[] = [];
  const commands = opts.commands.filter((c) => c !== 'bare');
  const timeRows = rows.map((r) => {
    const bare = r.results.bare;
    const base = bare?.wall.median ?? 0;
    const range = bare && !bare.failure ? `${formatMs(bare.wall.min)}–${formatMs(bare.wall.max)}` : '';
    return [r.size.toLocaleString('en-US'), `${r.files} / ${r.mb.toFixed(1)} MB`, String(r.runs), bare ? formatMs(base) : 'n/a', range, ...commands.map((c) => timeCell(r.results[c], base))];
  });
  const small = rows.find((r) => r.size === 5000);
  const large = rows.find((r) => r.size === 50_000);
  if (small && large) {
    const g = (c: Command): string => {
      const a = small.results[c];
      const b = large.results[c];
      return a && b && !a.failure && !b.failure ? `${(b.wall.median / a.wall.median).toFixed(1)}×` : 'n/a';
    };
    timeRows.push(['growth 5k→50k', '', '', g('bare'), '', ...commands.map(g)]);
  }
  out.push(`### Shape ${shape}: time (median; ÷ bare parse)\n`);
  out.push(table(['resources', 'files / bytes', 'runs', 'bare parse', 'bare range', ...commands.map((c) => LABELS[c])], timeRows));
  const notes = rows.flatMap((r) => {
    const why = unsteady.get(r);
    return why ? [`- **${r.size.toLocaleString('en-US')} is an unsteady row** (${why}): its ratios are not evidence; run it again.`] : [];
  });
  if (notes.length > 0) out.push('', ...notes);
  out.push('');
  out.push(`### Shape ${shape}: CPU time, user + system (median; ÷ bare parse's)\n`);
  out.push(table(['resources', 'bare parse', ...commands.map((c) => LABELS[c])], rows.map((r) => [r.size.toLocaleString('en-US'), r.results.bare?.cpu ? formatMs(r.results.bare.cpu.median) : 'n/a', ...commands.map((c) => cpuCell(r.results[c], r.results.bare?.cpu?.median))])));
  out.push('');
  if (opts.baselineName !== undefined && rows.some((r) => r.baseline)) {
    out.push(`### Shape ${shape}: this build / baseline (${opts.baselineName}), wall ÷ bare parse, and the change in CPU time\n`);
    out.push(table(['resources', ...commands.map((c) => LABELS[c])], rows.map((r) => [r.size.toLocaleString('en-US'), ...commands.map((c) => versusCell(r.results[c], r.baseline?.[c], r.results.bare?.wall.median ?? 0))])));
    out.push('');
  }
  const rssRows = rows.map((r) => {
    const base = r.results.bare?.rssMb;
    return [r.size.toLocaleString('en-US'), base === undefined ? 'n/a' : `${base.toFixed(0)} MB`, ...commands.map((c) => rssCell(r.results[c], base))];
  });
  out.push(`### Shape ${shape}: peak RSS (median; ÷ bare parse)\n`);
  out.push(table(['resources', 'bare parse', ...commands.map((c) => LABELS[c])], rssRows));
  out.push('');
  return out;
}

export function report(results: readonly SizeResult[], opts: ReportOptions, cold: readonly ColdRow[]): string {
  const unsteady = unsteadyRows(results, opts.nodeMs);
  const out: string[] = [];
  for (const shape of opts.shapes) {
    const rows = results.filter((r) => r.shape === shape);
    if (rows.length > 0) out.push(...shapeTables(shape, rows, opts, unsteady));
  }
  out.push(targetsTable(results, opts, cold, unsteady));
  if (cold.length > 0) {
    out.push('### Start-up (whole process, median)\n');
    out.push(table(['command', 'median', '÷ node -e 0'], cold.map((c) => [c.what, formatMs(c.ms), `${c.vsNode.toFixed(2)}×`])));
    out.push('');
  }
  return `${out.join('\n')}\n`;
}
