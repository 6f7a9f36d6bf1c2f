// Flags -> options -> a command -> an exit code. Commands are imported lazily to keep start-up fast.
import { Command, CommanderError, Option } from 'commander';
import { VERSION } from '../version.js';
import { EXIT_USAGE, UsageError, type ExitCode } from './exitCodes.js';
import type { CliIo } from './io.js';

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

const EXAMPLES = `
Examples:
  # Check manifests for syntax and schema errors, with file:line for each
  gwctl validate manifests/

  # Read a kubectl dump from stdin
  kubectl get gw,vs,dr -A -o yaml | gwctl validate -
`;

export async function main(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  let result: ExitCode = 0;
  let debug = argv.includes('--debug');
  const program = new Command()
    .name('gwctl')
    .description('What your Istio gateways and sidecars will serve, and why a request gets a 404, from manifests alone.')
    .version(VERSION, '-v, --version', 'print the gwctl version')
    .option('--debug', 'print stack traces of unexpected errors')
    .addHelpText('after', EXAMPLES)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });

  program
    .command('version')
    .description('print the gwctl version')
    .action(() => {
      io.stdout(`gwctl ${VERSION}\n`);
    });

  program
    .command('validate')
    .description('check manifests for YAML, schema and Istio validation errors')
    .argument('[paths...]', 'files or folders (walked recursively); - reads stdin')
    .option('-f, --filename <path>', 'a file or folder to read (repeatable)', collect)
    .option('-n, --namespace <ns>', 'namespace of documents that have none', 'default')
    .option('--cluster-domain <suffix>', 'cluster domain suffix for short host names', 'cluster.local')
    .addOption(new Option('-o, --output <format>', 'output format').choices(['text', 'json']).default('text'))
    .addHelpText('after', '\nExamples:\n  gwctl validate -f gateway.yaml -f routes/\n  gwctl validate manifests/ -o json\n')
    .action(async (paths: string[], opts: { filename?: string[]; namespace: string; clusterDomain: string; output: string }) => {
      const { runValidate } = await import('./commands/validate.js');
      result = await runValidate(paths, opts, io);
    });

  try {
    await program.parseAsync([...argv], { from: 'user' });
    debug = Boolean(program.opts()['debug']);
    return result;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version end here with code 0; usage errors were already printed.
      return e.exitCode === 0 ? 0 : EXIT_USAGE;
    }
    if (e instanceof UsageError) {
      io.stderr(`error: ${e.message}\n`);
      return EXIT_USAGE;
    }
    const message = e instanceof Error ? e.message : String(e);
    io.stderr(`gwctl: internal error: ${message}\n`);
    if (debug && e instanceof Error && e.stack) io.stderr(`${e.stack}\n`);
    else io.stderr('run with --debug for details\n');
    return EXIT_USAGE;
  }
}
