// Sidecar clusters (cluster.go buildOutboundClusters, convertResolution; push_context destinationRule):
// one per port of every service in scope, one per DestinationRule subset, plus the static ones.
import type { Cluster, ClusterType } from '../envoy.js';
import type { ConfigIndex } from '../../model/configIndex.js';
import { compareMoreSpecific, effectiveExportTo, hostMatches, isVisibleTo, isWildcard, resolveShortnameToFqdn } from '../../model/hosts.js';
import { configOrder } from '../../model/order.js';
import type { DestinationRule } from '../../model/resource.js';
import { loose, type MeshService } from './registry.js';
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
}

/** DestinationRules by namespace, hosts resolved, in config order. */
export class DestinationRuleIndex {
  private readonly byNamespace = new Map<string, IndexedRule[]>();

  constructor(index: ConfigIndex) {
    for (const dr of [...index.ofKind('DestinationRule')].filter((d) => !d.rejected).sort(configOrder)) {
      const spec = dr.spec as unknown as Record<string, unknown>;
      const host = loose.asString(spec['host']);
      if (!host) continue;
      const subsets = loose.asArray(spec['subsets']).flatMap((s) => {
        const n = loose.asString(loose.asObject(s)?.['name']);
        return n ? [n] : [];
      });
      const exportList = loose.asStrings(spec['exportTo']);
      const rule: IndexedRule = {
        dr,
        host: resolveShortnameToFqdn(host, dr.namespace, index.options.domainSuffix),
        subsets,
        exportTo: effectiveExportTo(exportList.length > 0 ? exportList : undefined, dr.namespace),
        hasSelector: loose.asObject(spec['workloadSelector']) !== undefined,
      };
      const list = this.byNamespace.get(dr.namespace) ?? [];
      list.push(rule);
      this.byNamespace.set(dr.namespace, list);
    }
  }

  /** Most specific host match among `rules`; several rules for that host merge (subsets unioned, first one's config). */
  private pick(rules: IndexedRule[], host: string): { dr: DestinationRule; subsets: string[] } | undefined {
    const matching = rules.filter((r) => (isWildcard(r.host) ? hostMatches(host, r.host) && (!isWildcard(host) || host.length >= r.host.length) : r.host === host));
    if (matching.length === 0) return undefined;
    const best = [...new Set(matching.map((r) => r.host))].sort(compareMoreSpecific)[0];
    const chosen = matching.filter((r) => r.host === best);
    const first = chosen[0];
    if (!first) return undefined;
    return { dr: first.dr, subsets: [...new Set(chosen.flatMap((r) => r.subsets))] };
  }

  /** `(*PushContext).destinationRule`: proxy namespace, then the service's namespace, then the root namespace. */
  lookup(proxyNamespace: string, svc: MeshService): { dr: DestinationRule; subsets: string[] } | undefined {
    // A workloadSelector DR is private to its namespace; selector matching is not modelled.
    const own = this.byNamespace.get(proxyNamespace) ?? [];
    const fromOwn = this.pick(own.filter((r) => isVisibleTo(r.exportTo, r.dr.namespace, proxyNamespace)), svc.hostname);
    if (fromOwn) return fromOwn;
    if (svc.namespace !== proxyNamespace) {
      const exported = (this.byNamespace.get(svc.namespace) ?? []).filter((r) => !r.hasSelector && isVisibleTo(r.exportTo, r.dr.namespace, proxyNamespace));
      const fromSvc = this.pick(exported, svc.hostname);
      if (fromSvc) return fromSvc;
    }
    if (proxyNamespace !== ROOT_NAMESPACE) {
      const root = (this.byNamespace.get(ROOT_NAMESPACE) ?? []).filter((r) => !r.hasSelector && isVisibleTo(r.exportTo, r.dr.namespace, proxyNamespace));
      return this.pick(root, svc.hostname);
    }
    return undefined;
  }
}

const drPath = (dr: DestinationRule): string => `/apis/networking.istio.io/v1/namespaces/${dr.namespace}/destination-rule/${dr.name}`;

export function buildSidecarClusters(services: readonly MeshService[], proxyNamespace: string, drs: DestinationRuleIndex, mode: OutboundMode = 'ALLOW_ANY'): Cluster[] {
  const out: Cluster[] = [];
  for (const svc of services) {
    if (svc.resolution === 'Alias') continue;
    const rule = drs.lookup(proxyNamespace, svc);
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
