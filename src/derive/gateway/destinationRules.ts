// DestinationRule lookup for a gateway (spec §7.3): the proxy's namespace first, then the
// service's namespace (exported), then the root namespace; most specific host wins; several DRs
// for one host in a namespace merge their subsets, and the first one (config order) names the result.
import type { ConfigIndex } from '../../model/configIndex.js';
import { effectiveExportTo, hostSubsetOf, isVisibleTo, isWildcard, resolveShortnameToFqdn, compareMoreSpecific } from '../../model/hosts.js';
import { configOrder } from '../../model/order.js';
import type { DestinationRule } from '../../model/resource.js';
import type { ConsistentHash } from '../../schema/kinds/destinationRule.js';

export const ROOT_NAMESPACE = 'istio-system';

export interface EffectiveDestinationRule {
  /** The DR that names the merged rule (first in config order). */
  rule: DestinationRule;
  host: string;
  subsets: string[];
  /** `trafficPolicy.loadBalancer.consistentHash` of the first DR, if any. */
  consistentHash?: ConsistentHash;
  /** Per-subset consistentHash overrides. */
  subsetConsistentHash: Map<string, ConsistentHash>;
}

interface DrEntry {
  dr: DestinationRule;
  host: string;
  exportTo: ReadonlySet<string>;
  privateOnly: boolean;
}

interface DrIndex {
  byNamespace: Map<string, DrEntry[]>;
}

const drIndexes = new WeakMap<ConfigIndex, DrIndex>();

function drIndex(index: ConfigIndex): DrIndex {
  const cached = drIndexes.get(index);
  if (cached) return cached;
  const byNamespace = new Map<string, DrEntry[]>();
  for (const dr of [...index.ofKind('DestinationRule')].sort(configOrder)) {
    if (dr.rejected) continue;
    const { host, exportTo, workloadSelector } = dr.spec;
    if (!host) continue;
    const entry: DrEntry = {
      dr,
      host: resolveShortnameToFqdn(host, dr.namespace, index.options.domainSuffix),
      exportTo: effectiveExportTo(exportTo && exportTo.length > 0 ? exportTo : undefined, dr.namespace),
      // A DR with a workloadSelector applies to its namespace's workloads only.
      privateOnly: Object.keys(workloadSelector?.matchLabels ?? {}).length > 0,
    };
    const list = byNamespace.get(dr.namespace);
    if (list) list.push(entry);
    else byNamespace.set(dr.namespace, [entry]);
  }
  const built = { byNamespace };
  drIndexes.set(index, built);
  return built;
}

/** Istio MostSpecificHostMatch: an exact key, else the most specific wildcard covering the host. */
function mostSpecific(host: string, entries: readonly DrEntry[]): DrEntry[] {
  const exact = entries.filter((e) => e.host === host);
  if (exact.length > 0) return exact;
  const wild = entries.filter((e) => isWildcard(e.host) && hostSubsetOf(host, e.host));
  if (wild.length === 0) return [];
  const best = [...new Set(wild.map((e) => e.host))].sort(compareMoreSpecific)[0];
  return wild.filter((e) => e.host === best);
}

function merge(entries: readonly DrEntry[]): EffectiveDestinationRule | undefined {
  const first = entries[0];
  if (!first) return undefined;
  const subsets: string[] = [];
  const subsetConsistentHash = new Map<string, ConsistentHash>();
  for (const e of entries) {
    for (const s of e.dr.spec.subsets ?? []) {
      const name = s.name;
      if (!name || subsets.includes(name)) continue;
      subsets.push(name);
      const ch = s.trafficPolicy?.loadBalancer?.consistentHash;
      if (ch) subsetConsistentHash.set(name, ch);
    }
  }
  const ch = first.dr.spec.trafficPolicy?.loadBalancer?.consistentHash;
  return { rule: first.dr, host: first.host, subsets, ...(ch ? { consistentHash: ch } : {}), subsetConsistentHash };
}

export function destinationRuleFor(index: ConfigIndex, proxyNamespace: string, serviceHost: string, serviceNamespace: string): EffectiveDestinationRule | undefined {
  const idx = drIndex(index);
  const local = mostSpecific(serviceHost, idx.byNamespace.get(proxyNamespace) ?? []);
  if (local.length > 0) return merge(local);
  const exported = (ns: string): DrEntry[] =>
    (idx.byNamespace.get(ns) ?? []).filter((e) => !e.privateOnly && isVisibleTo(e.exportTo, e.dr.namespace, proxyNamespace));
  const fromService = mostSpecific(serviceHost, exported(serviceNamespace));
  if (fromService.length > 0) return merge(fromService);
  const fromRoot = mostSpecific(serviceHost, exported(ROOT_NAMESPACE));
  return merge(fromRoot);
}

/** `/apis/networking.istio.io/v1/namespaces/<ns>/destination-rule/<name>`, the cluster metadata path. */
export function destinationRuleConfigPath(dr: { name: string; namespace: string }): string {
  return `/apis/networking.istio.io/v1/namespaces/${dr.namespace}/destination-rule/${dr.name}`;
}
