// Every destination of a VirtualService with the JSON path of its host, in the order Istio's
// analyzers visit them (tcp, tls, http routes; then http mirrors).
import type { Path } from '../load/sourceMap.js';
import type { Destination } from '../schema/kinds/virtualService.js';
import type { VirtualService } from '../model/resource.js';
import { NO_ITEMS } from '../model/empty.js';

export interface RouteDestination {
  readonly destination: Destination;
  /** Path of `destination` from the object root (made when read: analyzers read it to report only). */
  readonly path: Path;
  readonly section: 'tcp' | 'tls' | 'http';
  readonly rule: number;
}

/** Where a destination is written: `route[index].destination`, `mirror`, or `mirrors[index].destination`. */
export type Field = 'route' | 'mirror' | 'mirrors';

export type Section = RouteDestination['section'];

/** The JSON path of a destination written at (section, rule, field, index). */
export function destinationPath(section: Section, rule: number, field: Field, index: number): Path {
  return field === 'mirror' ? ['spec', section, rule, 'mirror'] : ['spec', section, rule, field, index, 'destination'];
}

/**
 * Told each destination and where it is written (its path is destinationPath of the same), in
 * routeDestinations' (or mirrorDestinations') order, without an object per destination: for the
 * analyzers that walk every destination once and report few.
 */
export type DestinationVisitor = (destination: Destination, section: Section, rule: number, field: Field, index: number) => void;

/** A destination and where it is, its path made only when asked (tens of thousands are listed, few reported). */
class Located implements RouteDestination {
  constructor(
    readonly destination: Destination,
    readonly section: 'tcp' | 'tls' | 'http',
    readonly rule: number,
    private readonly field: Field,
    private readonly index: number,
  ) {}
  get path(): Path {
    return destinationPath(this.section, this.rule, this.field, this.index);
  }
}

// The lists are made at each call, not kept per VirtualService for the analyzers that read them
// (destination-not-found, subset-not-found): made again, a list dies young; kept for the run,
// every list (some 3 MB on shape A at 20k resources) is copied by each young-generation collection
// until it is promoted. A VirtualService without such destinations (most have no mirror) gets the
// shared empty list. Indexed loops: these run per VirtualService in code that runs once (cold),
// where iterators and callbacks cost more than the work.
const SECTIONS = ['tcp', 'tls', 'http'] as const;

export function routeDestinations(vs: VirtualService): readonly RouteDestination[] {
  return listed(vs, visitRouteDestinations);
}

export function mirrorDestinations(vs: VirtualService): readonly RouteDestination[] {
  return listed(vs, visitMirrorDestinations);
}

/** What `walk` visits, as a list (the shared empty list when it visits nothing). */
function listed(vs: VirtualService, walk: (vs: VirtualService, visit: DestinationVisitor) => void): readonly RouteDestination[] {
  let out: RouteDestination[] | undefined;
  walk(vs, (destination, section, rule, field, index) => {
    (out ??= []).push(new Located(destination, section, rule, field, index));
  });
  return out ?? NO_ITEMS;
}

/** routeDestinations(vs), each told to `visit` in order: nothing is made. */
export function visitRouteDestinations(vs: VirtualService, visit: DestinationVisitor): void {
  for (let s = 0; s < SECTIONS.length; s++) {
    const section = SECTIONS[s] as (typeof SECTIONS)[number];
    const rules: readonly { route?: readonly { destination: Destination }[] }[] = vs.spec[section] ?? NO_ITEMS;
    for (let i = 0; i < rules.length; i++) {
      const route = rules[i]?.route ?? NO_ITEMS;
      for (let j = 0; j < route.length; j++) {
        const rd = route[j];
        if (rd !== undefined) visit(rd.destination, section, i, 'route', j);
      }
    }
  }
}

/** mirrorDestinations(vs), each told to `visit` in order: nothing is made. */
export function visitMirrorDestinations(vs: VirtualService, visit: DestinationVisitor): void {
  const rules = vs.spec.http ?? NO_ITEMS;
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i];
    if (rule === undefined) continue;
    if (rule.mirror) visit(rule.mirror, 'http', i, 'mirror', 0);
    const mirrors = rule.mirrors ?? NO_ITEMS;
    for (let j = 0; j < mirrors.length; j++) {
      const m = mirrors[j];
      if (m !== undefined) visit(m.destination, 'http', i, 'mirrors', j);
    }
  }
}
