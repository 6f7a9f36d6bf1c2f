// The process, as the commands see it: injected so that tests run commands in-process.
export interface CliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  readStdin: () => Promise<Uint8Array>;
  /** Whether stdout is a terminal (colour is only used there). */
  isTTY: boolean;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
}

export function processIo(): CliIo {
  return {
    stdout: (s) => void process.stdout.write(s),
    stderr: (s) => void process.stderr.write(s),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    },
    isTTY: Boolean(process.stdout.isTTY),
    env: process.env,
    cwd: process.cwd(),
  };
}
