// DestinationRules as istiod indexes and looks them up (push_context.go setDestinationRules,
// mergeDestinationRule, destinationRule; sidecar.go SidecarScope.DestinationRule), shared by gateways
// and sidecars:
// - rules sort with workload selectors first, then by creation time, name, namespace;
// - per namespace, rules for the same host merge (subsets unioned, the first top-level trafficPolicy
//   wins, the first rule names the result) unless their exportTo or selectors differ;
// - lookup: the proxy namespace's rules (for a proxy in the root namespace: only the root namespace's
//   private ones), then the rules the service's namespace exports to the proxy, then the root
//   namespace's exported ones; the most specific host wins at each step;
// - of that host's rules, a selector rule of the proxy's namespace matching the proxy's labels wins
//   (outbound), else the last rule without selector.
import { sharedListSet } from '../../model/exportTo.js';
import type { ConfigIndex } from '../../model/configIndex.js';
import { compareMoreSpecific, isWildcard, resolveShortnameToFqdn } from '../../model/hosts.js';
import { meshOf } from '../../model/mesh.js';
import { configOrder } from '../../model/order.js';
import type { DestinationRule } from '../../model/resource.js';
import type { Subset, TrafficPolicy } from '../../schema/kinds/destinationRule.js';
import { NO_ITEMS } from '../../model/empty.js';

/** A consolidated DestinationRule (Istio's ConsolidatedDestRule). */
export interface ResolvedDestinationRule {
  /** The first rule merged in: cluster metadata names it. */
  dr: DestinationRule;
  /** Every rule merged into it, in order. */
  from: readonly DestinationRule[];
  host: string;
  /** Subset names, unioned over the merged rules (the first definition of a name wins). */
  subsets: string[];
  subsetSpecs: ReadonlyMap<string, Subset>;
  /** The first merged rule's top-level trafficPolicy. */
  trafficPolicy: TrafficPolicy | undefined;
  /** exportTo as istiod keeps it (a rule with a workload selector: `.` only). */
  exportTo: ReadonlySet<string>;
  selector?: Readonly<Record<string, string>>;
}

interface Mutable {
  dr: DestinationRule;
  from: DestinationRule[];
  host: string;
  subsetSpecs: Map<string, Subset>;
  trafficPolicy: TrafficPolicy | undefined;
  exportTo: ReadonlySet<string>;
  selector?: Record<string, string>;
}

/** A rule's own entry, before any other rule merges into it. */
function entryOf(dr: DestinationRule, host: string, exportTo: ReadonlySet<string>, selector: Record<string, string> | undefined): Mutable {
  return {
    dr,
    from: [dr],
    host,
    subsetSpecs: new Map((dr.spec.subsets ?? []).filter((s) => s.name !== '').map((s) => [s.name, s] as const)),
    trafficPolicy: dr.spec.trafficPolicy,
    exportTo,
    ...(selector ? { selector } : {}),
  };
}

/** Rules of one scope (a namespace's local ones, its exported ones, the root namespace's private ones). */
class Consolidated {
  readonly specific = new Map<string, Mutable[]>();
  /** Made when a wildcard host comes (most scopes have none). */
  wildcard: Map<string, Mutable[]> | undefined;

