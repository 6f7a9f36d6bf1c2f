// Which nodes the graph marks, from the findings of the analyzers that say what is wrong.
import type { Finding } from '../diagnostics/finding.js';
import { fullName } from '../diagnostics/ref.js';
import type { Mark } from '../report/views/graph.js';

/** The analyzers whose findings the graph marks. */
export const MARKING_ANALYZERS = ['gateway/server-without-routes', 'virtualservice/bound-to-nothing', 'virtualservice/destination-not-found', 'virtualservice/subset-not-found'];
const MARKS_OF: Readonly<Record<string, Mark>> = { GW0203: 'only-404', GW0201: 'unbound', IST0101: 'missing', GW0470: 'assumed', GW0471: 'assumed' };

/** The findings the marks come from, by the place they point at. */
export interface Marks {
  /** `ns/name#serverIndex` of input Gateways → GW0203. */
  servers: Set<string>;
  /** `ns/name` of input VirtualServices → GW0201. */
  unbound: Set<string>;
  /** `ns/name#spec.http.0.route.1` (up to the route entry) → marks of the destination there. */
  destinations: Map<string, { mark: Mark; code: string }[]>;
}

export function marksOf(findings: readonly Finding[]): Marks {
  const m: Marks = { servers: new Set(), unbound: new Set(), destinations: new Map() };
  for (const f of findings) {
    const mark = MARKS_OF[f.code];
    const r = f.resource;
    const path = f.at?.path ?? [];
    if (!mark || !r) continue;
    if (f.code === 'GW0203' && r.kind === 'Gateway') m.servers.add(`${fullName(r)}#${String(path[2])}`);
    else if (f.code === 'GW0201') m.unbound.add(fullName(r));
    else if (r.kind === 'VirtualService' && path[0] === 'spec') {
      const at = `${fullName(r)}#${path.slice(0, 5).join('.')}`;
      const list = m.destinations.get(at);
      if (list) list.push({ mark, code: f.code });
      else m.destinations.set(at, [{ mark, code: f.code }]);
    }
  }
  return m;
}
