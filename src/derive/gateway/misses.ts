// Why VirtualServices do not reach this gateway (ProxyConfig.misses): for every VS naming one of the
// proxy's Gateways, and for near misses found through the VS index (never a scan of all VSes).
import { hostIntersection, hostMatches, parseServerHost, serverHostsForNamespace } from '../../model/hosts.js';
import { isVisibleTo } from '../../model/hosts.js';
import type { ConfigIndex } from '../../model/configIndex.js';
import type { Gateway } from '../../model/resource.js';
import type { NormalizedVirtualService } from '../../model/virtualServices.js';
import type { ResourceKey, VirtualServiceMiss } from '../proxyConfig.js';
import type { MergedGateway, ServerEntry } from './mergeServers.js';
import { isHttpServer } from './protocol.js';
import type { RouteConfigsResult } from './routeConfigs.js';
import { candidatesForServerHost, type VirtualServiceIndex } from './vsIndex.js';

const keyOf = (vs: { name: string; namespace: string }): ResourceKey => ({ namespace: vs.namespace, name: vs.name });

export interface MissInput {
  merged: MergedGateway;
  gateways: readonly Gateway[];
  /** Gateways in the inputs, by `ns/name`, whether or not they apply here. */
  allGateways: ReadonlyMap<string, Gateway>;
  vsIndex: VirtualServiceIndex;
  routes: RouteConfigsResult;
  proxyNamespace: string;
}

/** The inputs' Gateways by `ns/name`, once per config store (every gateway workload's misses read them). */
const gatewaysByName = new WeakMap<ConfigIndex, ReadonlyMap<string, Gateway>>();

/** computeMisses of one gateway derivation, with the store's Gateways by name made once per store. */
export function missesOf(index: ConfigIndex, m: Omit<MissInput, 'allGateways'>): VirtualServiceMiss[] {
  let allGateways = gatewaysByName.get(index);
  if (!allGateways) {
    const byName = new Map<string, Gateway>();
    const gateways = index.ofKind('Gateway');
    // The last of a name wins, as new Map(entries) does.
    for (let i = 0; i < gateways.length; i++) {
      const g = gateways[i] as Gateway;
      byName.set(`${g.namespace}/${g.name}`, g);
    }
    gatewaysByName.set(index, (allGateways = byName));
  }
  return computeMisses({ ...m, allGateways });
}

