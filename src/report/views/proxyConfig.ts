// `proxy-config <type> -o short|json|yaml`: istioctl's tables, arrays and config dump, from the parts
// of a proxy's config the command selected and filtered (src/app/proxyConfig.ts).
import { summaryOf, type ClusterSummary } from '../../derive/cluster/build.js';
import type { Cluster, Listener, Route, RouteConfiguration, StreamedRouteConfiguration } from '../../derive/envoy.js';
import type { Shaped } from '../../model/sharedParts.js';
import { clusterTableChunks } from './clusterTable.js';
import { endpointDump, endpointTable, type ClusterEndpointRows } from './endpointTable.js';
import { fullDump, fullDumpStreamed, renderJsonChunks, renderJsonListChunks, renderYaml, routeDumpStreamed } from './configDump.js';
import { listenerTableOf } from './listenerTable.js';
import { routeTableOf } from './routeTable.js';
import { tabwriteChunks } from './tabwriter.js';
import { STATIC_CLUSTERS, STATIC_LISTENERS, STATIC_ROUTE_CONFIGS } from './staticConfig.js';

export const CONFIG_TYPES = ['listener', 'route', 'cluster', 'endpoint', 'all'] as const;
export type ConfigType = (typeof CONFIG_TYPES)[number];

export const CONFIG_OUTPUTS = ['short', 'json', 'yaml'] as const;
export type ConfigOutput = (typeof CONFIG_OUTPUTS)[number];

/** Pushed (dynamic, sorted by name) and bootstrap (static) objects, both after the filters. */
export interface ConfigPart<T> {
  dynamic: T[];
  statics: T[];
  /**
   * The same dynamic objects again, made one at a time as they are read and not kept: views that
   * write them as they go read this instead of `dynamic` (which holds them all at once).
   */
  each?: () => Iterable<T>;
}

export interface ClusterPart extends ConfigPart<Cluster> {
  /** What the table shows of each dynamic cluster (after the filters), in any order, without building the clusters. */
  summaries?: () => Iterable<ClusterSummary>;
  /** The dynamic clusters again (after the filters, sorted by name) as JSON writers take them: some written from their shape's template, not built. */
  items?: () => Iterable<Cluster | Shaped<Cluster>>;
}

export interface RoutePart extends ConfigPart<RouteConfiguration> {
  /** The dynamic route configs again (after the filters, sorted by name), each one's virtual hosts made as the JSON writer reaches them. */
  streamed?: () => StreamedRouteConfiguration[];
}

export interface ProxyConfigView {
  what: ConfigType;
  listeners: ConfigPart<Listener>;
  routes: RoutePart;
  clusters: ClusterPart;
  /** `endpoint` only: the endpoints of each outbound cluster whose endpoints the inputs show. */
  endpoints: ClusterEndpointRows[];
  /**
   * The object the user wrote behind a route, where it is not a VirtualService of the inputs
   * (`HTTPRoute ns/name`, `Ingress ns/name`): the route table shows it instead of the internal name.
   */
  routeSources?: ReadonlyMap<Route, string>;
}

const whole = <T>(p: ConfigPart<T>): T[] => [...p.dynamic, ...p.statics];

export function proxyConfigText(v: ProxyConfigView, output: ConfigOutput): string {
  return [...proxyConfigChunks(v, output)].join('');
}

/**
 * The same text in pieces, written one after the other: JSON and tables are streamed (a cluster dump
 * of 200 MB of Services is more text than one JavaScript string holds); YAML comes as one piece.
 * JSON comes in writes of about 64 KB, or (`unjoined`) in the writer's own pieces, for a sink that
 * buffers them (CliIo.openStdout).
 */
export function* proxyConfigChunks(v: ProxyConfigView, output: ConfigOutput, unjoined = false): Generator<string> {
  if (output === 'json' && v.what === 'cluster') yield* renderJsonListChunks(jsonItemsOf(v.clusters), unjoined);
  else if (output === 'json' && v.what === 'route' && v.routes.streamed) yield* renderJsonChunks(routeDumpStreamed(v.routes.streamed(), v.routes.statics), unjoined);
  else if (output === 'json' && v.what === 'all') {
    // The dynamic clusters as the writer reaches them (each made then, when the part can), not all kept.
    const sorted = (): Iterable<Cluster> => v.clusters.each?.() ?? v.clusters.dynamic;
    yield* renderJsonChunks(
      fullDumpStreamed({
        clusters: { sorted, statics: STATIC_CLUSTERS },
        listeners: { dynamic: v.listeners.dynamic, statics: STATIC_LISTENERS },
        routes: { dynamic: v.routes.dynamic, statics: STATIC_ROUTE_CONFIGS },
      }),
      unjoined,
    );
  } else if (output === 'json') yield* renderJsonChunks(structuredValue(v), unjoined);
  else yield* proxyConfigPieces(v, output);
}

function structuredValue(v: ProxyConfigView): unknown {
  switch (v.what) {
    case 'listener':
      return whole(v.listeners);
    case 'route':
      return whole(v.routes);
    case 'cluster':
      return whole(v.clusters);
    case 'endpoint':
      return endpointDump(v.endpoints);
    case 'all':
      // The dump's static part is printed whole, as it always was: the filters only narrow what istiod pushed.
      return fullDump({
        clusters: { dynamic: v.clusters.dynamic, statics: STATIC_CLUSTERS },
        listeners: { dynamic: v.listeners.dynamic, statics: STATIC_LISTENERS },
        routes: { dynamic: v.routes.dynamic, statics: STATIC_ROUTE_CONFIGS },
      });
  }
}

/** The dynamic clusters (made as they are read when the part can, some to be written from their shape's template), then the static ones. */
function* jsonItemsOf(p: ClusterPart): Generator<Cluster | Shaped<Cluster>> {
  yield* p.items?.() ?? p.each?.() ?? p.dynamic;
  yield* p.statics;
}

/** The table summaries of the dynamic clusters (from the plan when the part can), then of the static ones. */
function* summariesOf(p: ClusterPart): Generator<ClusterSummary> {
  if (p.summaries) yield* p.summaries();
  else for (const c of p.each?.() ?? p.dynamic) yield summaryOf(c);
  for (const c of p.statics) yield summaryOf(c);
}

/** Tables in pieces (a route table of a big mesh is tens of MB); YAML as one piece. */
function* proxyConfigPieces(v: ProxyConfigView, output: 'short' | 'yaml'): Generator<string> {
  if (output === 'yaml') {
    yield renderYaml(structuredValue(v));
    return;
  }
  // Only the parts printed are read (each part of a ProxyConfigView may be built on first read).
  switch (v.what) {
    case 'listener':
      yield* tabwriteChunks(listenerTableOf(whole(v.listeners)));
      return;
    case 'route':
      yield* tabwriteChunks(routeTableOf(whole(v.routes), { sources: v.routeSources }));
      return;
    case 'cluster':
      yield* clusterTableChunks(summariesOf(v.clusters));
      return;
    case 'endpoint':
      yield endpointTable(v.endpoints);
      return;
    case 'all':
      yield* clusterTableChunks(summariesOf(v.clusters), { withType: true });
      yield '\n';
      yield* tabwriteChunks(listenerTableOf(whole(v.listeners), { withType: true }));
      yield '\n';
      yield* tabwriteChunks(routeTableOf(whole(v.routes), { withType: true, sources: v.routeSources }));
  }
}
