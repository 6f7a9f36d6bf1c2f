// Files through the loader and the schemas: bytes -> documents -> typed resources and findings, one
// file at a time. Pure per file, so that files can be validated on worker threads as well as here;
// this module is the workers' entry point too (see load/workerPool.ts).
import type { Finding } from '../diagnostics/finding.js';
import { decodeCompact, encodeCompact } from '../load/compact.js';
import { detached } from '../load/detach.js';
import { keptChunks, parseFile, sourceChunks, TOP_LEVEL, type Chunk, type ParsedFile, type RawDocument, type SourceFile } from '../load/parseDocuments.js';
import { defaultWorkers, EARLY_START_BYTES, serveOnWorkers, shareWithWorkers, startWorkersEarly, type PoolOptions } from '../load/workerPool.js';
import type { Placed, Resource } from './resource.js';
import { validateDocument } from './validate.js';

/** What a file contributes to the index: plain data, so it can cross a thread boundary. */
export interface FileResult<R extends Placed = Resource> {
  /** The file's parse findings, then each document's schema findings, in document order. */
  findings: Finding[];
  resources: R[];
  documents: number;
  ignored: number;
}

/** A file's result and what the locator keeps of it (its document texts, not its parsed values). */
export interface ValidatedFile<R extends Placed = Resource> {
  name: string;
  result: FileResult<R>;
  source: ParsedFile;
}

/** What `validate` keeps of a file: its resources only as far as telling duplicates apart needs them. */
export type CheckedFile = ValidatedFile<Placed>;

/**
 * A file's result, each document validated as soon as it is read (parseFile's onDocument) and its
 * resource kept as `keep` makes it. The findings: the file's parse findings, then each document's.
 */
function fileResult<R extends Placed>(file: SourceFile, defaultNamespace: string, keep: (r: Resource) => R): { result: FileResult<R>; chunks: Chunk[] } {
  const result: FileResult<R> = { findings: [], resources: [], documents: 0, ignored: 0 };
  const schemaFindings: Finding[] = [];
  const p = parseFile(file, (doc) => {
    result.documents++;
    const v = validateDocument(doc, defaultNamespace);
    for (const f of v.findings) schemaFindings.push(f);
    if (v.resource) result.resources.push(keep(v.resource));
    else if (v.ignored) result.ignored++;
  });
  result.findings = p.findings;
  for (const f of schemaFindings) result.findings.push(f);
  return { result, chunks: p.chunks };
}

const asIs = (r: Resource): Resource => r;
/**
 * What `validate` keeps of a resource. Its name and namespace are copied: as read, they are slices of
 * their file's text, which V8 keeps whole for them, so every file's text lived (and was copied out of
 * the young generation) until the end of the run.
 */
const placed = (r: Resource): Placed => ({ kind: r.kind, namespace: own(r.namespace), name: own(r.name), origin: r.origin });

/** A string of 13 characters or more (the shortest V8 makes a slice) detached from the text it was read from. */
const own = (s: string): string => (s.length < 13 ? s : detached(s));

/** One file on this thread; the raw documents are dropped, their texts kept for positions. */
export function validateFile(file: SourceFile, defaultNamespace: string): ValidatedFile {
  const { result, chunks } = fileResult(file, defaultNamespace, asIs);
  return { name: file.name, result, source: keptSource(chunks) };
}

/**
 * One file for `validate`, which needs its findings but not its resources: they are dropped as soon
 * as the file is checked (a typed model of every file, kept to the end, cost more in garbage
 * collection than checking them), keeping what the duplicate check needs. So is the text of a file
 * without findings that can be read again from disk: a duplicate found in a later file is located
 * in it from the file read again (or at its first line if it has changed since).
 */
export function checkFile(file: SourceFile, defaultNamespace: string): CheckedFile {
  const { result, chunks } = fileResult(file, defaultNamespace, placed);
  const reread = file.reread;
  return { name: file.name, result, source: result.findings.length === 0 && reread ? rereadSource(reread) : keptSource(chunks) };
}

/** The chunks of a file read again on first use (none if it changed): it holds no text until then. */
function rereadSource(reread: () => SourceFile | undefined): ParsedFile {
  return new ChunksOnDemand(() => {
    const again = reread();
    return again ? sourceChunks(again) : [];
  });
}

function keptSource(chunks: readonly Chunk[]): ParsedFile {
  return new ChunksOnDemand(keptChunks(chunks));
}

/**
 * A file's chunks as kept after it is checked, made on first use. A class, not an object literal
 * with a getter: such a literal per file got a hidden class of its own in the old generation, which
 * kept what its getter holds alive through every scavenge (see TextSource in load/readInputs.ts).
 */
class ChunksOnDemand implements ParsedFile {
  readonly documents: RawDocument[] = [];
  readonly findings: Finding[] = [];
  private made: Chunk[] | undefined = undefined;

  constructor(private readonly make: () => Chunk[]) {}

  get chunks(): Chunk[] {
    this.made ??= this.make();
    return this.made;
  }
}

/** The role of the load workers that validate files (load/workerPool.ts). */
export const VALIDATE_ROLE = 'gwctl-validate-files';

/** Objects both threads hold that results share: a worker's results point at this thread's copy. */
export const CONSTANTS: readonly object[] = [TOP_LEVEL];

/**
 * Every file, in input order: shared with worker threads when GWCTL_LOAD_WORKERS asks for them and the
 * input is large (load/workerPool.ts), else all here. Either way the same results.
 */
export async function validateFiles(files: readonly SourceFile[], defaultNamespace: string, opts: PoolOptions = {}): Promise<ValidatedFile[]> {
  return shareWithWorkers<string, ValidatedFile>(
    new URL(import.meta.url),
    VALIDATE_ROLE,
    files,
    defaultNamespace,
    (f) => validateFile(f, defaultNamespace),
    (text, f) => ({ name: f.name, result: decodeCompact(text, CONSTANTS) as FileResult, source: lazySource(f) }),
    opts,
  );
}

/**
 * For the reader (readInputs' onRead): starts the workers `validateFiles` will use once the input
 * read so far is large enough, so that they load gwctl's code while the rest is read. Undefined when
 * no workers are asked for (the default): the reader then counts nothing.
 */
export function startValidateWorkersWhenLarge(): ((bytesRead: number) => void) | undefined {
  if (defaultWorkers() === 0) return undefined;
  let started = false;
  return (bytesRead) => {
    if (started || bytesRead < EARLY_START_BYTES) return;
    started = true;
    startWorkersEarly(new URL(import.meta.url), VALIDATE_ROLE);
  };
}

/** For a result computed on a worker: the texts are split again from the bytes on first use. */
function lazySource(file: SourceFile): ParsedFile {
  return new ChunksOnDemand(() => sourceChunks(file));
}

serveOnWorkers<string>(VALIDATE_ROLE, (file, defaultNamespace) => encodeCompact(fileResult(file, defaultNamespace, asIs).result, CONSTANTS));
