// `--mesh-config <file>`: the mesh config text (the `mesh` key of the istio ConfigMap), or the
// ConfigMap itself (kubectl get cm istio -n istio-system -o yaml), as plain data. Validation and the
// merge over Istio's defaults happen in src/schema/mesh.ts and src/model/mesh.ts.
import yaml from 'js-yaml';
import { UsageError } from '../diagnostics/usageError.js';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function parse(text: string, what: string): unknown {
  try {
    // JSON is YAML; the failsafe-free core schema keeps numbers and booleans as istiod's YAML does.
    return yaml.load(text, { schema: yaml.CORE_SCHEMA, json: true });
  } catch (e) {
    throw new UsageError(`${what} is not valid YAML: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
  }
}

/** The mesh config object in `text` (a ConfigMap's `data.mesh` is unwrapped); `name` names it in errors. */
export function readMeshConfigText(text: string, name: string): unknown {
  const doc = parse(text, name);
  if (doc === undefined || doc === null) return {};
  if (!isRecord(doc)) throw new UsageError(`${name} must hold a mesh config (a YAML mapping), not ${Array.isArray(doc) ? 'a list' : typeof doc}`);
  if (doc['kind'] === 'ConfigMap') {
    const data = doc['data'];
    const mesh = isRecord(data) ? data['mesh'] : undefined;
    if (typeof mesh !== 'string') throw new UsageError(`${name} is a ConfigMap without data.mesh (use the istio ConfigMap, or its mesh text)`);
    return readMeshConfigText(mesh, `${name} (data.mesh)`);
  }
  return doc;
}
