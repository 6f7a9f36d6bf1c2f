// `gwctl diff --base <paths...> --head <paths...>` or `gwctl diff --git-base <ref> [paths...]`: what a
// change to the manifests changes for real traffic, per workload (config and request outcomes), and
// the findings it introduces or fixes. Flags -> two workspaces -> app.diff -> a view -> an exit code.
import { checkAnalyzeOptions } from '../../app/analyze.js';
import { diff, diffFails, FAIL_ON, type FailOn } from '../../app/diff.js';
import { loadRevision } from '../../app/revision.js';
import type { Workspace } from '../../app/workspace.js';
import type { NamedProxy } from '../../app/proxy.js';
import { escapeText, jsonText } from '../../report/escape.js';
import { diffMarkdown } from '../../report/views/diffMarkdown.js';
import { diffRecordOf } from '../../app/records.js';
import type { DiffSideInfo } from '../../report/views/diffRecord.js';
import { diffText } from '../../report/views/diffText.js';
import { chalkFor } from '../color.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError, type ExitCode } from '../exitCodes.js';
import { loadInputs, maxFileBytes, type InputOptions } from '../inputs.js';
import { note, type CliIo } from '../io.js';

export interface DiffCliOptions extends InputOptions {
  base?: string[];
  head?: string[];
  gitBase?: string;
  gateway?: string;
  from?: string;
  output: string;
  failOn: string;
  suppress?: string[];
}

const OUTPUTS = ['text', 'markdown', 'json'] as const;
type DiffOutput = (typeof OUTPUTS)[number];
const isOutput = (o: string): o is DiffOutput => (OUTPUTS as readonly string[]).includes(o);
const isFailOn = (f: string): f is FailOn => (FAIL_ON as readonly string[]).includes(f);

interface Sides {
  base: Workspace;
  head: Workspace;
  info: { base: DiffSideInfo; head: DiffSideInfo };
  notes: string[];
}

async function readSides(positionals: readonly string[], opts: DiffCliOptions, io: CliIo): Promise<Sides> {
  const named = [...positionals, ...(opts.filename ?? [])];
  const load = { ...(opts.namespace !== undefined ? { defaultNamespace: opts.namespace } : {}), ...(opts.clusterDomain !== undefined ? { domainSuffix: opts.clusterDomain } : {}) };
  if (opts.gitBase !== undefined) {
    if (opts.base !== undefined || opts.head !== undefined) throw new UsageError('use either --git-base <ref> [paths...] or --base <paths...> --head <paths...>, not both');
    const paths = named.length > 0 ? named : ['.'];
    const rev = await loadRevision(opts.gitBase, paths, { cwd: io.cwd, env: io.env, maxFileBytes: maxFileBytes(io.env), ...load });
    const head = await loadInputs(paths, opts, io);
    return {
      base: rev.workspace,
      head,
      info: { base: { label: `${opts.gitBase} (${rev.commit.slice(0, 12)}): ${paths.join(' ')}`, commit: rev.commit }, head: { label: `working tree: ${paths.join(' ')}`, commit: null } },
      notes: rev.absent.map((p) => `base: ${p} does not exist at ${opts.gitBase ?? ''}; read as empty`),
    };
  }
  if (named.length > 0) throw new UsageError(`unexpected ${named.map((n) => `"${n}"`).join(', ')}: name the base with --base and the head with --head, or use --git-base <ref> [paths...]`);
  if (opts.base === undefined || opts.head === undefined) throw new UsageError('name both sides: --base <paths...> --head <paths...> (or --git-base <ref> [paths...])');
  if (opts.base.includes('-') && opts.head.includes('-')) throw new UsageError('only one side can read stdin (-)');
  const base = await loadInputs(opts.base, { ...opts, filename: [] }, io);
  const head = await loadInputs(opts.head, { ...opts, filename: [] }, io);
  return { base, head, info: { base: { label: opts.base.join(' '), commit: null }, head: { label: opts.head.join(' '), commit: null } }, notes: [] };
}

export async function runDiff(positionals: string[], opts: DiffCliOptions, io: CliIo): Promise<ExitCode> {
  if (!isOutput(opts.output)) throw new UsageError(`--output must be text, markdown or json, not "${opts.output}"`);
  if (!isFailOn(opts.failOn)) throw new UsageError(`--fail-on must be one of ${FAIL_ON.join(', ')}, not "${opts.failOn}"`);
  if (opts.gateway !== undefined && opts.from !== undefined) throw new UsageError('use either --gateway or --from, not both');
  const failOn = opts.failOn;
  checkAnalyzeOptions({ suppress: opts.suppress ?? [] }); // usage errors before any input is read
  const sides = await readSides(positionals, opts, io);
  const unreadable = [...sides.base.unreadable.map((u) => `base: ${u}`), ...sides.head.unreadable.map((u) => `head: ${u}`)];
  for (const u of unreadable) io.stderr(`error: ${escapeText(u)}\n`);
  if (unreadable.length > 0) return EXIT_USAGE;
  const proxy: NamedProxy | undefined = opts.from !== undefined ? { target: opts.from, as: 'sidecar' } : opts.gateway !== undefined ? { target: opts.gateway, as: 'gateway' } : undefined;
  const result = diff(sides.base, sides.head, { ...(proxy ? { proxy } : {}), analyze: { suppress: opts.suppress ?? [] } });
  for (const n of sides.notes) note(io, `note: ${escapeText(n)}\n`);
  const shown = new Set<string>();
  for (const n of result.notes) {
    if (shown.has(n.message)) continue;
    shown.add(n.message);
    note(io, `note: ${escapeText(n.message)}\n`);
  }
  const record = diffRecordOf(sides.base, sides.head, result, sides.info);
  if (opts.output === 'json') io.stdout(`${jsonText(record, 2)}\n`);
  else if (opts.output === 'markdown') io.stdout(diffMarkdown(record));
  else io.stdout(diffText(record, chalkFor(io)));
  return diffFails(result.summary, failOn) ? EXIT_FINDINGS : EXIT_OK;
}
