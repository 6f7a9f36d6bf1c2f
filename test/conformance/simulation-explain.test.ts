// Peer suite: Istio's traffic-simulation calls run through `explain`. Prints `N passed, M failed`;
// failures must be listed in simulation-explain.known-failures.json with a reason, and the list only
// shrinks: a listed call that now passes fails the test until it is removed.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { repoRoot, sharedRoot } from '../helpers/paths.js';
import { runSimulationSuite } from './simulationRunner.js';

const knownFailures = JSON.parse(readFileSync(path.join(repoRoot, 'test', 'conformance', 'simulation-explain.known-failures.json'), 'utf8')) as Record<string, string>;

test('istio-simulation calls through explain', () => {
  const results = runSimulationSuite(sharedRoot);
  const inScope = results.filter((r) => r.scope === 'in');
  const passed = inScope.filter((r) => r.ok);
  const failed = inScope.filter((r) => !r.ok);
  const outOfScope = new Map<string, number>();
  for (const r of results) if (r.scope === 'out') outOfScope.set(r.reason ?? '', (outOfScope.get(r.reason ?? '') ?? 0) + 1);
  console.log(`${passed.length} passed, ${failed.length} failed (${results.length - inScope.length} calls out of scope)`);
  for (const [why, n] of outOfScope) console.log(`  out of scope (${n}): ${why}`);
  assert.ok(inScope.length > 50, 'the suite should run the in-scope gateway and sidecar HTTP calls');
  const unexpected = failed.filter((r) => knownFailures[r.id] === undefined).map((r) => `${r.id}: ${r.reason ?? ''}`);
  assert.deepEqual(unexpected, [], 'new failures (fix them; the known-failures list only shrinks)');
  const fixed = passed.filter((r) => knownFailures[r.id] !== undefined).map((r) => r.id);
  assert.deepEqual(fixed, [], 'these calls now pass: remove them from simulation-explain.known-failures.json');
  const stale = Object.keys(knownFailures).filter((id) => !results.some((r) => r.id === id && r.scope === 'in'));
  assert.deepEqual(stale, [], 'known failures that are no longer in-scope calls');
});
