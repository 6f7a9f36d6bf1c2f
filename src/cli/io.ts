// The process, as the commands see it: injected so that tests run commands in-process.
import { fstatSync, writeSync } from 'node:fs';
import { tuneAfterLoading } from './tiering.js';

export interface CliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** All of stdin, or its first `maxBytes` + 1 bytes when it is longer (enough to refuse it). */
  readStdin: (maxBytes: number) => Promise<Uint8Array>;
  /** Whether stdout is a terminal (colour is only used there). */
  isTTY: boolean;
  /** The terminal's width, when stdout is one (help is wrapped to it). */
  columns?: number;
  /** Whether stdin is a pipe or a file (`kustomize build | gwctl analyze`), not a terminal or /dev/null. */
  stdinPiped?: () => boolean;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  /** `-q`: no notes on stderr (what gwctl assumed, run summaries); warnings and errors stay. */
  quiet?: boolean;
  /** `--verbose`: name what was not read as manifests (and why), and how inputs were rendered. */
  verbose?: boolean;
  /**
   * A writer to stdout that takes text in pieces of any size and writes it in large blocks, when
   * stdout is a file or a device (large output made in small pieces: the pieces are copied into one
   * reused buffer, never joined into strings first). `end` writes what is left; `stdout` and
   * `stderr` write what is pending first, so the order of everything written stays as it was made.
   */
  openStdout?: () => StdoutWriter;
  /**
   * Called by a command once its inputs are loaded, before its (cold, run-once) work on them:
   * processIo raises V8's threshold for optimising functions (src/cli/tiering.ts).
   */
  inputsLoaded?: () => void;
}

export interface StdoutWriter {
  write(piece: string): void;
  end(): void;
}

/**
 * `pieces` written to stdout: through `io.openStdout` when there is one, else a write each (the
 * views join JSON into writes of about 64 KB themselves unless asked for their pieces).
 */
export function writePieces(io: CliIo, pieces: Iterable<string>): void {
  const out = io.openStdout?.();
  if (!out) {
    for (const piece of pieces) io.stdout(piece);
    return;
  }
  for (const piece of pieces) out.write(piece);
  out.end();
}

/** A line only `--verbose` asks for, on stderr. */
export function verbose(io: CliIo, line: string): void {
  if (io.verbose === true) io.stderr(line);
}

/** A note for people on stderr (`note: ...` or a summary line), dropped with `-q`. */
export function note(io: CliIo, line: string): void {
  if (!io.quiet) io.stderr(line);
}

/** Pieces up to this many characters are copied into the buffer by the writer itself when ASCII. */
const SHORT_PIECE = 64;

function ascii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** Bytes of the buffer stdout writes reuse; a longer write gets a buffer of its own. */
const REUSED_BYTES = 1 << 18;

/**
 * stdout when it is a file or a device such as /dev/null (not a terminal, pipe or socket): every
 * write goes through one reused buffer with writeSync, as Node's own stream for files does, but
 * without a new buffer per write, which costs more than the write itself (allocating and faulting
 * in fresh memory; a cluster dump of a big mesh is gigabytes). ASCII text, nearly all output, is
 * copied as latin1 (the same bytes, without UTF-8 encoding). A failed write is the stream's error,
 * reported as any other (bin/gwctl.js), and later writes are dropped.
 */
function fileStdout(): { stdout: (s: string) => void; open: () => StdoutWriter; flush: () => void } | undefined {
  try {
    const st = fstatSync(1);
    if (process.stdout.isTTY || !(st.isFile() || st.isCharacterDevice())) return undefined;
  } catch {
    return undefined;
  }
  const reused = Buffer.allocUnsafe(REUSED_BYTES);
  let failed = false;
  /** Bytes of `reused` written by an open writer and not yet written out. */
  let pending = 0;
  const writeOut = (buffer: Buffer, length: number): void => {
    try {
      for (let written = 0; written < length; ) written += writeSync(1, buffer, written, length - written);
    } catch (e) {
      failed = true;
      if (process.stdout.listenerCount('error') === 0) throw e;
      process.stdout.emit('error', e);
    }
  };
  const flush = (): void => {
    const length = pending;
    pending = 0;
    if (length > 0 && !failed) writeOut(reused, length);
  };
  const stdout = (s: string): void => {
    flush();
    if (failed || s === '') return;
    const bytes = Buffer.byteLength(s, 'utf8');
    const buffer = bytes <= REUSED_BYTES ? reused : Buffer.allocUnsafe(bytes);
    writeOut(buffer, buffer.write(s, 0, bytes === s.length ? 'latin1' : 'utf8'));
  };
  const open = (): StdoutWriter => ({
    write(s: string): void {
      if (failed || s === '') return;
      // Short pieces (punctuation and indentation between values) are copied byte by byte when
      // ASCII: cheaper than a call into the encoder each.
      if (s.length <= SHORT_PIECE && REUSED_BYTES - pending >= SHORT_PIECE && ascii(s)) {
        for (let i = 0; i < s.length; i++) reused[pending++] = s.charCodeAt(i);
        return;
      }
      // At most 3 bytes per UTF-16 unit: a piece that surely fits is copied without counting its bytes first.
      if (s.length * 3 > REUSED_BYTES - pending) {
        const bytes = Buffer.byteLength(s, 'utf8');
        if (bytes > REUSED_BYTES - pending) flush();
        if (bytes > REUSED_BYTES) {
          stdout(s);
          return;
        }
      }
      pending += reused.write(s, pending, 'utf8');
    },
    end: flush,
  });
  return { stdout, open, flush };
}

export function processIo(): CliIo {
  const file = fileStdout();
  return {
    stdout: file?.stdout ?? ((s) => void process.stdout.write(s)),
    ...(file ? { openStdout: file.open } : {}),
    stderr: (s) => {
      file?.flush();
      process.stderr.write(s);
    },
    readStdin: async (maxBytes) => {
      const chunks: Buffer[] = [];
      let size = 0;
      // Stop past the cap: `< /dev/zero` or an endless pipe must not fill memory.
      for await (const chunk of process.stdin) {
        chunks.push(chunk as Buffer);
        size += (chunk as Buffer).length;
        if (size > maxBytes) break;
      }
      return Buffer.concat(chunks);
    },
    isTTY: Boolean(process.stdout.isTTY),
    ...(process.stdout.isTTY && process.stdout.columns > 0 ? { columns: process.stdout.columns } : {}),
    stdinPiped: () => {
      try {
        const st = fstatSync(0);
        return st.isFIFO() || st.isFile() || st.isSocket();
      } catch {
        return false;
      }
    },
    env: process.env,
    cwd: process.cwd(),
    inputsLoaded: () => void tuneAfterLoading(),
  };
}
