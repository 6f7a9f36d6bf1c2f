// `gwctl graph -o mermaid|markdown|dot|json`: the graph data (graph.ts) as a Mermaid flowchart (which
// GitHub renders in Markdown and job summaries), as Markdown around it, as Graphviz DOT, or as JSON.
//
// Injection: node ids are ours (`g1`), and every label from the inputs is first made visible
// (escapeText: control characters as `\n`, `\e`...), then encoded for the format. Mermaid: every
// character outside a small safe set is an entity code (`#34;` for `"`, `#35;` for `#`), so no quote,
// bracket, pipe, backtick, `<` or `;` of the input reaches the parser. DOT: a double-quoted string with
// `\` and `"` escaped. No line of the output starts with input text.
import { escapeText, jsonText } from '../escape.js';
import { mdCode } from './diffMarkdown.js';
import { KIND_LEGEND, MARK_LEGEND, usedLegend, type GraphData, type GraphNode, type Mark, type NodeKind } from './graph.js';

// ---------------------------------------------------------------------------------------------- mermaid

const MERMAID_SAFE = /^[A-Za-z0-9 .,:/_*@=+-]$/;

/** One label line as Mermaid text inside `"..."`: safe characters as they are, the rest as `#NNN;`. */
export function mermaidText(s: string): string {
  let out = '';
  for (const c of escapeText(s)) out += MERMAID_SAFE.test(c) ? c : `#${c.codePointAt(0) ?? 63};`;
  return out;
}

const mermaidLabel = (lines: readonly string[]): string => lines.map(mermaidText).join('<br/>');

/** Shape brackets per kind (Mermaid flowchart node shapes). */
const MERMAID_SHAPE: Readonly<Record<NodeKind, readonly [string, string]>> = {
  workload: ['{{', '}}'],
  gateway: ['[[', ']]'],
  listener: ['[', ']'],
  host: ['([', '])'],
  route: ['(', ')'],
  destination: ['[(', ')]'],
  action: ['>', ']'],
  more: ['[', ']'],
};

const KIND_STYLE: Readonly<Record<NodeKind, string>> = {
  workload: 'fill:#ede9fe,stroke:#6d28d9',
  gateway: 'fill:#dbeafe,stroke:#1d4ed8',
  listener: 'fill:#e0f2fe,stroke:#0369a1',
  host: 'fill:#dcfce7,stroke:#15803d',
  route: 'fill:#fef9c3,stroke:#a16207',
  destination: 'fill:#f3e8ff,stroke:#7e22ce',
  action: 'fill:#f5f5f4,stroke:#57534e',
  more: 'fill:#ffffff,stroke:#a8a29e,stroke-dasharray:3 3',
};

/** Mark classes are drawn over the kind's: red for what fails, grey dashes for what is assumed. */
const MARK_STYLE: Readonly<Record<Mark, string>> = {
  'only-404': 'fill:#fecaca,stroke:#b91c1c,stroke-width:3px',
  unbound: 'fill:#fee2e2,stroke:#b91c1c,stroke-width:3px,stroke-dasharray:6 3',
  missing: 'fill:#fee2e2,stroke:#b91c1c,stroke-width:2px,stroke-dasharray:3 3',
  assumed: 'stroke:#78716c,stroke-width:2px,stroke-dasharray:4 4',
};

/** Class names (Mermaid identifiers, ours). */
const markClass = (m: Mark): string => (m === 'only-404' ? 'only404' : m);

const nodeLines = (n: GraphNode): string[] => [n.title, ...n.lines];

export function graphMermaid(g: GraphData): string {
  const out: string[] = ['flowchart LR'];
  for (const n of g.nodes) {
    const [open, close] = MERMAID_SHAPE[n.kind];
    out.push(`  ${n.id}${open}"${mermaidLabel(nodeLines(n))}"${close}`);
  }
  for (const e of g.edges) out.push(e.label === '' ? `  ${e.from} --> ${e.to}` : `  ${e.from} -->|"${mermaidText(e.label)}"| ${e.to}`);
  const legend = usedLegend(g);
  if (legend.marks.length > 0 || legend.kinds.length > 0) {
    out.push('  subgraph legend["Legend"]');
    out.push('    direction TB');
    for (const k of legend.kinds) {
      const [open, close] = MERMAID_SHAPE[k];
      out.push(`    legend_${k}${open}"${mermaidText(KIND_LEGEND[k])}"${close}`);
    }
    for (const m of legend.marks) out.push(`    legend_${markClass(m)}["${mermaidText(MARK_LEGEND[m])}"]`);
    out.push('  end');
  }
  for (const k of legend.kinds) out.push(`  classDef ${k} ${KIND_STYLE[k]}`);
  for (const m of legend.marks) out.push(`  classDef ${markClass(m)} ${MARK_STYLE[m]}`);
  for (const k of legend.kinds) {
    const ids = [...g.nodes.filter((n) => n.kind === k).map((n) => n.id), `legend_${k}`];
    out.push(`  class ${ids.join(',')} ${k}`);
  }
  for (const m of legend.marks) {
    const ids = [...g.nodes.filter((n) => n.marks.includes(m)).map((n) => n.id), `legend_${markClass(m)}`];
    out.push(`  class ${ids.join(',')} ${markClass(m)}`);
  }
  return `${out.join('\n')}\n`;
}

