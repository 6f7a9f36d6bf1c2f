// The RouteBuildContext a gateway hands to route translation: destination lookups as
// buildNameToServiceMapForHTTPRoutes does (the VS's namespace first, then any service visible to
// the gateway pod), and DestinationRule consistent hashing as the proxy sees it.
import type { ConfigIndex } from '../../model/configIndex.js';
import type { TrafficPolicy } from '../../schema/kinds/destinationRule.js';
import type { RouteBuildContext } from '../route/context.js';
import { destinationRuleIndex, type ResolvedDestinationRule } from '../cluster/destinationRules.js';
import { destinationHash } from '../sidecar/consistentHash.js';
import { anyAliasService, serviceForHostname, serviceRegistry, type MeshService } from './services.js';

export interface GatewayRouteScope {
  index: ConfigIndex;
  proxyNamespace: string;
  proxyLabels: Record<string, string>;
}

/** Lookups repeat for every route to the same host: remembered per scope (one derivation). */
interface ScopeCache {
  /** VS namespace → host → service (null: none), without building a key string per lookup. */
  services: Map<string, Map<string, MeshService | null>>;
  destinationRules: Map<string, ResolvedDestinationRule | undefined>;
  /** Whether any DestinationRule of the inputs has a consistentHash anywhere: if none does, no route hashes. */
  hashes: boolean;
}

const scopeCaches = new WeakMap<GatewayRouteScope, ScopeCache>();

function cacheOf(scope: GatewayRouteScope): ScopeCache {
  let c = scopeCaches.get(scope);
  if (!c) scopeCaches.set(scope, (c = { services: new Map(), destinationRules: new Map(), hashes: anyConsistentHash(scope.index) }));
  return c;
}

const hashing = new WeakMap<ConfigIndex, boolean>();

/**
 * Whether some DestinationRule (rejected ones too: over-including is safe) sets a consistentHash where
 * destinationHash reads one: the load balancer of its traffic policy, of a port-level setting, of a
 * subset's policy or of a subset's port-level setting. A route's hash policy is always one of those
 * (a merged rule's come from its parts), so when none is set the DestinationRule index need not be
 * built to know that no route hashes.
 */
function anyConsistentHash(index: ConfigIndex): boolean {
  let any = hashing.get(index);
  if (any === undefined) hashing.set(index, (any = index.ofKind('DestinationRule').some((dr) => policyHashes(dr.spec.trafficPolicy) || (dr.spec.subsets ?? []).some((s) => policyHashes(s.trafficPolicy)))));
  return any;
}

function policyHashes(p: TrafficPolicy | undefined): boolean {
  return p !== undefined && (p.loadBalancer?.consistentHash !== undefined || (p.portLevelSettings ?? []).some((s) => s.loadBalancer?.consistentHash !== undefined));
}

export function lookupGatewayService(scope: GatewayRouteScope, host: string, vsNamespace: string): MeshService | undefined {
  const cache = cacheOf(scope).services;
  let byHost = cache.get(vsNamespace);
  if (!byHost) cache.set(vsNamespace, (byHost = new Map()));
  const hit = byHost.get(host);
  if (hit !== undefined) return hit ?? undefined;
  const svc = serviceForHostname(serviceRegistry(scope.index), host, scope.proxyNamespace, vsNamespace);
  byHost.set(host, svc ?? null);
  return svc;
}

/** The DestinationRule the gateway applies to a destination host (none when no visible service has that host). */
function gatewayDestinationRule(scope: GatewayRouteScope, host: string): ResolvedDestinationRule | undefined {
  const cache = cacheOf(scope);
  if (!cache.hashes) return undefined;
  if (cache.destinationRules.has(host)) return cache.destinationRules.get(host);
  const svc = lookupGatewayService(scope, host, scope.proxyNamespace);
  const dr = svc ? destinationRuleIndex(scope.index).lookup({ namespace: scope.proxyNamespace, labels: scope.proxyLabels }, { hostname: host, namespace: svc.namespace }) : undefined;
  cache.destinationRules.set(host, dr);
  return dr;
}

/** A service's port numbers (asked once per context, namespace and host: route translation remembers the answer, src/derive/route/cluster.ts). */
function portsOf(svc: MeshService): number[] {
  const ports = new Array<number>(svc.ports.length);
  for (let i = 0; i < ports.length; i++) ports[i] = (svc.ports[i] as MeshService['ports'][number]).port;
  return ports;
}

export function gatewayRouteContext(scope: GatewayRouteScope, port: number, gatewayName: string, isTls: boolean): RouteBuildContext {
  let aliases: boolean | undefined;
  return {
    index: scope.index,
    port,
    gatewayName,
    proxy: { namespace: scope.proxyNamespace, labels: scope.proxyLabels },
    domainSuffix: scope.index.options.domainSuffix,
    lookupServicePorts: (host, vsNamespace) => {
      const svc = lookupGatewayService(scope, host, vsNamespace);
      return svc ? portsOf(svc) : undefined;
    },
    consistentHash: (host, destination) => {
      const dr = gatewayDestinationRule(scope, host);
      return dr ? destinationHash(dr, destination ?? {}) : undefined;
    },
    // Asked for every destination: no service is looked up when no Service is an alias (the usual
    // mesh), which is known when first asked (a context made but never asked reads no Service).
    lookupExternalName: (host, vsNamespace) => {
      if (!(aliases ??= anyAliasService(scope.index))) return undefined;
      const svc = lookupGatewayService(scope, host, vsNamespace);
      return svc?.alias && svc.source.kind === 'Service' ? svc.source.spec.externalName : undefined;
    },
    isTls,
  };
}
