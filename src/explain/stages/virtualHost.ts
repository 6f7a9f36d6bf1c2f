// Envoy virtual-host selection (spec §3.3): exact domain, then suffix wildcards longest first, then
// prefix wildcards longest first, then `*`; case-insensitive; the port in Host is ignored when the
// route config says so (always, for Istio). Indexed once per route config: lookups cost one map probe
// per distinct wildcard length, never a scan over virtual hosts.
import type { RouteConfiguration, VirtualHost } from '../../derive/envoy.js';
import { hostWithoutPort } from '../request.js';

export interface VirtualHostIndex {
  exact: Map<string, VirtualHost>;
  /** `*.example.com` stored as `.example.com`, grouped by suffix length (descending). */
  suffix: { length: number; byValue: Map<string, VirtualHost> }[];
  /** `foo.*` stored as `foo.`, grouped by prefix length (descending). */
  prefix: { length: number; byValue: Map<string, VirtualHost> }[];
  star: VirtualHost | undefined;
  ignorePort: boolean;
}

function addGrouped(groups: Map<number, Map<string, VirtualHost>>, value: string, vh: VirtualHost): void {
  let g = groups.get(value.length);
  if (!g) groups.set(value.length, (g = new Map()));
  if (!g.has(value)) g.set(value, vh);
}

const sortedDesc = (groups: Map<number, Map<string, VirtualHost>>) =>
  [...groups.entries()].sort((a, b) => b[0] - a[0]).map(([length, byValue]) => ({ length, byValue }));

export function indexVirtualHosts(rc: RouteConfiguration): VirtualHostIndex {
  const exact = new Map<string, VirtualHost>();
  const suffix = new Map<number, Map<string, VirtualHost>>();
  const prefix = new Map<number, Map<string, VirtualHost>>();
  let star: VirtualHost | undefined;
  for (const vh of rc.virtualHosts) {
    for (const raw of vh.domains) {
      const d = raw.toLowerCase();
      if (d === '*') star ??= vh;
      else if (d.startsWith('*')) addGrouped(suffix, d.slice(1), vh);
      else if (d.endsWith('*')) addGrouped(prefix, d.slice(0, -1), vh);
      else if (!exact.has(d)) exact.set(d, vh);
    }
  }
  return { exact, suffix: sortedDesc(suffix), prefix: sortedDesc(prefix), star, ignorePort: rc.ignorePortInHostMatching === true };
}

export type VirtualHostMatchKind = 'exact' | 'suffix' | 'prefix' | 'any';

export function selectVirtualHost(index: VirtualHostIndex, authority: string): { vh: VirtualHost; kind: VirtualHostMatchKind; domain: string } | undefined {
  const host = (index.ignorePort ? hostWithoutPort(authority) : authority).toLowerCase();
  const exact = index.exact.get(host);
  if (exact) return { vh: exact, kind: 'exact', domain: host };
  // A wildcard never matches the empty string: the host must be longer than the fixed part.
  for (const g of index.suffix) {
    if (g.length >= host.length) continue;
    const vh = g.byValue.get(host.slice(host.length - g.length));
    if (vh) return { vh, kind: 'suffix', domain: `*${host.slice(host.length - g.length)}` };
  }
  for (const g of index.prefix) {
    if (g.length >= host.length) continue;
    const vh = g.byValue.get(host.slice(0, g.length));
    if (vh) return { vh, kind: 'prefix', domain: `${host.slice(0, g.length)}*` };
  }
  if (index.star) return { vh: index.star, kind: 'any', domain: '*' };
  return undefined;
}
