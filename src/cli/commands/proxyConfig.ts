// `gwctl proxy-config listener|route|cluster|all [target] -f <paths>`: what istiod would push to a
// gateway (or sidecar) workload, printed as istioctl prints it.
import type { ConfigStore } from '../../convert/index.js';
import { deriveGatewayConfig, resolveWorkload } from '../../derive/gateway/index.js';
import { deriveSidecarConfig } from '../../derive/sidecar/index.js';
import type { ProxyConfig, ProxyNote, ProxyWorkload } from '../../derive/proxyModel.js';
import { clusterDump, fullDump, listenerDump, renderJson, renderYaml, routeDump } from '../../report/views/configDump.js';
import { clusterMatches, clusterTable, type ClusterFilter } from '../../report/views/clusterTable.js';
import { listenerTable } from '../../report/views/listenerTable.js';
import { routeTable } from '../../report/views/routeTable.js';
import { STATIC_CLUSTERS, STATIC_LISTENERS, STATIC_ROUTE_CONFIGS } from '../../report/views/staticConfig.js';
import { EXIT_USAGE, UsageError, type ExitCode } from '../exitCodes.js';
import { reportInputProblems } from '../inputProblems.js';
import { isInputPath, loadInputs, type InputOptions } from '../inputs.js';
import type { CliIo } from '../io.js';
import { escapeText } from '../../report/escape.js';

export const CONFIG_TYPES = ['listener', 'route', 'cluster', 'all'] as const;
export type ConfigType = (typeof CONFIG_TYPES)[number];

export interface ProxyConfigOptions extends InputOptions {
  output: string;
  name?: string;
  port?: string;
  fqdn?: string;
  subset?: string;
  direction?: string;
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

function derive(index: ConfigStore, workload: ProxyWorkload): ProxyConfig {
  return workload.mode === 'gateway' ? deriveGatewayConfig(index, workload) : deriveSidecarConfig(index, workload);
}

export function renderProxyConfig(type: ConfigType, pc: ProxyConfig, opts: ProxyConfigOptions): string {
  const listenerPort = type === 'listener' ? parsePort(opts.port, '--port') : undefined;
  const clusterFilter: ClusterFilter = {
    ...(opts.fqdn ? { fqdn: opts.fqdn } : {}),
    ...(type === 'cluster' && opts.port !== undefined ? { port: parsePort(opts.port, '--port') ?? 0 } : {}),
    ...(opts.subset ? { subset: opts.subset } : {}),
    ...(opts.direction ? { direction: opts.direction } : {}),
  };
  const routes = routeDump(pc.routeConfigs, STATIC_ROUTE_CONFIGS).filter((r) => !opts.name || r.name === opts.name);
  const listeners = listenerDump(pc.listeners, STATIC_LISTENERS).filter((l) => listenerPort === undefined || l.address.socketAddress.portValue === listenerPort);
  const clusters = clusterDump(pc.clusters, STATIC_CLUSTERS).filter((c) => clusterMatches(c, clusterFilter));
  const structured = (v: unknown): string => (opts.output === 'yaml' ? renderYaml(v) : renderJson(v));
  switch (type) {
    case 'listener':
      return opts.output === 'short' ? listenerTable(listeners) : structured(listeners);
    case 'route':
      return opts.output === 'short' ? routeTable(routes) : structured(routes);
    case 'cluster':
      return opts.output === 'short' ? clusterTable(clusters) : structured(clusters);
    case 'all':
      if (opts.output === 'short') {
        return `${clusterTable(clusters, { withType: true })}\n${listenerTable(listeners, { withType: true })}\n${routeTable(routes, { withType: true })}`;
      }
      return structured(
        fullDump({
          clusters: { dynamic: pc.clusters.filter((c) => clusterMatches(c, clusterFilter)), statics: STATIC_CLUSTERS },
          listeners: { dynamic: pc.listeners, statics: STATIC_LISTENERS },
          routes: { dynamic: pc.routeConfigs.filter((r) => !opts.name || r.name === opts.name), statics: STATIC_ROUTE_CONFIGS },
        }),
      );
  }
}

export async function runProxyConfig(type: string, positionals: string[], opts: ProxyConfigOptions, io: CliIo): Promise<ExitCode> {
  if (!(CONFIG_TYPES as readonly string[]).includes(type)) throw new UsageError(`unknown config type "${type}": use listener, route, cluster or all`);
  if (!['short', 'json', 'yaml'].includes(opts.output)) throw new UsageError(`--output must be short, json or yaml, not "${opts.output}"`);
  const { target, paths } = splitPositionals(positionals, io.cwd);
  if (paths.length === 0 && (opts.filename ?? []).length === 0) throw new UsageError('no input: name files or folders, or use -f (- reads stdin)');
  const inputs = await loadInputs(paths, opts, io);
  const inputExit = reportInputProblems(inputs, io);
  if (inputExit === EXIT_USAGE) return inputExit;
  const { workload, notes } = resolveWorkload(inputs.config, target);
  const pc = derive(inputs.config, workload);
  const said = new Set<string>();
  const say = (n: ProxyNote): void => {
    if (said.has(n.code)) return;
    said.add(n.code);
    io.stderr(`note: ${escapeText(n.message)}\n`);
  };
  for (const n of [...notes, ...pc.notes]) say(n);
  io.stdout(renderProxyConfig(type as ConfigType, pc, opts));
  return inputExit;
}
