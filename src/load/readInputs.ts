// The only module outside src/cli that touches the file system: paths -> bytes.
// Folders are walked recursively in a stable (byte-sorted) order; problems inside a folder are
// findings, while a path the user named that cannot be read is an input error (exit 2).
// Synchronous calls on purpose: a repo of 20,000 small files costs one thread-pool round trip per
// stat/open/read/close when asynchronous, which took longer than parsing them (bench/RESULTS.md).
import fs from 'node:fs';
import path from 'node:path';
import { finding, type Finding } from '../diagnostics/finding.js';
import type { SourceFile } from './parseDocuments.js';

export interface ReadResult {
  files: SourceFile[];
  findings: Finding[];
  /** Paths the user named that could not be read at all. */
  errors: string[];
}

const MANIFEST = /\.(ya?ml|json)$/i;
/** Larger files are refused rather than risk exhausting memory. */
const MAX_FILE_BYTES = 512 * 1024 * 1024;

export async function readInputs(paths: readonly string[], readStdin: () => Promise<Uint8Array>): Promise<ReadResult> {
  const result: ReadResult = { files: [], findings: [], errors: [] };
  let stdinRead = false;
  for (const p of paths) {
    if (p === '-') {
      if (!stdinRead) result.files.push({ name: '<stdin>', bytes: await readStdin() });
      stdinRead = true;
      continue;
    }
    readTopLevel(p, result);
  }
  return result;
}

function readTopLevel(p: string, result: ReadResult): void {
  let stat;
  try {
    stat = fs.statSync(p);
  } catch (e) {
    result.errors.push(`cannot read ${p}: ${describeError(e)}`);
    return;
  }
  if (stat.isDirectory()) {
    const before = result.files.length;
    const real = realpathOr(p);
    walk(p, result, new Set([real]), real);
    if (result.files.length === before) {
      result.findings.push(finding('GW0010', { path: p }, { at: { file: p, doc: -1, path: [] } }));
    }
    return;
  }
  if (!stat.isFile()) {
    // Reading a FIFO or a device could block forever or never end.
    result.errors.push(`cannot read ${p}: not a regular file or folder`);
    return;
  }
  if (stat.size > MAX_FILE_BYTES) {
    result.errors.push(`cannot read ${p}: larger than ${MAX_FILE_BYTES / 1024 / 1024} MiB`);
    return;
  }
  try {
    result.files.push({ name: p, bytes: fs.readFileSync(p) });
  } catch (e) {
    result.errors.push(`cannot read ${p}: ${describeError(e)}`);
  }
}

function walk(dir: string, result: ReadResult, seen: Set<string>, realDir: string): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => byteOrder(a.name, b.name));
  } catch (e) {
    result.findings.push(skipped(dir, describeError(e)));
    return;
  }
  for (const entry of entries) {
    const name = entry.name;
    const full = path.join(dir, name);
    // Only symbolic links need a stat to tell what they point at; the entry type says the rest.
    let isDir = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      try {
        const stat = fs.statSync(full);
        isDir = stat.isDirectory();
        isFile = stat.isFile();
      } catch (e) {
        result.findings.push(skipped(full, describeError(e)));
        continue;
      }
    }
    if (isDir) {
      // A folder reached without a link has the real path of its parent plus its name.
      const real = entry.isSymbolicLink() ? realpathOr(full) : path.join(realDir, name);
      if (seen.has(real)) {
        result.findings.push(skipped(full, 'symbolic link loop'));
        continue;
      }
      seen.add(real);
      walk(full, result, seen, real);
      seen.delete(real);
      continue;
    }
    if (!MANIFEST.test(name)) continue;
    if (!isFile) {
      result.findings.push(skipped(full, 'not a regular file'));
      continue;
    }
    try {
      const bytes = readSmallFile(full);
      if (bytes) result.files.push({ name: full, bytes });
      else result.findings.push(skipped(full, 'file too large'));
    } catch (e) {
      result.findings.push(skipped(full, describeError(e)));
    }
  }
}

/** open, fstat, read, close: the size check without a separate stat of the path. */
function readSmallFile(file: string): Buffer | undefined {
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    if (size > MAX_FILE_BYTES) return undefined;
    const buf = Buffer.allocUnsafe(size);
    let off = 0;
    while (off < size) {
      const n = fs.readSync(fd, buf, off, size - off, off);
      if (n === 0) break;
      off += n;
    }
    return off === size ? buf : buf.subarray(0, off);
  } finally {
    fs.closeSync(fd);
  }
}

const byteOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function skipped(p: string, reason: string): Finding {
  return finding('GW0011', { path: p, reason }, { at: { file: p, doc: -1, path: [] } });
}

function realpathOr(p: string): string {
  try {
    return fs.realpathSync.native(p);
  } catch {
    return path.resolve(p);
  }
}

function describeError(e: unknown): string {
  const code = typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : '';
  switch (code) {
    case 'ENOENT':
      return 'no such file or folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'symbolic link loop';
    case 'EISDIR':
      return 'is a folder';
    default:
      return code ? `error ${code}` : 'unreadable';
  }
}
