// Work on many files, shared between this thread and worker threads at the same time. This thread
// takes files from the front of the list, the workers from the back, each file claimed once through
// a shared array (Atomics), so that both sides finish together whatever the speed of each: a worker
// that starts late or gets little CPU simply takes fewer files, and when this thread reaches the end
// first it waits for nobody. A worker sends each file's result back as compact text (load/compact.ts):
// rebuilding it costs this thread about a quarter of doing the work, where a structured clone of the
// same data cost more than the work. A worker that fails leaves its files to this thread.
// Generic: the module that calls `shareWithWorkers` calls `serveOnWorkers` at its top level and
// passes its own URL, so that a bundle needs no separate worker file.
// node:worker_threads is loaded only where workers are started or served (builtins.ts): most runs
// start none, and its messaging modules cost every start otherwise.
import type { Worker } from 'node:worker_threads';
import { builtin } from './builtins.js';
import type { SourceFile } from './parseDocuments.js';

/**
 * Appended to a load worker's process.argv, so that `serveOnWorkers` tells a load worker from the
 * main thread without loading node:worker_threads (which then confirms it).
 */
export const LOAD_WORKER_ARG = '--gwctl-load-worker';

const startWorker = (entry: URL, role: string): Worker => new (builtin('node:worker_threads').Worker)(entry, { workerData: { role }, argv: [LOAD_WORKER_ARG] });

/** Input read before the workers are started (startWorkersEarly), so that they load while the rest is read. */
export const EARLY_START_BYTES = 1_000_000;
/** A worker sends its results in batches of about this many bytes of input. */
const BATCH_BYTES = 256 * 1024;

/** Claimed by: 0 nobody yet, 1 this thread, 2 a worker. The last slot is the workers' cursor. */
const FREE = 0;
const HERE = 1;
const THERE = 2;

interface Job<A> {
  files: SourceFile[];
  /** claims[i] for file i, claims[files.length]: the next file a worker takes is the one before it. */
  claims: Int32Array;
  arg: A;
}
/** A batch of results (file index, and its text or null when the worker could not do that file); `done` last. */
type Reply = { results: [number, string | null][] } | { done: true };

export interface PoolOptions {
  /** Worker threads to use; 0: this thread alone. Default: defaultWorkers. */
  workers?: number;
  /** Reject when a worker fails instead of doing its files on this thread (tests). */
  strict?: boolean;
  /** Tests: called with each worker once it has its job (to break it on purpose). */
  onWorker?: (w: Worker) => void;
  /** Tests: this thread takes at most this many files, so that the workers must do the rest. */
  hereAtMost?: number;
  /** Tests: counts the files whose results came from a worker. */
  stats?: { fromWorkers: number };
}

/**
 * Off unless GWCTL_LOAD_WORKERS=N asks for N workers (0: none). Measured on 2 cores (bench/RESULTS.md,
 * "Parallel loading, session 7"): one worker loses to one thread as a whole process, at 20k and at
 * 50k resources. This thread alone already keeps the second core busy a third of the time (V8's
 * parallel and concurrent garbage collection), and with a worker running each thread validates about
 * 30-40% slower (both allocate heavily: garbage collection and memory traffic compete); the worker
 * also pays gwctl's start-up and V8's warm-up again (0.3-0.5 s of CPU), and this thread rebuilds its
 * results (a quarter of their cost). A machine with several free cores may gain: hence the option.
 */
export function defaultWorkers(): number {
  const forced = process.env['GWCTL_LOAD_WORKERS'];
  return forced !== undefined && /^\d+$/.test(forced) ? Math.min(Number(forced), 64) : 0;
}

/** Workers started before their job (while the inputs are read), by role and entry. */
const early = new Map<string, Worker[]>();
const keyOf = (entry: URL, role: string): string => `${role}\u0000${entry.href}`;

/**
 * Starts the workers a large input would use, before the input is read, so that they are ready when
 * it is; the next `shareWithWorkers` of the role uses them or stops them. Unreferenced: they never
 * keep the process alive.
 */
export function startWorkersEarly(entry: URL, role: string): void {
  const count = defaultWorkers();
  const pool = early.get(keyOf(entry, role)) ?? [];
  early.set(keyOf(entry, role), pool);
  try {
    while (pool.length < count) {
      const w = startWorker(entry, role);
      w.on('error', () => undefined);
      w.unref();
      pool.push(w);
    }
  } catch {
    // Workers are an optimisation: without them the work is done here.
  }
}

/** The workers started early for this role (then forgotten), the others stopped. */
function takeEarly(entry: URL, role: string, count: number): Worker[] {
  const pool = early.get(keyOf(entry, role)) ?? [];
  early.delete(keyOf(entry, role));
  for (const w of pool.slice(count)) void w.terminate();
  return pool.slice(0, count);
}

