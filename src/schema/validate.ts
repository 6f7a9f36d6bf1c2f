// RawDocument (unknown) -> typed Resource, or findings that say what is wrong and where.
import { z } from 'zod';
import { finding, type At, type Finding } from '../diagnostics/finding.js';
import { isRecord } from '../load/isRecord.js';
import type { RawDocument } from '../load/parseChunk.js';
import type { Path, PathSegment } from '../load/sourceMap.js';
import type { Resource } from './resource.js';
import { metadata, type KindDef, type SemanticReport } from './common.js';
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
  const v = raw.value;
  const notAnObject = !isRecord(v) || typeof v['kind'] !== 'string' || typeof v['apiVersion'] !== 'string';
  if (notAnObject && isKnownNonKubernetesFile(raw.file)) return { findings: [], ignored: true };
  if (!isRecord(v)) {
    return { findings: [finding('GW0005', { missing: 'apiVersion and kind (it is not a mapping)' }, { at: atIn(raw, []) })], ignored: true };
  }
  const apiVersion = v['apiVersion'];
  const kind = v['kind'];
  if (typeof kind !== 'string' || typeof apiVersion !== 'string') {
    const missing = typeof kind !== 'string' && typeof apiVersion !== 'string' ? 'apiVersion and kind' : typeof kind !== 'string' ? 'kind' : 'apiVersion';
    return { findings: [finding('GW0005', { missing }, { at: atIn(raw, []) })], ignored: true };
  }
  const lookup = lookupKind(apiVersion, kind);
  if ('notModelled' in lookup) return { findings: [], ignored: true };
  if ('wrongVersion' in lookup) {
    return { findings: [finding('GW0009', { kind, apiVersion, expected: lookup.expected }, { at: atIn(raw, ['apiVersion']) })], ignored: false };
  }
  const def = lookup.found;
  const rawMeta = isRecord(v['metadata']) ? v['metadata'] : undefined;
  // Named even when its metadata is broken, so a finding still says which object it is.
  const ref = {
    kind,
    namespace: typeof rawMeta?.['namespace'] === 'string' ? rawMeta['namespace'] : defaultNamespace,
    name: typeof rawMeta?.['name'] === 'string' ? rawMeta['name'] : '',
  };
  const report = new DocumentReport(raw, ref, def.group === 'networking.istio.io');
  const findings = report.findings;

  if (def.strict) {
    for (const key in v) {
      if (!TOP_LEVEL.has(key) && Object.hasOwn(v, key)) {
        findings.push(finding('GW0006', { field: key, kind, suggestion: closestName(key, [...TOP_LEVEL]) }, { at: report.at([key]), resource: ref }));
      }
    }
  }

  // A value read fresh for this document (parseChunk.ts): validation may keep its objects as they are.
  const fresh = raw.fresh === true;
  const meta = safeParseReporting(metadata, v['metadata'] ?? {}, fresh);
  if (!meta.success) {
    for (const issue of meta.error.issues) report.typeError(['metadata', ...issue.path.map(seg)], describeIssue(issue, ['metadata', ...issue.path.map(seg)]));
    return { findings, ignored: false };
  }
  // ref already holds it: metadata.namespace as written, else the default.
  const namespace = ref.namespace;
  // The API server refuses such an object, but Istio's own tests hold such names (camelCase): it is
  // an error, and the object is read as written, as a duplicate key is (GW0014).
  objectMetaProblems(kind, def.clusterScoped === true, meta.data, report);

  const specInput = def.specFields ? Object.fromEntries(def.specFields.filter((f) => v[f] !== undefined).map((f) => [f, v[f]])) : (v['spec'] ?? {});
  const spec = parseSpec(def, specInput, report, fresh);
  if (spec === undefined) return { findings, ignored: false };

  def.semantic?.(spec, meta.data.name, report);

  // Two literals rather than a spread of an optional `status`: each built at once in its final shape.
  const origin = { file: raw.file, doc: raw.doc, base: raw.base };
  const status = v['status'];
  const rejected = report.rejected;
  const resource = (
    status === undefined
      ? { kind: def.kind, apiVersion, name: meta.data.name, namespace, metadata: meta.data, spec, origin, rejected }
      : { kind: def.kind, apiVersion, name: meta.data.name, namespace, metadata: meta.data, spec, origin, rejected, status }
  ) as Resource;
  return { resource, findings };
}

const atIn = (raw: RawDocument, path: Path): At => ({ file: raw.file, doc: raw.doc, path: [...raw.base, ...path] });

/**
 * A document's findings and what they name, and the report its kind's semantic checks write to: one
 * object per document (a closure for each role was most of what validating a valid document allocated).
 */
class DocumentReport implements SemanticReport {
  readonly findings: Finding[] = [];
  /** Whether a semantic check rejected the object (Istio's webhook, or the API server's CRD validation). */
  rejected = false;

  constructor(
    private readonly raw: RawDocument,
    readonly ref: { kind: string; namespace: string; name: string },
    /** Istio's kinds: their schema errors are the webhook's (IST0106); the others' the API server's (GW0007). */
    private readonly istio: boolean,
  ) {}

  at(path: Path): At {
    return atIn(this.raw, path);
  }

  typeError(path: Path, detail: string): void {
    this.findings.push(
      this.istio
        ? finding('IST0106', { detail }, { at: this.at(path), resource: this.ref })
        : finding('GW0007', { kind: this.ref.kind, detail }, { at: this.at(path), resource: this.ref }),
    );
  }

  /** objectMetaProblems' report: the API server refuses such metadata (GW0016). */
  metadata(path: Path, detail: string): void {
    this.findings.push(finding('GW0016', { detail }, { at: this.at(path), resource: this.ref }));
  }

  error(path: Path, detail: string): void {
    this.rejected = true;
    this.typeError(path, detail);
  }

  errorReadAsWritten(path: Path, detail: string): void {
    this.typeError(path, detail);
  }

  warning(path: Path, detail: string): void {
    this.findings.push(finding('IST0133', { detail }, { at: this.at(path), resource: this.ref }));
  }
}

/**
 * `safeParse(input, { reportInput: true })`, whose issues carry the offending input. Almost every
 * document succeeds: fastParse gives zod's answer for those (schema/fastParse.ts), and zod parses
 * with reportInput only to describe a failure (zod is deterministic).
 */
function safeParseReporting<S extends z.ZodType>(schema: S, input: unknown, reuse = false): z.ZodSafeParseResult<z.output<S>> {
  return fastParse(schema, input, reuse) ?? schema.safeParse(input, { reportInput: true });
}

const seg = (p: PropertyKey): PathSegment => (typeof p === 'number' ? p : String(p));

/** Parses `spec`; unknown fields become warnings and are dropped, type errors reject the resource. */
function parseSpec(def: KindDef, input: unknown, report: DocumentReport, fresh: boolean): unknown {
  const first = safeParseReporting(def.spec, input, fresh);
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
        report.findings.push(
          finding('GW0006', { field: key, kind: def.kind, suggestion: closestName(key, known) }, { at: report.at([...path, key]), resource: report.ref }),
        );
        cleaned = dropKey(cleaned ?? structuredClone(input), issue.path.map(seg), key);
      }
    } else {
      hasTypeErrors = true;
      report.typeError(path, describeIssue(issue, path));
    }
  }
  if (hasTypeErrors) return undefined;
  const second = safeParseReporting(def.spec, cleaned);
  if (second.success) return second.data;
  for (const issue of second.error.issues) {
    const path: PathSegment[] = [...root, ...issue.path.map(seg)];
    report.typeError(path, describeIssue(issue, path));
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
