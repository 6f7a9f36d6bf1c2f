// `.gwctl.yaml`: found from the working folder up to the repository root (the first folder holding
// `.git`), or named with `--config`; `--no-config` ignores it. Its settings fill in the options the
// command line leaves at their defaults; lists (exclude, suppress, assumeHosts) add to the command line's.
// A relative meshConfig is read from the config file's folder.
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { parseConfigFile, type ConfigFile } from '../app/config.js';
import { CONFIG_FILE_NAME } from '../schema/configFile.js';
import { UsageError } from './exitCodes.js';

/** The nearest `.gwctl.yaml` from `cwd` up to the repository root (or the file-system root). */
export function findConfigFile(cwd: string): string | undefined {
  let dir = path.resolve(cwd);
  for (;;) {
    const candidate = path.join(dir, CONFIG_FILE_NAME);
    if (isFile(candidate)) return candidate;
    if (fs.existsSync(path.join(dir, '.git'))) return undefined;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

/** A config file is a few settings; anything larger is not one (and is not read into memory). */
export const MAX_CONFIG_BYTES = 1024 * 1024;

/** The folder the search for `.gwctl.yaml` stops at from `dir`: the repository root, else the file-system root. */
function searchRoot(dir: string): string {
  for (let d = dir; ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, '.git')) || path.dirname(d) === d) return d;
  }
}

/**
 * A `.gwctl.yaml` found by the search comes with the repository, that is with the pull request: a
 * symbolic link from it to a file outside the repository (`/proc/self/environ`, a key) is not read.
 */
function checkFoundLink(file: string): void {
  if (!fs.lstatSync(file).isSymbolicLink()) return;
  const root = fs.realpathSync(searchRoot(path.dirname(file)));
  const target = fs.realpathSync(file);
  const rel = path.relative(root, target);
  if (rel.startsWith('..') || path.isAbsolute(rel)) throw new UsageError(`config file ${file} is a symbolic link to ${target}, outside ${root}: not read (name a config file with --config, or --no-config)`);
}

/** The settings of the named or found config file; a usage error (exit 2) naming file:line when it is wrong. */
export function readConfig(named: string | false | undefined, cwd: string): { file: string; config: ConfigFile } | undefined {
  if (named === false) return undefined;
  const file = named ?? findConfigFile(cwd);
  if (file === undefined) return undefined;
  let bytes: Buffer;
  try {
    if (named === undefined) checkFoundLink(file);
    const stat = fs.statSync(file);
    if (!stat.isFile()) throw new UsageError(`cannot read config file ${file}: not a regular file`);
    if (stat.size > MAX_CONFIG_BYTES) throw new UsageError(`cannot read config file ${file}: larger than ${MAX_CONFIG_BYTES / 1024} KiB`);
    bytes = fs.readFileSync(file);
    if (bytes.length > MAX_CONFIG_BYTES) throw new UsageError(`cannot read config file ${file}: larger than ${MAX_CONFIG_BYTES / 1024} KiB`);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`cannot read config file ${file}: ${e instanceof Error && 'code' in e && e.code === 'ENOENT' ? 'no such file' : e instanceof Error ? e.message : String(e)}`);
  }
  const shown = named ?? path.relative(cwd, file) ?? file;
  const { config, problems, where } = parseConfigFile({ name: shown || file, bytes });
  if (problems.length > 0) throw new UsageError(`invalid config file ${shown || file}:`, problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.message}`));
  if (config.meshConfig === undefined) return { file: shown, config };
  // The mesh config is named relative to the config file's folder (the file travels with the repository), checked here
  // so that a wrong path is reported at the config file's line; its content is checked as --mesh-config's is.
  const mesh = path.resolve(path.dirname(path.resolve(cwd, file)), config.meshConfig);
  if (!isFile(mesh)) {
    const at = where(['meshConfig']);
    const why = fs.existsSync(mesh) ? 'not a regular file' : 'no such file';
    throw new UsageError(`invalid config file ${shown || file}:`, [
      `${at.file}:${at.line}:${at.column}: meshConfig "${config.meshConfig}" cannot be read (${why}; a path relative to the config file's folder)`,
    ]);
  }
  return { file: shown, config: { ...config, meshConfig: path.relative(cwd, mesh) || mesh } };
}

const hasOption = (cmd: Command, key: string): boolean => cmd.options.some((o) => o.attributeName() === key);

/** Fills the command's options from the config where the command line left them at their defaults. */
export function applyConfig(cmd: Command, config: ConfigFile): void {
  const section = cmd.name() === 'analyze' ? config.analyze : cmd.name() === 'validate' ? config.validate : undefined;
  const scalars: Record<string, string | boolean | undefined> = {
    namespace: config.namespace,
    clusterDomain: config.clusterDomain,
    meshConfig: config.meshConfig,
    strict: config.strict,
    failureThreshold: section?.failureThreshold ?? config.failureThreshold,
    outputThreshold: section?.outputThreshold ?? config.outputThreshold,
  };
  for (const [key, value] of Object.entries(scalars)) {
    if (value === undefined || !hasOption(cmd, key)) continue;
    const source = cmd.getOptionValueSource(key);
    if (source === undefined || source === 'default') cmd.setOptionValueWithSource(key, value, 'config');
  }
  const lists: Record<string, readonly string[]> = {
    exclude: config.exclude ?? [],
    assumeHost: config.assumeHosts ?? [],
    suppress: [...(config.suppress ?? []), ...(cmd.name() === 'analyze' ? (config.analyze?.suppress ?? []) : [])],
  };
  for (const [key, values] of Object.entries(lists)) {
    if (values.length === 0 || !hasOption(cmd, key)) continue;
    const given: unknown = cmd.getOptionValue(key);
    const current = Array.isArray(given) ? given.filter((v): v is string => typeof v === 'string') : [];
    cmd.setOptionValueWithSource(key, [...values, ...current], 'config');
  }
}
