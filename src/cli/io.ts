// The process, as the commands see it: injected so that tests run commands in-process.
import { fstatSync } from 'node:fs';

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
}

/** A line only `--verbose` asks for, on stderr. */
export function verbose(io: CliIo, line: string): void {
  if (io.verbose === true) io.stderr(line);
}

/** A note for people on stderr (`note: ...` or a summary line), dropped with `-q`. */
export function note(io: CliIo, line: string): void {
  if (!io.quiet) io.stderr(line);
}

export function processIo(): CliIo {
  return {
    stdout: (s) => void process.stdout.write(s),
    stderr: (s) => void process.stderr.write(s),
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
  };
}