/**
 * Each file's result, in input order: `here(file)` on this thread for the files it takes, and for
 * those a worker took, `fromWorker(text, file)` on the text the worker's `serveOnWorkers` function
 * returned. With no workers (see defaultWorkers) all are done here. The workers are stopped before
 * it returns, so that a one-shot command keeps neither them nor their memory.
 */
export async function shareWithWorkers<A, R>(
  entry: URL,
  role: string,
  files: readonly SourceFile[],
  arg: A,
  here: (file: SourceFile) => R,
  fromWorker: (text: string, file: SourceFile) => R,
  opts: PoolOptions = {},
): Promise<R[]> {
  const count = files.length < 2 ? 0 : (opts.workers ?? defaultWorkers());
  const ready = takeEarly(entry, role, count);
  if (count <= 0) return files.map(here);
  const n = files.length;
  const claims = new Int32Array(new SharedArrayBuffer(4 * (n + 1)));
  claims[n] = n;
  const texts = new Array<string | null | undefined>(n);
  const workers: Worker[] = [];
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  const ended = (w: Worker, e?: Error): void => {
    const at = workers.indexOf(w);
    if (at < 0) return;
    workers.splice(at, 1);
    if (e) failure ??= e;
    void w.terminate();
    wake?.();
  };
  try {
    // Files read as text are sent as text (their bytes are made only when asked for: readInputs.ts).
    const job: Job<A> = { files: files.map((f) => (f.text !== undefined ? { name: f.name, text: f.text, bytes: new Uint8Array() } : { name: f.name, bytes: f.bytes })), claims, arg };
    for (let k = 0; k < count; k++) {
      const w = ready[k] ?? startWorker(entry, role);
      workers.push(w);
      w.on('message', (reply: Reply) => {
        if ('done' in reply) return ended(w);
        for (const [i, text] of reply.results) texts[i] = text;
        wake?.();
      });
      w.on('error', (e) => ended(w, e));
      w.on('exit', (code) => ended(w, new Error(`load worker exited with code ${code}`)));
      w.ref();
      w.postMessage(job);
      opts.onWorker?.(w);
    }
  } catch (e) {
    failure ??= e instanceof Error ? e : new Error(String(e));
    for (const w of [...workers]) ended(w);
  }
  const results = new Array<R>(n);
  let stop = n;
  for (let i = 0; i < n; i++) {
    if (opts.hereAtMost !== undefined && i >= opts.hereAtMost && workers.length > 0) {
      stop = i;
      break;
    }
    if (Atomics.compareExchange(claims, i, FREE, HERE) !== FREE) {
      stop = i;
      break;
    }
    results[i] = here(files[i] as SourceFile);
  }
  // Files stop..n-1 are the workers': wait until each is sent back or its worker has ended.
  const missing = (): boolean => {
    for (let i = stop; i < n; i++) if (texts[i] === undefined) return true;
    return false;
  };
  while (workers.length > 0 && missing()) await new Promise<void>((resolve) => (wake = resolve));
  wake = undefined;
  for (const w of [...workers]) ended(w);
  if (failure && opts.strict) throw failure;
  for (let i = stop; i < n; i++) {
    const file = files[i] as SourceFile;
    const text = texts[i];
    // A file the worker could not do (or never sent back) is done here, as if there were no worker.
    results[i] = typeof text === 'string' ? fromWorker(text, file) : here(file);
    if (typeof text === 'string' && opts.stats) opts.stats.fromWorkers++;
    texts[i] = undefined;
  }
  return results;
}

/** In a worker started for `role`: take files from the back of the job's list until they meet this thread's. */
export function serveOnWorkers<A>(role: string, fn: (file: SourceFile, arg: A) => string): void {
  if (!process.argv.includes(LOAD_WORKER_ARG)) return;
  const { isMainThread, parentPort, workerData } = builtin('node:worker_threads');
  if (isMainThread || !parentPort || (workerData as { role?: unknown } | null)?.role !== role) return;
  const port = parentPort;
  port.once('message', (job: Job<A>) => {
    const { files, claims, arg } = job;
    const n = files.length;
    let batch: [number, string | null][] = [];
    let bytes = 0;
    for (;;) {
      const i = Atomics.sub(claims, n, 1) - 1;
      if (i < 0 || Atomics.compareExchange(claims, i, FREE, THERE) !== FREE) break;
      const file = files[i] as SourceFile;
      let text: string | null;
      try {
        text = fn(file, arg);
      } catch {
        // Done again on the main thread, which then fails or not as it would alone.
        text = null;
      }
      batch.push([i, text]);
      bytes += file.text !== undefined ? file.text.length : file.bytes.length;
      if (bytes >= BATCH_BYTES) {
        port.postMessage({ results: batch } satisfies Reply);
        batch = [];
        bytes = 0;
      }
    }
    if (batch.length > 0) port.postMessage({ results: batch } satisfies Reply);
    port.postMessage({ done: true } satisfies Reply);
  });
}
