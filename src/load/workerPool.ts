// Work on many files, spread over worker threads. The files are cut into batches of consecutive
// files that idle workers take in turn; results come back as plain data (structured clone) in file
// order. Generic: the module that calls `runOnWorkers` also calls `serveOnWorkers` at its top level,
// and passes its own URL, so that the bundle needs no separate worker file.
// Opt-in (GWCTL_LOAD_WORKERS=2): see defaultWorkers for why it is not the default.
import os from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { packDicts, unpackDicts } from './dict.js';
import type { SourceFile } from './parseDocuments.js';

/** Below this many bytes of input, one thread is faster than starting workers. */
const MIN_PARALLEL_BYTES = 2_000_000;
const BATCH_BYTES = 256 * 1024;

interface Job<A> {
  batch: number;
  files: SourceFile[];
  arg: A;
}
type Reply<R> = { batch: number; results: R[] } | { batch: number; error: string };

export interface PoolOptions {
  /** Worker threads to use; 0 processes on this thread. Default: defaultWorkers. */
  workers?: number;
  /** Bytes of input per batch (tests use small batches). */
  batchBytes?: number;
  /** Reject when a worker fails instead of letting the caller redo the work on this thread (tests). */
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

/**
 * Each file's result from the workers, in input order; undefined when the work should be done on
 * this thread instead (no workers asked for, too little input, or a worker failed unless `strict`).
 */
export async function runOnWorkers<A, R>(entry: URL, role: string, files: readonly SourceFile[], arg: A, opts: PoolOptions = {}): Promise<R[] | undefined> {
  const workers = opts.workers ?? defaultWorkers(files);
  if (workers <= 0 || files.length < 2) return undefined;
  try {
    const results = await runBatches<A, R>(entry, role, batchesOf(files, opts.batchBytes ?? BATCH_BYTES), arg, workers);
    // Null-prototype maps from input (load/dict.ts) cross the thread boundary as Maps.
    return results.flat().map((r) => unpackDicts(r) as R);
  } catch (e) {
    if (opts.strict) throw e;
    return undefined;
  }
}

/** In a worker started for `role`: answer every batch with `fn` applied to each file. Elsewhere: nothing. */
export function serveOnWorkers<A, R>(role: string, fn: (file: SourceFile, arg: A) => R): void {
  if (isMainThread || !parentPort || (workerData as { role?: unknown } | null)?.role !== role) return;
  const port = parentPort;
  port.on('message', (job: Job<A>) => {
    let reply: Reply<R>;
    try {
      reply = { batch: job.batch, results: job.files.map((f) => packDicts(fn(f, job.arg)) as R) };
    } catch (e) {
      reply = { batch: job.batch, error: e instanceof Error ? e.message : String(e) };
    }
    port.postMessage(reply);
  });
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
 * process that loads several workspaces (tests, the bench, a watch mode) parses on warm workers.
 */
const pools = new Map<string, Worker[]>();

function workerPool(entry: URL, role: string, count: number): Worker[] {
  const key = `${role}\u0000${entry.href}`;
  const pool = pools.get(key) ?? [];
  pools.set(key, pool);
  while (pool.length < count) {
    const w = new Worker(entry, { workerData: { role } });
    w.on('exit', () => {
      const i = pool.indexOf(w);
      if (i >= 0) pool.splice(i, 1);
    });
    w.unref();
    pool.push(w);
  }
  return pool.slice(0, count);
}

function runBatches<A, R>(entry: URL, role: string, batches: SourceFile[][], arg: A, count: number): Promise<R[][]> {
  const workers = workerPool(entry, role, Math.min(count, batches.length));
  return new Promise((resolve, reject) => {
    const results: R[][] = new Array<R[]>(batches.length);
    let next = 0;
    let done = 0;
    let settled = false;
    const cleanup = (): void => {
      for (const w of workers) {
        w.off('message', onMessage.get(w) as (r: Reply<R>) => void);
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
      const job: Job<A> = { batch, files: batches[batch] as SourceFile[], arg };
      w.postMessage(job);
    };
    const onMessage = new Map<Worker, (r: Reply<R>) => void>();
    for (const w of workers) {
      const handler = (reply: Reply<R>): void => {
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
