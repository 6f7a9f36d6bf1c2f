// Flags -> options -> a command -> an exit code. Commands are imported lazily to keep start-up fast.
import { Command, CommanderError, Option } from 'commander';
import { VERSION } from '../version.js';
import { EXIT_USAGE, UsageError, type ExitCode } from './exitCodes.js';
import type { CliIo } from './io.js';
import { escapeText } from '../report/escape.js';

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** The options every command that reads manifests shares. */
function withInputOptions(cmd: Command, namespaceHelp = 'namespace of documents that have none'): Command {
  return cmd
    .option('-f, --filename <path>', 'a file or folder to read (repeatable)', collect)
    .option('-n, --namespace <ns>', namespaceHelp, 'default')
    .option('--cluster-domain <suffix>', 'cluster domain suffix for short host names', 'cluster.local')
    .option('--mesh-config <file>', "the mesh config istiod runs with: the istio ConfigMap's `mesh` text, or the ConfigMap (merged over Istio's defaults)")
    .option('--strict', 'the inputs are the whole world: assume no Service or subset beyond them')
    .option('--no-strict', 'the inputs are a partial view (the default), over strict: true in .gwctl.yaml')
    .option('--assume-host <host[:ports]>', 'a host that exists outside the inputs, e.g. reviews.default or api.example.com:443 (repeatable)', collect);
}

/** `--exclude` and `-k` for the commands that walk folders of manifests (diff compares two sides read alike, and has neither yet). */
function withExclude(cmd: Command): Command {
  return cmd
    .option('--exclude <glob>', 'skip files and folders matching this glob inside the folders read, e.g. charts/** (repeatable)', collect)
    .option('-k, --kustomize <dir>', 'render this kustomization folder with kubectl kustomize or kustomize build and read the result (repeatable)', collect);
}

/** Commands whose options a .gwctl.yaml may fill in. */
const CONFIGURED = new Set(['analyze', 'validate', 'explain', 'proxy-config', 'test', 'diff']);

