// Route and mirror destinations carry where they are written and make their path when it is read.
// Differential: every destination, with its section, rule and path, equals the list built with the
// paths made up front (the reference below), on every input set.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { destinationPath, mirrorDestinations, routeDestinations, visitMirrorDestinations, visitRouteDestinations, type DestinationVisitor, type RouteDestination } from '../../src/analysis/destinations.js';
import { loadSources } from '../../src/app/load.js';
import type { VirtualService } from '../../src/model/resource.js';
import { inputSets } from '../helpers/inputSets.js';

type Row = [unknown, string, number, readonly (string | number)[]];

function referenceRoutes(vs: VirtualService): Row[] {
  const out: Row[] = [];
  for (const section of ['tcp', 'tls', 'http'] as const) {
    (vs.spec[section] ?? []).forEach((rule, i) => {
      (rule.route ?? []).forEach((rd, j) => out.push([rd.destination, section, i, ['spec', section, i, 'route', j, 'destination']]));
    });
  }
  return out;
}

function referenceMirrors(vs: VirtualService): Row[] {
  const out: Row[] = [];
  (vs.spec.http ?? []).forEach((rule, i) => {
    if (rule.mirror) out.push([rule.mirror, 'http', i, ['spec', 'http', i, 'mirror']]);
    (rule.mirrors ?? []).forEach((m, j) => out.push([m.destination, 'http', i, ['spec', 'http', i, 'mirrors', j, 'destination']]));
  });
  return out;
}

/** Mirrors are rare in the input sets: one VirtualService with both forms, in several rules. */
const MIRRORS = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: mirrored, namespace: shop}
spec:
  hosts: [web]
  http:
  - route: [{destination: {host: web}}]
    mirror: {host: shadow}
  - match: [{uri: {prefix: /a}}]
    route: [{destination: {host: web}}, {destination: {host: web, subset: v2}, weight: 0}]
    mirrors: [{destination: {host: shadow-a}}, {destination: {host: shadow-b}, percentage: {value: 5}}]
`;

test('route and mirror destinations with paths made when read equal the paths made up front, on every input set', () => {
  let routes = 0;
  let mirrors = 0;
  for (const set of [...inputSets(), { name: 'mirrors', files: [{ name: 'm.yaml', bytes: Buffer.from(MIRRORS) }] }]) {
    const ws = loadSources(set.files);
    for (const vs of ws.inputs.ofKind('VirtualService')) {
      const rows = (list: readonly RouteDestination[]): Row[] => list.map((d) => [d.destination, d.section, d.rule, d.path]);
      const r = routeDestinations(vs);
      assert.deepEqual(rows(r), referenceRoutes(vs), `${set.name}: ${vs.namespace}/${vs.name} routes`);
      const m = mirrorDestinations(vs);
      assert.deepEqual(rows(m), referenceMirrors(vs), `${set.name}: ${vs.namespace}/${vs.name} mirrors`);
      // Each read makes a path of its own: a reader that extends it changes no other reader's.
      if (r[0]) assert.notEqual(r[0].path, r[0].path);
      routes += r.length;
      mirrors += m.length;
    }
  }
  assert.ok(routes > 1000, `only ${routes} route destinations compared`);
  assert.ok(mirrors >= 5, `only ${mirrors} mirror destinations compared`);
});

test('the destination visitors tell the destinations of the reference, in its order, with their paths, on every input set (the lists are made from them)', () => {
  let routes = 0;
  let mirrors = 0;
  for (const set of [...inputSets(), { name: 'mirrors', files: [{ name: 'm.yaml', bytes: Buffer.from(MIRRORS) }] }]) {
    const ws = loadSources(set.files);
    for (const vs of ws.inputs.ofKind('VirtualService')) {
      const told = (walk: (vs: VirtualService, visit: DestinationVisitor) => void): Row[] => {
        const out: Row[] = [];
        walk(vs, (destination, section, rule, field, index) => out.push([destination, section, rule, destinationPath(section, rule, field, index)]));
        return out;
      };
      const r = told(visitRouteDestinations);
      assert.deepEqual(r, referenceRoutes(vs), `${set.name}: ${vs.namespace}/${vs.name} routes`);
      const m = told(visitMirrorDestinations);
      assert.deepEqual(m, referenceMirrors(vs), `${set.name}: ${vs.namespace}/${vs.name} mirrors`);
      routes += r.length;
      mirrors += m.length;
    }
  }
  assert.ok(routes > 1000, `only ${routes} route destinations compared`);
  assert.ok(mirrors >= 5, `only ${mirrors} mirror destinations compared`);
});
