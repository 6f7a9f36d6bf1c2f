// The istio-analyze peer suite: every case must match Istio's expectations as a multiset of
// (code, resource), except the ones listed with a reason in peer-known-failures.json (which may only
// shrink: a listed case that passes fails this test until it is removed from the list).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../helpers/paths.js';
import { expectedPairs, loadCase, runCase, suiteRoot } from './peerSuite.js';

const known = JSON.parse(readFileSync(path.join(repoRoot, 'test', 'analysis', 'peer-known-failures.json'), 'utf8')) as Record<string, string>;
const slugs = readdirSync(path.join(suiteRoot, 'cases')).sort();

test('istio-analyze peer suite', () => {
  let passed = 0;
  const failed: string[] = [];
  const problems: string[] = [];
  for (const slug of slugs) {
    const c = loadCase(slug);
    let actual: string[];
    try {
      actual = runCase(c).actual;
    } catch (e) {
      actual = [`crash: ${e instanceof Error ? e.message : String(e)}`];
    }
    const expected = expectedPairs(c);
    const ok = JSON.stringify(actual) === JSON.stringify(expected);
    if (ok) passed++;
    else failed.push(slug);
    if (ok && known[slug]) problems.push(`${slug} passes now: remove it from peer-known-failures.json`);
    if (!ok && !known[slug]) problems.push(`${slug}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
  for (const slug of Object.keys(known)) if (!slugs.includes(slug)) problems.push(`${slug} is listed as a known failure but is not a case`);
  console.log(`istio-analyze peer suite: ${passed} passed, ${failed.length} failed${failed.length ? ` (${failed.join(', ')})` : ''}`);
  assert.deepEqual(problems, []);
});
