// One file through the loader and the schemas: bytes -> documents -> typed resources and findings.
// Pure and per file, so that files can be processed on worker threads (parallel.ts) as well as here.
import type { Finding } from '../diagnostics/finding.js';
import type { Resource } from '../schema/resource.js';
import { validateDocument } from '../schema/validate.js';
import { parseFile, sourceChunks, type Chunk, type ParsedFile, type SourceFile } from './parseDocuments.js';

/** What a file contributes to the model: plain data, so it can cross a thread boundary. */
export interface FileResult {
  /** The file's parse findings, then each document's schema findings, in document order. */
  findings: Finding[];
  resources: Resource[];
  documents: number;
  ignored: number;
}

/** A file's result and what the locator keeps of it (its document texts, not its parsed values). */
export interface ProcessedFile {
  result: FileResult;
  source: ParsedFile;
}

export function fileResult(file: SourceFile, defaultNamespace: string): { result: FileResult; chunks: Chunk[] } {
  const p = parseFile(file);
  const result: FileResult = { findings: p.findings, resources: [], documents: 0, ignored: 0 };
  for (const doc of p.documents) {
    result.documents++;
    const v = validateDocument(doc, defaultNamespace);
    for (const f of v.findings) result.findings.push(f);
    if (v.resource) result.resources.push(v.resource);
    else if (v.ignored) result.ignored++;
  }
  return { result, chunks: p.chunks };
}

/** Processes the file on this thread; the raw documents are dropped, their texts kept for positions. */
export function processFile(file: SourceFile, defaultNamespace: string): ProcessedFile {
  const { result, chunks } = fileResult(file, defaultNamespace);
  return { result, source: { documents: [], findings: [], chunks } };
}

/** For a result computed elsewhere: the texts are split again from the bytes on first use. */
export function lazySource(file: SourceFile): ParsedFile {
  let chunks: Chunk[] | undefined;
  return {
    documents: [],
    findings: [],
    get chunks(): Chunk[] {
      chunks ??= sourceChunks(file);
      return chunks;
    },
  };
}
