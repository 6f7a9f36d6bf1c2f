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

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) {
    if (list[list.length - 1] !== v) list.push(v);
  } else m.set(k, [v]);
}

export function virtualServiceIndex(index: ConfigIndex): VirtualServiceIndex {
  const cached = indexes.get(index);
  if (cached) return cached;
  const suffix = index.options.domainSuffix;
  const sorted = [...index.ofKind('VirtualService')].sort(configOrder);
  const roots: NormalizedVirtualService[] = [];
  const privateBy = new Map<string, NormalizedVirtualService[]>();
  const exportedBy = new Map<string, NormalizedVirtualService[]>();
  const publicBy = new Map<string, NormalizedVirtualService[]>();
  const allBy = new Map<string, NormalizedVirtualService[]>();
  const rejectedBy = new Map<string, VirtualService[]>();
  const byShort = new Map<string, NormalizedVirtualService[]>();
  const defaultExportTo = meshOf(index.options).defaultVirtualServiceExportTo;
  // Indexed loops: this runs once per store (cold), over every VirtualService and gateway it names.
  for (let i = 0; i < sorted.length; i++) {
    const vs = sorted[i] as VirtualService;
    const n = normalizeVirtualService(vs, suffix, defaultExportTo);
    const gateways = n.gateways;
    if (vs.rejected) {
      for (let g = 0; g < gateways.length; g++) push(rejectedBy, gateways[g] as string, vs);
      continue;
    }
    if (n.isDelegate) continue;
    roots.push(n);
    for (let g = 0; g < gateways.length; g++) {
      const gw = gateways[g] as string;
      push(allBy, gw, n);
      const slash = gw.indexOf('/');
      if (slash >= 0) push(byShort, gw.slice(slash + 1), n);
    }
    if (n.exportTo.has(EXPORT_PUBLIC)) {
      for (let g = 0; g < gateways.length; g++) push(publicBy, gateways[g] as string, n);
    } else if (!n.exportTo.has(EXPORT_NONE)) {
      for (const ns of n.exportTo) {
        const target = ns === vs.namespace ? privateBy : exportedBy;
        for (let g = 0; g < gateways.length; g++) push(target, nsKey(ns, gateways[g] as string), n);
      }
    }
  }
  // By host: only near misses read it (explain, proxy-config's misses), so it is built when first read.
  let byHost: { byHostSuffix: Map<string, NormalizedVirtualService[]>; wildcardHosted: NormalizedVirtualService[] } | undefined;
  const hostIndex = (): NonNullable<typeof byHost> => {
    if (byHost) return byHost;
    const byHostSuffix = new Map<string, NormalizedVirtualService[]>();
    const wildcardHosted: NormalizedVirtualService[] = [];
    for (const n of roots) {
      let wild = false;
      for (const h of n.hosts) {
        if (isWildcard(h)) {
          wild = true;
          continue;
        }
        let rest = h;
        push(byHostSuffix, rest, n);
        for (let dot = rest.indexOf('.'); dot >= 0; dot = rest.indexOf('.')) {
          rest = rest.slice(dot + 1);
          push(byHostSuffix, rest, n);
        }
      }
      if (wild) wildcardHosted.push(n);
    }
    return (byHost = { byHostSuffix, wildcardHosted });
  };
  const built: VirtualServiceIndex = {
    roots,
    privateByNsAndGateway: privateBy,
    exportedByNsAndGateway: exportedBy,
    publicByGateway: publicBy,
    allByGateway: allBy,
    rejectedByGateway: rejectedBy,
    byGatewayShortName: byShort,
    get byHostSuffix() {
      return hostIndex().byHostSuffix;
    },
    get wildcardHosted() {
      return hostIndex().wildcardHosted;
    },
  };
  indexes.set(index, built);
  return built;
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
