// Sidecar clusters (cluster.go buildOutboundClusters, convertResolution; push_context destinationRule):
// one per port of every service in scope, one per DestinationRule subset, plus the static ones.
import type { Cluster, ClusterType } from '../envoy.js';
import type { ConfigIndex } from '../../model/configIndex.js';
import { compareMoreSpecific, effectiveExportTo, hostMatches, isVisibleTo, isWildcard, resolveShortnameToFqdn } from '../../model/hosts.js';
import { configOrder } from '../../model/order.js';
import type { DestinationRule } from '../../model/resource.js';
import type { Subset, TrafficPolicy } from '../../schema/kinds/destinationRule.js';
import type { MeshService } from './registry.js';
import { DYNAMIC_DNS_CLUSTER } from './catchAll.js';
import { ROOT_NAMESPACE, type OutboundMode } from './scope.js';

export function clusterType(svc: MeshService): ClusterType {
  switch (svc.resolution) {
    case 'DNSLB':
      return 'STRICT_DNS';
    case 'DNSRoundRobinLB':
      return 'LOGICAL_DNS';
    case 'Passthrough':
      return 'ORIGINAL_DST';
    default:
      return 'EDS';
  }
}

interface IndexedRule {
  dr: DestinationRule;
  host: string;
  subsets: string[];
  exportTo: ReadonlySet<string>;
  hasSelector: boolean;
  /** workloadSelector.matchLabels (empty when there is no selector). */
  selector: Record<string, string>;
}

/** A consolidated DestinationRule as istiod keeps it (mergeDestinationRule): one per workload selector. */
export interface ResolvedDestinationRule {
  /** The first rule merged in (its name is the cluster metadata). */
  dr: DestinationRule;
  /** Subset names, unioned over the merged rules (the first definition of a name wins). */
  subsets: string[];
  /** The merged trafficPolicy: the first merged rule's that sets one. */
  trafficPolicy: TrafficPolicy | undefined;
  /** Subset specs by name, for subset-level traffic policies. */
  subsetSpecs: ReadonlyMap<string, Subset>;
}

interface Group {
  rules: IndexedRule[];
  selector?: Record<string, string>;
  namespace: string;
}

