// Parsing and schema validation of many files on worker threads. The files are cut into batches of
// consecutive files that idle workers take in turn; results come back as plain data (structured
// clone) and are put back in file order, so the model is the same as one built on this thread.
// Small inputs stay on this thread: starting a worker costs more than parsing a few files.
// Opt-in (GWCTL_LOAD_WORKERS=2): see defaultWorkers for why it is not the default.
import os from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { SourceFile } from './parseDocuments.js';
import { fileResult, lazySource, processFile, type FileResult, type ProcessedFile } from './pipeline.js';
import { packDicts, unpackDicts } from './dict.js';

const ROLE = 'gwctl-load';
/** Below this many bytes of input, one thread is faster than starting workers. */
const MIN_PARALLEL_BYTES = 2_000_000;
const BATCH_BYTES = 256 * 1024;

interface Job {
  batch: number;
  files: SourceFile[];
  defaultNamespace: string;
}
type Reply = { batch: number; results: FileResult[] } | { batch: number; error: string };

export interface ParallelOptions {
  /** Worker threads to use; 0 processes on this thread. Default: defaultWorkers. */
  workers?: number;
  /** Bytes of input per batch (tests use small batches). */
  batchBytes?: number;
  /** Reject when a worker fails instead of redoing the work on this thread (tests). */
  strict?: boolean;
}

/**
 * Off unless GWCTL_LOAD_WORKERS asks for workers. Measured on 2 CPUs (bench/RESULTS.md): warm workers
 * in a long-lived process cut loading by about 30%, but a one-shot `gwctl` gains nothing: each
 * fresh worker pays zod's JIT warm-up again (about 0.8 s of CPU at 20k resources), and peak RSS
 * grows by 80-100 MB.
 */
export function defaultWorkers(files: readonly SourceFile[]): number {
  const forced = process.env['GWCTL_LOAD_WORKERS'];
  if (forced === undefined || !/^\d+$/.test(forced)) return 0;
  let bytes = 0;
  for (const f of files) bytes += f.bytes.length;
  return bytes < MIN_PARALLEL_BYTES ? 0 : Math.min(Number(forced), os.availableParallelism());
}

/** Every file parsed and validated, in input order; on any worker failure, this thread redoes the work. */
export async function processFiles(files: readonly SourceFile[], defaultNamespace: string, opts: ParallelOptions = {}): Promise<ProcessedFile[]> {
  const workers = opts.workers ?? defaultWorkers(files);
  if (workers <= 0 || files.length < 2) return files.map((f) => processFile(f, defaultNamespace));
  let results: FileResult[][];
  try {
    results = await runBatches(batchesOf(files, opts.batchBytes ?? BATCH_BYTES), defaultNamespace, workers);
  } catch (e) {
    if (opts.strict) throw e;
    return files.map((f) => processFile(f, defaultNamespace));
  }
  const out: ProcessedFile[] = [];
  let i = 0;
  for (const batch of results) for (const result of batch) out.push({ result: unpackResult(result), source: lazySource(files[i++] as SourceFile) });
  return out;
}

function batchesOf(files: readonly SourceFile[], batchBytes: number): SourceFile[][] {
  const batches: SourceFile[][] = [];
  let current: SourceFile[] = [];
  let bytes = 0;
  for (const f of files) {
    current.push({ name: f.name, bytes: f.bytes });
    bytes += f.bytes.length;
    if (bytes >= batchBytes) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/**
 * Workers outlive one call, unreferenced while idle so that they never keep the process alive: a
 * process that loads several models (tests, the bench, a watch mode) parses on warm workers.
 */
let pool: Worker[] = [];

function workerPool(count: number): Worker[] {
  while (pool.length < count) {
    const w = new Worker(new URL(import.meta.url), { workerData: { role: ROLE } });
    w.on('exit', () => {
      pool = pool.filter((x) => x !== w);
    });
    w.unref();
    pool.push(w);
  }
  return pool.slice(0, count);
}

function runBatches(batches: SourceFile[][], defaultNamespace: string, count: number): Promise<FileResult[][]> {
  const workers = workerPool(Math.min(count, batches.length));
  return new Promise((resolve, reject) => {
    const results: FileResult[][] = new Array<FileResult[]>(batches.length);
    let next = 0;
    let done = 0;
    let settled = false;
    const cleanup = (): void => {
      for (const w of workers) {
        w.off('message', onMessage.get(w) as (r: Reply) => void);
        w.off('error', fail);
        w.off('exit', onExit);
        w.unref();
      }
    };
    const fail = (e: unknown): void => {
      if (settled) return;
      settled = true;
      cleanup();
      for (const w of workers) void w.terminate();
      reject(e instanceof Error ? e : new Error(String(e)));
    };
    const onExit = (code: number): void => fail(new Error(`load worker exited with code ${code}`));
    const feed = (w: Worker): void => {
      if (next >= batches.length) return;
      const batch = next++;
      const job: Job = { batch, files: batches[batch] as SourceFile[], defaultNamespace };
      w.postMessage(job);
    };
    const onMessage = new Map<Worker, (r: Reply) => void>();
    for (const w of workers) {
      const handler = (reply: Reply): void => {
        if (settled) return;
        if ('error' in reply) return fail(new Error(reply.error));
        results[reply.batch] = reply.results;
        if (++done === batches.length) {
          settled = true;
          cleanup();
          resolve(results);
        } else feed(w);
      };
      onMessage.set(w, handler);
      w.on('message', handler);
      w.on('error', fail);
      w.on('exit', onExit);
      w.ref();
      feed(w);
    }
  });
}

/** Null-prototype maps from input (schema/dict.ts) cross the thread boundary as Maps. */
function packResult(r: FileResult): FileResult {
  for (const res of r.resources) packDicts(res);
  return r;
}
function unpackResult(r: FileResult): FileResult {
  for (const res of r.resources) unpackDicts(res);
  return r;
}

// The same module is the worker's entry point: the bundle then needs no separate worker file.
if (!isMainThread && parentPort && (workerData as { role?: unknown } | null)?.role === ROLE) {
  const port = parentPort;
  port.on('message', (job: Job) => {
    let reply: Reply;
    try {
      reply = { batch: job.batch, results: job.files.map((f) => packResult(fileResult(f, job.defaultNamespace).result)) };
    } catch (e) {
      reply = { batch: job.batch, error: e instanceof Error ? e.message : String(e) };
    }
    port.postMessage(reply);
  });
}
