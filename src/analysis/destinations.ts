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

export function routeDestinations(vs: VirtualService): RouteDestination[] {
  const out: RouteDestination[] = [];
  for (const section of ['tcp', 'tls', 'http'] as const) {
    (vs.spec[section] ?? []).forEach((rule, i) => {
      (rule.route ?? []).forEach((rd, j) => {
        out.push({ destination: rd.destination, path: ['spec', section, i, 'route', j, 'destination'], section, rule: i });
      });
    });
  }
  return out;
}

export function mirrorDestinations(vs: VirtualService): RouteDestination[] {
  const out: RouteDestination[] = [];
  (vs.spec.http ?? []).forEach((rule, i) => {
    if (rule.mirror) out.push({ destination: rule.mirror, path: ['spec', 'http', i, 'mirror'], section: 'http', rule: i });
    (rule.mirrors ?? []).forEach((m, j) => {
      out.push({ destination: m.destination, path: ['spec', 'http', i, 'mirrors', j, 'destination'], section: 'http', rule: i });
    });
  });
  return out;
}
