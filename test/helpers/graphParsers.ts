// Parsers for what `gwctl graph` prints, run in Node without a browser: Mermaid's own parser (the
// `mermaid` package: the flowchart grammar GitHub renders with) and Graphviz compiled to WebAssembly
// (@viz-js/viz: the real `dot` parser). Both give back the nodes, edges and labels they read, so a
// test can check that what was meant is exactly what a renderer would draw.
import DOMPurify from 'dompurify';

export interface ParsedGraph {
  /** id -> label text as the renderer reads it (entity codes decoded). */
  nodes: Map<string, string>;
  edges: { from: string; to: string; label: string }[];
}

/** Mermaid's flowchart database after parsing, the part these tests read. */
interface FlowDb {
  getVertices(): Map<string, { id: string; text?: string }>;
  getEdges(): { start: string; end: string; text?: string }[];
}
interface MermaidApi {
  initialize(config: Record<string, unknown>): void;
  parse(text: string): Promise<unknown>;
  mermaidAPI: { getDiagramFromText(text: string): Promise<{ db: unknown }> };
}

const isFlowDb = (db: unknown): db is FlowDb =>
  typeof db === 'object' && db !== null && 'getVertices' in db && 'getEdges' in db;

let mermaidApi: Promise<MermaidApi> | undefined;

/**
 * Mermaid sanitizes labels with DOMPurify, which needs a DOM: without one it has no hooks and no
 * sanitize. Parsing needs neither (it is the grammar we test), so they are made inert here.
 */
function loadMermaid(): Promise<MermaidApi> {
  for (const name of ['addHook', 'removeHook', 'removeHooks', 'removeAllHooks']) {
    if (typeof Reflect.get(DOMPurify, name) !== 'function') Reflect.set(DOMPurify, name, (): void => undefined);
  }
  if (typeof Reflect.get(DOMPurify, 'sanitize') !== 'function') Reflect.set(DOMPurify, 'sanitize', (s: unknown): string => String(s));
  return (mermaidApi ??= import('mermaid').then((m) => {
    const api: MermaidApi = m.default;
    api.initialize({ startOnLoad: false, securityLevel: 'strict' });
    return api;
  }));
}

/** Mermaid's entity codes back to text: its lexer keeps `#quot;` / `#35;` as placeholders; the renderer turns them into characters. */
export function decodeMermaid(text: string): string {
  const html = text.replace(/ﬂ°°/g, '&#').replace(/ﬂ°/g, '&').replace(/¶ß/g, ';');
  const named: Record<string, string> = { quot: '"', amp: '&', lt: '<', gt: '>', apos: "'" };
  return html.replace(/&(#\d+|[a-z]+);/g, (m, code: string) => (code.startsWith('#') ? String.fromCodePoint(Number(code.slice(1))) : (named[code] ?? m)));
}

export async function parseMermaid(text: string): Promise<ParsedGraph> {
  const api = await loadMermaid();
  await api.parse(text);
  const { db } = await api.mermaidAPI.getDiagramFromText(text);
  if (!isFlowDb(db)) throw new Error('not a flowchart');
  const nodes = new Map<string, string>();
  for (const v of db.getVertices().values()) nodes.set(v.id, decodeMermaid(v.text ?? v.id));
  const edges = db.getEdges().map((e) => ({ from: e.start, to: e.end, label: decodeMermaid(e.text ?? '') }));
  return { nodes, edges };
}

interface VizObject {
  name: string;
  label?: string;
  nodes?: number[];
  _gvid: number;
}
interface VizJson {
  objects?: VizObject[];
  edges?: { tail: number; head: number; label?: string }[];
}

/** Graphviz's parse (the wasm build of `dot`): nodes and edges with their labels as DOT strings unescaped. */
export async function parseDot(text: string): Promise<ParsedGraph> {
  const { instance } = await import('@viz-js/viz');
  const viz = await instance();
  const r = viz.render(text, { format: 'json0' });
  if (r.status !== 'success') throw new Error(`dot: ${r.errors.map((e) => e.message).join('; ')}`);
  const json = JSON.parse(r.output ?? '{}') as VizJson;
  const objects = (json.objects ?? []).filter((o) => o.nodes === undefined);
  const byGvid = new Map(objects.map((o) => [o._gvid, o.name] as const));
  const nodes = new Map(objects.map((o) => [o.name, unescapeDot(o.label ?? '')] as const));
  const edges = (json.edges ?? []).map((e) => ({ from: byGvid.get(e.tail) ?? '', to: byGvid.get(e.head) ?? '', label: unescapeDot(e.label ?? '') }));
  return { nodes, edges };
}

/** A DOT label as Graphviz draws it: `\n` a line break (shown as LF), `\\` a backslash, `\"` a quote. */
function unescapeDot(s: string): string {
  return s.replace(/\\(.)/g, (_m, c: string) => (c === 'n' ? '\n' : c));
}
