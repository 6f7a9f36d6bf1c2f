// Destination → cluster name (GetDestinationCluster, BuildSubsetKey, ParseSubsetKey).
import type { Destination } from '../../schema/kinds/virtualService.js';
import type { RouteBuildContext } from './context.js';

export const UNKNOWN_SERVICE_CLUSTER = 'UnknownService';

export function subsetKey(port: number, subset: string, host: string): string {
  return `outbound|${port}|${subset}|${host}`;
}

/**
 * `destination.port` if given (even `{}`, which means 0), else the only port of the looked-up Service,
 * else the port being built. `host` must already be resolved to an FQDN; `lookupNamespace` is the
 * namespace of the (root) VirtualService, which the gateway's service lookup prefers.
 */
export function destinationCluster(dest: Destination, ctx: RouteBuildContext, lookupNamespace: string): string {
  const t = clusterTarget(dest, ctx, lookupNamespace);
  return typeof t === 'string' ? t : t.name;
}

/**
 * `destinationCluster`'s name, with the host and port parseSubsetKey would read back from it when
 * that is sure (a subset key whose host and subset hold no `|`, its port a safe integer); else the
 * name alone.
 */
export function clusterTarget(dest: Destination, ctx: RouteBuildContext, lookupNamespace: string): string | { name: string; host: string; port: number } {
  if (dest.host === '') return UNKNOWN_SERVICE_CLUSTER;
  const host = ctx.lookupExternalName?.(dest.host, lookupNamespace) || dest.host;
  let port = ctx.port;
  if (dest.port !== undefined) port = dest.port.number ?? 0;
  else {
    const ports = ctx.lookupServicePorts(dest.host, lookupNamespace);
    if (ports !== undefined && ports.length === 1 && ports[0] !== undefined) port = ports[0];
  }
  const subset = dest.subset ?? '';
  const name = subsetKey(port, subset, host);
  return Number.isSafeInteger(port) && !host.includes('|') && !subset.includes('|') ? { name, host, port } : name;
}

/** Host and port of an `outbound|port|subset|host` name (exactly three `|`), as GetRouteOperation reads it. */
export function parseSubsetKey(name: string): { host: string; port: number } | undefined {
  // name.split('|') with exactly four parts, without building them (one per route's decorator).
  const a = name.indexOf('|');
  const b = a < 0 ? -1 : name.indexOf('|', a + 1);
  const c = b < 0 ? -1 : name.indexOf('|', b + 1);
  if (c < 0 || name.indexOf('|', c + 1) >= 0) return undefined;
  const portText = name.slice(a + 1, b);
  const port = /^[+-]?\d+$/.test(portText) ? Number.parseInt(portText, 10) : 0;
  return { host: name.slice(c + 1), port: Number.isSafeInteger(port) ? port : 0 };
}
