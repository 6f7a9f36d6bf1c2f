// The only module outside src/cli that touches the file system: paths -> bytes.
// Folders are walked recursively in a stable (byte-sorted) order; problems inside a folder are
// findings, while a path the user named that cannot be read is an input error (exit 2).
import { promises as fs } from 'node:fs';
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
    await readTopLevel(p, result);
  }
  return result;
}

async function readTopLevel(p: string, result: ReadResult): Promise<void> {
  let stat;
  try {
    stat = await fs.stat(p);
  } catch (e) {
    result.errors.push(`cannot read ${p}: ${describeError(e)}`);
    return;
  }
  if (stat.isDirectory()) {
    const before = result.files.length;
    await walk(p, result, new Set([await realpathOr(p)]));
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
    result.files.push({ name: p, bytes: await fs.readFile(p) });
  } catch (e) {
    result.errors.push(`cannot read ${p}: ${describeError(e)}`);
  }
}

async function walk(dir: string, result: ReadResult, seen: Set<string>): Promise<void> {
  let entries: string[];
  try {
    entries = (await fs.readdir(dir)).sort(byteOrder);
  } catch (e) {
    result.findings.push(skipped(dir, describeError(e)));
    return;
  }
  for (const name of entries) {
    const full = path.join(dir, name);
    let stat;
    try {
      stat = await fs.stat(full);
    } catch (e) {
      result.findings.push(skipped(full, describeError(e)));
      continue;
    }
    if (stat.isDirectory()) {
      const real = await realpathOr(full);
      if (seen.has(real)) {
        result.findings.push(skipped(full, 'symbolic link loop'));
        continue;
      }
      seen.add(real);
      await walk(full, result, seen);
      seen.delete(real);
      continue;
    }
    if (!MANIFEST.test(name)) continue;
    if (!stat.isFile()) {
      result.findings.push(skipped(full, 'not a regular file'));
      continue;
    }
    if (stat.size > MAX_FILE_BYTES) {
      result.findings.push(skipped(full, 'file too large'));
      continue;
    }
    try {
      result.files.push({ name: full, bytes: await fs.readFile(full) });
    } catch (e) {
      result.findings.push(skipped(full, describeError(e)));
    }
  }
}

const byteOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function skipped(p: string, reason: string): Finding {
  return finding('GW0011', { path: p, reason }, { at: { file: p, doc: -1, path: [] } });
}

async function realpathOr(p: string): Promise<string> {
  try {
    return await fs.realpath(p);
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
