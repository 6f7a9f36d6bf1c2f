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

/** A cluster name, with the host and port it was made from when parseSubsetKey would read them back. */
export type ClusterTarget = string | { name: string; host: string; port: number };

/** What a context's lookups give one host of one lookup namespace: the cluster host and the port of a destination without one. */
interface HostTargets {
  host: string;
  port: number;
  /** The target of a destination without subset (nearly every one), once made. */
  plain?: ClusterTarget;
  /** The targets made for other subsets (a map per host only where one has a subset). */
  bySubset?: Map<string, ClusterTarget>;
}

/**
 * Per context (its port and lookups are fixed), lookup namespace and host: routes name the same few
 * hosts and subsets again and again (every rule of a VirtualService its own service's), and each
 * would otherwise look the service up and make the same name again.
 */
const targetsByContext = new WeakMap<RouteBuildContext, Map<string, Map<string, HostTargets>>>();

/**
 * The hosts of the context and lookup namespace asked last: a VirtualService's destinations are
 * translated one after the other, with one context and one namespace.
 */
let lastContext: RouteBuildContext | undefined;
let lastNamespace = '';
let lastHosts: Map<string, HostTargets> | undefined;

function hostsOf(ctx: RouteBuildContext, lookupNamespace: string): Map<string, HostTargets> {
  if (ctx === lastContext && lookupNamespace === lastNamespace && lastHosts !== undefined) return lastHosts;
  let byNamespace = targetsByContext.get(ctx);
  if (byNamespace === undefined) targetsByContext.set(ctx, (byNamespace = new Map()));
  let byHost = byNamespace.get(lookupNamespace);
  if (byHost === undefined) byNamespace.set(lookupNamespace, (byHost = new Map()));
  lastContext = ctx;
  lastNamespace = lookupNamespace;
  return (lastHosts = byHost);
}

function hostTargets(host: string, ctx: RouteBuildContext, lookupNamespace: string): HostTargets {
  const byHost = hostsOf(ctx, lookupNamespace);
  let h = byHost.get(host);
  if (h === undefined) {
    const ports = ctx.lookupServicePorts(host, lookupNamespace);
    const port = ports !== undefined && ports.length === 1 && ports[0] !== undefined ? ports[0] : ctx.port;
    byHost.set(host, (h = { host: ctx.lookupExternalName?.(host, lookupNamespace) || host, port }));
  }
  return h;
}

function targetOf(host: string, port: number, subset: string): ClusterTarget {
  const name = subsetKey(port, subset, host);
  return Number.isSafeInteger(port) && !host.includes('|') && !subset.includes('|') ? { name, host, port } : name;
}

/**
 * `destinationCluster`'s name, with the host and port parseSubsetKey would read back from it when
 * that is sure (a subset key whose host and subset hold no `|`, its port a safe integer); else the
 * name alone. Destinations without a port of one host and subset, looked up in one namespace with
 * one context, get one object (read it only).
 */
export function clusterTarget(dest: Destination, ctx: RouteBuildContext, lookupNamespace: string): ClusterTarget {
  if (dest.host === '') return UNKNOWN_SERVICE_CLUSTER;
  const subset = dest.subset ?? '';
  if (dest.port !== undefined) return targetOf(ctx.lookupExternalName?.(dest.host, lookupNamespace) || dest.host, dest.port.number ?? 0, subset);
  const h = hostTargets(dest.host, ctx, lookupNamespace);
  if (subset === '') return (h.plain ??= targetOf(h.host, h.port, ''));
  const bySubset = (h.bySubset ??= new Map());
  let t = bySubset.get(subset);
  if (t === undefined) bySubset.set(subset, (t = targetOf(h.host, h.port, subset)));
  return t;
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
