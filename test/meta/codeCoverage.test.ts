// Every catalogue code is produced by at least one test. A code counts when a data-driven fixture
// expects it and that fixture's own test checks it is produced:
//   - analyzer fixtures' `# expect:` markers (test/analysis/analyzers.test.ts: exactly these),
//   - explain scenario causes (fixtures/explain/scenarios.yaml, test/explain/scenarios.test.ts),
//   - loading cases (fixtures/load/cases.yaml, test/load/cases.test.ts: exactly these).
// A new code without a fixture fails here, as does a retired code coming back.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { ANALYZERS } from '../../src/analysis/analyzers/index.js';
import { codes, RETIRED_CODES } from '../../src/diagnostics/catalog.js';
import { expectedMarkers } from '../analysis/fixtures.js';
import { readScenarios } from '../explain/scenarioTable.js';
import { repoRoot } from '../helpers/paths.js';
import { readLoadCases } from '../load/caseTable.js';

const SOURCES = ['fixtures/analyzers/', 'fixtures/explain/scenarios.yaml', 'fixtures/load/cases.yaml'] as const;

/** Where each code is expected: code -> the fixtures that expect it. */
function expectedCodes(): Map<string, string[]> {
  const where = new Map<string, string[]>();
  const add = (code: string, fixture: string): void => {
    const list = where.get(code);
    if (list) list.push(fixture);
    else where.set(code, [fixture]);
  };
  for (const a of ANALYZERS) {
    const dir = path.join(repoRoot, 'fixtures', 'analyzers', a.name);
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.yaml'))) {
      for (const m of expectedMarkers(readFileSync(path.join(dir, f), 'utf8'))) add(m.code, `fixtures/analyzers/${a.name}/${f}:${m.line}`);
    }
  }
  for (const s of readScenarios()) for (const c of s.causes ?? []) add(c.code, `fixtures/explain/scenarios.yaml: ${s.name}`);
  for (const c of readLoadCases()) for (const code of c.expect) add(code, `fixtures/load/cases.yaml: ${c.name}`);
  return where;
}

test('every catalogue code is expected by a fixture whose test checks it', () => {
  const where = expectedCodes();
  const sources = [...where.values()].flat();
  for (const source of SOURCES) assert.ok(sources.some((at) => at.startsWith(source)), `${source} expects no code: is it still read?`);
  const missing = codes().filter((c) => !where.has(c));
  assert.deepEqual(missing, [], `codes no test produces: ${missing.join(', ')} (add an analyzer fixture, an explain scenario or a loading case)`);
});

test('fixtures expect only catalogue codes', () => {
  const known = new Set<string>(codes());
  const unknown = [...expectedCodes().entries()].filter(([c]) => !known.has(c)).map(([c, at]) => `${c} (${at.join('; ')})`);
  assert.deepEqual(unknown, []);
});

test('retired codes stay out of the catalogue', () => {
  const live = new Set<string>(codes());
  assert.deepEqual(RETIRED_CODES.filter((c) => live.has(c)), []);
});
