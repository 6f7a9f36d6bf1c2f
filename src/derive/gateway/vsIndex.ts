// The VirtualService index istiod builds in initVirtualServices (spec §1.4), keyed by normalised
// gateway name, plus the lookups gwctl needs to explain near misses without scanning every VS.
import { meshOf } from '../../model/mesh.js';
import type { ConfigIndex } from '../../model/configIndex.js';
import { EXPORT_NONE, EXPORT_PUBLIC, isWildcard } from '../../model/hosts.js';
import { configOrder } from '../../model/order.js';
import type { VirtualService } from '../../model/resource.js';
import { normalizeVirtualService, type NormalizedVirtualService } from '../../model/virtualServices.js';

export interface VirtualServiceIndex {
  /** Root VSes istiod accepts, in config order. */
  roots: readonly NormalizedVirtualService[];
  privateByNsAndGateway: ReadonlyMap<string, NormalizedVirtualService[]>;
  exportedByNsAndGateway: ReadonlyMap<string, NormalizedVirtualService[]>;
  publicByGateway: ReadonlyMap<string, NormalizedVirtualService[]>;
  /** Every root VS naming a gateway, whatever its exportTo (for `not-visible`). */
  allByGateway: ReadonlyMap<string, NormalizedVirtualService[]>;
  /** Rejected VSes (webhook) by the gateways they name. */
  rejectedByGateway: ReadonlyMap<string, VirtualService[]>;
  /** Root VSes by the bare name of each gateway they name (`app/gw` and `istio-system/gw` meet here). */
  byGatewayShortName: ReadonlyMap<string, NormalizedVirtualService[]>;
  /** Root VSes by each exact host and by each DNS suffix of it (`a.b.c` → `b.c`, `c`). */
  byHostSuffix: ReadonlyMap<string, NormalizedVirtualService[]>;
  /** Root VSes with a wildcard host. */
  wildcardHosted: readonly NormalizedVirtualService[];
}

const indexes = new WeakMap<ConfigIndex, VirtualServiceIndex>();
const nsKey = (ns: string, gw: string): string => `${ns}\u0000${gw}`;

export function virtualServiceIndex(index: ConfigIndex): VirtualServiceIndex {
  const cached = indexes.get(index);
  if (cached) return cached;
  const suffix = index.options.domainSuffix;
  // Every list is in config order, each sorted when first read: the lists are filed in input order
  // and a stable sort of each equals the same list taken from all VirtualServices sorted first
  // (vsIndex.test.ts), with fewer comparisons and none for the lists nobody reads.
  const inputOrder = index.ofKind('VirtualService');
  const unsortedRoots: NormalizedVirtualService[] = [];
  let roots: NormalizedVirtualService[] | undefined;
  const privateBy = new ConfigOrderedLists(normalizedOrder);
  const exportedBy = new ConfigOrderedLists(normalizedOrder);
  const publicBy = new ConfigOrderedLists(normalizedOrder);
  const rejectedBy = new ConfigOrderedLists<VirtualService>(configOrder);
  const defaultExportTo = meshOf(index.options).defaultVirtualServiceExportTo;
  // Indexed loops: this runs once per store (cold), over every VirtualService and gateway it names.
  for (let i = 0; i < inputOrder.length; i++) {
    const vs = inputOrder[i] as VirtualService;
    const n = normalizeVirtualService(vs, suffix, defaultExportTo);
    const gateways = n.gateways;
    if (vs.rejected) {
      for (let g = 0; g < gateways.length; g++) rejectedBy.add(gateways[g] as string, vs);
      continue;
    }
    if (n.isDelegate) continue;
    unsortedRoots.push(n);
    if (n.exportTo.has(EXPORT_PUBLIC)) {
      for (let g = 0; g < gateways.length; g++) publicBy.add(gateways[g] as string, n);
    } else if (!n.exportTo.has(EXPORT_NONE)) {
      for (const ns of n.exportTo) {
        const target = ns === vs.namespace ? privateBy : exportedBy;
        for (let g = 0; g < gateways.length; g++) target.add(nsKey(ns, gateways[g] as string), n);
      }
    }
  }
  // By host: only near misses read it (explain, proxy-config's misses), so it is built when first read,
  // filed in input order like the lists above (each sorted when read: a near miss reads a few), so
  // that building it does not sort every root VirtualService.
  let byHost: { byHostSuffix: ConfigOrderedLists<NormalizedVirtualService>; wildcardHosted: NormalizedVirtualService[] } | undefined;
  let wildcardsSorted = false;
  const hostIndex = (): NonNullable<typeof byHost> => {
    if (byHost) return byHost;
    const byHostSuffix = new ConfigOrderedLists(normalizedOrder);
    const wildcardHosted: NormalizedVirtualService[] = [];
    for (let i = 0; i < unsortedRoots.length; i++) {
      const n = unsortedRoots[i] as NormalizedVirtualService;
      let wild = false;
      for (let j = 0; j < n.hosts.length; j++) {
        const h = n.hosts[j] as string;
        if (isWildcard(h)) {
          wild = true;
          continue;
        }
        // A VirtualService's own hosts are filed one after another: `add` keeps it once per list.
        let rest = h;
        byHostSuffix.add(rest, n);
        for (let dot = rest.indexOf('.'); dot >= 0; dot = rest.indexOf('.')) {
          rest = rest.slice(dot + 1);
          byHostSuffix.add(rest, n);
        }
      }
      if (wild) wildcardHosted.push(n);
    }
    return (byHost = { byHostSuffix, wildcardHosted });
  };
  // By gateway, whatever the exportTo, and by a gateway's bare name: only near misses read them, so
  // they are filed when first read. The roots may be sorted already: each list is sorted when read,
  // and a stable sort gives the same list from either order (VirtualServices equal in config order
  // keep their input order in both).
  let byGateway: { allBy: ConfigOrderedLists<NormalizedVirtualService>; byShort: ConfigOrderedLists<NormalizedVirtualService> } | undefined;
  const gatewayIndex = (): NonNullable<typeof byGateway> => {
    if (byGateway) return byGateway;
    const allBy = new ConfigOrderedLists(normalizedOrder);
    const byShort = new ConfigOrderedLists(normalizedOrder);
    for (let i = 0; i < unsortedRoots.length; i++) {
      const n = unsortedRoots[i] as NormalizedVirtualService;
      const gateways = n.gateways;
      for (let g = 0; g < gateways.length; g++) {
        const gw = gateways[g] as string;
        allBy.add(gw, n);
        const slash = gw.indexOf('/');
        if (slash >= 0) byShort.add(gw.slice(slash + 1), n);
      }
    }
    return (byGateway = { allBy, byShort });
  };
  const rootsInOrder = (): NormalizedVirtualService[] => (roots ??= unsortedRoots.sort(normalizedOrder));
  const built: VirtualServiceIndex = {
    get roots() {
      return rootsInOrder();
    },
    privateByNsAndGateway: privateBy,
    exportedByNsAndGateway: exportedBy,
    publicByGateway: publicBy,
    get allByGateway() {
      return gatewayIndex().allBy;
    },
    rejectedByGateway: rejectedBy,
    get byGatewayShortName() {
      return gatewayIndex().byShort;
    },
    get byHostSuffix() {
      return hostIndex().byHostSuffix;
    },
    get wildcardHosted() {
      const list = hostIndex().wildcardHosted;
      if (!wildcardsSorted) {
        list.sort(normalizedOrder);
        wildcardsSorted = true;
      }
      return list;
    },
  };
  indexes.set(index, built);
  return built;
}

