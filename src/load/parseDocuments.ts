// Bytes of one file -> the documents in it, each with its origin. Pure: no file system here.
// Documents are split before parsing so that one broken document never hides the others: the text is
// decoded here, split into chunks (documentChunks.ts) and each chunk parsed (parseChunk.ts).
import { finding, type At, type Finding } from '../diagnostics/finding.js';
import { filePositions, startPositions } from './fastYaml.js';
import { chunksOf, type Chunk } from './documentChunks.js';
import { parseChunk, type RawDocument } from './parseChunk.js';
import { offsetToPosition } from './chunkPositions.js';

export interface SourceFile {
  /** The path as the user gave it (or `<stdin>`). */
  name: string;
  bytes: Uint8Array;
  /**
   * The bytes as text, when the reader decoded them already (src/load/readInputs.ts): only text that
   * is valid UTF-8 without NUL characters, so that decoding it strictly here would give the same
   * string. Its byte order mark, if any, is still there.
   */
  text?: string;
  /**
   * The file read again (src/load/readInputs.ts), if it has not changed on disk since: what lets a
   * caller that was done with a file drop its text and still locate a finding found later in it.
   * Undefined (the function, or its answer) when it cannot be read again as it was.
   */
  reread?: () => SourceFile | undefined;
}

export interface ParsedFile {
  documents: RawDocument[];
  findings: Finding[];
  chunks: Chunk[];
}

/**
 * The file's documents, its parse findings and its chunks. With `onDocument`, each document is handed
 * over as soon as it is read instead of kept in `documents` (validating it then, rather than after the
 * whole file is read, holds one document's values at a time); the findings are the same.
 */
export function parseFile(file: SourceFile, onDocument?: (doc: RawDocument) => void): ParsedFile {
  const out: ParsedFile = { documents: [], findings: [], chunks: [] };
  const text = decode(file, out.findings);
  if (text === undefined) return out;
  const chunks = chunksOf(file.name, text);
  out.chunks = chunks;
  const take = onDocument ?? ((d: RawDocument) => void out.documents.push(d));
  startPositions();
  chunks.forEach((chunk, doc) => parseChunk(file.name, chunk, doc, out.findings, take));
  // The file's positions sit together in a slab of the fast reader's (fastYaml.ts).
  const { table, start } = filePositions();
  for (const chunk of chunks) {
    if (chunk.positionsAt < 0) continue;
    chunk.positions = table;
    chunk.positionsAt += start;
  }
  return out;
}

/**
 * The chunks `parseFile` would keep for this file, rebuilt from its bytes: files parsed elsewhere
 * (worker threads) keep only their bytes until a finding needs a position.
 */
export function sourceChunks(file: SourceFile): Chunk[] {
  const text = decode(file, []);
  return text === undefined ? [] : chunksOf(file.name, text);
}

/** Stateless between calls (no `stream`): one for every file. */
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

function decode(file: SourceFile, findings: Finding[]): string | undefined {
  if (file.text !== undefined) return withoutByteOrderMarks(file.text.charCodeAt(0) === 0xfeff ? file.text.slice(1) : file.text);
  const bytes = file.bytes;
  const at: At = { file: file.name, doc: -1, path: [] };
  const head = bytes.subarray(0, 8192);
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
    findings.push(finding('GW0002', { detail: 'UTF-16 text; save it as UTF-8' }, { at }));
    return undefined;
  }
  if (head.includes(0)) {
    findings.push(finding('GW0002', { detail: 'it contains binary data' }, { at }));
    return undefined;
  }
  let text: string;
  try {
    text = STRICT_UTF8.decode(bytes);
  } catch {
    const lossy = new TextDecoder('utf-8').decode(bytes);
    const bad = lossy.indexOf('\uFFFD');
    findings.push(
      finding('GW0002', { detail: 'invalid UTF-8 byte sequence' }, { at: { ...at, position: offsetToPosition(lossy, Math.max(bad, 0)) } }),
    );
    return undefined;
  }
  return withoutByteOrderMarks(text);
}

/** `text` as TextDecoder gave it (one leading byte order mark dropped), without those that remain. */
function withoutByteOrderMarks(text: string): string {
  // `cat a.yaml b.yaml` puts b's byte order mark at the start of a line inside the stream.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return body.includes('\ufeff') ? body.replace(/^\ufeff+/gm, '') : body;
}
