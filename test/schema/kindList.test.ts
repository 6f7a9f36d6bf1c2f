// The one list of kinds (src/schema/kinds/index.ts) and what derives from it: the registry lookup, the
// Resource union, cluster scope, display names and the analyzers' input kinds.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { InputKind } from '../../src/analysis/defineAnalyzer.js';
import { EXTRA_INPUTS } from '../../src/analysis/defineAnalyzer.js';
import { ANALYZERS } from '../../src/analysis/analyzers/index.js';
import { KINDS } from '../../src/schema/kinds/index.js';
import { lookupKind } from '../../src/schema/registry.js';
import { CLUSTER_SCOPED, displayKind, isKind, MODELLED_KINDS, type Kind, type Resource } from '../../src/schema/resource.js';

// Compile-time: the union, its kinds and the analyzers' inputs are exactly the list's.
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const sameKinds: Equal<Kind, (typeof KINDS)[number]['kind']> = true;
const sameResources: Equal<Resource['kind'], Kind> = true;
const sameInputs: Equal<InputKind, Kind | (typeof EXTRA_INPUTS)[number]> = true;

test('kind names are unique and every definition is found by its own apiVersion and kind', () => {
  assert.ok(sameKinds && sameResources && sameInputs);
  const names = KINDS.map((k) => k.kind);
  assert.equal(new Set(names).size, names.length);
  for (const def of KINDS) {
    for (const v of def.versions) {
      const apiVersion = def.group ? `${def.group}/${v}` : v;
      const found = lookupKind(apiVersion, def.documentKind ?? def.kind);
      assert.ok('found' in found && found.found === def, `${apiVersion} ${def.documentKind ?? def.kind} -> ${def.kind}`);
    }
  }
});

test('cluster scope, display names and isKind come from the definitions', () => {
  assert.deepEqual([...CLUSTER_SCOPED].sort(), KINDS.filter((k) => k.clusterScoped).map((k) => k.kind).sort());
  assert.deepEqual([...CLUSTER_SCOPED].sort(), ['CustomResourceDefinition', 'GatewayClass', 'IngressClass', 'Namespace', 'Node']);
  assert.equal(displayKind('KubernetesGateway'), 'Gateway');
  assert.equal(displayKind('VirtualService'), 'VirtualService');
  assert.deepEqual(MODELLED_KINDS, KINDS.map((k) => k.kind));
  for (const k of MODELLED_KINDS) assert.ok(isKind(k));
  for (const extra of EXTRA_INPUTS) assert.ok(!isKind(extra), `${extra} is not a modelled kind`);
});

test('analyzer inputs are modelled kinds or declared extras', () => {
  const allowed = new Set<string>([...MODELLED_KINDS, ...EXTRA_INPUTS]);
  for (const a of ANALYZERS) for (const k of a.inputs) assert.ok(allowed.has(k), `${a.name}: ${k}`);
});