const normalizedOrder = (a: NormalizedVirtualService, b: NormalizedVirtualService): number => configOrder(a.vs, b.vs);

/**
 * Lists filed in input order, each sorted (stably, by `order`) when first read: `get` gives it sorted,
 * and walking the map sorts every list first.
 */
class ConfigOrderedLists<T> extends Map<string, T[]> {
  readonly #order: (a: T, b: T) => number;
  #sorted = new Set<string>();
  constructor(order: (a: T, b: T) => number) {
    super();
    this.#order = order;
  }
  override get(key: string): T[] | undefined {
    const list = super.get(key);
    if (list !== undefined && list.length > 1 && !this.#sorted.has(key)) {
      list.sort(this.#order);
      this.#sorted.add(key);
    }
    return list;
  }
  /** Files `v` under `key` (unsorted), unless it is the list's last already. */
  add(key: string, v: T): void {
    const list = super.get(key);
    if (list) {
      if (list[list.length - 1] !== v) list.push(v);
    } else super.set(key, [v]);
  }
  #sortAll(): void {
    for (const key of super.keys()) this.get(key);
  }
  override entries(): MapIterator<[string, T[]]> {
    this.#sortAll();
    return super.entries();
  }
  override values(): MapIterator<T[]> {
    this.#sortAll();
    return super.values();
  }
  override forEach(fn: (value: T[], key: string, map: Map<string, T[]>) => void, thisArg?: unknown): void {
    this.#sortAll();
    super.forEach(fn, thisArg);
  }
  override [Symbol.iterator](): MapIterator<[string, T[]]> {
    this.#sortAll();
    return super[Symbol.iterator]();
  }
}

/** Istio VirtualServicesForGateway: private to the pod namespace, exported to it, then public. */
export function virtualServicesForGateway(idx: VirtualServiceIndex, proxyNamespace: string, gateway: string): NormalizedVirtualService[] {
  return [
    ...(idx.privateByNsAndGateway.get(nsKey(proxyNamespace, gateway)) ?? []),
    ...(idx.exportedByNsAndGateway.get(nsKey(proxyNamespace, gateway)) ?? []),
    ...(idx.publicByGateway.get(gateway) ?? []),
  ];
}

/** Root VSes that may have a host overlapping `serverHost` (exact, wildcard-suffix or wildcard VS hosts). */
export function candidatesForServerHost(idx: VirtualServiceIndex, serverHost: string): NormalizedVirtualService[] {
  if (serverHost === '*') return []; // every VS would overlap: too broad to call a near miss
  const key = isWildcard(serverHost) ? serverHost.slice(serverHost.indexOf('.') + 1) : serverHost;
  const out = new Set<NormalizedVirtualService>(idx.byHostSuffix.get(key) ?? []);
  for (const n of idx.wildcardHosted) out.add(n);
  return [...out];
}
