// A cause = a catalogue finding (code, message, where) plus a concrete fix naming file:line.
import type { ArgsOf, Code } from '../../diagnostics/catalog.js';
import { finding, messageOf } from '../../diagnostics/finding.js';
import type { Path } from '../../load/sourceMap.js';
import { refOf, type Resource } from '../../model/resource.js';
import type { ExplainModel } from '../model.js';
import type { Cause } from '../types.js';

export interface CauseSite {
  resource?: Resource;
  /** Path inside the resource, e.g. ['spec', 'hosts']. */
  path?: Path;
}

/** `vs.yaml:7`: where a fix should be made. */
export function siteLabel(model: ExplainModel, site: CauseSite): string {
  if (!site.resource) return '';
  const o = site.resource.origin;
  const loc = model.locate({ file: o.file, doc: o.doc, path: [...o.base, ...(site.path ?? [])] });
  return `${loc.file}:${loc.line}`;
}

export function makeCause<C extends Code>(model: ExplainModel, code: C, args: ArgsOf<C>, site: CauseSite, fix: (where: string) => string): Cause {
  const r = site.resource;
  const f = finding(code, args, r ? { resource: refOf(r), at: { file: r.origin.file, doc: r.origin.doc, path: [...r.origin.base, ...(site.path ?? [])] } } : {});
  const loc = f.at ? model.locate(f.at) : undefined;
  return {
    code,
    level: f.level,
    message: messageOf(f),
    resource: f.resource ?? null,
    file: loc?.file ?? null,
    line: loc?.line ?? null,
    column: loc?.column ?? null,
    fix: fix(siteLabel(model, site)),
  };
}

export const label = (r: { namespace: string; name: string }): string => `${r.namespace}/${r.name}`;
