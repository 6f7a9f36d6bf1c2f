// readInputs reads files as text when Node's UTF-8 decoding gives what parseDocuments.ts's strict
// decoding would, and as bytes otherwise: parsing either must give the same documents, findings and
// document texts, whatever the bytes (invalid UTF-8, byte order marks, NUL, UTF-16, U+FFFD...).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseFile, type SourceFile } from '../../src/load/parseDocuments.js';
import { readInputs } from '../../src/load/readInputs.js';

const noStdin = async (): Promise<Uint8Array> => new Uint8Array();

function parsed(file: SourceFile): unknown {
  const p = parseFile(file);
  return { documents: p.documents, findings: p.findings, texts: p.chunks.map((c) => [c.text, c.lineOffset, c.json]) };
}

const enc = (s: string): number[] => [...Buffer.from(s, 'utf8')];

const PIECES: number[][] = [
  enc('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  k: "v"\n'),
  enc('---\n'),
  enc('\ufeff'),
  enc('\ufffd'),
  enc('é€😀'),
  enc('yes: on\n'),
  [0xff, 0xfe],
  [0xfe, 0xff],
  [0x00],
  [0xc3],
  [0xed, 0xa0, 0x80],
  [0xc0, 0xaf],
  [0xf4, 0x90, 0x80, 0x80],
  [0x0d, 0x0a],
  [0x0d],
];

test('files read as text parse as the same files read as bytes', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gwctl-readtext-'));
  try {
    const bytesArb = fc.oneof(
      fc.array(fc.constantFrom(...PIECES), { maxLength: 8 }).map((parts) => Uint8Array.from(parts.flat())),
      fc.uint8Array({ maxLength: 64 }),
    );
    let n = 0;
    await fc.assert(
      fc.asyncProperty(bytesArb, async (bytes) => {
        const file = path.join(dir, `f${n++}.yaml`);
        fs.writeFileSync(file, bytes);
        for (const named of [dir, file]) {
          const read = await readInputs([named], noStdin);
          const source = read.files.find((f) => f.name === file);
          assert.ok(source, file);
          assert.deepEqual(Buffer.from(source.bytes), Buffer.from(bytes));
          assert.deepEqual(parsed(source), parsed({ name: file, bytes }));
        }
        fs.rmSync(file);
      }),
      { numRuns: 400 },
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
