// A cause = a catalogue finding (code, arguments, where) plus a concrete fix. Both stay data (refs,
// sites, texts) until src/report renders them, as it renders analyze's findings.
import type { ArgsOf, Code } from '../../diagnostics/catalog.js';
import { finding } from '../../diagnostics/finding.js';
import type { At, Path } from '../../diagnostics/path.js';
import { site, type Text } from '../../diagnostics/text.js';
import { refOf, type Resource } from '../../model/resource.js';
import type { Cause } from '../types.js';

export interface CauseSite {
  resource?: Resource;
  /** Path inside the resource, e.g. ['spec', 'hosts']. */
  path?: Path;
}

/** Where the fix should be made, printed `file:line` inside a text; '' when the cause names no resource. */
export type Where = { site: At } | '';

export function makeCause<C extends Code>(code: C, args: ArgsOf<C>, where: CauseSite, fix: (at: Where) => Text): Cause {
  const r = where.resource;
  const at: At | undefined = r ? { file: r.origin.file, doc: r.origin.doc, path: [...r.origin.base, ...(where.path ?? [])] } : undefined;
  const f = finding(code, args, r && at ? { resource: refOf(r), at } : {});
  return { finding: f, fix: fix(at ? site(at) : '') };
}
