// Table-driven: each row of fixtures/load/cases.yaml -> exactly the set of finding codes loading
// reports (files in memory through loadSources, folders on disk through load).
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { load, loadSources, type SourceFile } from '../../src/app/load.js';
import type { Workspace } from '../../src/app/workspace.js';
import { repoRoot } from '../helpers/paths.js';
import { readLoadCases, type LoadCase } from './caseTable.js';

async function loadCase(c: LoadCase): Promise<Workspace> {
  if (c.paths) return load(c.paths.map((p) => path.join(repoRoot, p)), c.maxFileBytes !== undefined ? { maxFileBytes: c.maxFileBytes } : {});
  const files: SourceFile[] = [
    ...Object.entries(c.files ?? {}).map(([name, text]) => ({ name, bytes: Buffer.from(text) })),
    ...Object.entries(c.base64 ?? {}).map(([name, b64]) => ({ name, bytes: Buffer.from(b64, 'base64') })),
  ];
  return loadSources(files);
}

for (const c of readLoadCases()) {
  test(c.name, async () => {
    const ws = await loadCase(c);
    const codes = [...new Set(ws.findings.map((f) => f.code))].sort();
    assert.deepEqual(codes, [...new Set(c.expect)].sort(), JSON.stringify(ws.findings.map((f) => [f.code, f.args])));
  });
}
