// Mistakes and their corrected twins: every `<case>-fixed.yaml` under fixtures/analyzers sits beside
// the `<case>.yaml` whose mistake it corrects, and the whole `analyze` (every analyzer, the CLI's
// settings) reports nothing at warning or error level on it; on the mistake it reports every code the
// mistake's `# expect:` markers name (at their own level, info included).
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { analyze } from '../../src/app/analyze.js';
import { loadSources } from '../../src/app/load.js';
import { findingRecords } from '../../src/app/records.js';
import { repoRoot } from '../helpers/paths.js';
import { expectedMarkers } from './fixtures.js';

const root = path.join(repoRoot, 'fixtures', 'analyzers');
const twins = readdirSync(root, { recursive: true })
  .map(String)
  .filter((f) => f.endsWith('-fixed.yaml'))
  .sort();

function findings(file: string, outputThreshold: 'info' | 'warning'): string[] {
  const ws = loadSources([{ name: path.relative(repoRoot, file), bytes: readFileSync(file) }]);
  return findingRecords(ws, analyze(ws, { outputThreshold }).shown).map((r) => `${r.code} ${r.file}:${r.line} ${r.message}`);
}

test('there are corrected twins', () => assert.ok(twins.length > 0));

for (const twin of twins) {
  const fixed = path.join(root, twin);
  const mistake = fixed.replace(/-fixed\.yaml$/, '.yaml');
  test(`corrected twin ${twin}: no warning or error from any analyzer`, () => {
    assert.ok(existsSync(mistake), `${path.relative(root, mistake)} (the mistake it corrects) exists`);
    assert.deepEqual(expectedMarkers(readFileSync(fixed, 'utf8')), [], 'a twin expects nothing');
    assert.deepEqual(findings(fixed, 'warning'), []);
  });
  test(`mistake ${path.relative(root, mistake)}: the whole analyze reports what it expects`, () => {
    const expected = [...new Set(expectedMarkers(readFileSync(mistake, 'utf8')).map((m) => m.code))].sort();
    assert.ok(expected.length > 0, 'a mistake expects a finding');
    const found = new Set(findings(mistake, 'info').map((s) => s.split(' ')[0] ?? ''));
    assert.deepEqual(expected.filter((c) => !found.has(c)), [], `found ${[...found].join(', ')}`);
  });
}