/** A Markdown section for a job summary or a PR comment: the flowchart in a ```mermaid fence, then the notes. */
export function graphMarkdown(g: GraphData): string {
  const counts = `${g.nodes.length} nodes, ${g.edges.length} edges${g.omitted.nodes + g.omitted.edges > 0 ? ` (${g.omitted.nodes} nodes and ${g.omitted.edges} edges left out)` : ''}`;
  const out = ['### gwctl graph', '', `Scope: ${mdCode(g.scope)} — ${counts}`, '', '```mermaid', graphMermaid(g).trimEnd(), '```'];
  // The marked nodes again as text: a summary is read where diagrams are not drawn (mail, a narrow view).
  const marked = g.nodes.filter((n) => n.marks.length > 0);
  if (marked.length > 0) {
    out.push('', '| | node | why |', '| --- | --- | --- |');
    // A listener is named with its Gateway (`Gateway ns/gw servers[0] http`): its title alone is ambiguous.
    const parent = new Map<string, string>();
    const gateways = new Map(g.nodes.filter((n) => n.kind === 'gateway').map((n) => [n.id, n.title] as const));
    for (const e of g.edges) {
      const gw = gateways.get(e.from);
      if (gw !== undefined && !parent.has(e.to)) parent.set(e.to, gw);
    }
    for (const n of marked) {
      const name = n.kind === 'listener' && parent.has(n.id) ? `${parent.get(n.id) ?? ''} ${n.title}` : n.title;
      out.push(`| ${n.marks.includes('assumed') && n.marks.length === 1 ? '⚪' : '🔴'} | ${mdCode(name)} | ${n.marks.map((m) => MARK_LEGEND[m]).join('; ')} |`);
    }
  }
  if (g.notes.length > 0) out.push('', ...g.notes.map((n) => `- ${mdCode(n)}`));
  return `${out.join('\n')}\n`;
}

// -------------------------------------------------------------------------------------------------- dot

/** A DOT double-quoted string: control characters made visible, `\` and `"` escaped. */
export function dotString(s: string): string {
  return `"${escapeText(s).replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** Several lines in one DOT label: the `\n` between them is DOT's own line break. */
const dotLabel = (lines: readonly string[]): string => `"${lines.map((l) => dotString(l).slice(1, -1)).join('\\n')}"`;

const DOT_SHAPE: Readonly<Record<NodeKind, string>> = {
  workload: 'hexagon',
  gateway: 'box3d',
  listener: 'box',
  host: 'oval',
  route: 'box',
  destination: 'cylinder',
  action: 'cds',
  more: 'note',
};

const DOT_FILL: Readonly<Record<NodeKind, string>> = {
  workload: '#ede9fe',
  gateway: '#dbeafe',
  listener: '#e0f2fe',
  host: '#dcfce7',
  route: '#fef9c3',
  destination: '#f3e8ff',
  action: '#f5f5f4',
  more: '#ffffff',
};

const DOT_MARK: Readonly<Record<Mark, string>> = {
  'only-404': 'fillcolor="#fecaca", color="#b91c1c", penwidth=3',
  unbound: 'fillcolor="#fee2e2", color="#b91c1c", penwidth=3, style="filled,dashed"',
  missing: 'fillcolor="#fee2e2", color="#b91c1c", penwidth=2, style="filled,dashed"',
  assumed: 'color="#78716c", penwidth=2, style="filled,dashed"',
};

function dotAttrs(kind: NodeKind, marks: readonly Mark[], label: string): string {
  const style = kind === 'route' ? 'filled,rounded' : 'filled';
  const base = [`label=${label}`, `shape=${DOT_SHAPE[kind]}`, `style="${style}"`, `fillcolor="${DOT_FILL[kind]}"`];
  // The first mark decides the look (MARKS order: what fails before what is assumed).
  const mark = marks[0];
  return mark === undefined ? base.join(', ') : `${base.join(', ')}, ${DOT_MARK[mark]}`;
}

export function graphDot(g: GraphData): string {
  const out = ['digraph gwctl {', '  rankdir=LR;', '  node [fontname="Helvetica", fontsize=11];', '  edge [fontname="Helvetica", fontsize=9];'];
  for (const n of g.nodes) out.push(`  ${n.id} [${dotAttrs(n.kind, n.marks, dotLabel(nodeLines(n)))}];`);
  for (const e of g.edges) out.push(e.label === '' ? `  ${e.from} -> ${e.to};` : `  ${e.from} -> ${e.to} [label=${dotString(e.label)}];`);
  const legend = usedLegend(g);
  if (legend.kinds.length + legend.marks.length > 0) {
    out.push('  subgraph cluster_legend {', '    label="Legend";', '    fontname="Helvetica";');
    for (const k of legend.kinds) out.push(`    legend_${k} [${dotAttrs(k, [], dotString(KIND_LEGEND[k]))}];`);
    for (const m of legend.marks) out.push(`    legend_${markClass(m)} [${dotAttrs('listener', [m], dotString(MARK_LEGEND[m]))}];`);
    out.push('  }');
  }
  out.push('}');
  return `${out.join('\n')}\n`;
}

// ------------------------------------------------------------------------------------------------- json

export function graphJson(g: GraphData): string {
  const legend = usedLegend(g);
  const record = {
    scope: g.scope,
    nodes: g.nodes.map((n) => ({ id: n.id, kind: n.kind, title: n.title, lines: n.lines, ref: n.ref ?? null, marks: n.marks, codes: n.codes })),
    edges: g.edges,
    omitted: g.omitted,
    maxNodes: g.maxNodes,
    legend: { kinds: Object.fromEntries(legend.kinds.map((k) => [k, KIND_LEGEND[k]])), marks: Object.fromEntries(legend.marks.map((m) => [m, MARK_LEGEND[m]])) },
    notes: g.notes,
  };
  return `${jsonText(record, 2)}\n`;
}
