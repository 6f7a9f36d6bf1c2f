// What exists beyond the input files. Manifests are usually a partial view of a cluster: the Services
// a VirtualService routes to often live elsewhere. Unless told the files are the whole world
// (`--strict`, as Istio's own test harnesses treat them), a destination host whose namespace the
// inputs hold no Service or ServiceEntry for is assumed to exist; hosts the user declares
// (`--assume-host`) exist in either mode.
import { hostMatches, isWildcard } from './hosts.js';

export interface DeclaredHost {
  /** As written, a FQDN (`reviews.default.svc.cluster.local`), `name.namespace`, or a wildcard (`*.example.com`). */
  host: string;
  /** Ports it serves; empty: any port a route names. */
  ports: readonly number[];
}

export interface WorldOptions {
  /** The inputs are the whole world: nothing is assumed to exist beyond them. */
  strict: boolean;
  /** Hosts that exist outside the inputs. */
  hosts: readonly DeclaredHost[];
}

export const PARTIAL_WORLD: WorldOptions = { strict: false, hosts: [] };

export function worldOf(options: { world?: WorldOptions }): WorldOptions {
  return options.world ?? PARTIAL_WORLD;
}

/** `host[:port[,port...]]`; undefined when it is not one. */
export function parseDeclaredHost(text: string): DeclaredHost | undefined {
  const m = /^([^:\s]+)(?::(\d+(?:,\d+)*))?$/.exec(text.trim());
  if (!m || m[1] === undefined) return undefined;
  const host = m[1].toLowerCase();
  if (!/^(\*|\*\.)?[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/.test(host) && host !== '*') return undefined;
  const ports = (m[2] ?? '').split(',').filter((p) => p !== '').map(Number);
  if (ports.some((p) => p < 1 || p > 65535)) return undefined;
  return { host, ports };
}

/**
 * The declared host covering `fqdn` (a declared `name.namespace` covers `name.namespace.svc.<suffix>`),
 * if any, and whether it serves `port` (always, when it lists no ports).
 */
export function declaredHost(world: WorldOptions, fqdn: string, domainSuffix: string): DeclaredHost | undefined {
  for (const d of world.hosts) {
    const full = !isWildcard(d.host) && d.host.split('.').length === 2 && domainSuffix !== '' ? `${d.host}.svc.${domainSuffix}` : d.host;
    if (full === fqdn || (isWildcard(full) && hostMatches(full, fqdn))) return d;
  }
  return undefined;
}

/**
 * The Kubernetes namespace of a service host `name.namespace.svc.<suffix>` (or `name.namespace` with
 * Istio's empty test suffix); undefined for any other host (external names need a ServiceEntry).
 */
export function kubernetesNamespaceOf(fqdn: string, domainSuffix: string): string | undefined {
  const parts = fqdn.split('.');
  if (domainSuffix === '') return parts.length === 2 && !isWildcard(fqdn) ? parts[1] : undefined;
  const tail = `.svc.${domainSuffix}`;
  if (!fqdn.endsWith(tail)) return undefined;
  const head = fqdn.slice(0, -tail.length).split('.');
  return head.length === 2 && head[0] !== '' && head[0] !== '*' ? head[1] : undefined;
}