export function computeMisses(m: MissInput): VirtualServiceMiss[] {
  const out: VirtualServiceMiss[] = [];
  const seen = new Set<string>();
  const add = (miss: VirtualServiceMiss): void => {
    const k = JSON.stringify([miss.virtualService, miss.routeConfig ?? '', miss.reason]);
    if (seen.has(k)) return;
    seen.add(k);
    out.push(miss);
  };
  const serversByGateway = new Map<string, ServerEntry[]>();
  for (const p of m.merged.ports) {
    for (const s of p.servers) {
      const list = serversByGateway.get(s.gatewayName);
      if (list) {
        if (!list.includes(s)) list.push(s);
      } else serversByGateway.set(s.gatewayName, [s]);
    }
  }
  const bound = new Set<NormalizedVirtualService>();

  for (const gw of m.gateways) {
    const g = `${gw.namespace}/${gw.name}`;
    const gwKey = keyOf(gw);
    for (const vs of m.vsIndex.rejectedByGateway.get(g) ?? []) add({ virtualService: keyOf(vs), reason: { code: 'rejected' } });
    const servers = serversByGateway.get(g) ?? [];
    for (const vs of m.vsIndex.allByGateway.get(g) ?? []) {
      bound.add(vs);
      if (!isVisibleTo(vs.exportTo, vs.vs.namespace, m.proxyNamespace)) {
        add({ virtualService: keyOf(vs.vs), reason: { code: 'not-visible', gateway: gwKey, exportTo: [...vs.exportTo], proxyNamespace: m.proxyNamespace } });
        continue;
      }
      const reached = m.routes.reached.get(vs);
      const httpOnly = (vs.vs.spec.tcp ?? []).length === 0 && (vs.vs.spec.tls ?? []).length === 0;
      const relevant = servers.filter((s) => !httpOnly || isHttpServer(s.server));
      const hit = relevant.some((s) => reached?.has(s) || l4Reach(s, vs));
      if (!hit) {
        for (const s of relevant) {
          const excluded = s.hosts.find((raw) => {
            const sh = parseServerHost(raw, gw.namespace);
            return sh.namespace !== '*' && sh.namespace !== vs.vs.namespace && vs.hosts.some((h) => hostMatches(sh.host, h));
          });
          const routeConfig = s.merged.routeName;
          if (excluded !== undefined) {
            add({ virtualService: keyOf(vs.vs), ...(routeConfig ? { routeConfig } : {}), reason: { code: 'namespace-excluded', gateway: gwKey, serverIndex: s.serverIndex, serverHost: excluded } });
          } else {
            add({
              virtualService: keyOf(vs.vs),
              ...(routeConfig ? { routeConfig } : {}),
              reason: { code: 'no-host-intersection', gateway: gwKey, serverIndex: s.serverIndex, vsHosts: vs.hosts, serverHosts: s.hosts },
            });
          }
        }
      }
    }
  }
  for (const b of m.routes.dropped) {
    add({ virtualService: keyOf(b.vs.vs), routeConfig: b.routeConfig, reason: { code: 'rules-filtered', gateway: keyOf(b.server.gateway), rules: b.filtered } });
  }

  // Near misses: VSes whose hosts overlap a server here but that do not name its Gateway.
  const ours = new Set(m.gateways.map((g) => `${g.namespace}/${g.name}`));
  // VSes naming a gateway of this short name but bound to none of ours, once per name: when many
  // Gateways share a name (`gw` in every namespace), the bound ones would be visited once per Gateway.
  const unboundByName = new Map<string, NormalizedVirtualService[]>();
  const unboundNaming = (name: string): NormalizedVirtualService[] => {
    let list = unboundByName.get(name);
    if (!list) unboundByName.set(name, (list = (m.vsIndex.byGatewayShortName.get(name) ?? []).filter((vs) => !bound.has(vs))));
    return list;
  };
  for (const [g, servers] of serversByGateway) {
    const gw = servers[0]?.gateway;
    if (!gw) continue;
    const candidates = new Set<NormalizedVirtualService>(unboundNaming(gw.name));
    for (const s of servers) for (const raw of s.hosts) for (const c of candidatesForServerHost(m.vsIndex, parseServerHost(raw, gw.namespace).host)) candidates.add(c);
    for (const vs of candidates) {
      if (bound.has(vs) || vs.gateways.includes(g)) continue;
      const overlaps = servers.find((s) => hostIntersection(serverHostsForNamespace(s.hosts, gw.namespace, vs.vs.namespace), vs.hosts).length > 0);
      const sameName = vs.gateways.some((x) => x.endsWith(`/${gw.name}`));
      if (!overlaps && !sameName) continue;
      const elsewhere = vs.gateways.find((x) => x !== 'mesh' && !ours.has(x) && m.allGateways.has(x));
      if (elsewhere !== undefined && !sameName) {
        const [ns = '', name = ''] = elsewhere.split('/');
        add({ virtualService: keyOf(vs.vs), reason: { code: 'gateway-not-on-proxy', gateway: { namespace: ns, name } } });
      } else {
        add({ virtualService: keyOf(vs.vs), reason: { code: 'gateway-not-referenced', gateway: keyOf(gw), referenced: vs.gateways } });
      }
    }
  }
  return out;
}

/** A TCP/TLS server: whether some VS host overlaps it (L4 servers bind by symmetric Matches). */
function l4Reach(s: ServerEntry, vs: NormalizedVirtualService): boolean {
  if (isHttpServer(s.server)) return false;
  return s.hosts.some((raw) => {
    const slash = raw.indexOf('/');
    if (slash >= 0 && raw.slice(0, slash) !== vs.vs.namespace) return false;
    const h = slash >= 0 ? raw.slice(slash + 1) : raw;
    return vs.hosts.some((x) => hostMatches(h, x));
  });
}
