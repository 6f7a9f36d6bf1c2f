// A problem with what the caller asked for (an unknown workload, a bad option value), not with the
// inputs: the CLI answers it with exit code 2. Defined at the lowest floor because derive and explain
// find such problems too, and they must not import the CLI.
export class UsageError extends Error {
  /** Lines printed under the message, each escaped on its own (a config file's problems at file:line). */
  readonly details: readonly string[];

  constructor(message: string, details: readonly string[] = []) {
    super(message);
    this.details = details;
  }
}
