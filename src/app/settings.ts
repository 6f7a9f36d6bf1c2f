// The options that say what world the inputs live in, checked: the mesh config merged over Istio's
// defaults, and what exists beyond the files. A mistake in them is the caller's (UsageError).
import { UsageError } from '../diagnostics/usageError.js';
import { mergeMeshConfig, type MeshConfig } from '../model/mesh.js';
import { parseDeclaredHost, type WorldOptions } from '../model/world.js';
import { meshConfigSchema } from '../schema/mesh.js';
import { schemaProblems } from '../schema/problems.js';

export { readMeshConfigText } from '../load/meshConfig.js';

/** `meshConfig` (plain data) validated and merged over Istio's defaults; undefined when none is given. */
export function meshSettings(meshConfig: unknown): MeshConfig | undefined {
  if (meshConfig === undefined) return undefined;
  const parsed = meshConfigSchema.safeParse(meshConfig, { reportInput: true });
  // Described as test files and .gwctl.yaml are (field path, what was found), never zod's own words.
  if (!parsed.success) throw new UsageError('invalid mesh config:', schemaProblems(meshConfigSchema, parsed.error.issues).map((p) => p.message));
  return mergeMeshConfig(parsed.data);
}

/** --strict and --assume-host; undefined when neither is given (a partial view, nothing declared). */
export function worldSettings(strict: boolean | undefined, hosts: readonly string[] | undefined): WorldOptions | undefined {
  if (strict === undefined && (hosts === undefined || hosts.length === 0)) return undefined;
  const declared = (hosts ?? []).map((h) => {
    const d = parseDeclaredHost(h);
    if (!d) throw new UsageError(`--assume-host "${h}" is not a host name with optional ports (host[:port,...])`);
    return d;
  });
  return { strict: strict === true, hosts: declared };
}
