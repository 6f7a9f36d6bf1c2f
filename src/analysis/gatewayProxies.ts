// The route configs of every gateway workload in the inputs (plus Istio's default ingress gateway
// when a Gateway selects only it), computed once per run for the analyzers that read routes.
// Only the route half of deriveGatewayConfig runs here: the analyzers read neither listeners,
// clusters nor misses, which cost as much again on big inputs. Virtual hosts (names, domains, which
// VirtualServices merged into each) are decided without building a route, and a virtual host's
// routes are built when an analyzer reads them (gateway-host-conflict reads only those merged from
// several VirtualServices), of name and match only: which routes exist, in which order, from which
// rule, never where they send requests (route actions are not built).
import { OVERLAYS, type ConfigStore } from '../convert/index.js';
import { matchOnlyRouteTranslator, targetsFor } from '../derive/gateway/index.js';
import { DEFAULT_GATEWAY_WORKLOAD } from '../derive/gateway/defaultGateway.js';
import { mergeGateways } from '../derive/gateway/mergeServers.js';
import { buildGatewayRouteConfigs } from '../derive/gateway/routeConfigs.js';
import { gatewaysForProxy } from '../derive/gateway/selectGateways.js';
import { virtualServiceIndex } from '../derive/gateway/vsIndex.js';
import { missesOf } from '../derive/gateway/misses.js';
import type { RouteConfigsResult } from '../derive/gateway/routeConfigs.js';
import { describeWorkload, distinctSelectors, runsAsGateway, toProxyWorkload, WORKLOAD_KINDS, type FoundWorkload, type WorkloadResource } from '../derive/gateway/workloads.js';
import type { ProxyConfig, ProxyWorkload, VirtualServiceMiss } from '../derive/proxyConfig.js';
import type { Kind } from '../model/resource.js';
import type { AnalysisContext } from './context.js';
import { selectorMatches as gatewaySelectorMatches } from '../derive/gateway/labels.js';
import { selectorMatches, selectsDefaultGateway, type Labels } from './labels.js';
import { NO_LABELS } from '../model/empty.js';

/**
 * The part of a ProxyConfig the route analyzers read: `blackholeRouteNames` and `mergedVirtualHosts()`,
 * which make only what they name, the servers, and the origins of the routes of those virtual hosts
 * (`routeOrigins.get`; walking the map reads every virtual host, which this view does not keep).
 */
export interface AnalyzedGatewayRoutes extends Pick<ProxyConfig, 'proxy' | 'servers' | 'routeOrigins'>, Pick<RouteConfigsResult, 'blackholeRouteNames' | 'mergedVirtualHosts'> {
  /** deriveGatewayConfig's misses, computed from these routes when first asked (no second derivation). */
  misses(): VirtualServiceMiss[];
}

/** AnalyzedGatewayRoutes with every route config and virtual host origin, made when read. */
export interface GatewayRoutes extends AnalyzedGatewayRoutes, Pick<ProxyConfig, 'routeConfigs' | 'virtualHostOrigins'> {}

/** deriveGatewayConfig's routeConfigs, servers and origins, without listeners, clusters or misses; routes carry their name and match only, built when read. */
export function deriveGatewayRoutes(index: ConfigStore, workload: ProxyWorkload): GatewayRoutes {
  const { routes, analyzed } = derive(index, workload, 'all');
  return {
    ...analyzed,
    get routeConfigs() {
      return routes.routeConfigs;
    },
    get virtualHostOrigins() {
      return routes.virtualHostOrigins;
    },
  };
}

/**
 * deriveGatewayRoutes' view the analyzers read, keeping no virtual host they do not read
 * (buildGatewayRouteConfigs `keep: 'merged'`): it is kept for the whole analysis.
 */
export function analyzedGatewayRoutes(index: ConfigStore, workload: ProxyWorkload): AnalyzedGatewayRoutes {
  return derive(index, workload, 'merged').analyzed;
}

function derive(index: ConfigStore, workload: ProxyWorkload, keep: 'all' | 'merged'): { routes: RouteConfigsResult; analyzed: AnalyzedGatewayRoutes } {
  const bindings = gatewaysForProxy(index, workload.labels, targetsFor(index, workload));
  const merged = mergeGateways(bindings);
  const scope = { index, proxyNamespace: workload.namespace, proxyLabels: workload.labels };
  const vsIndex = virtualServiceIndex(index);
  const routes = buildGatewayRouteConfigs(merged, vsIndex, scope, matchOnlyRouteTranslator, { virtualHostRoutes: 'when-read', keep });
  let misses: VirtualServiceMiss[] | undefined;
  const analyzed: AnalyzedGatewayRoutes = {
    proxy: workload,
    servers: merged.servers,
    routeOrigins: routes.routeOrigins,
    blackholeRouteNames: routes.blackholeRouteNames,
    mergedVirtualHosts: routes.mergedVirtualHosts,
    // What deriveGatewayConfig(index, workload, matchOnlyRouteTranslator, when-read).misses computes, from the same inputs.
    misses: (): VirtualServiceMiss[] => (misses ??= missesOf(index, { merged, gateways: bindings.map((b) => b.gateway), vsIndex, routes, proxyNamespace: workload.namespace })),
  };
  return { routes, analyzed };
}

