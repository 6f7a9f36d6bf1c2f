// `proxy-config`: what istiod would push to one workload, as the parts istioctl prints, filtered by
// istioctl's flags. Rendering is src/report/views/proxyConfig.ts.
import { summaryOf } from '../derive/cluster/build.js';
import { clusterEndpoints } from '../derive/endpoints.js';
import type { Cluster, Listener, Route, RouteConfiguration } from '../derive/envoy.js';
import type { ProxyConfig, ProxyNote } from '../derive/proxyConfig.js';
import { fullName } from '../diagnostics/ref.js';
import { userRuleOf } from '../model/ruleSources.js';
import type { ClusterEndpointRows } from '../report/views/endpointTable.js';
import { clusterMatches } from '../report/views/clusterTable.js';
import { clusterDump, listenerDump, routeDump } from '../report/views/configDump.js';
import type { ClusterPart, ConfigPart, ConfigType, ProxyConfigView, RoutePart } from '../report/views/proxyConfig.js';
import { STATIC_CLUSTERS, STATIC_LISTENERS, STATIC_ROUTE_CONFIGS } from '../report/views/staticConfig.js';
import { deriveProxy, type DerivedProxy, type ProxyChoice } from './proxy.js';
import type { Workspace } from './workspace.js';
import { pushTo } from '../model/multiMap.js';

export { CONFIG_TYPES, type ConfigType } from '../report/views/proxyConfig.js';

/** istioctl's filters; each narrows only the parts it names. */
export interface ConfigFilter {
  /** Route configurations with this name. */
  name?: string;
  /** Listeners on this port (`listener`), clusters on this port (`cluster`), endpoints on this port (`endpoint`). */
  port?: number;
  /** Endpoints of the cluster with exactly this name (`endpoint`). */
  cluster?: string;
  /** Clusters whose name contains this FQDN, subset or direction. */
  fqdn?: string;
  subset?: string;
  direction?: string;
}

export interface ProxyConfigResult extends DerivedProxy, ProxyConfigView {}

export function proxyConfig(ws: Workspace, choice: ProxyChoice, what: ConfigType = 'all', filter: ConfigFilter = {}): ProxyConfigResult {
  // A gateway's routes are built only when printed (its listeners and clusters never read them), and
  // `route -o json` makes them one virtual host at a time (routes.streamed).
  const derived = deriveProxy(ws, choice, { routes: what === 'all' ? 'eager' : 'lazy' });
  const pc = derived.config;
  const listenerPort = what === 'listener' ? filter.port : undefined;
  const clusterFilter = {
    ...(filter.fqdn ? { fqdn: filter.fqdn } : {}),
    ...(what === 'cluster' && filter.port !== undefined ? { port: filter.port } : {}),
    ...(filter.subset ? { subset: filter.subset } : {}),
    ...(filter.direction ? { direction: filter.direction } : {}),
  };
  const listener = (l: Listener): boolean => listenerPort === undefined || l.address.socketAddress.portValue === listenerPort;
  const route = (r: { name?: string }): boolean => !filter.name || r.name === filter.name;
  const cluster = (c: { name: string }): boolean => clusterMatches(c, clusterFilter);
  const endpoints = what === 'endpoint' ? endpointRows(ws, derived, filter) : { rows: [], notes: [] };
  // Each dump is made when first read, so `proxy-config route` builds neither listeners nor clusters.
  let listeners: ConfigPart<Listener> | undefined;
  let routes: RoutePart | undefined;
  let clusters: ClusterPart | undefined;
  let sources: Map<Route, string> | undefined;
  return {
    ...derived,
    notes: [...derived.notes, ...endpoints.notes],
    endpoints: endpoints.rows,
    what,
    get routeSources(): Map<Route, string> {
      return (sources ??= routeSources(ws, pc));
    },
    get listeners(): ConfigPart<Listener> {
      return (listeners ??= part(listenerDump(pc.listeners, []), STATIC_LISTENERS, listener));
    },
    get routes(): RoutePart {
      // `dynamic` builds and keeps every route; `streamed` makes them again one virtual host at a time, for views that write them as they go.
      let dynamic: RouteConfiguration[] | undefined;
      const streamed = pc.routeConfigsStreamed?.bind(pc);
      return (routes ??= {
        get dynamic(): RouteConfiguration[] {
          return (dynamic ??= routeDump(pc.routeConfigs, []).filter(route));
        },
        statics: STATIC_ROUTE_CONFIGS.filter(route),
        ...(streamed ? { streamed: () => streamed().filter(route) } : {}),
      });
    },
    get clusters(): ClusterPart {
      // `dynamic` builds and keeps every cluster; `each` builds them again one at a time, for views that write them as they go.
      let dynamic: Cluster[] | undefined;
      return (clusters ??= {
        get dynamic(): Cluster[] {
          return (dynamic ??= clusterDump(pc.clusters, []).filter(cluster));
        },
        statics: STATIC_CLUSTERS.filter(cluster),
        each: () => (dynamic ?? (pc.clustersByName ? filtered(pc.clustersByName(), cluster) : clusterDump(pc.clusters, []).filter(cluster))),
        ...(pc.clusterItemsByName ? { items: () => (dynamic ?? filtered(pc.clusterItemsByName?.() ?? [], cluster)) } : {}),
        ...(pc.clusterSummaries ? { summaries: () => (dynamic ? dynamic.map(summaryOf) : filtered(pc.clusterSummaries?.() ?? [], cluster)) } : {}),
      });
    },
  };
}

