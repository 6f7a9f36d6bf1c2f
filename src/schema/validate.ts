// RawDocument (unknown) -> typed Resource, or findings that say what is wrong and where.
import { z } from 'zod';
import { finding, type Finding } from '../diagnostics/finding.js';
import { isRecord, type RawDocument } from '../load/parseDocuments.js';
import type { Path, PathSegment } from '../load/sourceMap.js';
import type { Resource } from './resource.js';
import { metadata, type KindDef } from './common.js';
import { fastParse } from './fastParse.js';
import { objectMetaProblems } from './objectMeta.js';
import { lookupKind } from './registry.js';
import { closestName, describeIssue, knownKeysAt } from './issues.js';
import { isKnownNonKubernetesFile } from '../load/nonKubernetes.js';

export type Validated =
  | { resource: Resource; findings: Finding[] }
  | { resource?: undefined; findings: Finding[]; ignored: boolean };

const TOP_LEVEL = new Set(['apiVersion', 'kind', 'metadata', 'spec', 'status']);

export function validateDocument(raw: RawDocument, defaultNamespace: string): Validated {
  const findings: Finding[] = [];
  const at = (path: Path) => ({ file: raw.file, doc: raw.doc, path: [...raw.base, ...path] });
  const v = raw.value;
  const notAnObject = !isRecord(v) || typeof v['kind'] !== 'string' || typeof v['apiVersion'] !== 'string';
  if (notAnObject && isKnownNonKubernetesFile(raw.file)) return { findings, ignored: true };
  if (!isRecord(v)) {
    findings.push(finding('GW0005', { missing: 'apiVersion and kind (it is not a mapping)' }, { at: at([]) }));
    return { findings, ignored: true };
  }
  const apiVersion = v['apiVersion'];
  const kind = v['kind'];
  if (typeof kind !== 'string' || typeof apiVersion !== 'string') {
    const missing = typeof kind !== 'string' && typeof apiVersion !== 'string' ? 'apiVersion and kind' : typeof kind !== 'string' ? 'kind' : 'apiVersion';
    findings.push(finding('GW0005', { missing }, { at: at([]) }));
    return { findings, ignored: true };
  }
  const lookup = lookupKind(apiVersion, kind);
  if ('notModelled' in lookup) return { findings, ignored: true };
  if ('wrongVersion' in lookup) {
    findings.push(finding('GW0009', { kind, apiVersion, expected: lookup.expected }, { at: at(['apiVersion']) }));
    return { findings, ignored: false };
  }
  const def = lookup.found;
  const schemaCode = def.group === 'networking.istio.io' ? 'IST0106' : 'GW0007';
  const rawMeta = isRecord(v['metadata']) ? v['metadata'] : undefined;
  // Named even when its metadata is broken, so a finding still says which object it is.
  const ref = {
    kind,
    namespace: typeof rawMeta?.['namespace'] === 'string' ? rawMeta['namespace'] : defaultNamespace,
    name: typeof rawMeta?.['name'] === 'string' ? rawMeta['name'] : '',
  };
  const typeError = (path: Path, detail: string): void => {
    findings.push(
      schemaCode === 'IST0106'
        ? finding('IST0106', { detail }, { at: at(path), resource: ref })
        : finding('GW0007', { kind, detail }, { at: at(path), resource: ref }),
    );
  };

  if (def.strict) {
    for (const key of Object.keys(v)) {
      if (!TOP_LEVEL.has(key)) {
        findings.push(finding('GW0006', { field: key, kind, suggestion: closestName(key, [...TOP_LEVEL]) }, { at: at([key]), resource: ref }));
      }
    }
  }

  const meta = safeParseReporting(metadata, v['metadata'] ?? {});
  if (!meta.success) {
    for (const issue of meta.error.issues) typeError(['metadata', ...issue.path.map(seg)], describeIssue(issue, ['metadata', ...issue.path.map(seg)]));
    return { findings, ignored: false };
  }
  // ref already holds it: metadata.namespace as written, else the default.
  const namespace = ref.namespace;
  // The API server refuses such an object, but Istio's own tests hold such names (camelCase): it is
  // an error, and the object is read as written, as a duplicate key is (GW0014).
  objectMetaProblems(kind, def.clusterScoped === true, meta.data, (path, detail) => {
    findings.push(finding('GW0016', { detail }, { at: at(path), resource: ref }));
  });

  const specInput = def.specFields ? Object.fromEntries(def.specFields.filter((f) => v[f] !== undefined).map((f) => [f, v[f]])) : (v['spec'] ?? {});
  const spec = parseSpec(def, specInput, findings, at, ref, typeError);
  if (spec === undefined) return { findings, ignored: false };

  let rejected = false;
  def.semantic?.(spec, meta.data.name, {
    error(path, detail) {
      // Istio's webhook (IST0106) for Istio kinds; the API server's CRD validation for the others.
      rejected = true;
      typeError(path, detail);
    },
    warning(path, detail) {
      findings.push(finding('IST0133', { detail }, { at: at(path), resource: ref }));
    },
  });

  // Two literals rather than a spread of an optional `status`: each built at once in its final shape.
  const origin = { file: raw.file, doc: raw.doc, base: raw.base };
  const status = v['status'];
  const resource = (
    status === undefined
      ? { kind: def.kind, apiVersion, name: meta.data.name, namespace, metadata: meta.data, spec, origin, rejected }
      : { kind: def.kind, apiVersion, name: meta.data.name, namespace, metadata: meta.data, spec, origin, rejected, status }
  ) as Resource;
  return { resource, findings };
}

