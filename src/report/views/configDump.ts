// What `proxy-config <type> -o json|yaml` prints: istioctl's arrays (dynamic then static), and for
// `all` a config dump reduced to clusters, listeners and routes.
import type { Cluster, Listener, RouteConfiguration, StreamedRouteConfiguration } from '../../derive/envoy.js';
import { goJson, goJsonChunks, goJsonListChunks, goJsonListPieces, goJsonPieces, LazyList } from './goJson.js';
import { yamlText } from '../escape.js';

const byName = <T extends { name?: string }>(a: T, b: T): number => ((a.name ?? '') < (b.name ?? '') ? -1 : (a.name ?? '') > (b.name ?? '') ? 1 : 0);

/** Dynamic route configs sorted by name, then the static 15090 and 15021 configs (spec §9.1). */
export function routeDump(dynamic: readonly RouteConfiguration[], statics: readonly RouteConfiguration[]): RouteConfiguration[] {
  return [...[...dynamic].sort(byName), ...statics];
}
/**
 * `routeDump`'s value with each route config's virtual hosts taken one at a time as the JSON writer
 * reaches them (`dynamic` sorted by name already): the same members in the same order.
 */
export function routeDumpStreamed(dynamic: readonly StreamedRouteConfiguration[], statics: readonly RouteConfiguration[]): unknown[] {
  return [...dynamic.map((rc) => ({ ...rc, virtualHosts: new LazyList(rc.virtualHosts) })), ...statics];
}
export function listenerDump(dynamic: readonly Listener[], statics: readonly Listener[]): Listener[] {
  return [...[...dynamic].sort(byName), ...statics];
}
export function clusterDump(dynamic: readonly Cluster[], statics: readonly Cluster[]): Cluster[] {
  return [...[...dynamic].sort(byName), ...statics];
}

/**
 * `fullDump`'s value, with the dynamic clusters taken one at a time, already sorted by name, as the
 * JSON writer reaches them (`-o json` of a big mesh never holds them all).
 */
export function fullDumpStreamed(o: { clusters: { sorted: () => Iterable<Cluster>; statics: readonly Cluster[] }; listeners: { dynamic: Listener[]; statics: readonly Listener[] }; routes: { dynamic: RouteConfiguration[]; statics: readonly RouteConfiguration[] } }): unknown {
  return dumpOf(o, new LazyList(() => clusterItems(o.clusters.sorted())));
}

const CLUSTER_TYPE = { '@type': 'type.googleapis.com/envoy.config.cluster.v3.Cluster' } as const;

function* clusterItems(clusters: Iterable<Cluster>): Generator<unknown> {
  for (const c of clusters) yield { cluster: { ...CLUSTER_TYPE, ...c } };
}

export function fullDump(o: { clusters: { dynamic: Cluster[]; statics: readonly Cluster[] }; listeners: { dynamic: Listener[]; statics: readonly Listener[] }; routes: { dynamic: RouteConfiguration[]; statics: readonly RouteConfiguration[] } }): unknown {
  return dumpOf(o, [...o.clusters.dynamic].sort(byName).map((c) => ({ cluster: { ...CLUSTER_TYPE, ...c } })));
}

function dumpOf(o: { clusters: { statics: readonly Cluster[] }; listeners: { dynamic: Listener[]; statics: readonly Listener[] }; routes: { dynamic: RouteConfiguration[]; statics: readonly RouteConfiguration[] } }, dynamicActiveClusters: unknown): unknown {
  const at = (t: string) => ({ '@type': `type.googleapis.com/${t}` });
  return {
    configs: [
      {
        ...at('envoy.admin.v3.ClustersConfigDump'),
        staticClusters: o.clusters.statics.map((c) => ({ cluster: { ...at('envoy.config.cluster.v3.Cluster'), ...c } })),
        dynamicActiveClusters,
      },
      {
        ...at('envoy.admin.v3.ListenersConfigDump'),
        staticListeners: o.listeners.statics.map((l) => ({ listener: { ...at('envoy.config.listener.v3.Listener'), ...l } })),
        dynamicListeners: [...o.listeners.dynamic].sort(byName).map((l) => ({ name: l.name, activeState: { listener: { ...at('envoy.config.listener.v3.Listener'), ...l } } })),
      },
      {
        ...at('envoy.admin.v3.RoutesConfigDump'),
        staticRouteConfigs: o.routes.statics.map((r) => ({ routeConfig: { ...at('envoy.config.route.v3.RouteConfiguration'), ...r } })),
        dynamicRouteConfigs: [...o.routes.dynamic].sort(byName).map((r) => ({ routeConfig: { ...at('envoy.config.route.v3.RouteConfiguration'), ...r } })),
      },
    ],
  };
}

/** `-o json`: Go's MarshalIndent output plus the newline fmt.Fprintln adds. */
export function renderJson(value: unknown): string {
  return `${goJson(value)}\n`;
}

/**
 * `renderJson(value)` in pieces, for output too large to hold as one string: joined into writes of
 * about 64 KB, or (`unjoined`) as the writer makes them, for a sink that buffers them itself.
 */
export function* renderJsonChunks(value: unknown, unjoined = false): Generator<string> {
  yield* unjoined ? goJsonPieces(value) : goJsonChunks(value);
  yield '\n';
}

/** `renderJson([...items])` in pieces, each item taken when it is written (`unjoined`: as renderJsonChunks). */
export function* renderJsonListChunks(items: Iterable<unknown>, unjoined = false): Generator<string> {
  yield* unjoined ? goJsonListPieces(items) : goJsonListChunks(items);
  yield '\n';
}

/**
 * `-o yaml`: istioctl converts the JSON with sigs.k8s.io/yaml JSONToYAML, which sorts map keys and
 * does not indent sequences under their key.
 */
export function renderYaml(value: unknown): string {
  const plain: unknown = JSON.parse(JSON.stringify(value));
  return `${yamlText(plain, { sortKeys: true, noArrayIndent: true, lineWidth: -1, noRefs: true })}\n`;
}
