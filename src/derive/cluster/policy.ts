// The traffic policy istiod applies to one cluster (util.GetPortLevelTrafficPolicy,
// util.MergeSubsetTrafficPolicy, model.MergeTrafficPolicy):
// - a port-level setting for the cluster's port REPLACES the rule's policy: its loadBalancer,
//   connectionPool, outlierDetection and tls are taken, omitted ones fall back to defaults (not to
//   the rule's), and tunnel/proxyProtocol/retryBudget of the rule are dropped;
// - a subset policy overrides field by field (connectionPool, outlierDetection, loadBalancer, tls,
//   tunnel, proxyProtocol, retryBudget); when the subset has a port-level setting for the port, its
//   four fields replace the rule's even where unset.
import type { PortTrafficPolicy, TrafficPolicy } from '../../schema/kinds/destinationRule.js';
import type { ResolvedDestinationRule } from './destinationRules.js';

export type ClusterPolicy = Omit<TrafficPolicy, 'portLevelSettings'>;

function portSetting(policy: TrafficPolicy, port: number): PortTrafficPolicy | undefined {
  return (policy.portLevelSettings ?? []).find((p) => p.port?.number !== undefined && p.port.number === port);
}

/** Without portLevelSettings (Istio's ShallowCopyTrafficPolicy). */
function shallow(p: TrafficPolicy): ClusterPolicy {
  const { portLevelSettings: _dropped, ...rest } = p;
  return rest;
}

/** GetPortLevelTrafficPolicy: the policy for `port`, and whether a port-level setting replaced it. */
export function portLevelPolicy(policy: TrafficPolicy | undefined, port: number | undefined): { policy: ClusterPolicy | undefined; portLevel: boolean } {
  if (!policy) return { policy: undefined, portLevel: false };
  if (port === undefined) return { policy: shallow(policy), portLevel: false };
  const s = portSetting(policy, port);
  if (!s) return { policy: shallow(policy), portLevel: false };
  const out: ClusterPolicy = {};
  if (s.connectionPool) out.connectionPool = s.connectionPool;
  if (s.loadBalancer) out.loadBalancer = s.loadBalancer;
  if (s.outlierDetection) out.outlierDetection = s.outlierDetection;
  if (s.tls) out.tls = s.tls;
  return { policy: out, portLevel: true };
}

/** MergeSubsetTrafficPolicy. */
export function mergeSubsetPolicy(rule: TrafficPolicy | undefined, subset: TrafficPolicy | undefined, port: number | undefined): ClusterPolicy | undefined {
  const original = portLevelPolicy(rule, port).policy;
  if (!subset) return original;
  const sub = portLevelPolicy(subset, port);
  if (!original) return sub.policy;
  const s = sub.policy ?? {};
  const merged: ClusterPolicy = { ...original };
  const replace = sub.portLevel;
  const set = <K extends keyof ClusterPolicy>(k: K, force: boolean): void => {
    if (s[k] !== undefined || force) {
      if (s[k] === undefined) delete merged[k];
      else merged[k] = s[k];
    }
  };
  set('connectionPool', replace);
  set('outlierDetection', replace);
  set('loadBalancer', replace);
  set('tls', replace);
  set('tunnel', false);
  set('proxyProtocol', false);
  set('retryBudget', false);
  return merged;
}

/** The policy of cluster `outbound|port|subset|host` under `dr` (subset '' = the default cluster). */
export function clusterPolicy(dr: ResolvedDestinationRule | undefined, port: number, subset: string): ClusterPolicy | undefined {
  if (!dr) return undefined;
  if (subset === '') return portLevelPolicy(dr.trafficPolicy, port).policy;
  return mergeSubsetPolicy(dr.trafficPolicy, dr.subsetSpecs.get(subset)?.trafficPolicy, port);
}