  /** Indexes `entry` (the rule's own, entryOf), merging its rule into this scope's rules for its host where Istio does. */
  merge(entry: Mutable): void {
    const { dr, host, exportTo, selector } = entry;
    const map = isWildcard(host) ? (this.wildcard ??= new Map()) : this.specific;
    const list = map.get(host);
    if (!list) {
      map.set(host, [entry]);
      return;
    }
    let appendSeparately = true;
    for (let i = 0; i < list.length; i++) {
      let m = list[i] as Mutable;
      // ENABLE_ENHANCED_DESTINATIONRULE_MERGE (default on): only rules exported alike merge.
      if (setEquals(exportTo, m.exportTo)) appendSeparately = false;
      else if (m.exportTo.size > 0 && supersetOf(exportTo, m.exportTo)) appendSeparately = true;
      else {
        appendSeparately = true;
        continue;
      }
      const bothWithout = !selector && !m.selector;
      const bothWith = selector !== undefined && m.selector !== undefined;
      if (bothWith && !labelsEqual(selector, m.selector ?? {})) {
        appendSeparately = true;
        continue;
      }
      if (bothWithout || bothWith) appendSeparately = false;
      // An entry nothing merged into yet (its `from` is its own rule alone) is the rule's own, made once
      // per rule and shared by every scope it was indexed in (a rule exported to `*` is in its
      // namespace's local and exported scopes): a merge replaces it in this scope by a copy first.
      // Most rules never merge, and two entries per rule, each with its map and list, were most of
      // what the index kept.
      if (m.from.length === 1) {
        m = { ...m, from: [...m.from], subsetSpecs: new Map(m.subsetSpecs) };
        list[i] = m;
      }
      m.from.push(dr);
      for (const s of dr.spec.subsets ?? []) if (s.name !== '' && !m.subsetSpecs.has(s.name)) m.subsetSpecs.set(s.name, s);
      m.trafficPolicy ??= dr.spec.trafficPolicy;
    }
    if (appendSeparately) list.push(entry);
  }

  /** MostSpecificHostMatch. */
  lookup(hostname: string): Mutable[] | undefined {
    if (isWildcard(hostname)) {
      const exact = this.wildcard?.get(hostname);
      if (exact) return exact;
      return this.bestWildcard(hostname.slice(1));
    }
    return this.specific.get(hostname) ?? this.bestWildcard(hostname);
  }

  private bestWildcard(needle: string): Mutable[] | undefined {
    const wildcard = this.wildcard;
    if (wildcard === undefined) return undefined;
    let best: string | undefined;
    for (const h of wildcard.keys()) {
      if (!needle.endsWith(h.slice(1))) continue;
      if (best === undefined || compareMoreSpecific(h, best) < 0) best = h;
    }
    return best === undefined ? undefined : wildcard.get(best);
  }
}

/** Whether Consolidated.lookup(hostname) may read rules for `ruleHost`: the same host, or a wildcard whose suffix ends it (MostSpecificHostMatch). */
function coversLookup(ruleHost: string, hostname: string): boolean {
  if (ruleHost === hostname) return true;
  if (!isWildcard(ruleHost)) return false;
  return (isWildcard(hostname) ? hostname.slice(1) : hostname).endsWith(ruleHost.slice(1));
}

const setEquals = (a: ReadonlySet<string>, b: ReadonlySet<string>): boolean => a.size === b.size && [...a].every((x) => b.has(x));
const supersetOf = (a: ReadonlySet<string>, b: ReadonlySet<string>): boolean => [...b].every((x) => a.has(x));
function labelsEqual(a: Record<string, string>, b: Record<string, string>): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => b[k] === a[k]);
}

const freeze = (m: Mutable): ResolvedDestinationRule => ({
  dr: m.dr,
  from: m.from,
  host: m.host,
  subsets: [...m.subsetSpecs.keys()],
  subsetSpecs: m.subsetSpecs,
  trafficPolicy: m.trafficPolicy,
  exportTo: m.exportTo,
  ...(m.selector ? { selector: m.selector } : {}),
});

function selectorOf(dr: DestinationRule): Record<string, string> | undefined {
  const ws = dr.spec.workloadSelector;
  return ws ? Object.fromEntries(Object.entries(ws.matchLabels ?? {})) : undefined;
}

/** sortConfigBySelectorAndCreationTime. */
function drOrder(a: DestinationRule, b: DestinationRule): number {
  const sa = a.spec.workloadSelector !== undefined;
  const sb = b.spec.workloadSelector !== undefined;
  if (sa !== sb) return sa ? -1 : 1;
  return configOrder(a, b);
}


/** A rule with a workload selector: exported to its own namespace only. */
const PRIVATE: ReadonlySet<string> = new Set(['.']);