/**
 * `safeParse(input, { reportInput: true })`, whose issues carry the offending input. Almost every
 * document succeeds: fastParse gives zod's answer for those (schema/fastParse.ts), and zod parses
 * with reportInput only to describe a failure (zod is deterministic).
 */
function safeParseReporting<S extends z.ZodType>(schema: S, input: unknown): z.ZodSafeParseResult<z.output<S>> {
  return fastParse(schema, input) ?? schema.safeParse(input, { reportInput: true });
}

const seg = (p: PropertyKey): PathSegment => (typeof p === 'number' ? p : String(p));

/** Parses `spec`; unknown fields become warnings and are dropped, type errors reject the resource. */
function parseSpec(
  def: KindDef,
  input: unknown,
  findings: Finding[],
  at: (p: Path) => { file: string; doc: number; path: Path },
  ref: { kind: string; namespace: string; name: string },
  typeError: (path: Path, detail: string) => void,
): unknown {
  const first = safeParseReporting(def.spec, input);
  if (first.success) return first.data;
  // Kinds without a `spec` (ConfigMap, Secret) have their fields at the object root.
  const root: PathSegment[] = def.specFields ? [] : ['spec'];
  let hasTypeErrors = false;
  let cleaned: unknown = undefined;
  for (const issue of first.error.issues) {
    const path: PathSegment[] = [...root, ...issue.path.map(seg)];
    if (issue.code === 'unrecognized_keys') {
      const known = knownKeysAt(def.spec, issue.path.map(seg));
      for (const key of issue.keys) {
        findings.push(
          finding('GW0006', { field: key, kind: def.kind, suggestion: closestName(key, known) }, { at: at([...path, key]), resource: ref }),
        );
        cleaned = dropKey(cleaned ?? structuredClone(input), issue.path.map(seg), key);
      }
    } else {
      hasTypeErrors = true;
      typeError(path, describeIssue(issue, path));
    }
  }
  if (hasTypeErrors) return undefined;
  const second = safeParseReporting(def.spec, cleaned);
  if (second.success) return second.data;
  for (const issue of second.error.issues) {
    const path: PathSegment[] = [...root, ...issue.path.map(seg)];
    typeError(path, describeIssue(issue, path));
  }
  return undefined;
}

function dropKey(root: unknown, path: PathSegment[], key: string): unknown {
  let node: unknown = root;
  for (const p of path) {
    if (Array.isArray(node) && typeof p === 'number') node = node[p];
    else if (isRecord(node) && Object.hasOwn(node, String(p))) node = node[String(p)];
    else return root;
  }
  if (isRecord(node) && Object.hasOwn(node, key)) delete node[key];
  return root;
}
