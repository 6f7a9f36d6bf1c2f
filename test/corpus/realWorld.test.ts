// Every real-world manifest loads without a crash, and the kinds per file match the corpus index.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseFile } from '../../src/load/parseDocuments.js';
import { loadSources } from '../../src/app/load.js';
import { sharedRoot } from '../helpers/paths.js';

interface IndexEntry {
  file: string;
  kinds: Record<string, number>;
}

const corpus = path.join(sharedRoot, 'corpus', 'real-world');
const entries = JSON.parse(readFileSync(path.join(corpus, 'index.json'), 'utf8')) as IndexEntry[];

test(`real-world corpus: ${entries.length} files load, kinds match index.json`, () => {
  let resources = 0;
  for (const e of entries) {
    const bytes = readFileSync(path.join(corpus, e.file));
    const parsed = parseFile({ name: e.file, bytes });
    assert.deepEqual(parsed.findings, [], `${e.file}: unexpected loader findings`);
    const kinds: Record<string, number> = {};
    for (const d of parsed.documents) {
      const kind = (d.value as { kind?: unknown }).kind;
      if (typeof kind === 'string') kinds[kind] = (kinds[kind] ?? 0) + 1;
    }
    assert.deepEqual(kinds, e.kinds, e.file);
    const model = loadSources([{ name: e.file, bytes }]);
    resources += model.stats.resources;
  }
  assert.ok(resources > 200, `only ${resources} resources modelled`);
});