export function gatewayProxies(ctx: Pick<AnalysisContext, 'index' | 'config' | 'memo'>): AnalyzedGatewayRoutes[] {
  // Gateways and workloads as istiod sees them: an Ingress's Gateway picks its workload too, as in
  // resolveWorkload (Gateway API: the workloads istiod deploys for its Gateways).
  return ctx.memo('gateway-proxies', () => gatewayWorkloads(ctx.config).map((w) => analyzedGatewayRoutes(ctx.config, w)));
}

/**
 * The gateway workloads of the inputs, in input order, then Istio's default ingress gateway (assumed)
 * when a Gateway selects it and no workload of the inputs matches.
 */
export function gatewayWorkloads(config: ConfigStore): ProxyWorkload[] {
  const gateways = config.ofKind('Gateway');
  const selectors = distinctSelectors(gateways.flatMap((g) => (g.spec.selector ? [g.spec.selector] : [])));
  // allWorkloads(config).filter(looksLikeGateway), describing (copying) only the workloads kept.
  const selected = selectedByAny(selectors);
  const workloads: FoundWorkload[] = [];
  // Indexed loops: this runs once per run (cold), over every workload.
  for (let k = 0; k < WORKLOAD_KINDS.length; k++) {
    const list: readonly WorkloadResource[] = config.ofKind(WORKLOAD_KINDS[k] as (typeof WORKLOAD_KINDS)[number]);
    for (let i = 0; i < list.length; i++) {
      const r = list[i] as WorkloadResource;
      if (isGatewayWorkload(r, selected)) workloads.push(describeWorkload(r));
    }
  }
  const out = workloads.map((w) => toProxyWorkload(w, 'gateway'));
  const unmatchedDefault = gateways.some(
    (g) => selectsDefaultGateway(g.spec.selector) && !workloads.some((w) => selectorMatches(g.spec.selector, w.labels)),
  );
  if (unmatchedDefault) out.push({ ...DEFAULT_GATEWAY_WORKLOAD, labels: { ...DEFAULT_GATEWAY_WORKLOAD.labels } });
  return out;
}

/**
 * looksLikeGateway(describeWorkload(r), selectors) without copying the workload's labels and
 * annotations or making a view of it; `selected` tells whether one of the selectors picks the labels.
 */
function isGatewayWorkload(r: WorkloadResource, selected: (labels: Labels) => boolean): boolean {
  const meta = r.kind === 'Pod' ? r.metadata : r.spec.template?.metadata;
  return runsAsGateway(r.kind === 'Pod' ? r.spec : (r.spec.template?.spec ?? undefined), meta?.annotations ?? NO_LABELS) || selected(meta?.labels ?? NO_LABELS);
}

/**
 * Whether some of the (non-empty) selectors matches labels, as testing each with selectorMatches
 * says, without testing each: selectors of one label (nearly all: `istio: <gateway>`) are looked up
 * by label name then value, so a workload costs the number of label names they use, not the number
 * of selectors (a mesh with a gateway per team has dozens).
 */
export function selectedByAny(selectors: readonly Labels[]): (labels: Labels) => boolean {
  const single = new Map<string, Set<string>>();
  const multi: Labels[] = [];
  for (const s of selectors) {
    const keys = Object.keys(s);
    const k = keys[0];
    if (keys.length !== 1 || k === undefined) {
      multi.push(s);
      continue;
    }
    let values = single.get(k);
    if (!values) single.set(k, (values = new Set()));
    values.add(s[k] as string);
  }
  const names = [...single.keys()];
  return (labels) => {
    for (let i = 0; i < names.length; i++) {
      const k = names[i] as string;
      // Own labels only, as selectorMatches compares them (`labels[k]` of a string-valued selector).
      const v: unknown = Object.hasOwn(labels, k) ? labels[k] : undefined;
      if (typeof v === 'string' && (single.get(k) as Set<string>).has(v)) return true;
    }
    for (let i = 0; i < multi.length; i++) if (gatewaySelectorMatches(multi[i] as Labels, labels)) return true;
    return false;
  };
}

/**
 * The kinds the gateway route derivation reads from the config store. No DestinationRule: it shapes
 * route actions (consistent hashing), which this derivation does not build.
 */
const DERIVATION_READS: readonly Kind[] = ['Gateway', 'VirtualService', 'ServiceEntry', 'Service', 'Pod', 'Deployment', 'StatefulSet', 'DaemonSet'];

/**
 * Every kind the gateway derivation may read: the inputs of the analyzers built on it. Reading a kind
 * an overlay adds (an Ingress's Gateway) reads what the overlay converts, so its inputs count too.
 */
export const GATEWAY_DERIVATION_INPUTS: readonly Kind[] = [
  ...new Set([...DERIVATION_READS, ...OVERLAYS.filter((o) => o.outputs.some((k) => DERIVATION_READS.includes(k))).flatMap((o) => o.inputs)]),
];
