// Lookups the cause finders share: the servers on the port the request reached, the gateways behind
// them, and the VirtualServices that claim the request's host (indexed once per explain context).
import { meshOf } from '../../model/mesh.js';
import { fullName } from '../../diagnostics/ref.js';
import type { MergedServer } from '../../derive/proxyConfig.js';
import { hostMatches, isWildcard, MESH_GATEWAY } from '../../model/hosts.js';
import type { VirtualService } from '../../model/resource.js';
import { normalizeVirtualService, type NormalizedVirtualService } from '../../model/virtualServices.js';
import type { ExplainContext } from '../context.js';
import type { Walk } from '../walk.js';

export interface VsHostIndex {
  exact: Map<string, NormalizedVirtualService[]>;
  wildcard: NormalizedVirtualService[];
  byKey: Map<string, NormalizedVirtualService>;
}

const vsIndexes = new WeakMap<ExplainContext, VsHostIndex>();

export function vsHostIndex(ctx: ExplainContext): VsHostIndex {
  let idx = vsIndexes.get(ctx);
  if (idx) return idx;
  idx = { exact: new Map(), wildcard: [], byKey: new Map() };
  for (const vs of ctx.index.ofKind('VirtualService')) {
    const n = normalizeVirtualService(vs, ctx.index.options.domainSuffix, meshOf(ctx.index.options).defaultVirtualServiceExportTo);
    idx.byKey.set(fullName(vs), n);
    let wild = false;
    for (const h of n.hosts) {
      if (isWildcard(h)) wild = true;
      else {
        const k = h.toLowerCase();
        const list = idx.exact.get(k);
        if (list) list.push(n);
        else idx.exact.set(k, [n]);
      }
    }
    if (wild) idx.wildcard.push(n);
  }
  vsIndexes.set(ctx, idx);
  return idx;
}

/** VirtualServices with a host covering `host` (exact or wildcard), each once. */
export function virtualServicesForHost(ctx: ExplainContext, host: string): NormalizedVirtualService[] {
  const idx = vsHostIndex(ctx);
  const out = new Set<NormalizedVirtualService>(idx.exact.get(host) ?? []);
  for (const n of idx.wildcard) if (n.hosts.some((h) => hostMatches(h.toLowerCase(), host))) out.add(n);
  return [...out];
}

export function normalized(ctx: ExplainContext, vs: { namespace: string; name: string }): NormalizedVirtualService | undefined {
  return vsHostIndex(ctx).byKey.get(fullName(vs));
}

export function vsResource(ctx: ExplainContext, key: { namespace: string; name: string }): VirtualService | undefined {
  return ctx.index.get('VirtualService', key.namespace, key.name);
}

/** Servers behind the listener (and, for HTTPS, the route config) the request reached. */
export function serversHere(ctx: ExplainContext, w: Walk): MergedServer[] {
  return ctx.config.servers.filter((s) => s.listenerPort === w.port.listenerPort && (w.routeConfigName === undefined || s.routeName === undefined || s.routeName === w.routeConfigName));
}

/** `ns/name` of the gateways serving the request ('mesh' for a sidecar). */
export function gatewaysHere(ctx: ExplainContext, w: Walk): string[] {
  if (w.mode === 'sidecar') return [MESH_GATEWAY];
  return [...new Set(serversHere(ctx, w).map((s) => fullName(s.gateway)))];
}

/** A server host (sanitised, prefix stripped) covers the request host. */
export function serverServesHost(s: MergedServer, host: string): boolean {
  return s.hosts.some((raw) => {
    const h = raw.includes('/') ? raw.slice(raw.indexOf('/') + 1) : raw;
    return hostMatches(h.toLowerCase(), host);
  });
}