const selectorKey = (s: Record<string, string>): string => JSON.stringify(Object.entries(s).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

function resolveGroup(g: Group): ResolvedDestinationRule | undefined {
  const first = g.rules[0];
  if (!first) return undefined;
  const subsetSpecs = new Map<string, Subset>();
  let trafficPolicy: TrafficPolicy | undefined;
  for (const r of g.rules) {
    const spec = r.dr.spec;
    trafficPolicy ??= spec.trafficPolicy;
    for (const sub of spec.subsets ?? []) if (sub.name && !subsetSpecs.has(sub.name)) subsetSpecs.set(sub.name, sub);
  }
  return { dr: first.dr, subsets: [...subsetSpecs.keys()], trafficPolicy, subsetSpecs };
}

/** DestinationRules by namespace, hosts resolved, in config order. */
export class DestinationRuleIndex {
  private readonly byNamespace = new Map<string, IndexedRule[]>();

  constructor(index: ConfigIndex) {
    for (const dr of [...index.ofKind('DestinationRule')].filter((d) => !d.rejected).sort(configOrder)) {
      const { host, workloadSelector } = dr.spec;
      if (!host) continue;
      const subsets = (dr.spec.subsets ?? []).flatMap((s) => (s.name ? [s.name] : []));
      const exportList = dr.spec.exportTo ?? [];
      const rule: IndexedRule = {
        dr,
        host: resolveShortnameToFqdn(host, dr.namespace, index.options.domainSuffix),
        subsets,
        exportTo: effectiveExportTo(exportList.length > 0 ? exportList : undefined, dr.namespace),
        hasSelector: workloadSelector !== undefined,
        selector: Object.fromEntries(Object.entries(workloadSelector?.matchLabels ?? {})),
      };
      const list = this.byNamespace.get(dr.namespace) ?? [];
      list.push(rule);
      this.byNamespace.set(dr.namespace, list);
    }
  }

  /**
   * Most specific host match among `rules`, consolidated as istiod does: rules with the same workload
   * selector (or none) merge; different selectors stay separate entries.
   */
  private pick(rules: IndexedRule[], host: string): Group[] | undefined {
    const matching = rules.filter((r) => (isWildcard(r.host) ? hostMatches(host, r.host) && (!isWildcard(host) || host.length >= r.host.length) : r.host === host));
    if (matching.length === 0) return undefined;
    const best = [...new Set(matching.map((r) => r.host))].sort(compareMoreSpecific)[0];
    const groups = new Map<string, Group>();
    for (const r of matching) {
      if (r.host !== best) continue;
      // (istiod also keeps rules with different exportTo apart; gwctl merges them, as before.)
      const key = r.hasSelector ? selectorKey(r.selector) : '';
      const g = groups.get(key);
      if (g) g.rules.push(r);
      else groups.set(key, { rules: [r], namespace: r.dr.namespace, ...(r.hasSelector ? { selector: r.selector } : {}) });
    }
    return [...groups.values()];
  }

  /**
   * `SidecarScope.DestinationRule` (outbound): a selector rule of the proxy's namespace whose labels the
   * proxy carries wins; else the rule without selector; else none (even if another namespace has one).
   */
  private choose(groups: Group[], proxyNamespace: string, labels: Record<string, string>): ResolvedDestinationRule | undefined {
    let catchAll: Group | undefined;
    for (const g of groups) {
      if (!g.selector) catchAll = g;
      else if (g.namespace === proxyNamespace && Object.entries(g.selector).every(([k, v]) => labels[k] === v)) return resolveGroup(g);
    }
    return catchAll ? resolveGroup(catchAll) : undefined;
  }

  /** `(*PushContext).destinationRule`: proxy namespace, then the service's namespace, then the root namespace. */
  lookup(proxyNamespace: string, svc: MeshService, labels: Record<string, string> = {}): ResolvedDestinationRule | undefined {
    // Clusters and every route to a service ask again: remembered per service for this proxy.
    const hit = this.looked.get(svc);
    if (hit && hit.proxyNamespace === proxyNamespace && hit.labels === labels) return hit.rule;
    const rule = this.lookupUncached(proxyNamespace, svc, labels);
    this.looked.set(svc, { proxyNamespace, labels, rule });
    return rule;
  }

  private readonly looked = new WeakMap<MeshService, { proxyNamespace: string; labels: Record<string, string>; rule: ResolvedDestinationRule | undefined }>();

  private lookupUncached(proxyNamespace: string, svc: MeshService, labels: Record<string, string>): ResolvedDestinationRule | undefined {
    // A workloadSelector DR is private to its namespace (never exported).
    const own = this.byNamespace.get(proxyNamespace) ?? [];
    const fromOwn = this.pick(own.filter((r) => isVisibleTo(r.exportTo, r.dr.namespace, proxyNamespace)), svc.hostname);
    if (fromOwn) return this.choose(fromOwn, proxyNamespace, labels);
    if (svc.namespace !== proxyNamespace) {
      const exported = (this.byNamespace.get(svc.namespace) ?? []).filter((r) => !r.hasSelector && isVisibleTo(r.exportTo, r.dr.namespace, proxyNamespace));
      const fromSvc = this.pick(exported, svc.hostname);
      if (fromSvc) return this.choose(fromSvc, proxyNamespace, labels);
    }
    if (proxyNamespace !== ROOT_NAMESPACE) {
      const root = (this.byNamespace.get(ROOT_NAMESPACE) ?? []).filter((r) => !r.hasSelector && isVisibleTo(r.exportTo, r.dr.namespace, proxyNamespace));
      const fromRoot = this.pick(root, svc.hostname);
      return fromRoot ? this.choose(fromRoot, proxyNamespace, labels) : undefined;
    }
    return undefined;
  }
}

const drPath = (dr: DestinationRule): string => `/apis/networking.istio.io/v1/namespaces/${dr.namespace}/destination-rule/${dr.name}`;

export function buildSidecarClusters(
  services: readonly MeshService[],
  proxyNamespace: string,
  drs: DestinationRuleIndex,
  mode: OutboundMode = 'ALLOW_ANY',
  proxyLabels: Record<string, string> = {},
): Cluster[] {
  const out: Cluster[] = [];
  for (const svc of services) {
    if (svc.resolution === 'Alias') continue;
    const rule = drs.lookup(proxyNamespace, svc, proxyLabels);
    const type = clusterType(svc);
    const meta = rule ? { metadata: { filterMetadata: { istio: { config: drPath(rule.dr) } } } } : {};
    for (const p of svc.ports) {
      if (p.protocol === 'UDP') continue;
      out.push({ name: `outbound|${p.port}||${svc.hostname}`, type, ...meta });
      for (const subset of rule?.subsets ?? []) out.push({ name: `outbound|${p.port}|${subset}|${svc.hostname}`, type, ...meta });
    }
  }
  out.push({ name: 'BlackHoleCluster', type: 'STATIC' }, { name: 'PassthroughCluster', type: 'ORIGINAL_DST' });
  if (mode === 'ALLOW_ANY_DYNAMIC_DNS') out.push({ name: DYNAMIC_DNS_CLUSTER, lbPolicy: 'CLUSTER_PROVIDED' });
  out.push({ name: 'InboundPassthroughCluster', type: 'ORIGINAL_DST' });
  return out;
}