/** The example comments (`  # ...`) wrapped at spaces to the width, continued as comments; commands are left whole. */
export function wrapComments(text: string, width: number): string {
  return text
    .split('\n')
    .flatMap((line) => {
      const m = /^(\s*# )(.*)$/.exec(line);
      if (!m || line.length <= width) return [line];
      const lead = m[1] ?? '';
      const out: string[] = [];
      let cur = '';
      for (const word of (m[2] ?? '').split(' ')) {
        if (cur !== '' && lead.length + cur.length + 1 + word.length > width) {
          out.push(lead + cur);
          cur = word;
        } else cur = cur === '' ? word : `${cur} ${word}`;
      }
      if (cur !== '') out.push(lead + cur);
      return out;
    })
    .join('\n');
}

const EXAMPLES = `
Examples:
  # Why does this request get a 404? (the gateway is Istio's default ingress unless --gateway says otherwise)
  gwctl explain http://shop.example.com/cart -f manifests/

  # The route table istiod would push to the ingress gateway, as istioctl prints it
  gwctl proxy-config route -f manifests/

  # Route tests in CI: requests in, expected destinations out (JUnit for the CI's test report)
  gwctl test tests/ -f manifests/ -o junit > gwctl-tests.xml

  # Lint for CI, every namespace, SARIF for code scanning
  gwctl analyze manifests/ -o sarif > gwctl.sarif

  # Syntax and schema errors with file:line, from a kubectl dump on stdin
  kubectl get gw,vs,dr -A -o yaml | gwctl validate -

  # What a pull request changes for real traffic, as a PR comment
  gwctl diff --git-base origin/main manifests/ -o markdown
`;

/** commander's own messages quote the arguments, which can be file names from a pull request: each line is escaped. */
function visibleLines(s: string): string {
  return s.split('\n').map(escapeText).join('\n');
}

export async function main(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  // Help is wrapped at the terminal's width (80 in a pipe), at spaces: never inside a word.
  const helpWidth = io.columns !== undefined && io.columns >= 40 ? Math.min(io.columns, 200) : 80;
  let result: ExitCode = 0;
  let debug = argv.includes('--debug');
  const program = new Command()
    .name('gwctl')
    .description('What your Istio gateways and sidecars will serve, and why a request gets a 404, from manifests alone.')
    .version(VERSION, '-v, --version', 'print the gwctl version')
    .option('--debug', 'print stack traces of unexpected errors')
    .option('--config <file>', 'read settings from this file instead of the nearest .gwctl.yaml (working folder up to the repository root)')
    .option('--no-config', 'ignore .gwctl.yaml')
    .option('-q, --quiet', 'no notes on stderr (assumptions, run summaries); warnings and errors stay')
    .option('--verbose', 'name on stderr each file not read as manifests and why, and how -k folders were rendered')
    .addHelpText('after', wrapComments(EXAMPLES, helpWidth))
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: (s) => io.stderr(visibleLines(s)), getOutHelpWidth: () => helpWidth, getErrHelpWidth: () => helpWidth })
    .hook('preAction', async (root, action) => {
      if (root.opts()['quiet'] === true) io = { ...io, quiet: true };
      if (root.opts()['verbose'] === true) io = { ...io, verbose: true };
      if (!CONFIGURED.has(action.name())) return;
      const { readConfig, applyConfig } = await import('./config.js');
      const named: unknown = root.opts()['config'];
      const found = readConfig(typeof named === 'string' || named === false ? named : undefined, io.cwd);
      if (found) applyConfig(action, found.config);
    });

  program
    .command('version')
    .description('print the gwctl version')
    .action(() => {
      io.stdout(`gwctl ${VERSION}\n`);
    });

  withExclude(withInputOptions(
    program
      .command('validate')
      .description('check manifests for YAML, schema and Istio validation errors')
      .argument('[paths...]', 'files or folders (walked recursively); - reads stdin'),
  ))
    .addOption(new Option('-o, --output <format>', 'output format').choices(['text', 'log', 'json', 'yaml', 'sarif', 'github', 'junit', 'markdown']).default('text'))
    .option('--failure-threshold <level>', 'exit 1 when a finding is at least this level (error, warning, info)', 'error')
    .option('--output-threshold <level>', 'report findings at least this level (error, warning, info)', 'info')
    .addHelpText('after', '\nExamples:\n  gwctl validate -f gateway.yaml -f routes/\n  gwctl validate manifests/ -o json\n  gwctl validate k8s/ -o junit --failure-threshold warning > validate.xml\n')
    .action(async (paths: string[], opts: import('./commands/validate.js').ValidateOptions) => {
      const { runValidate } = await import('./commands/validate.js');
      result = await runValidate(paths, opts, io);
    });

  withExclude(withInputOptions(
    program
      .command('proxy-config')
      .alias('pc')
      .description('listeners, routes and clusters istiod would push to a gateway (or sidecar), as istioctl prints them')
      .argument('<type>', 'listener (listeners, l), route (routes, r), cluster (clusters, c), endpoint (endpoints, ep) or all (a)')
      .argument('[target-and-paths...]', 'workload [deploy/|pod/]name[.namespace] (default istio-ingressgateway.istio-system), then files or folders'),
  ))
    .addOption(new Option('-o, --output <format>', 'output format').choices(['short', 'json', 'yaml']).default('short'))
    .option('--name <name>', 'route: only the route configuration with this name')
    .option('--port <port>', 'listener: only this listener port; cluster: only clusters on this port; endpoint: only endpoints on this port')
    .option('--cluster <name>', 'endpoint: only the endpoints of this cluster')
    .option('--fqdn <fqdn>', 'cluster: only clusters whose name contains this FQDN')
    .option('--subset <subset>', 'cluster: only clusters whose name contains this subset')
    .option('--direction <dir>', 'cluster: only clusters whose name contains this direction (inbound or outbound)')
    .addHelpText('after', '\nExamples:\n  gwctl proxy-config route -f manifests/\n  gwctl pc listener deploy/my-gateway.ingress manifests/ -o json\n')
    .action(async (type: string, rest: string[], opts: { filename?: string[]; namespace: string; clusterDomain: string; output: string; name?: string; port?: string; fqdn?: string; subset?: string; direction?: string; cluster?: string }) => {
      const { runProxyConfig } = await import('./commands/proxyConfig.js');
      result = await runProxyConfig(type, rest, opts, io);
    });

  withExclude(withInputOptions(
    program
      .command('explain')
      .description('follow one request through the gateway (or a sidecar) as Envoy would, and say why it fails')
      .argument('<url>', 'http://host[:port]/path?query or https://...')
      .argument('[paths...]', 'files or folders (walked recursively); - reads stdin'),
  ))
    .option('--gateway <workload>', 'gateway workload [deploy/|pod/]name[.namespace] (default istio-ingressgateway.istio-system)')
    .option('--from <workload>', "simulate the request leaving this workload's sidecar (the mesh gateway)")
    .option('-H, --header <header>', "request header 'Name: value' (repeatable; Host overrides the URL host)", collect)
    .option('-X, --request <method>', 'HTTP method', 'GET')
    .option('--sni <name>', 'TLS server name (default: the URL host)')
    .addOption(new Option('-o, --output <format>', 'output format').choices(['text', 'json', 'yaml']).default('text'))
    .addHelpText('after', "\nExamples:\n  gwctl explain http://httpbin.local/ip -f manifests/\n  gwctl explain https://shop.example.com/cart -f k8s/ -H 'Host: shop.example.com' -o json\n  gwctl explain http://reviews:9080/ -f k8s/ --from productpage.default\n")
    .action(async (url: string, paths: string[], opts: import('./commands/explain.js').ExplainOptions) => {
      const { runExplain } = await import('./commands/explain.js');
      result = await runExplain(url, paths, opts, io);
    });

  withExclude(withInputOptions(
    program
      .command('test')
      .description('route tests: requests in, expected destinations out, through the gateway (or a sidecar) as explain follows them')
      .argument('[tests...]', 'test files or folders (walked for .yaml and .yml): kind: RouteTests, or istio-config-validator testCases:'),
  ))
    .option('--gateway <workload>', 'gateway workload of tests that name no proxy (default istio-ingressgateway.istio-system)')
    .option('--from <workload>', "the sidecar of this workload answers tests that name no proxy")
    .addOption(new Option('-o, --output <format>', 'output format').choices(['text', 'json', 'junit', 'github']).default('text'))
    .option('--coverage', 'report the routes no test reached, per proxy and route configuration')
    .option('--fail-under <percent>', 'exit 1 when route coverage is below this percentage (implies --coverage)')
    .addHelpText('after', '\nExamples:\n  gwctl test tests/ -f manifests/\n  gwctl test routes.test.yaml -f k8s/ -o junit > gwctl-tests.xml\n  gwctl test tests/ -f k8s/ --coverage --fail-under 80\n')
    .action(async (tests: string[], opts: import('./commands/test.js').TestCommandOptions) => {
      const { runTest } = await import('./commands/test.js');
      result = await runTest(tests, opts, io);
    });

  withExclude(withInputOptions(
    program
      .command('analyze')
      .description('find problems in Istio networking config (istioctl analyze checks plus gateway binding and routing checks)')
      .argument('[paths...]', 'files or folders (walked recursively); - reads stdin'),
    'namespace of documents that have none (all namespaces are analysed)',
  ))
    .addOption(new Option('-o, --output <format>', 'output format').choices(['log', 'json', 'yaml', 'sarif', 'github', 'junit', 'markdown']).default('log'))
    .option('--failure-threshold <level>', 'exit 1 when a finding is at least this level (error, warning, info)', 'error')
    .option('--output-threshold <level>', 'report findings at least this level (error, warning, info)', 'info')
    .option('-S, --suppress <rule>', "suppress findings: 'CODE=Kind ns/name', * globs allowed (repeatable)", collect)
    .option('--analyzer <name>', 'run only this analyzer or group, e.g. virtualservice (repeatable)', collect)
    .option('--list-analyzers', 'list the analyzers and exit')
    .option('--skip-wildcard-gateway-hosts', 'do not report Gateway hosts that overlap a bare * host of another Gateway (GW0303; Kiali validations.skip_wildcard_gateway_hosts)')
    // istioctl analyze habits: every namespace in the inputs is always analysed, and files are the only source.
    .option('-A, --all-namespaces', 'accepted for istioctl habits: every namespace in the inputs is analysed anyway')
    .addOption(new Option('--use-kube <bool>', 'accepted for istioctl habits as false: gwctl reads files only, never a cluster').choices(['false']))
    .addHelpText('after', "\nExamples:\n  gwctl analyze manifests/\n  gwctl analyze -f gw.yaml -f routes/ -o sarif > gwctl.sarif\n  gwctl analyze k8s/ -o markdown >> \"$GITHUB_STEP_SUMMARY\"\n  gwctl analyze k8s/ -S 'IST0118=Service *' --failure-threshold warning\n")
    .action(async (paths: string[], opts: import('./commands/analyze.js').AnalyzeOptions) => {
      const { runAnalyze } = await import('./commands/analyze.js');
      result = await runAnalyze(paths, opts, io);
    });

  withInputOptions(
    program
      .command('diff')
      .description('what a change to the manifests changes for real traffic: config, request outcomes and findings, per workload')
      .argument('[paths...]', 'with --git-base: the files or folders to compare (default .)'),
  )
    .option('--base <paths...>', 'the manifests before the change: files or folders')
    .option('--head <paths...>', 'the manifests after the change: files or folders')
    .option('--git-base <ref>', 'compare the paths as they are at this git revision with the working tree')
    .option('--gateway <workload>', 'only this gateway workload [deploy/|pod/]name[.namespace]')
    .option('--from <workload>', "only this workload's sidecar")
    .addOption(new Option('-o, --output <format>', 'output format').choices(['text', 'markdown', 'json']).default('text'))
    .addOption(new Option('--fail-on <what>', 'exit 1 on: new-errors (a new error finding or a request that starts failing), new-404, any-change').choices(['new-errors', 'new-404', 'any-change']).default('new-errors'))
    .option('-S, --suppress <rule>', "suppress findings on both sides: 'CODE=Kind ns/name' (repeatable)", collect)
    .addHelpText('after', '\nExamples:\n  gwctl diff --base fixtures/httpbin --head fixtures/httpbin-fixed\n  gwctl diff --git-base origin/main k8s/ -o markdown > comment.md\n  gwctl diff --git-base HEAD~1 --gateway ingress.istio-system --fail-on new-404\n')
    .action(async (paths: string[], opts: import('./commands/diff.js').DiffCliOptions) => {
      const { runDiff } = await import('./commands/diff.js');
      result = await runDiff(paths, opts, io);
    });

  program
    .command('completion')
    .description('print a shell completion script for bash, zsh or fish')
    .argument('<shell>', 'bash, zsh or fish')
    .addHelpText('after', '\nExamples:\n  source <(gwctl completion bash)        # in ~/.bashrc\n  source <(gwctl completion zsh)         # in ~/.zshrc\n  gwctl completion fish > ~/.config/fish/completions/gwctl.fish\n')
    .action(async (shell: string) => {
      const { completionScript } = await import('./completion.js');
      io.stdout(completionScript(shell, program));
    });

  withInputOptions(
    program
      .command('graph')
      .description('a picture of what the gateways serve: Gateways and listeners -> hosts -> VirtualServices/HTTPRoutes -> Services, problems marked (Mermaid, Graphviz DOT, JSON)')
      .argument('[paths...]', 'files or folders (walked recursively); - reads stdin'),
  )
    .option('--gateway <workload>', 'only this gateway workload [deploy/|pod/]name[.namespace]')
    .option('--from <workload>', "only this workload's sidecar (its outbound HTTP routes)")
    .addOption(new Option('-o, --output <format>', 'mermaid (a flowchart GitHub renders), markdown (the flowchart in a ```mermaid block), dot (Graphviz) or json').choices(['mermaid', 'markdown', 'dot', 'json']).default('mermaid'))
    .option('--max-nodes <n>', 'cut the graph at this many nodes, whole branches first (default 150; GitHub renders at most 500 edges)')
    .addHelpText('after', '\nExamples:\n  gwctl graph manifests/ -o markdown >> "$GITHUB_STEP_SUMMARY"\n  gwctl graph k8s/ --gateway ingress.istio-system -o dot | dot -Tsvg > gateway.svg\n  gwctl graph k8s/ -o json | jq \'.nodes[] | select(.marks != [])\'\n')
    .action(async (paths: string[], opts: import('./commands/graph.js').GraphCliOptions) => {
      const { runGraph } = await import('./commands/graph.js');
      result = await runGraph(paths, opts, io);
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
      io.stderr(`error: ${escapeText(e.message)}\n`);
      for (const d of e.details) io.stderr(`  ${escapeText(d)}\n`);
      return EXIT_USAGE;
    }
    const message = e instanceof Error ? e.message : String(e);
    io.stderr(`gwctl: internal error: ${escapeText(message)}\n`);
    if (debug && e instanceof Error && e.stack) io.stderr(`${e.stack}\n`);
    else io.stderr('run with --debug for details\n');
    return EXIT_USAGE;
  }
}