export class DestinationRuleIndex {
  private readonly namespaceLocal = new Map<string, Consolidated>();
  private readonly exported = new Map<string, Consolidated>();
  private readonly rootLocal = new Consolidated();
  readonly rootNamespace: string;
  /** No rule applies anywhere: every lookup is answered without a memo (a big mesh without rules asks once per service). */
  private readonly empty: boolean;

  /**
   * `hosts`: only the rules lookups of these host names read (their own host, or a wildcard covering
   * it): those lookups then answer as the whole index does (rules of other hosts never merge with
   * them, and a stable sort keeps their order), and nothing else is indexed.
   */
  constructor(index: ConfigIndex, hosts?: readonly string[]) {
    const mesh = meshOf(index.options);
    this.rootNamespace = mesh.rootNamespace;
    const suffix = index.options.domainSuffix;
    const read = hosts === undefined ? undefined : (host: string): boolean => hosts.some((h) => coversLookup(host, h));
    const rules = [...index.ofKind('DestinationRule')].filter((d) => !d.rejected && d.spec.host !== '' && (read === undefined || read(resolveShortnameToFqdn(d.spec.host, d.namespace, suffix)))).sort(drOrder);
    for (const dr of rules) {
      const ns = dr.namespace;
      const host = resolveShortnameToFqdn(dr.spec.host, ns, suffix);
      const selector = selectorOf(dr);
      // A rule with a workload selector is never exported.
      // A rule without exportTo takes the mesh config's defaultDestinationRuleExportTo (`*` unless set).
      const given = dr.spec.exportTo ?? [];
      const exportTo = selector ? PRIVATE : sharedListSet(given.length > 0 ? given : mesh.defaultDestinationRuleExportTo);
      const entry = entryOf(dr, host, exportTo, selector);
      if (exportTo.size === 0 || exportTo.has('*') || exportTo.has('.') || exportTo.has(ns)) this.scope(this.namespaceLocal, ns).merge(entry);
      const privateOnly = exportTo.size === 1 && (exportTo.has('.') || exportTo.has(ns));
      if (!privateOnly) this.scope(this.exported, ns).merge(entry);
      else if (ns === this.rootNamespace) this.rootLocal.merge(entry);
    }
    this.empty = this.namespaceLocal.size === 0 && this.exported.size === 0 && this.rootLocal.specific.size === 0 && (this.rootLocal.wildcard?.size ?? 0) === 0;
  }

  private scope(m: Map<string, Consolidated>, ns: string): Consolidated {
    let c = m.get(ns);
    if (!c) m.set(ns, (c = new Consolidated()));
    return c;
  }

  /** `(*PushContext).destinationRule`: every consolidated rule for the most specific host, as the proxy's namespace sees them. */
  candidates(proxyNamespace: string, hostname: string, serviceNamespace: string): readonly ResolvedDestinationRule[] {
    // Nested maps keyed by the strings the caller already holds: a big mesh asks once per service, and a
    // joined key per service (with an empty array for most) was most of what the memo kept.
    if (this.empty) return NO_ITEMS;
    let byService = this.memo.get(proxyNamespace);
    if (!byService) this.memo.set(proxyNamespace, (byService = new Map()));
    let byHost = byService.get(serviceNamespace);
    if (!byHost) byService.set(serviceNamespace, (byHost = new Map()));
    const hit = byHost.get(hostname);
    if (hit) return hit;
    const uncached = this.candidatesUncached(proxyNamespace, hostname, serviceNamespace);
    const found = uncached.length === 0 ? NO_ITEMS : uncached.map(freeze);
    byHost.set(hostname, found);
    return found;
  }

  private readonly memo = new Map<string, Map<string, Map<string, readonly ResolvedDestinationRule[]>>>();

  private candidatesUncached(proxyNamespace: string, hostname: string, serviceNamespace: string): Mutable[] {
    const own = proxyNamespace !== this.rootNamespace ? this.namespaceLocal.get(proxyNamespace)?.lookup(hostname) : this.rootLocal.lookup(hostname);
    if (own) return own;
    const exportedFrom = (ns: string): Mutable[] => {
      const found = this.exported.get(ns)?.lookup(hostname) ?? [];
      return found.filter((m) => m.exportTo.size === 0 || m.exportTo.has('*') || m.exportTo.has(proxyNamespace));
    };
    if (serviceNamespace !== '') {
      const fromService = exportedFrom(serviceNamespace);
      if (fromService.length > 0) return fromService;
    }
    return exportedFrom(this.rootNamespace);
  }

