// Each analyzer over each of its fixtures: the {code, line} pairs found must equal the file's
// `# expect:` markers (a file without markers asserts silence). Adding a case means adding a file.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { ANALYZERS } from '../../src/analysis/analyzers/index.js';
import { repoRoot } from '../helpers/paths.js';
import { expectedMarkers, runFixture } from './fixtures.js';

const key = (x: { code: string; line: number }): string => `${x.code}@${x.line}`;

for (const a of ANALYZERS) {
  const dir = path.join(repoRoot, 'fixtures', 'analyzers', a.name);
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort() : [];
  for (const f of files) {
    test(`${a.name}: ${f}`, () => {
      const file = path.join(dir, f);
      const expected = expectedMarkers(readFileSync(file, 'utf8')).map(key).sort();
      const { hits } = runFixture(a.name, path.relative(repoRoot, file));
      assert.deepEqual(hits.map(key).sort(), expected, JSON.stringify(hits));
      assert.ok(hits.every((h) => h.resource !== ''), 'every finding names its resource');
    });
  }
}
