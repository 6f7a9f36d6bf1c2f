// The process, as the commands see it: injected so that tests run commands in-process.
export interface CliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** All of stdin, or its first `maxBytes` + 1 bytes when it is longer (enough to refuse it). */
  readStdin: (maxBytes: number) => Promise<Uint8Array>;
  /** Whether stdout is a terminal (colour is only used there). */
  isTTY: boolean;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
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
    env: process.env,
    cwd: process.cwd(),
  };
}
