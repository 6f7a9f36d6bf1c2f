// Files through the loader and the schemas: bytes -> documents -> typed resources and findings, one
// file at a time. Pure per file, so that files can be validated on worker threads as well as here;
// this module is the workers' entry point too (see load/workerPool.ts).
import type { Finding } from '../diagnostics/finding.js';
import { decodeCompact, encodeCompact } from '../load/compact.js';
import { detached } from '../load/detach.js';
import { keptChunks, type Chunk } from '../load/documentChunks.js';
import { parseFile, sourceChunks, type ParsedFile, type SourceFile } from '../load/parseDocuments.js';
import { TOP_LEVEL, type RawDocument } from '../load/parseChunk.js';
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
  return { name: file.name, result, source: new HeldSource(keptChunks(chunks)) };
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
  return { name: file.name, result, source: result.findings.length === 0 && reread ? new RereadSource(reread) : new HeldSource(keptChunks(chunks)) };
}

/**
 * A checked file as kept to the end of the run: its chunks, made on first use, and neither documents
 * nor findings (those are the file's result). One small object per file, every file keeps it: a
 * class with its getters on the prototype, neither an object literal with a getter (V8 keeps such a
 * getter in an accessor pair in the old generation, which held the getter's closure, and what it
 * held, through every scavenge: see TextSource in load/readSource.ts) nor a closure and two empty
 * arrays of its own.
 */
abstract class KeptSource implements ParsedFile {
  private made: Chunk[] | undefined = undefined;

  get documents(): RawDocument[] {
    return [];
  }

  get findings(): Finding[] {
    return [];
  }

  get chunks(): Chunk[] {
    this.made ??= this.make();
    return this.made;
  }

  protected abstract make(): Chunk[];
}

/** The chunks of a file read again on first use (none if it changed): it holds no text until then. */
class RereadSource extends KeptSource {
  constructor(private readonly reread: () => SourceFile | undefined) {
    super();
  }

  protected make(): Chunk[] {
    const again = this.reread();
    return again ? sourceChunks(again) : [];
  }
}

/** The chunks as parsed, kept compact until first use (documentChunks.ts keptChunks). */
class HeldSource extends KeptSource {
  constructor(private readonly kept: () => Chunk[]) {
    super();
  }

  protected make(): Chunk[] {
    return this.kept();
  }
}

/** For a result computed on a worker: the texts are split again from the bytes on first use. */
class SplitAgainSource extends KeptSource {
  constructor(private readonly file: SourceFile) {
    super();
  }

  protected make(): Chunk[] {
    return sourceChunks(this.file);
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
    (text, f) => ({ name: f.name, result: decodeCompact(text, CONSTANTS) as FileResult, source: new SplitAgainSource(f) }),
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

serveOnWorkers<string>(VALIDATE_ROLE, (file, defaultNamespace) => encodeCompact(fileResult(file, defaultNamespace, asIs).result, CONSTANTS));
