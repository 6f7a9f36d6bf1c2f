// `proxy-config`: what istiod would push to one workload, as the parts istioctl prints, filtered by
// istioctl's flags. Rendering is src/report/views/proxyConfig.ts.
import type { Cluster, Listener, Route, RouteConfiguration } from '../derive/envoy.js';
import type { ProxyConfig } from '../derive/proxyConfig.js';
import { fullName } from '../diagnostics/ref.js';
import { userRuleOf } from '../model/ruleSources.js';
import { clusterMatches } from '../report/views/clusterTable.js';
import { clusterDump, listenerDump, routeDump } from '../report/views/configDump.js';
import type { ConfigPart, ConfigType, ProxyConfigView } from '../report/views/proxyConfig.js';
import { STATIC_CLUSTERS, STATIC_LISTENERS, STATIC_ROUTE_CONFIGS } from '../report/views/staticConfig.js';
import { deriveProxy, type DerivedProxy, type ProxyChoice } from './proxy.js';
import type { Workspace } from './workspace.js';

export { CONFIG_TYPES, type ConfigType } from '../report/views/proxyConfig.js';

/** istioctl's filters; each narrows only the parts it names. */
export interface ConfigFilter {
  /** Route configurations with this name. */
  name?: string;
  /** Listeners on this port (`listener`), clusters on this port (`cluster`). */
  port?: number;
  /** Clusters whose name contains this FQDN, subset or direction. */
  fqdn?: string;
  subset?: string;
  direction?: string;
}

export interface ProxyConfigResult extends DerivedProxy, ProxyConfigView {}

export function proxyConfig(ws: Workspace, choice: ProxyChoice, what: ConfigType = 'all', filter: ConfigFilter = {}): ProxyConfigResult {
  const derived = deriveProxy(ws, choice);
  const pc = derived.config;
  const listenerPort = what === 'listener' ? filter.port : undefined;
  const clusterFilter = {
    ...(filter.fqdn ? { fqdn: filter.fqdn } : {}),
    ...(what === 'cluster' && filter.port !== undefined ? { port: filter.port } : {}),
    ...(filter.subset ? { subset: filter.subset } : {}),
    ...(filter.direction ? { direction: filter.direction } : {}),
  };
  const listener = (l: Listener): boolean => listenerPort === undefined || l.address.socketAddress.portValue === listenerPort;
  const route = (r: RouteConfiguration): boolean => !filter.name || r.name === filter.name;
  const cluster = (c: Cluster): boolean => clusterMatches(c, clusterFilter);
  // Each dump is made when first read, so `proxy-config route` builds neither listeners nor clusters.
  let listeners: ConfigPart<Listener> | undefined;
  let routes: ConfigPart<RouteConfiguration> | undefined;
  let clusters: ConfigPart<Cluster> | undefined;
  return {
    ...derived,
    what,
    routeSources: routeSources(ws, pc),
    get listeners(): ConfigPart<Listener> {
      return (listeners ??= part(listenerDump(pc.listeners, []), STATIC_LISTENERS, listener));
    },
    get routes(): ConfigPart<RouteConfiguration> {
      return (routes ??= part(routeDump(pc.routeConfigs, []), STATIC_ROUTE_CONFIGS, route));
    },
    get clusters(): ConfigPart<Cluster> {
      return (clusters ??= part(clusterDump(pc.clusters, []), STATIC_CLUSTERS, cluster));
    },
  };
}

const part = <T>(dynamic: T[], statics: readonly T[], keep: (x: T) => boolean): ConfigPart<T> => ({ dynamic: dynamic.filter(keep), statics: statics.filter(keep) });

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
