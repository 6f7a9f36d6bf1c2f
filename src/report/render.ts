// The one renderer of findings: a finding's arguments (refs, sites, lists, texts) become the message
// every command prints, so a code reads the same in analyze, validate and explain.
import { capItems, capList, catalog, type CatalogEntry, type Render } from '../diagnostics/catalog.js';
import type { Finding } from '../diagnostics/finding.js';
import { fullName, workloadName } from '../diagnostics/ref.js';
import type { Text } from '../diagnostics/text.js';
import type { Locator } from '../load/locate.js';

export function renderer(locate: Locator): Render {
  const site: Render['site'] = (at) => {
    const l = locate(at);
    return `${l.file}:${l.line}`;
  };
  const text = (t: Text): string => t.parts.map((p) => (typeof p === 'string' ? p : 'ref' in p ? fullName(p.ref) : site(p.site))).join('');
  return {
    name: (r) => (r === 'mesh' ? r : fullName(r)),
    resource: (r) => `${r.kind} ${fullName(r)}`,
    // Every list in a message is capped (the first ten, then "and N more"): output grows linearly
    // with the input even when one finding names thousands of resources.
    names: (rs, sep, empty = '') => (rs.length === 0 ? empty : capItems(rs, fullName, sep)),
    workload: workloadName,
    join: (items, sep, empty = '') => (items.length === 0 ? empty : capItems(items, String, sep)),
    list: (items, sep = ', ', empty = '') => (items.length === 0 ? empty : capList(items, sep)),
    site,
    text,
  };
}

/** The message of a finding. */
export function messageOf(f: Finding, render: Render): string {
  // One widening: every entry's message takes exactly the args stored with its code.
  const e = catalog[f.code] as CatalogEntry<typeof f.args>;
  return e.message(f.args, render);
}
