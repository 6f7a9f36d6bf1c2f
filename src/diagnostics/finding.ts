// Findings are data: a code, its typed arguments, the resource and the JSON path of the field.
// Text is made by reporters (via `messageOf`), positions by report/locate.ts.
import { catalog, type ArgsOf, type CatalogEntry, type Code, type Level } from './catalog.js';
import type { Path, Position } from '../load/sourceMap.js';

export interface ResourceRef {
  kind: string;
  namespace: string;
  name: string;
}

/** Where a finding points: a field of a document, or a whole file. */
export interface At {
  file: string;
  /** Index of the document in the file; -1 for the file as a whole. */
  doc: number;
  path: Path;
  /** Exact position when it is known without the source map (e.g. a parse error). */
  position?: Position;
}

type FindingOf<C extends Code> = {
  code: C;
  args: ArgsOf<C>;
  level: Level;
  resource?: ResourceRef;
  at?: At;
  /** The analyzer that reported it, when one did. */
  analyzer?: string;
};

export type Finding = { [C in Code]: FindingOf<C> }[Code];

export function finding<C extends Code>(
  code: C,
  args: ArgsOf<C>,
  where: { at?: At; resource?: ResourceRef; analyzer?: string; level?: Level } = {},
): Finding {
  const f = { code, args, level: where.level ?? catalog[code].level } as FindingOf<C>;
  if (where.resource) f.resource = where.resource;
  if (where.at) f.at = where.at;
  if (where.analyzer) f.analyzer = where.analyzer;
  return f as Finding;
}

export function messageOf(f: Finding): string {
  // One widening: every entry's message takes exactly the args stored with its code.
  const e = catalog[f.code] as CatalogEntry<typeof f.args>;
  return e.message(f.args);
}

export function remedyOf(f: Finding): string {
  return catalog[f.code].remedy;
}

const levelRank: Record<Level, number> = { error: 3, warning: 2, info: 1 };

export function atLeast(level: Level, threshold: Level): boolean {
  return levelRank[level] >= levelRank[threshold];
}

/** `namespace/name`, or just `name` for cluster-scoped resources. */
export function resourceLabel(r: Pick<ResourceRef, 'namespace' | 'name'>): string {
  return r.namespace ? `${r.namespace}/${r.name}` : r.name;
}