function* filtered<T>(items: Iterable<T>, keep: (x: T) => boolean): Generator<T> {
  for (const x of items) if (keep(x)) yield x;
}

const part = <T>(dynamic: T[], statics: readonly T[], keep: (x: T) => boolean): ConfigPart<T> => ({ dynamic: dynamic.filter(keep), statics: statics.filter(keep) });

/** The endpoints EDS would push, per outbound cluster; clusters whose endpoints the inputs cannot tell are named in a note. */
function endpointRows(ws: Workspace, derived: DerivedProxy, filter: ConfigFilter): { rows: ClusterEndpointRows[]; notes: ProxyNote[] } {
  const rows: ClusterEndpointRows[] = [];
  const unknown = new Map<string, string[]>();
  for (const info of derived.config.clusterInfo.values()) {
    if (filter.cluster !== undefined && info.name.toLowerCase() !== filter.cluster.toLowerCase()) continue;
    const e = clusterEndpoints(ws.config, info, derived.config.proxy);
    if (e.state === 'known') rows.push({ cluster: info.name, endpoints: e.endpoints.filter((x) => filter.port === undefined || x.port === filter.port) });
    else if (e.state === 'unknown') pushTo(unknown, e.reason, info.name);
  }
  const notes = [...unknown].map(([reason, clusters]): ProxyNote => ({
    code: `endpoints-unknown:${reason}`,
    message: `endpoints unknown for ${clusters.length === 1 ? clusters[0] : `${clusters.length} clusters (${clusters.slice(0, 3).join(', ')}${clusters.length > 3 ? ', …' : ''})`}: ${reason}`,
  }));
  return { rows, notes };
}

/** Routes whose rule comes from an object an overlay converted: that object (`HTTPRoute ns/name`), not the internal VirtualService. */
function routeSources(ws: Workspace, pc: ProxyConfig): Map<Route, string> {
  const out = new Map<Route, string>();
  for (const [route, o] of pc.routeOrigins) {
    const user = userRuleOf(ws.config, o.virtualService, o.rule);
    if (user) {
      out.set(route, `${user.route.kind} ${fullName(user.route)}`);
      continue;
    }
    const from = ws.config.get('VirtualService', o.virtualService.namespace, o.virtualService.name)?.derivedFrom;
    if (from) out.set(route, `${from.kind} ${fullName(from)}`);
  }
  return out;
}
