// What `validate` keeps of a file it has checked (src/schema/validateFiles.ts checkFile) must not hold
// the file's text: the names it keeps for the duplicate check are read as slices of that text, and a
// slice keeps the whole text alive (every file's text then lived until the end of the run). Measured
// in a fresh process of its own, with a forced garbage collection: 20 MB of text, names long enough to
// be slices (13 characters or more) and quoted (fastYaml.ts copies long plain scalars, not quoted ones).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { repoRoot } from '../helpers/paths.js';

const module = pathToFileURL(path.join(repoRoot, 'dist', 'src', 'schema', 'validateFiles.js')).href;

test('checked files keep neither their text nor slices of it', () => {
  const script = `
    const { checkFile } = await import(${JSON.stringify(module)});
    const padding = '# ' + 'x'.repeat(98) + '\\n';
    const kept = [];
    globalThis.gc();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < 100; i++) {
      const text = 'apiVersion: v1\\nkind: Service\\nmetadata:\\n  name: "a-long-service-name-' + i + '"\\n  namespace: \\'a-long-namespace-name-' + i + '\\'\\nspec:\\n  ports:\\n  - port: 80\\n' + padding.repeat(2000);
      kept.push(checkFile({ name: 'f' + i + '.yaml', bytes: new Uint8Array(0), text, reread: () => undefined }, 'default'));
    }
    globalThis.gc();
    const grown = process.memoryUsage().heapUsed - before;
    process.stdout.write(JSON.stringify({ grown, resources: kept.reduce((n, f) => n + f.result.resources.length, 0) }));`;
  const r = spawnSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const { grown, resources } = JSON.parse(r.stdout) as { grown: number; resources: number };
  assert.equal(resources, 100);
  // 100 texts of 200 kB: 20 MB if they were kept; what is kept of the files is a few hundred kB.
  assert.ok(grown < 4_000_000, `heap grew by ${grown} bytes`);
});
