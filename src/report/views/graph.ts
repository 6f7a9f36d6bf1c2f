// `gwctl graph`: the data of the picture (built by src/app/graph.ts) and what every renderer shares.
// Nodes are gateway workloads, Gateways (Istio or Gateway API), their listeners, the hosts those
// serve, the route objects (VirtualServices, HTTPRoutes, Ingresses) and the destinations (Services,
// ServiceEntries, subsets, redirects). Node ids are assigned by position (`g1`, `l2`...), never from
// input text; every label from input goes through the renderer's own escaping (graphMermaid.ts,
// graphDot.ts). docs/graph-json.md documents the JSON form.
import type { ResourceRef } from '../../diagnostics/ref.js';

export const GRAPH_OUTPUTS = ['mermaid', 'markdown', 'dot', 'json'] as const;
export type GraphOutput = (typeof GRAPH_OUTPUTS)[number];

/** Layers, left to right. */
export const NODE_KINDS = ['workload', 'gateway', 'listener', 'host', 'route', 'destination', 'action', 'more'] as const;
export type NodeKind = (typeof NODE_KINDS)[number];

/** What the analysis found about a node, shown as a style and explained in the legend. */
export const MARKS = ['only-404', 'unbound', 'missing', 'assumed'] as const;
export type Mark = (typeof MARKS)[number];

export interface GraphNode {
  /** `g1`, `l2`...: a kind letter and a position, never text from the inputs. */
  id: string;
  kind: NodeKind;
  /** First line: what it is (`Gateway istio-system/httpbin-gateway`). */
  title: string;
  /** Further lines: ports, hosts, kinds of destination. */
  lines: string[];
  /** The object the user wrote that the node stands for, when there is one. */
  ref?: ResourceRef;
  marks: Mark[];
  /** The finding codes behind the marks (GW0203, GW0201, IST0101, GW0470...). */
  codes: string[];
}

export interface GraphEdge {
  from: string;
  to: string;
  /** The rule behind it and where it sends (`http[0] /api* 80%`), or ''. */
  label: string;
}

export interface GraphData {
  /** What the graph covers: `all inputs`, or the workload (`gateway deployment/istio-ingressgateway.istio-system`). */
  scope: string;
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** Nodes and edges left out by the cap (`maxNodes`, edges at most 3 per node). */
  omitted: { nodes: number; edges: number };
  maxNodes: number;
  /** What the reader should know (an assumed workload, a cap reached). */
  notes: string[];
}

/** What a mark means, for the legend. */
export const MARK_LEGEND: Readonly<Record<Mark, string>> = {
  'only-404': 'port serves only 404 (GW0203)',
  unbound: 'bound to nothing (GW0201)',
  missing: 'host not found (IST0101)',
  assumed: 'assumed to exist, not in the inputs (GW0202, GW0470, GW0471, --assume-host)',
};

export const KIND_LEGEND: Readonly<Record<NodeKind, string>> = {
  workload: 'gateway workload or mesh',
  gateway: 'Gateway',
  listener: 'listener (server)',
  host: 'host served',
  route: 'route object (VirtualService, HTTPRoute...)',
  destination: 'destination (Service, ServiceEntry, subset)',
  action: 'redirect or direct response',
  more: 'left out (cap)',
};

/** The kinds and marks a graph uses, in legend order. */
export function usedLegend(g: GraphData): { kinds: NodeKind[]; marks: Mark[] } {
  const kinds = new Set(g.nodes.map((n) => n.kind));
  const marks = new Set(g.nodes.flatMap((n) => n.marks));
  return { kinds: NODE_KINDS.filter((k) => kinds.has(k)), marks: MARKS.filter((m) => marks.has(m)) };
}

/** Longest label line from the inputs, in code points: a 20k-resource graph stays readable. */
export const MAX_LINE = 100;

/** `s` cut to `max` code points with `…`. */
export function clip(s: string, max = MAX_LINE): string {
  if (s.length <= max) return s;
  const points = Array.from(s);
  return points.length <= max ? s : `${points.slice(0, max - 1).join('')}…`;
}
