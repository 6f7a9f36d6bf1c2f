// `gwctl proxy-config listener|route|cluster|all [target] -f <paths>`: what istiod would push to a
// gateway (or sidecar) workload, printed as istioctl prints it.
import { CONFIG_TYPES, proxyConfig, type ConfigFilter, type ConfigType } from '../../app/proxyConfig.js';
import { escapeText } from '../../report/escape.js';
import { CONFIG_OUTPUTS, proxyConfigChunks, type ConfigOutput } from '../../report/views/proxyConfig.js';
import { EXIT_USAGE, UsageError, type ExitCode } from '../exitCodes.js';
import { reportInputProblems } from '../inputProblems.js';
import { inputPaths, loadInputs, type InputOptions } from '../inputs.js';
import { isInputPath } from '../inputPath.js';
import { note, writePieces, type CliIo } from '../io.js';

export interface ProxyConfigOptions extends InputOptions {
  output: string;
  name?: string;
  port?: string;
  fqdn?: string;
  subset?: string;
  direction?: string;
  cluster?: string;
}

/** Positionals that name or look like files or folders (or `-`) are inputs; at most one other is the target. */
export function splitPositionals(args: readonly string[], cwd: string): { target: string | undefined; paths: string[] } {
  const paths: string[] = [];
  const others: string[] = [];
  for (const a of args) {
    if (isInputPath(a, cwd)) paths.push(a);
    else others.push(a);
  }
  if (others.length > 1) {
    throw new UsageError(
      `expected at most one workload, got ${others.map((o) => `"${o}"`).join(', ')}; if one of them is a file or folder, check that it exists`,
    );
  }
  return { target: others[0], paths };
}

function parsePort(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 65535) throw new UsageError(`${flag} must be a port number, not "${value}"`);
  return Number(value);
}

/** istioctl's filter flags; --port is read (and checked) only by the types it filters. */
function filterOf(type: ConfigType, opts: ProxyConfigOptions): ConfigFilter {
  const port = type === 'listener' || type === 'cluster' || type === 'endpoint' ? parsePort(opts.port, '--port') : undefined;
  return {
    ...(opts.name !== undefined ? { name: opts.name } : {}),
    ...(port !== undefined ? { port } : {}),
    ...(opts.fqdn !== undefined ? { fqdn: opts.fqdn } : {}),
    ...(opts.subset !== undefined ? { subset: opts.subset } : {}),
    ...(opts.direction !== undefined ? { direction: opts.direction } : {}),
    ...(opts.cluster !== undefined ? { cluster: opts.cluster } : {}),
  };
}

const isConfigType = (t: string): t is ConfigType => (CONFIG_TYPES as readonly string[]).includes(t);
const isOutput = (o: string): o is ConfigOutput => (CONFIG_OUTPUTS as readonly string[]).includes(o);

/** istioctl proxy-config's names and aliases of the config types gwctl shows. */
const TYPE_ALIASES: Readonly<Record<string, ConfigType>> = {
  listeners: 'listener',
  l: 'listener',
  routes: 'route',
  r: 'route',
  clusters: 'cluster',
  c: 'cluster',
  endpoints: 'endpoint',
  ep: 'endpoint',
  eds: 'endpoint',
  a: 'all',
};

/** istioctl types that need a running proxy, by each of their names: why gwctl cannot show them. */
const SECRETS = 'certificates are served to a running proxy over SDS; manifests name them (credentialName) but do not hold them';
const BOOTSTRAP = "the bootstrap comes from the injector's template and the running pod, not from manifests";
const LIVE_ONLY: Readonly<Record<string, string>> = {
  secret: SECRETS,
  secrets: SECRETS,
  s: SECRETS,
  bootstrap: BOOTSTRAP,
  b: BOOTSTRAP,
  log: "log levels are a running proxy's setting",
  ecds: 'extension configs are served to a running proxy',
  rootca: "root CAs are a running proxy's",
  'rootca-compare': "root CAs are a running proxy's",
};

function configTypeOf(input: string): ConfigType {
  const t = input.toLowerCase();
  if (isConfigType(t)) return t;
  if (Object.hasOwn(TYPE_ALIASES, t)) return TYPE_ALIASES[t] ?? 'all';
  if (Object.hasOwn(LIVE_ONLY, t)) throw new UsageError(`gwctl cannot show ${t} from manifests alone: ${LIVE_ONLY[t] ?? ''}`);
  throw new UsageError(
    `unknown config type "${input}": use listener (listeners, l), route (routes, r), cluster (clusters, c), endpoint (endpoints, ep) or all (a)`,
  );
}

export async function runProxyConfig(typeName: string, positionals: string[], opts: ProxyConfigOptions, io: CliIo): Promise<ExitCode> {
  const type = configTypeOf(typeName);
  if (!isOutput(opts.output)) throw new UsageError(`--output must be short, json or yaml, not "${opts.output}"`);
  const filter = filterOf(type, opts);
  const { target, paths } = splitPositionals(positionals, io.cwd);
  const { named, opts: readOpts } = inputPaths(paths, opts, io);
  const ws = await loadInputs(named, readOpts, io);
  // Deriving and writing the config is run-once work too (src/cli/tiering.ts).
  io.inputsLoaded?.();
  const inputExit = reportInputProblems(ws, io);
  if (inputExit === EXIT_USAGE) return inputExit;
  const result = proxyConfig(ws, target === undefined ? {} : { target }, type, filter);
  for (const n of result.notes) note(io, `note: ${escapeText(n.message)}\n`);
  // Unjoined pieces only for a sink that buffers them itself.
  writePieces(io, proxyConfigChunks(result, opts.output, io.openStdout !== undefined));
  return inputExit;
}
