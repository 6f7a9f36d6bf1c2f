// DestinationRule consistentHash as a sidecar's routes see it (route.go HashForHTTPDestination,
// hashForService): subset and port-level settings override the rule's load balancer.
import type { ConsistentHash, PortTrafficPolicy, TrafficPolicy } from '../../schema/kinds/destinationRule.js';
import type { ResolvedDestinationRule } from './clusters.js';

const lbHash = (policy: TrafficPolicy | PortTrafficPolicy | undefined): ConsistentHash | undefined => policy?.loadBalancer?.consistentHash;

/** The consistentHash of the port-level setting for `port`, if that setting exists. */
function portLevel(policy: TrafficPolicy | undefined, port: number): { found: boolean; hash: ConsistentHash | undefined } {
  for (const s of policy?.portLevelSettings ?? []) {
    if (s.port?.number === port) return { found: true, hash: lbHash(s) };
  }
  return { found: false, hash: undefined };
}

/** A VirtualService destination: subset port-level, subset, port-level, then the rule's own hash. */
export function destinationHash(dr: ResolvedDestinationRule, destination: { subset?: string; port?: number }): ConsistentHash | undefined {
  const pls = destination.port !== undefined ? portLevel(dr.trafficPolicy, destination.port).hash : undefined;
  let subsetHash: ConsistentHash | undefined;
  let subsetPls: ConsistentHash | undefined;
  if (destination.subset !== undefined) {
    const policy = dr.subsetSpecs.get(destination.subset)?.trafficPolicy;
    subsetHash = lbHash(policy);
    if (destination.port !== undefined) subsetPls = portLevel(policy, destination.port).hash;
  }
  return subsetPls ?? subsetHash ?? pls ?? lbHash(dr.trafficPolicy);
}

/** A service without VirtualService: the rule's hash, or its port-level setting's when that sets one. */
export function serviceHash(dr: ResolvedDestinationRule, port: number): ConsistentHash | undefined {
  const pls = portLevel(dr.trafficPolicy, port);
  return pls.found && pls.hash !== undefined ? pls.hash : lbHash(dr.trafficPolicy);
}
