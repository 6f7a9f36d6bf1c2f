// `validate` reads its inputs through validateInputs (src/app/load.ts), which checks each file as it
// is read and keeps no model: it must report exactly what `load` reports — the same findings at the
// same file:line:column, the same counts, files and ignored files — on every loading case, on folders
// with duplicates across files, and on the fixtures and the real-world corpus.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { load } from '../../src/app/load.js';
import { validateInputs, type Validation } from '../../src/app/validateInputs.js';
import { findingRecords } from '../../src/app/records.js';
import { readInputs } from '../../src/load/readInputs.js';
import type { SourceFile } from '../../src/load/parseDocuments.js';
import { checkFile } from '../../src/schema/validateFiles.js';
import { repoRoot, sharedRoot } from '../helpers/paths.js';
import { readLoadCases } from './caseTable.js';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'gwctl-validate-inputs-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function summary(v: Validation): unknown {
  return {
    records: findingRecords(v, v.findings),
    stats: v.stats,
    fileOrder: v.fileOrder,
    unreadable: v.unreadable,
    ignoredFiles: v.ignoredFiles,
    paths: v.paths,
  };
}

async function sameAsLoad(paths: string[], opts: { maxFileBytes?: number } = {}): Promise<void> {
  const expected = summary(await load(paths, opts));
  assert.deepEqual(summary(await validateInputs(paths, opts)), expected);
}

/** A case's in-memory files written to a folder of their own. */
function writeCase(name: string, files: Record<string, Buffer>): string {
  const dir = path.join(scratch, name.replace(/[^A-Za-z0-9]+/g, '-'));
  for (const [file, bytes] of Object.entries(files)) {
    const p = path.join(dir, file);
    mkdirSync(path.dirname(p), { recursive: true });
    writeFileSync(p, bytes);
  }
  return dir;
}

for (const c of readLoadCases()) {
  test(`validateInputs equals load: ${c.name}`, async () => {
    if (c.paths) return sameAsLoad(c.paths.map((p) => path.join(repoRoot, p)), c.maxFileBytes !== undefined ? { maxFileBytes: c.maxFileBytes } : {});
    const files = {
      ...Object.fromEntries(Object.entries(c.files ?? {}).map(([n, t]) => [n, Buffer.from(t)])),
      ...Object.fromEntries(Object.entries(c.base64 ?? {}).map(([n, b]) => [n, Buffer.from(b, 'base64')])),
    };
    return sameAsLoad([writeCase(c.name, files)]);
  });
}

test('validateInputs equals load: duplicates across files and folders, a broken resource, a missing path', async () => {
  const service = (name: string) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n  ports: [{port: 80}]\n`;
  const dir = writeCase('duplicates', {
    'a/one.yaml': Buffer.from(`${service('cart')}---\n${service('shop')}`),
    'b/two.yaml': Buffer.from(`# again\n${service('cart')}---\napiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: x}\nspec: {hosts: [a], http: [{route: [{destination: {host: 1}}]}]}\n`),
    'c/three.yaml': Buffer.from(`${service('shop')}---\n${service('cart')}`),
  });
  const v = await validateInputs([dir, path.join(dir, 'missing')]);
  assert.deepEqual(
    v.findings.map((f) => f.code),
    ['IST0106', 'GW0008', 'GW0008', 'GW0008'],
  );
  assert.equal(v.stats.resources, 2);
  await sameAsLoad([dir, path.join(dir, 'missing'), path.join(dir, 'a', 'one.yaml')]);
});

test('validateInputs equals load on the fixtures and the real-world corpus', async () => {
  for (const d of readdirSync(path.join(repoRoot, 'fixtures'), { withFileTypes: true })) {
    if (d.isDirectory()) await sameAsLoad([path.join(repoRoot, 'fixtures', d.name)]);
  }
  const corpus = path.join(sharedRoot, 'corpus', 'real-world');
  if (existsSync(corpus)) await sameAsLoad([corpus]);
});

