// Every destination of a VirtualService with the JSON path of its host, in the order Istio's
// analyzers visit them (tcp, tls, http routes; then http mirrors).
import type { Path } from '../load/sourceMap.js';
import type { Destination } from '../schema/kinds/virtualService.js';
import type { VirtualService } from '../model/resource.js';

export interface RouteDestination {
  destination: Destination;
  /** Path of `destination` from the object root. */
  path: Path;
  section: 'tcp' | 'tls' | 'http';
  rule: number;
}

/** Each VirtualService's lists, built once per run for the several analyzers that read them (read only). */
const routeLists = new WeakMap<VirtualService, readonly RouteDestination[]>();
const mirrorLists = new WeakMap<VirtualService, readonly RouteDestination[]>();

export function routeDestinations(vs: VirtualService): readonly RouteDestination[] {
  let list = routeLists.get(vs);
  if (!list) routeLists.set(vs, (list = buildRouteDestinations(vs)));
  return list;
}

export function mirrorDestinations(vs: VirtualService): readonly RouteDestination[] {
  let list = mirrorLists.get(vs);
  if (!list) mirrorLists.set(vs, (list = buildMirrorDestinations(vs)));
  return list;
}

// Indexed loops: these run once per VirtualService in code that runs once (cold), where iterators and
// callbacks cost more than the work.
const SECTIONS = ['tcp', 'tls', 'http'] as const;

function buildRouteDestinations(vs: VirtualService): RouteDestination[] {
  const out: RouteDestination[] = [];
  for (let s = 0; s < SECTIONS.length; s++) {
    const section = SECTIONS[s] as (typeof SECTIONS)[number];
    const rules: readonly { route?: readonly { destination: Destination }[] }[] = vs.spec[section] ?? [];
    for (let i = 0; i < rules.length; i++) {
      const route = rules[i]?.route ?? [];
      for (let j = 0; j < route.length; j++) {
        const rd = route[j];
        if (rd === undefined) continue;
        out.push({ destination: rd.destination, path: ['spec', section, i, 'route', j, 'destination'], section, rule: i });
      }
    }
  }
  return out;
}

function buildMirrorDestinations(vs: VirtualService): RouteDestination[] {
  const out: RouteDestination[] = [];
  const rules = vs.spec.http ?? [];
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i];
    if (rule === undefined) continue;
    if (rule.mirror) out.push({ destination: rule.mirror, path: ['spec', 'http', i, 'mirror'], section: 'http', rule: i });
    const mirrors = rule.mirrors ?? [];
    for (let j = 0; j < mirrors.length; j++) {
      const m = mirrors[j];
      if (m === undefined) continue;
      out.push({ destination: m.destination, path: ['spec', 'http', i, 'mirrors', j, 'destination'], section: 'http', rule: i });
    }
  }
  return out;
}
