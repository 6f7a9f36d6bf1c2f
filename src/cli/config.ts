// `.gwctl.yaml`: found from the working folder up to the repository root (the first folder holding
// `.git`), or named with `--config`; `--no-config` ignores it. Its settings fill in the options the
// command line leaves at their defaults; lists (exclude, suppress) add to the command line's.
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

/** The settings of the named or found config file; a usage error (exit 2) naming file:line when it is wrong. */
export function readConfig(named: string | false | undefined, cwd: string): { file: string; config: ConfigFile } | undefined {
  if (named === false) return undefined;
  const file = named ?? findConfigFile(cwd);
  if (file === undefined) return undefined;
  let bytes: Buffer;
  try {
    if (!fs.statSync(file).isFile()) throw new UsageError(`cannot read config file ${file}: not a regular file`);
    bytes = fs.readFileSync(file);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`cannot read config file ${file}: ${e instanceof Error && 'code' in e && e.code === 'ENOENT' ? 'no such file' : e instanceof Error ? e.message : String(e)}`);
  }
  const shown = named ?? path.relative(cwd, file) ?? file;
  const { config, problems } = parseConfigFile({ name: shown || file, bytes });
  if (problems.length > 0) throw new UsageError(`invalid config file ${shown || file}:`, problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.message}`));
  return { file: shown, config };
}

const hasOption = (cmd: Command, key: string): boolean => cmd.options.some((o) => o.attributeName() === key);

/** Fills the command's options from the config where the command line left them at their defaults. */
export function applyConfig(cmd: Command, config: ConfigFile): void {
  const section = cmd.name() === 'analyze' ? config.analyze : cmd.name() === 'validate' ? config.validate : undefined;
  const scalars: Record<string, string | undefined> = {
    namespace: config.namespace,
    clusterDomain: config.clusterDomain,
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
    suppress: [...(config.suppress ?? []), ...(cmd.name() === 'analyze' ? (config.analyze?.suppress ?? []) : [])],
  };
  for (const [key, values] of Object.entries(lists)) {
    if (values.length === 0 || !hasOption(cmd, key)) continue;
    const given: unknown = cmd.getOptionValue(key);
    const current = Array.isArray(given) ? given.filter((v): v is string => typeof v === 'string') : [];
    cmd.setOptionValueWithSource(key, [...values, ...current], 'config');
  }
}
