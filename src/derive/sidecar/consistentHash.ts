// DestinationRule consistentHash as a sidecar's routes see it (route.go HashForHTTPDestination,
// hashForService): subset and port-level settings override the rule's load balancer.
import { loose } from './registry.js';
import type { ResolvedDestinationRule } from './clusters.js';

const lbHash = (policy: unknown): unknown => loose.asObject(loose.asObject(loose.asObject(policy)?.['loadBalancer'])?.['consistentHash']);

/** The consistentHash of the port-level setting for `port`, if that setting exists. */
function portLevel(policy: unknown, port: number): { found: boolean; hash: unknown } {
  for (const s of loose.asArray(loose.asObject(policy)?.['portLevelSettings'])) {
    const o = loose.asObject(s);
    if (loose.asObject(o?.['port'])?.['number'] === port) return { found: true, hash: lbHash(o) };
  }
  return { found: false, hash: undefined };
}

/** A VirtualService destination: subset port-level, subset, port-level, then the rule's own hash. */
export function destinationHash(dr: ResolvedDestinationRule, destination: { subset?: string; port?: number }): unknown {
  const pls = destination.port !== undefined ? portLevel(dr.trafficPolicy, destination.port).hash : undefined;
  let subsetHash: unknown;
  let subsetPls: unknown;
  if (destination.subset !== undefined) {
    const policy = loose.asObject(dr.subsetSpecs.get(destination.subset))?.['trafficPolicy'];
    subsetHash = lbHash(policy);
    if (destination.port !== undefined) subsetPls = portLevel(policy, destination.port).hash;
  }
  return subsetPls ?? subsetHash ?? pls ?? lbHash(dr.trafficPolicy);
}

/** A service without VirtualService: the rule's hash, or its port-level setting's when that sets one. */
export function serviceHash(dr: ResolvedDestinationRule, port: number): unknown {
  const pls = portLevel(dr.trafficPolicy, port);
  return pls.found && pls.hash !== undefined ? pls.hash : lbHash(dr.trafficPolicy);
}
