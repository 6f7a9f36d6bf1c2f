// One file on disk -> a SourceFile (its text, or its bytes when they are not clean UTF-8), and a way
// to read it again later only if its content is still the same. Used by the folder walk
// (readInputs.ts), which is the only caller.
import fs from 'node:fs';
import type { SourceFile } from './parseDocuments.js';

/**
 * Files up to this size are read into one buffer reused for every file: open, read until end of
 * file, close. No fstat: its Stats object (four Dates on Node 20) and the separate calls cost more
 * than the bare parse's whole read of a file on 7,755 small files (shape B at 20k resources). Larger
 * files ask fstat for their size once they fill it.
 */
const SHARED_BYTES = 1 << 20;
let shared: Buffer | undefined;

/**
 * The file's text (its bytes when they hold a replacement character, invalid UTF-8, or a NUL, so that
 * parseDocuments.ts reports them as before), or undefined when it is larger than `limit` bytes. With
 * `unchanged`, the file is taken only if its content still has that fingerprint (else undefined).
 */
export function readSource(file: string, limit: number, unchanged?: Fingerprint): SourceFile | undefined {
  const fd = fs.openSync(file, 'r');
  let bytes: Buffer | undefined;
  try {
    bytes = readAll(fd, limit);
  } finally {
    fs.closeSync(fd);
  }
  if (bytes === undefined) return undefined;
  const seen = fingerprint(bytes);
  if (unchanged && (seen.length !== unchanged.length || seen.hash !== unchanged.hash)) return undefined;
  const reread = (): SourceFile | undefined => {
    try {
      return readSource(file, limit, seen);
    } catch {
      return undefined;
    }
  };
  const text = bytes.toString('utf8');
  if (!text.includes('\ufffd') && !text.includes('\0')) return new TextSource(file, text, reread);
  // A copy: the shared buffer is read into again by the next file.
  return { name: file, bytes: Buffer.from(bytes), reread };
}

/** The file's bytes to its end (in the shared buffer when they fit), or undefined past `limit`. */
function readAll(fd: number, limit: number): Buffer | undefined {
  shared ??= Buffer.allocUnsafe(SHARED_BYTES);
  // One byte past the limit is enough to refuse the file.
  let buf = limit < shared.length ? shared.subarray(0, limit + 1) : shared;
  let n = 0;
  for (;;) {
    if (n === buf.length) {
      if (n > limit) return undefined;
      const size = fs.fstatSync(fd).size;
      if (size > limit) return undefined;
      // Room for one byte more than fstat saw, so that the end of the file is seen without growing again.
      const larger = Buffer.allocUnsafe(Math.min(limit + 1, Math.max(size + 1, 2 * buf.length)));
      buf.copy(larger, 0, 0, n);
      buf = larger;
    }
    const got = fs.readSync(fd, buf, n, buf.length - n, null);
    if (got === 0) return buf.subarray(0, n);
    n += got;
  }
}

/** What tells that a file's content is what was read: its length in bytes and a hash of its bytes. */
export interface Fingerprint {
  length: number;
  hash: number;
}

/** FNV-1a over the bytes, four at a time where they are aligned (a few ms for every file of shape B). */
function fingerprint(bytes: Buffer): Fingerprint {
  let h = 0x811c9dc5;
  let i = 0;
  if (bytes.byteOffset % 4 === 0) {
    const words = new Int32Array(bytes.buffer, bytes.byteOffset, bytes.length >>> 2);
    for (const w of words) h = Math.imul(h ^ w, 0x01000193);
    i = words.length * 4;
  }
  for (; i < bytes.length; i++) h = Math.imul(h ^ (bytes[i] ?? 0), 0x01000193);
  return { length: bytes.length, hash: h };
}

/**
 * A file read as text; its bytes (the worker pool's measure) encoded again only when asked for. A
 * class, not an object literal with a getter: each such literal got a hidden class of its own, made
 * in the old generation, whose getter kept the file's text alive until the next full collection, so
 * that every file's text was copied by two scavenges and promoted (9 of the 16 MB promoted while
 * validating shape A at 20k resources).
 */
class TextSource implements SourceFile {
  private encoded: Uint8Array | undefined = undefined;

  constructor(
    readonly name: string,
    readonly text: string,
    readonly reread: () => SourceFile | undefined,
  ) {}

  get bytes(): Uint8Array {
    this.encoded ??= Buffer.from(this.text, 'utf8');
    return this.encoded;
  }
}
