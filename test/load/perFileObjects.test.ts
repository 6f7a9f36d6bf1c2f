// The objects made for every file read (src/load/readInputs.ts) and checked (src/schema/validateFiles.ts)
// carry no accessor of their own: V8 stores an object literal's getter in an accessor pair made in the
// old generation, which keeps the getter's closure, and what it holds (the file's text), alive through
// every scavenge until the next full collection. With one such literal per file, every file's text was
// copied twice and promoted (9 of the 16 MB promoted validating shape A at 20k resources). Their getters
// live on a class's prototype instead; what they answer is unchanged.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { readInputs } from '../../src/load/readInputs.js';
import type { SourceFile } from '../../src/load/parseDocuments.js';
import { checkFile } from '../../src/schema/validateFiles.js';

const ownAccessors = (o: object): string[] =>
  Object.entries(Object.getOwnPropertyDescriptors(o))
    .filter(([, d]) => d.get !== undefined || d.set !== undefined)
    .map(([k]) => k);

test('files as read and as checked: no own accessors, and their lazy parts answer as before', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gwctl-per-file-'));
  try {
    const clean = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n  - port: 80\n';
    // An unknown field: a finding, so the checked file keeps its chunks instead of reading the file again.
    const flagged = 'apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata:\n  name: gw\nspec:\n  selectr: {}\n---\nkind: Service\n';
    fs.writeFileSync(path.join(dir, 'a.yaml'), clean);
    fs.writeFileSync(path.join(dir, 'b.yaml'), flagged);
    const files: SourceFile[] = [];
    await readInputs([dir], async () => new Uint8Array(), { onFile: (f) => void files.push(f) });
    assert.deepEqual(
      files.map((f) => path.basename(f.name)),
      ['a.yaml', 'b.yaml'],
    );
    const cases: [SourceFile, string][] = files.map((f, i) => [f, [clean, flagged][i] ?? '']);
    for (const [file, text] of cases) {
      assert.deepEqual(ownAccessors(file), [], file.name);
      assert.equal(file.text, text);
      assert.deepEqual([...file.bytes], [...Buffer.from(text, 'utf8')]);
      assert.equal(file.bytes, file.bytes, 'encoded once');
      assert.ok(file.reread, 'a file on disk can be read again');
      const checked = checkFile(file, 'default');
      assert.deepEqual(ownAccessors(checked.source), [], `${file.name} as checked`);
      // Each document's text, whether kept (b.yaml has findings) or read again from disk (a.yaml).
      assert.deepEqual(
        checked.source.chunks.map((c) => c.body),
        text === clean ? [clean] : ['apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata:\n  name: gw\nspec:\n  selectr: {}\n', '---\nkind: Service\n'],
      );
      assert.equal(checked.source.chunks, checked.source.chunks, 'made once');
      assert.equal(checked.result.findings.length > 0, text === flagged);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
