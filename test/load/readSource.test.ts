// readSource (src/load/readSource.ts) reads a file through one shared buffer, asking fstat for the
// size only of files that do not fit it: every size, about the buffer's and about the limit, reads
// whole or is refused exactly past the limit; and a file is read again only while its content is
// what was first read.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { readSource } from '../../src/load/readSource.js';

const MIB = 1 << 20;

/** Bytes of a given length, not all alike (so that a misplaced copy would show). */
const content = (length: number): Buffer => {
  const b = Buffer.alloc(length);
  for (let i = 0; i < length; i++) b[i] = 97 + ((i * 7 + (i >> 10)) % 26);
  return b;
};

function withFile(bytes: Buffer, run: (file: string) => void): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gwctl-read-source-'));
  try {
    const file = path.join(dir, 'f.yaml');
    fs.writeFileSync(file, bytes);
    run(file);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('readSource: whole files of every size about the shared buffer, refused only past the limit', () => {
  const cases: { length: number; limit: number; read: boolean }[] = [
    { length: 0, limit: 10, read: true },
    { length: 10, limit: 10, read: true },
    { length: 11, limit: 10, read: false },
    { length: 5000, limit: 4999, read: false },
    { length: MIB - 1, limit: 256 * MIB, read: true },
    { length: MIB, limit: 256 * MIB, read: true },
    { length: MIB + 1, limit: 256 * MIB, read: true },
    { length: 3 * MIB + 17, limit: 256 * MIB, read: true },
    { length: 2 * MIB, limit: 2 * MIB, read: true },
    { length: 2 * MIB + 1, limit: 2 * MIB, read: false },
    { length: MIB, limit: MIB - 1, read: false },
    { length: MIB + 5, limit: MIB + 4, read: false },
  ];
  for (const { length, limit, read } of cases) {
    const bytes = content(length);
    withFile(bytes, (file) => {
      const source = readSource(file, limit);
      const what = `${length} bytes, limit ${limit}`;
      if (!read) return assert.equal(source, undefined, what);
      assert.ok(source, what);
      assert.equal(source.text, bytes.toString('utf8'), what);
      assert.ok(Buffer.from(source.bytes).equals(bytes), what);
    });
  }
});

test('readSource: bytes that are not clean UTF-8 are kept as bytes, their own copy', () => {
  withFile(Buffer.from([0x61, 0x3a, 0x20, 0xff, 0x0a]), (file) => {
    const source = readSource(file, 100);
    assert.equal(source?.text, undefined);
    // Reading another file must not change them (they were read into the shared buffer).
    withFile(Buffer.from('b: 2\n'), (other) => void readSource(other, 100));
    assert.deepEqual([...(source?.bytes ?? [])], [0x61, 0x3a, 0x20, 0xff, 0x0a]);
  });
});

test('readSource: read again only as first read, whatever its times and inode', () => {
  const cases: { change: string; write: (file: string) => void; same: boolean }[] = [
    { change: 'nothing', write: () => undefined, same: true },
    { change: 'written again alike', write: (f) => fs.writeFileSync(f, 'a: 1\nb: 2\n'), same: true },
    { change: 'replaced by an alike file', write: (f) => (fs.writeFileSync(`${f}.new`, 'a: 1\nb: 2\n'), fs.renameSync(`${f}.new`, f)), same: true },
    { change: 'same length, other bytes', write: (f) => fs.writeFileSync(f, 'a: 1\nb: 3\n'), same: false },
    { change: 'longer', write: (f) => fs.writeFileSync(f, 'a: 1\nb: 2\nc: 3\n'), same: false },
    { change: 'removed', write: (f) => fs.rmSync(f), same: false },
  ];
  for (const { change, write, same } of cases) {
    withFile(Buffer.from('a: 1\nb: 2\n'), (file) => {
      const source = readSource(file, 100);
      write(file);
      const again = source?.reread?.();
      assert.equal(again?.text, same ? 'a: 1\nb: 2\n' : undefined, change);
    });
  }
});