  /**
   * SidecarScope.DestinationRule: the rule a proxy applies to a service. Outbound: a selector rule of
   * the proxy's namespace that its labels satisfy wins; else the last rule without selector.
   */
  lookup(proxy: { namespace: string; labels: Readonly<Record<string, string>> }, svc: { hostname: string; namespace: string }, direction: 'outbound' | 'inbound' = 'outbound'): ResolvedDestinationRule | undefined {
    let catchAll: ResolvedDestinationRule | undefined;
    for (const r of this.candidates(proxy.namespace, svc.hostname, svc.namespace)) {
      if (!r.selector) catchAll = r;
      else if (direction === 'outbound' && r.dr.namespace === proxy.namespace && Object.entries(r.selector).every(([k, v]) => proxy.labels[k] === v)) return r;
    }
    return catchAll;
  }
}

const indexes = new WeakMap<ConfigIndex, DestinationRuleIndex>();

/** Built once per config store. */
export function destinationRuleIndex(index: ConfigIndex): DestinationRuleIndex {
  let i = indexes.get(index);
  if (!i) indexes.set(index, (i = new DestinationRuleIndex(index)));
  return i;
}

/** The few-host indexes made already, per config store and host list: explain's context and its cluster lookup ask for the same host. */
const fewHostIndexes = new WeakMap<ConfigIndex, Map<string, DestinationRuleIndex>>();

/**
 * An index that answers lookups of these host names as `destinationRuleIndex(index)` does: that one
 * when it is built already, else one of only the rules those lookups read (explain looks up the
 * host or two a route forwards to; a big mesh's whole index is not built for them). The same host
 * list gets the same index, for the first FEW_HOST_LOOKUPS lists of a store.
 */
export function destinationRulesFor(index: ConfigIndex, hosts: readonly string[]): DestinationRuleIndex {
  const whole = indexes.get(index);
  if (whole) return whole;
  let made = fewHostIndexes.get(index);
  if (!made) fewHostIndexes.set(index, (made = new Map()));
  const key = JSON.stringify(hosts);
  let found = made.get(key);
  if (!found) {
    found = new DestinationRuleIndex(index, hosts);
    if (made.size < FEW_HOST_LOOKUPS) made.set(key, found);
  }
  return found;
}

/** Lookups of a few hosts each (below) before the whole index is built instead. */
export const FEW_HOST_LOOKUPS = 8;

/**
 * `few(keys)` for the first FEW_HOST_LOOKUPS calls, then `whole()` (made once): a lookup of a few
 * hosts reads every rule or Service once, so a reader asking for many (`test` with many requests)
 * pays for one whole index instead.
 */
export function fewThenWhole<K, T>(few: (keys: K) => T, whole: () => T): (keys: K) => T {
  let calls = 0;
  let made: { value: T } | undefined;
  return (keys) => {
    if (made) return made.value;
    if (++calls <= FEW_HOST_LOOKUPS) return few(keys);
    made = { value: whole() };
    return made.value;
  };
}

/** Indexes for lookups of a few hosts at a time: `destinationRulesFor` those hosts, then the whole index (fewThenWhole). */
export function hostRuleLookups(index: ConfigIndex): (hosts: readonly string[]) => DestinationRuleIndex {
  return fewThenWhole(
    (hosts: readonly string[]) => destinationRulesFor(index, hosts),
    () => destinationRuleIndex(index),
  );
}

/** `/apis/networking.istio.io/v1/namespaces/<ns>/destination-rule/<name>`, the cluster metadata path. */
export function destinationRuleConfigPath(dr: { name: string; namespace: string }): string {
  return `/apis/networking.istio.io/v1/namespaces/${dr.namespace}/destination-rule/${dr.name}`;
}
