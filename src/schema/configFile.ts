// `.gwctl.yaml`, the project's gwctl settings (docs/config.md): what the flags say, kept with the
// repository so that every developer and CI run the same checks. A flag given on the command line
// wins over the file. Unknown fields are errors with the closest known name.
import { z } from 'zod';
import { isRecord } from '../load/isRecord.js';
import { schemaProblems, type SchemaProblem } from './problems.js';

export const CONFIG_FILE_NAME = '.gwctl.yaml';

/**
 * The schema, built on first use: most runs find no .gwctl.yaml, and building zod schemas is a
 * measurable part of every command's start (about 4 ms for this one).
 */
function buildConfigFile() {
  const level = z.enum(['error', 'warning', 'info']);
  const nonEmpty = z.string().min(1, { error: 'must not be empty' });
  const thresholds = {
    /** Exit 1 when a finding is at least this level (`--failure-threshold`). */
    failureThreshold: level.optional(),
    /** Report findings at least this level (`--output-threshold`). */
    outputThreshold: level.optional(),
  };
  return z.strictObject({
    apiVersion: z.literal('gwctl.io/v1alpha1').optional(),
    kind: z.literal('Config').optional(),
    /** Namespace of documents that have none (`-n`). */
    namespace: nonEmpty.optional(),
    /** Cluster domain suffix of expanded short host names (`--cluster-domain`). */
    clusterDomain: nonEmpty.optional(),
    /** Globs of files and folders the folder walk skips (`--exclude`), relative to the folder named. */
    exclude: z.array(nonEmpty).optional(),
    /** The mesh config istiod runs with (`--mesh-config`): a file, relative to the config file's folder. */
    meshConfig: nonEmpty.optional(),
    /** The inputs are the whole world (`--strict`; `--no-strict` on the command line wins). */
    strict: z.boolean().optional(),
    /** Hosts that exist outside the inputs, `host[:port,...]` (`--assume-host`), added to the command line's. */
    assumeHosts: z.array(nonEmpty).optional(),
    ...thresholds,
    /** analyze's suppressions, `CODE=Kind ns/name` (`-S`), added to those on the command line. */
    suppress: z.array(nonEmpty).optional(),
    /** Settings for one command only, over the ones above. */
    analyze: z.strictObject({ ...thresholds, suppress: z.array(nonEmpty).optional() }).optional(),
    validate: z.strictObject(thresholds).optional(),
  });
}

let built: ReturnType<typeof buildConfigFile> | undefined;
const configFile = (): ReturnType<typeof buildConfigFile> => (built ??= buildConfigFile());

export type ConfigFile = z.infer<ReturnType<typeof buildConfigFile>>;

export function readConfigDocument(value: unknown): { ok: true; config: ConfigFile } | { ok: false; problems: SchemaProblem[] } {
  if (value === null || value === undefined) return { ok: true, config: {} };
  if (!isRecord(value)) return { ok: false, problems: [{ path: [], message: `${CONFIG_FILE_NAME} must be a mapping of settings` }] };
  const schema = configFile();
  const r = schema.safeParse(value, { reportInput: true });
  return r.success ? { ok: true, config: r.data } : { ok: false, problems: schemaProblems(schema, r.error.issues) };
}