test('checkFile keeps of each resource only what the duplicate check needs', () => {
  const file: SourceFile = { name: 'x.yaml', bytes: Buffer.from('apiVersion: v1\nkind: Service\nmetadata: {name: a, namespace: shop}\nspec: {ports: [{port: 80}]}\n') };
  const checked = checkFile(file, 'default');
  assert.deepEqual(checked.result.resources, [{ kind: 'Service', namespace: 'shop', name: 'a', origin: { file: 'x.yaml', doc: 0, base: [] } }]);
});

test('readInputs hands each file to onFile as it is read, in input order, and keeps none', async () => {
  const dir = writeCase('on-file', { 'b.yaml': Buffer.from('b: 1\n'), 'a/x.yaml': Buffer.from('x: 1\n'), 'c.json': Buffer.from('{}') });
  const empty = path.join(scratch, 'empty-folder');
  mkdirSync(empty);
  const seen: string[] = [];
  const read = await readInputs([dir, empty, '-'], async () => Buffer.from('s: 1\n'), { onFile: (f) => void seen.push(path.relative(scratch, f.name)) });
  assert.deepEqual(seen, ['on-file/a/x.yaml', 'on-file/b.yaml', 'on-file/c.json', path.relative(scratch, '<stdin>')]);
  assert.deepEqual(read.files, []);
  // An empty folder is still one (GW0010), though no file was kept.
  assert.deepEqual(read.findings.map((f) => [f.code, f.at?.file]), [['GW0010', empty]]);
});

test('checkFile drops the text of a file without findings that can be read again, and reads it again only when a position is asked for', () => {
  const text = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: a\nspec: {ports: [{port: 80}]}\n';
  let rereads = 0;
  const reread = (): SourceFile => {
    rereads++;
    return { name: 'x.yaml', bytes: Buffer.from(text), text };
  };
  const clean = checkFile({ name: 'x.yaml', bytes: Buffer.from(text), text, reread }, 'default');
  assert.equal(rereads, 0);
  assert.equal(clean.source.chunks.length, 1);
  assert.equal(clean.source.chunks[0]?.source, text);
  void clean.source.chunks;
  assert.equal(rereads, 1);
  // A file with findings keeps its chunks (their positions were recorded in the one parse).
  const broken = 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: a\nspec:\n  hosts: [a]\n  bogus: 1\n';
  const kept = checkFile({ name: 'y.yaml', bytes: Buffer.from(broken), text: broken, reread }, 'default');
  assert.equal(kept.result.findings.length > 0, true);
  assert.equal(kept.source.chunks.length, 1);
  assert.equal(rereads, 1);
  // Without a way to read it again (stdin, files in memory) the text is kept.
  const memory = checkFile({ name: 'z.yaml', bytes: Buffer.from(text), text }, 'default');
  assert.equal(memory.source.chunks[0]?.source, text);
});

test('readInputs: a file is read again only as it was; a duplicate in a changed file is not located at a line of its new text', async () => {
  const service = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: cart\nspec: {ports: [{port: 80}]}\n';
  const dir = writeCase('reread', { 'a.yaml': Buffer.from(service), 'b.yaml': Buffer.from(service) });
  const files: SourceFile[] = [];
  await readInputs([dir], async () => Buffer.alloc(0), { onFile: (f) => void files.push(f) });
  assert.equal(files[0]?.reread?.()?.text, service);
  const v = await validateInputs([dir]);
  assert.deepEqual(
    findingRecords(v, v.findings).map((r) => [r.code, r.file, r.line, r.column]),
    [['GW0008', path.join(dir, 'a.yaml'), 4, 3]],
  );
  // a.yaml changes after it was read: not located in its new text (line 6), at its first line instead.
  const changed = await validateInputs([dir]);
  writeFileSync(path.join(dir, 'a.yaml'), `# moved\n# down\n${service}`);
  assert.equal(files[0]?.reread?.(), undefined);
  assert.deepEqual(
    findingRecords(changed, changed.findings).map((r) => [r.code, r.file, r.line, r.column]),
    [['GW0008', path.join(dir, 'a.yaml'), 1, 1]],
  );
});
