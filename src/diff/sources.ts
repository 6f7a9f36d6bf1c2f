// The objects a user wrote behind derived config, on one side: the VirtualService rule (or the
// object an overlay converted: an Ingress, an HTTPRoute rule) behind a route, the Gateway servers
// and VirtualServices behind a virtual host or listener, the DestinationRule or Service behind a
// cluster. Each with the place to look at (an `At`, located by src/report).
import type { ConfigStore } from '../convert/index.js';
import type { Cluster } from '../derive/envoy.js';
import type { MergedServer, ResourceKey, RouteOrigin, VirtualHostOrigin } from '../derive/proxyConfig.js';
import { refTo } from '../diagnostics/ref.js';
import type { Path } from '../diagnostics/path.js';
import { refOf, type Kind, type Resource } from '../model/resource.js';
import { configPathRef } from '../model/virtualServices.js';
import type { Side, Source } from './types.js';

export interface SourceLookup {
  side: Side;
  route(origin: RouteOrigin | undefined): Source[];
  virtualHost(origin: VirtualHostOrigin | undefined): Source[];
  servers(servers: readonly Pick<MergedServer, 'gateway' | 'serverIndex'>[]): Source[];
  cluster(c: Cluster): Source[];
}

/** A resource's source: what it was derived from when an overlay made it, else itself. */
function sourceOf(side: Side, r: Resource, part: string | null, path: Path): Source {
  if (r.derivedFrom) return { side, resource: r.derivedFrom, part: null, at: { file: r.origin.file, doc: r.origin.doc, path: r.origin.base } };
  return { side, resource: refOf(r), part, at: { file: r.origin.file, doc: r.origin.doc, path: [...r.origin.base, ...path] } };
}

function missing(side: Side, kind: string, key: ResourceKey, part: string | null): Source {
  return { side, resource: refTo(kind, key), part, at: null };
}

const rulePart = (rule: number, match: number | undefined): string => (match === undefined ? `http[${rule}]` : `http[${rule}].match[${match}]`);
const rulePath = (rule: number, match: number | undefined): Path => (match === undefined ? ['spec', 'http', rule] : ['spec', 'http', rule, 'match', match]);

export function sourceLookup(side: Side, store: ConfigStore): SourceLookup {
  let entries: Map<string, Resource> | undefined;
  // ServiceEntries by namespace and host, built the first time a cluster needs one.
  const serviceEntries = (): Map<string, Resource> => {
    if (entries) return entries;
    entries = new Map();
    for (const se of store.ofKind('ServiceEntry')) for (const h of se.spec.hosts) if (!entries.has(`${se.namespace}\u0000${h}`)) entries.set(`${se.namespace}\u0000${h}`, se);
    return entries;
  };
  const get = (kind: Kind, key: ResourceKey): Resource | undefined => store.get(kind, key.namespace, key.name);
  const virtualService = (key: ResourceKey, rule: number, match: number | undefined): Source => {
    const vs = get('VirtualService', key);
    return vs ? sourceOf(side, vs, rulePart(rule, match), rulePath(rule, match)) : missing(side, 'VirtualService', key, rulePart(rule, match));
  };
  const server = (gw: ResourceKey, index: number): Source => {
    const g = get('Gateway', gw);
    const part = `servers[${index}]`;
    return g ? sourceOf(side, g, part, ['spec', 'servers', index]) : missing(side, 'Gateway', gw, part);
  };
  return {
    side,
    route(origin) {
      if (!origin) return [];
      const root = virtualService(origin.virtualService, origin.rule, origin.match);
      if (!origin.delegate) return [root];
      return [virtualService(origin.delegate, origin.delegate.rule, origin.delegate.match), root];
    },
    virtualHost(origin) {
      if (!origin) return [];
      return [...origin.virtualServices.map((k) => {
        const vs = get('VirtualService', k);
        return vs ? sourceOf(side, vs, 'hosts', ['spec', 'hosts']) : missing(side, 'VirtualService', k, 'hosts');
      }), ...origin.servers.map((s) => server(s.gateway, s.serverIndex))];
    },
    servers(servers) {
      return servers.map((s) => server(s.gateway, s.serverIndex));
    },
    cluster(c) {
      const istio = c.metadata?.filterMetadata.istio;
      const out: Source[] = [];
      const dr = istio?.config !== undefined ? configPathRef(istio.config) : undefined;
      if (dr && dr.kind === 'destination-rule') {
        const r = get('DestinationRule', dr);
        const subset = c.name.split('|')[2] ?? '';
        const index = r && r.kind === 'DestinationRule' && subset !== '' ? (r.spec.subsets ?? []).findIndex((s) => s.name === subset) : -1;
        out.push(r ? sourceOf(side, r, index >= 0 ? `subsets[${index}]` : null, index >= 0 ? ['spec', 'subsets', index] : []) : missing(side, 'DestinationRule', dr, null));
      }
      for (const s of istio?.services ?? []) {
        const svc = get('Service', s) ?? serviceEntries().get(`${s.namespace}\u0000${s.host}`);
        if (svc) out.push(sourceOf(side, svc, null, []));
      }
      return out;
    },
  };
}

/** Sources of either side in one list, base first, without repeats. */
export function mergeSources(...lists: readonly Source[][]): Source[] {
  const seen = new Set<string>();
  const out: Source[] = [];
  for (const s of lists.flat()) {
    const key = `${s.side}\u0000${s.resource.kind}\u0000${s.resource.namespace}\u0000${s.resource.name}\u0000${s.part ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(s);
  }
  return out;
}
