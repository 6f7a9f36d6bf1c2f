// Both YAML readers on every YAML document of the corpus, the peer suites and our fixtures: the fast
// reader (load/fastYaml.ts) reads each exactly as js-yaml does, or hands it to js-yaml.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { chunkPosition } from '../../src/load/chunkPositions.js';
import { parseFile, sourceChunks } from '../../src/load/parseDocuments.js';
import { useFastYaml } from '../../src/load/parseChunk.js';
import { repoRoot, sharedRoot } from '../helpers/paths.js';
import { checkDocument, difference } from './fastYamlEquality.js';

const ROOTS = [path.join(sharedRoot, 'corpus'), path.join(sharedRoot, 'conformance'), path.join(repoRoot, 'fixtures'), path.join(repoRoot, 'test')];

function yamlFiles(dir: string, out: string[]): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yamlFiles(p, out);
    else if (e.isFile() && /\.ya?ml$/i.test(e.name)) out.push(p);
  }
  return out;
}

test('the fast YAML reader equals js-yaml on every YAML document of the corpus, or falls back', () => {
  const files = ROOTS.flatMap((r) => yamlFiles(r, []));
  assert.ok(files.length > 500, `only ${files.length} YAML files found`);
  let documents = 0;
  let handled = 0;
  let invalid = 0;
  const fellBack: string[] = [];
  for (const file of files) {
    const chunks = sourceChunks({ name: file, bytes: readFileSync(file) });
    chunks.forEach((chunk, i) => {
      if (chunk.json) return;
      documents++;
      const label = `${path.relative(repoRoot, file)} document ${i}`;
      const outcome = checkDocument(chunk.text, label);
      if (outcome.handled) handled++;
      else if (outcome.jsYamlError) invalid++;
      else fellBack.push(`${label}: ${outcome.where}`);
    });
  }
  const valid = documents - invalid;
  const share = handled / valid;
  process.stdout.write(`fast YAML reader: ${handled} of ${valid} valid documents (${(share * 100).toFixed(1)}%) in ${files.length} files; ${invalid} invalid ones left to js-yaml\n`);
  if (process.env['GWCTL_FAST_YAML_DEBUG']) for (const f of fellBack) process.stdout.write(`  fell back: ${f}\n`);
  assert.ok(share > 0.95, `the fast reader handles only ${(share * 100).toFixed(1)}% of the corpus's valid documents`);
});

test('parseFile reads every corpus file the same with and without the fast reader (documents, findings, positions)', () => {
  const files = ROOTS.flatMap((r) => yamlFiles(r, []));
  const was = useFastYaml(false);
  try {
    for (const file of files) {
      const source = { name: file, bytes: readFileSync(file) };
      useFastYaml(false);
      const slow = parseFile(source);
      useFastYaml(true);
      const quick = parseFile(source);
      const label = path.relative(repoRoot, file);
      assert.equal(quick.documents.length, slow.documents.length, label);
      quick.documents.forEach((d, i) => {
        const s = slow.documents[i];
        // `fresh` says which reader made the value (js-yaml's may share objects): it differs by design.
        assert.deepEqual({ ...d, value: undefined, fresh: undefined }, { ...s, value: undefined, fresh: undefined }, label);
        const diff = difference(s?.value, d.value, []);
        assert.equal(diff, undefined, `${label} document ${i}: ${diff ?? ''}`);
        assert.deepEqual(chunkPosition(quick.chunks, d.doc, d.base), chunkPosition(slow.chunks, d.doc, d.base), label);
      });
      assert.deepEqual(quick.findings, slow.findings, label);
    }
  } finally {
    useFastYaml(was);
  }
});
