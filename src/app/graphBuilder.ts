// The graph as it is found (nodes by key, labelled edges), then cut at `maxNodes` and ordered with
// ids by position, so the same inputs give the same text whatever their order.
import { MARKS, NODE_KINDS, clip, type GraphData, type GraphEdge, type GraphNode, type Mark, type NodeKind } from '../report/views/graph.js';

/** Edges kept per node kept, at most. */
const EDGES_PER_NODE = 3;

export interface Draft extends Omit<GraphNode, 'id'> {
  /** Orders nodes of one kind (code units): deterministic whatever the input order. */
  sort: string;
}

export const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const layer = (k: NodeKind): number => NODE_KINDS.indexOf(k);
/** Sorts numbers inside a string key by value (port 80 before 443). */
export const num = (n: number): string => n.toString().padStart(6, '0');

/** The nodes and edges as they are found; ids are given when the graph is cut and ordered. */
export class Builder {
  readonly nodes = new Map<string, Draft>();
  readonly out = new Map<string, Map<string, Set<string>>>();
  readonly incoming = new Set<string>();

  node(key: string, make: () => Draft): string {
    if (!this.nodes.has(key)) this.nodes.set(key, make());
    return key;
  }

  mark(key: string, mark: Mark, code: string): void {
    const n = this.nodes.get(key);
    if (!n) return;
    if (!n.marks.includes(mark)) n.marks.push(mark);
    if (!n.codes.includes(code)) n.codes.push(code);
  }

  edge(from: string, to: string, label = ''): void {
    let targets = this.out.get(from);
    if (!targets) this.out.set(from, (targets = new Map()));
    let labels = targets.get(to);
    if (!labels) targets.set(to, (labels = new Set()));
    labels.add(clip(label));
    this.incoming.add(to);
  }
}

/**
 * Keeps at most `maxNodes` nodes, whole branches first (depth-first from the roots in order), gives
 * ids by position and orders everything: the same inputs give the same text whatever their order.
 */
export function finish(b: Builder, scope: string, maxNodes: number, notes: string[]): GraphData {
  const byOrder = (x: string, y: string): number => {
    const a = b.nodes.get(x);
    const c = b.nodes.get(y);
    if (!a || !c) return 0;
    return layer(a.kind) - layer(c.kind) || cmp(a.sort, c.sort) || cmp(x, y);
  };
  const keys = [...b.nodes.keys()].sort(byOrder);
  const kept = new Set<string>();
  const visit = (start: string): void => {
    const stack = [start];
    while (stack.length > 0 && kept.size < maxNodes) {
      const k = stack.pop();
      if (k === undefined || kept.has(k)) continue;
      kept.add(k);
      const next = [...(b.out.get(k)?.keys() ?? [])].filter((t) => !kept.has(t)).sort(byOrder);
      for (let i = next.length - 1; i >= 0; i--) {
        const t = next[i];
        if (t !== undefined) stack.push(t);
      }
    }
  };
  for (const k of keys) if (!b.incoming.has(k)) visit(k);
  for (const k of keys) visit(k); // cycles (delegates naming each other) have no root
  const ordered = keys.filter((k) => kept.has(k));
  const ids = new Map<string, string>();
  const counters = new Map<NodeKind, number>();
  const nodes: GraphNode[] = ordered.flatMap((k) => {
    const draft = b.nodes.get(k);
    if (!draft) return [];
    const { sort: _sort, ...d } = draft;
    const n = (counters.get(d.kind) ?? 0) + 1;
    counters.set(d.kind, n);
    const id = `${d.kind === 'more' ? 'm' : d.kind[0]}${n}`;
    ids.set(k, id);
    return [{ id, ...d, marks: [...d.marks].sort((x, y) => MARKS.indexOf(x) - MARKS.indexOf(y)), codes: [...d.codes].sort() }];
  });
  const edges: GraphEdge[] = [];
  for (const from of ordered) {
    const targets = b.out.get(from);
    if (!targets) continue;
    for (const to of [...targets.keys()].sort(byOrder)) {
      for (const label of [...(targets.get(to) ?? [])].sort(cmp)) {
        const f = ids.get(from);
        const t = ids.get(to);
        if (f !== undefined && t !== undefined && edges.length < maxNodes * EDGES_PER_NODE) edges.push({ from: f, to: t, label });
      }
    }
  }
  const total = [...b.out.entries()].reduce((s, [, t]) => s + [...t.values()].reduce((x, l) => x + l.size, 0), 0);
  const omitted = { nodes: b.nodes.size - nodes.length, edges: total - edges.length };
  if (omitted.nodes > 0 || omitted.edges > 0) {
    const more = `and ${omitted.nodes} more nodes, ${omitted.edges} more edges`;
    nodes.push({ id: 'm1', kind: 'more', title: `… ${more}`, lines: ['raise --max-nodes, or graph one workload with --gateway / --from'], marks: [], codes: [] });
    notes.push(`the graph is cut at ${maxNodes} nodes: ${more} not shown (--max-nodes raises the cap)`);
  }
  return { scope, nodes, edges, omitted, maxNodes, notes };
}
