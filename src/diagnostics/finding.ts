// Findings are data: a code, its typed arguments (refs, sites, lists; see catalog.ts), the resource
// and the JSON path of the field. src/report renders the text and src/load/locate.ts the position.
import { catalog, type ArgsOf, type Code, type Level } from './catalog.js';
import type { At } from './path.js';
import type { ResourceRef } from './ref.js';
import type { Text } from './text.js';

export type { At } from './path.js';
export type { ResourceRef } from './ref.js';

type FindingOf<C extends Code> = {
  code: C;
  args: ArgsOf<C>;
  level: Level;
  resource?: ResourceRef;
  at?: At;
  /** The analyzer that reported it, when one did. */
  analyzer?: string;
  /** The fix for this finding, when what to change is known (names, hosts, sites); else the catalogue's remedy applies. */
  fix?: Text;
};

export type Finding = { [C in Code]: FindingOf<C> }[Code];

export function finding<C extends Code>(
  code: C,
  args: ArgsOf<C>,
  where: { at?: At; resource?: ResourceRef; analyzer?: string; level?: Level; fix?: Text } = {},
): Finding {
  const f = { code, args, level: where.level ?? catalog[code].level } as FindingOf<C>;
  if (where.resource) f.resource = where.resource;
  if (where.at) f.at = where.at;
  if (where.analyzer) f.analyzer = where.analyzer;
  if (where.fix) f.fix = where.fix;
  return f as Finding;
}

export function remedyOf(f: Finding): string {
  return catalog[f.code].remedy;
}

const levelRank: Record<Level, number> = { error: 3, warning: 2, info: 1 };

export function atLeast(level: Level, threshold: Level): boolean {
  return levelRank[level] >= levelRank[threshold];
}
