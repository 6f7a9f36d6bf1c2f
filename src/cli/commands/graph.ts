// `gwctl graph [paths...] [--gateway <workload> | --from <workload>] -o mermaid|markdown|dot|json`:
// the picture of what the gateways serve (src/app/graph.ts), rendered by src/report/views/graphRender.ts.
// Exit 0, or 1 when an input document is broken (as proxy-config), 2 for a usage error.
import { DEFAULT_MAX_NODES, graph, GRAPH_OUTPUTS, type GraphOutput } from '../../app/graph.js';
import type { NamedProxy } from '../../app/proxy.js';
import { escapeText } from '../../report/escape.js';
import { graphDot, graphJson, graphMarkdown, graphMermaid } from '../../report/views/graphRender.js';
import { EXIT_USAGE, UsageError, type ExitCode } from '../exitCodes.js';
import { reportInputProblems } from '../inputProblems.js';
import { loadInputs, type InputOptions } from '../inputs.js';
import type { CliIo } from '../io.js';

export interface GraphCliOptions extends InputOptions {
  gateway?: string;
  from?: string;
  output: string;
  maxNodes?: string;
}

const isOutput = (o: string): o is GraphOutput => (GRAPH_OUTPUTS as readonly string[]).includes(o);

function parseMaxNodes(value: string | undefined): number {
  if (value === undefined) return DEFAULT_MAX_NODES;
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 1_000_000) throw new UsageError(`--max-nodes must be a whole number from 1 to 1000000, not "${value}"`);
  return Number(value);
}

export async function runGraph(paths: string[], opts: GraphCliOptions, io: CliIo): Promise<ExitCode> {
  if (!isOutput(opts.output)) throw new UsageError(`--output must be one of ${GRAPH_OUTPUTS.join(', ')}, not "${opts.output}"`);
  if (opts.gateway !== undefined && opts.from !== undefined) throw new UsageError('use either --gateway or --from, not both');
  const maxNodes = parseMaxNodes(opts.maxNodes);
  if (paths.length === 0 && (opts.filename ?? []).length === 0) throw new UsageError('no input: name files or folders, or use -f (- reads stdin)');
  const ws = await loadInputs(paths, opts, io);
  const inputExit = reportInputProblems(ws, io);
  if (inputExit === EXIT_USAGE) return inputExit;
  const proxy: NamedProxy | undefined = opts.from !== undefined ? { target: opts.from, as: 'sidecar' } : opts.gateway !== undefined ? { target: opts.gateway, as: 'gateway' } : undefined;
  const g = graph(ws, { ...(proxy ? { proxy } : {}), maxNodes });
  for (const n of g.notes) io.stderr(`note: ${escapeText(n)}\n`);
  const render = { mermaid: graphMermaid, markdown: graphMarkdown, dot: graphDot, json: graphJson }[opts.output];
  io.stdout(render(g));
  return inputExit;
}
