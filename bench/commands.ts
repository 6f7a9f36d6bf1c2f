// What the whole-process bench runs: the bare parse and each gwctl command, as argv for `node`.
import path from 'node:path';
import type { Mesh } from './generate.js';
import { distRoot } from './harness.js';

/** What the bench times, in the order of each round; `bare` is the baseline. */
export const COMMANDS = ['bare', 'analyze', 'route-gw', 'cluster-gw', 'route-sc', 'cluster-sc', 'explain', 'validate'] as const;
export type Command = (typeof COMMANDS)[number];

export const LABELS: Record<Command, string> = {
  bare: 'bare parse',
  analyze: 'analyze',
  'route-gw': 'pc route gw',
  'cluster-gw': 'pc cluster gw',
  'route-sc': 'pc route sidecar',
  'cluster-sc': 'pc cluster sidecar',
  explain: 'explain',
  validate: 'validate',
};

const BARE = path.join(distRoot, 'bench', 'bare.js');

/** The argv (after `node`) of a command on one mesh; `bin` is the gwctl under test (this build's, or a baseline's). */
export function argvOf(command: Command, bin: string, dir: string, mesh: Mesh): string[] {
  const e = mesh.explain;
  const url = `${e.port === 443 ? 'https' : 'http'}://${e.host}${e.port === 80 || e.port === 443 ? '' : `:${e.port}`}${e.path}`;
  switch (command) {
    case 'bare':
      return [BARE, dir];
    case 'analyze':
      return [bin, 'analyze', dir];
    case 'route-gw':
      return [bin, 'proxy-config', 'route', mesh.gateway, '-f', dir, '-o', 'json'];
    case 'cluster-gw':
      return [bin, 'proxy-config', 'cluster', mesh.gateway, '-f', dir, '-o', 'json'];
    case 'route-sc':
      return [bin, 'proxy-config', 'route', mesh.sidecar, '-f', dir, '-o', 'json'];
    case 'cluster-sc':
      return [bin, 'proxy-config', 'cluster', mesh.sidecar, '-f', dir, '-o', 'json'];
    case 'explain':
      return [bin, 'explain', url, '-f', dir, ...Object.entries(e.headers).flatMap(([k, v]) => ['-H', `${k}: ${v}`])];
    case 'validate':
      return [bin, 'validate', dir];
  }
}
