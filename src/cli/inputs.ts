// Shared by every command: read the named paths into a workspace.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { MAX_FILE_BYTES, type ReadOptions } from '../app/loadOptions.js';
import type { RenderedInput } from '../app/load.js';
import type { Validation } from '../app/validateInputs.js';
import type { Workspace } from '../app/workspace.js';
import { readMeshConfigText } from '../app/settings.js';
import { UsageError } from './exitCodes.js';
import { verbose, type CliIo } from './io.js';
import { escapeText } from '../report/escape.js';

export interface InputOptions {
  filename?: string[];
  namespace?: string;
  clusterDomain?: string;
  meshConfig?: string;
  strict?: boolean;
  assumeHost?: string[];
  /** `--exclude` globs, with `exclude:` of .gwctl.yaml. */
  exclude?: string[];
  /** `-k` folders: kustomizations rendered by kubectl kustomize or kustomize build. */
  kustomize?: string[];
  /** Stdin is read because nothing was named: empty, it is "no input" (this hint), not an empty manifest. */
  implicitStdin?: string;
}

/** Positionals, then every -f, read into a workspace (or, given `validateInputs`, into its findings only). */
export async function loadInputs(paths: readonly string[], opts: InputOptions, io: CliIo): Promise<Workspace>;
export async function loadInputs<W extends Validation>(paths: readonly string[], opts: InputOptions, io: CliIo, loader: (paths: readonly string[], opts: ReadOptions) => Promise<W>): Promise<W>;
export async function loadInputs(
  paths: readonly string[],
  opts: InputOptions,
  io: CliIo,
  loader?: (paths: readonly string[], opts: ReadOptions) => Promise<Validation>,
): Promise<Validation> {
  const hint = opts.implicitStdin;
  const readStdin: CliIo['readStdin'] =
    hint === undefined
      ? io.readStdin
      : async (max) => {
          const bytes = await io.readStdin(max);
          if (bytes.length === 0) throw new UsageError(`no input (stdin is empty): ${hint}`);
          return bytes;
        };
  const maxBytes = maxFileBytes(io.env);
  const rendered: RenderedInput[] = [];
  const kustomize = opts.kustomize ?? [];
  if (kustomize.length > 0) {
    // -k runs a program (node:child_process): its code is loaded only then.
    const { renderKustomization } = await import('./kustomize.js');
    for (const dir of kustomize) {
      const r = renderKustomization(dir, io, maxBytes);
      verbose(io, `rendered ${escapeText(dir)} with ${r.tool}\n`);
      rendered.push(r.rendered);
    }
  }
  // Imported when used: `validate` (which passes its own loader) never loads the workspace's code.
  const read = loader ?? (await import('../app/load.js')).load;
  const ws = await read([...paths, ...(opts.filename ?? [])], {
    readStdin,
    maxFileBytes: maxBytes,
    ...(rendered.length > 0 ? { rendered } : {}),
    ...(opts.exclude !== undefined && opts.exclude.length > 0 ? { exclude: opts.exclude } : {}),
    ...(opts.namespace !== undefined ? { defaultNamespace: opts.namespace } : {}),
    ...(opts.clusterDomain !== undefined ? { domainSuffix: opts.clusterDomain } : {}),
    ...(opts.meshConfig !== undefined ? { meshConfig: readMeshConfig(opts.meshConfig, io) } : {}),
    ...(opts.strict !== undefined ? { strict: opts.strict } : {}),
    ...(opts.assumeHost !== undefined ? { assumeHosts: opts.assumeHost } : {}),
  });
  for (const t of ws.rendered) {
    verbose(io, `${escapeText(t.name)}: ${t.traced} of ${t.objects} objects traced to the files that define them (findings point at the field there, whose value a patch may have changed)\n`);
  }
  for (const f of ws.ignoredFiles) verbose(io, `ignored ${escapeText(f.path)}: ${escapeText(f.why)}\n`);
  return ws;
}

/** --mesh-config: the file's mesh config as data; an unreadable or invalid file is a usage error. */
function readMeshConfig(file: string, io: CliIo): unknown {
  let text: string;
  try {
    text = readFileSync(path.resolve(io.cwd, file), 'utf8');
  } catch (e) {
    const code = e instanceof Error && 'code' in e ? String(e.code) : 'error';
    throw new UsageError(`cannot read --mesh-config ${file}: ${code}`);
  }
  return readMeshConfigText(text, file);
}

/** GWCTL_MAX_FILE_MB raises (or lowers) the size cap of one input file and of stdin. */
export function maxFileBytes(env: CliIo['env']): number {
  const v = env['GWCTL_MAX_FILE_MB'];
  if (v === undefined || v === '') return MAX_FILE_BYTES;
  const mb = Number(v);
  if (!Number.isFinite(mb) || mb <= 0) throw new UsageError(`GWCTL_MAX_FILE_MB must be a positive number of MiB, not "${v}"`);
  return Math.floor(mb * 1024 * 1024);
}

/**
 * The paths to read: those named (positionals and -f), else stdin when it is piped or redirected
 * from a file (`kustomize build . | gwctl analyze`); a usage error when there is neither.
 */
export function inputPaths(paths: readonly string[], opts: InputOptions, io: CliIo, hint = 'name files or folders, or use -f or -k (- reads stdin)'): { named: string[]; opts: InputOptions } {
  if (paths.length > 0 || (opts.filename ?? []).length > 0 || (opts.kustomize ?? []).length > 0) return { named: [...paths], opts };
  if (io.stdinPiped?.() === true) return { named: ['-'], opts: { ...opts, implicitStdin: hint } };
  throw new UsageError(`no input: ${hint}`);
}
