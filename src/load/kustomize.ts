// `-k <folder>`: a kustomization rendered by kustomize (src/cli/kustomize.ts runs it) is read as one
// stream, and its findings point back at the files that define its objects. This module reads the
// files a kustomization takes its resources from (its `resources`, `bases` and `components`, folders
// followed to their own kustomization) and traces each rendered object to the source document of the
// same kind and name, so that a finding's JSON path is looked up there (the nearest field the source
// has, when a patch or a transformer added the field). Objects it cannot trace (generated ConfigMaps,
// remote bases) keep their place in the rendered stream.
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import type { At } from '../diagnostics/path.js';
import { createLocator, type Locator } from './locate.js';
import { isRecord } from './isRecord.js';
import { parseFile, type ParsedFile, type SourceFile } from './parseDocuments.js';

export const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'] as const;

/** At most this many kustomizations and source files are read for one folder (the rendering itself has no such cap). */
const MAX_SOURCES = 5000;
const MAX_KUSTOMIZATION_BYTES = 1024 * 1024;

/** A rendered kustomization: the stream kustomize printed, and the files its resources came from. */
export interface RenderedInput {
  /** The rendered manifests, named after the folder (`kustomize:<folder>`). */
  output: SourceFile;
  /** The files the kustomization reads its resources from, named as the folder walk names files. */
  sources: readonly SourceFile[];
  /**
   * Its strategic-merge patch files (`patches[].path`, `patchesStrategicMerge`), the one applied last
   * first: the outer kustomization's before its bases', a later entry before an earlier one.
   */
  patches?: readonly SourceFile[];
}

/** How many rendered objects were traced to a source file. */
export interface RenderedTrace {
  name: string;
  objects: number;
  traced: number;
}

/** The kustomization file of a folder, if it has one. */
export function kustomizationFile(dir: string): string | undefined {
  for (const name of KUSTOMIZATION_FILES) {
    const file = path.join(dir, name);
    try {
      if (fs.statSync(file).isFile()) return file;
    } catch {
      // Not this name.
    }
  }
  return undefined;
}

const isRemote = (entry: string): boolean => /^[a-z][a-z0-9+.-]*:\/\//i.test(entry) || /^(git@|github\.com\/|gitlab\.com\/|bitbucket\.org\/)/.test(entry);
const MANIFEST = /\.(ya?ml|json)$/i;

/**
 * The files a kustomization folder takes its resources from, in the order kustomize reads them. As
 * kustomize does by default, a resource file must lie inside its kustomization's folder, while a
 * folder resource (a base) may be anywhere; remote resources are not fetched (their objects stay
 * untraced). Unreadable entries are skipped: kustomize itself reports them when it renders.
 */
export function kustomizationSources(dir: string, maxFileBytes: number): SourceFile[] {
  return kustomizationInputs(dir, maxFileBytes).sources;
}

/** The resource files of a kustomization folder (kustomizationSources) and its patch files (RenderedInput.patches). */
export function kustomizationInputs(dir: string, maxFileBytes: number): { sources: SourceFile[]; patches: SourceFile[] } {
  const sources: SourceFile[] = [];
  const patches: SourceFile[] = [];
  const seen = new Set<string>();
  const queue: string[] = [dir];
  for (let i = 0; i < queue.length && seen.size < MAX_SOURCES; i++) {
    const folder = queue[i];
    if (folder === undefined) break;
    const real = realpathOr(folder);
    if (seen.has(real)) continue;
    seen.add(real);
    const file = kustomizationFile(folder);
    if (file === undefined) continue;
    const folderPatches: SourceFile[] = [];
    for (const entry of patchEntries(file)) {
      const target = path.join(folder, entry);
      const targetReal = realpathOr(target);
      if (!MANIFEST.test(target) || !targetReal.startsWith(real + path.sep)) continue;
      try {
        if (fs.statSync(target).size <= maxFileBytes) folderPatches.push({ name: target, bytes: fs.readFileSync(target) });
      } catch {
        // Unreadable: kustomize says so when it renders.
      }
    }
    patches.push(...folderPatches.reverse());
    for (const entry of resourceEntries(file)) {
      if (isRemote(entry)) continue;
      const target = path.join(folder, entry);
      let stat: fs.Stats;
      try {
        stat = fs.statSync(target);
      } catch {
        continue;
      }
      if (stat.isDirectory()) {
        queue.push(target);
        continue;
      }
      const targetReal = realpathOr(target);
      if (!stat.isFile() || !MANIFEST.test(target) || stat.size > maxFileBytes || seen.has(targetReal)) continue;
      if (!targetReal.startsWith(real + path.sep)) continue;
      seen.add(targetReal);
      try {
        sources.push({ name: target, bytes: fs.readFileSync(target) });
      } catch {
        // Unreadable: kustomize says so when it renders.
      }
    }
  }
  return { sources, patches };
}

function readKustomization(file: string): Record<string, unknown> | undefined {
  let doc: unknown;
  try {
    if (fs.statSync(file).size > MAX_KUSTOMIZATION_BYTES) return undefined;
    doc = yaml.load(fs.readFileSync(file, 'utf8'), { schema: yaml.CORE_SCHEMA });
  } catch {
    return undefined;
  }
  return isRecord(doc) ? doc : undefined;
}

/** The patch files of a kustomization file, in the order kustomize applies them (`patchesStrategicMerge`, then `patches`). */
function patchEntries(file: string): string[] {
  const doc = readKustomization(file);
  if (!doc) return [];
  const out: string[] = [];
  const add = (e: unknown): void => {
    if (typeof e === 'string' && e !== '' && !e.includes('\n')) out.push(e);
  };
  const legacy = doc['patchesStrategicMerge'];
  if (Array.isArray(legacy)) legacy.forEach(add);
  const patches = doc['patches'];
  if (Array.isArray(patches)) for (const p of patches) if (isRecord(p)) add(p['path']);
  return out;
}

/** `resources`, `bases` and `components` of a kustomization file, as written. */
function resourceEntries(file: string): string[] {
  const doc = readKustomization(file);
  if (!doc) return [];
  const out: string[] = [];
  for (const key of ['resources', 'bases', 'components']) {
    const list = doc[key];
    if (!Array.isArray(list)) continue;
    for (const e of list) if (typeof e === 'string' && e !== '' && !e.includes('\n')) out.push(e);
  }
  return out;
}

function realpathOr(p: string): string {
  try {
    return fs.realpathSync.native(p);
  } catch {
    return path.resolve(p);
  }
}

interface Identity {
  kind: string;
  name: string;
  namespace: string | undefined;
}

function identityOf(value: unknown): Identity | undefined {
  if (!isRecord(value) || typeof value['kind'] !== 'string' || !isRecord(value['metadata'])) return undefined;
  const meta = value['metadata'];
  if (typeof meta['name'] !== 'string' || meta['name'] === '') return undefined;
  return { kind: value['kind'], name: meta['name'], namespace: typeof meta['namespace'] === 'string' ? meta['namespace'] : undefined };
}

interface SourceDoc extends Identity {
  file: string;
  doc: number;
}

/**
 * The source document of a rendered object: same kind, the same name (or the source's name inside
 * the rendered one, as namePrefix/nameSuffix make it; the longest such name), and the same namespace
 * when the source names one (kustomize's `namespace:` sets it otherwise).
 */
function sourceOf(object: Identity, byKind: ReadonlyMap<string, readonly SourceDoc[]>): SourceDoc | undefined {
  const candidates = (byKind.get(object.kind) ?? []).filter((s) => s.namespace === undefined || object.namespace === undefined || s.namespace === object.namespace);
  const exact = candidates.find((s) => s.name === object.name && s.namespace === object.namespace) ?? candidates.find((s) => s.name === object.name);
  if (exact) return exact;
  let best: SourceDoc | undefined;
  for (const s of candidates) if (object.name.includes(s.name) && (best === undefined || s.name.length > best.name.length)) best = s;
  return best;
}

interface PatchDoc extends SourceDoc {
  value: unknown;
  /** A custom resource (an API group with a dot): kustomize replaces its lists whole, so list indexes are the patch's own. */
  custom: boolean;
}

const isCustomResource = (value: unknown): boolean => isRecord(value) && typeof value['apiVersion'] === 'string' && value['apiVersion'].split('/')[0]?.includes('.') === true;

/**
 * Where in a patch document a rendered field comes from: the field itself when the patch sets it (a
 * value or a list; a map is merged with the source's),
 * or (for a custom resource, whose lists the patch replaces whole) the deepest part of it the patch
 * has below a list it sets. Undefined when the patch does not set the field: its source file does.
 * A built-in kind's lists are merged by key, so a path through one is not followed into the patch.
 */
function patchedPath(p: PatchDoc, path: readonly (string | number)[]): (string | number)[] | undefined {
  // A patch names its target with these: they say nothing about the value.
  if (path.length === 0 || path[0] === 'apiVersion' || path[0] === 'kind' || (path[0] === 'metadata' && (path[1] === 'name' || path[1] === 'namespace'))) return undefined;
  let value: unknown = p.value;
  let throughList = false;
  for (let i = 0; i < path.length; i++) {
    const key = path[i];
    if (key === undefined) return undefined;
    let next: unknown;
    if (Array.isArray(value) && typeof key === 'number') {
      if (!p.custom) return undefined;
      throughList = true;
      next = value[key];
    } else if (isRecord(value) && typeof key === 'string' && Object.prototype.hasOwnProperty.call(value, key)) next = value[key];
    if (next === undefined) return throughList ? path.slice(0, i) : undefined;
    value = next;
  }
  // A map the patch merges into keeps the source's other fields: only a value the patch replaced is its own.
  return isRecord(value) && !throughList ? undefined : [...path];
}

/**
 * A locator that sends a finding in a rendered stream to the source file defining that object, when
 * one does (the field's own line there, or its nearest ancestor's), and how many objects were traced.
 */
export function traceRendered(base: Locator, rendered: readonly RenderedInput[]): { locate: Locator; traces: RenderedTrace[] } {
  if (rendered.length === 0) return { locate: base, traces: [] };
  const parsedSources = new Map<string, ParsedFile>();
  const origins = new Map<string, Map<number, SourceDoc>>();
  const patchedAt = new Map<string, Map<number, PatchDoc[]>>();
  const traces: RenderedTrace[] = [];
  for (const r of rendered) {
    const patchesByKind = new Map<string, PatchDoc[]>();
    for (const patch of r.patches ?? []) {
      const parsed = parsedSources.get(patch.name) ?? parseFile(patch);
      parsedSources.set(patch.name, parsed);
      for (const d of parsed.documents) {
        const id = d.base.length === 0 ? identityOf(d.value) : undefined;
        if (!id) continue;
        const list = patchesByKind.get(id.kind) ?? [];
        list.push({ ...id, file: patch.name, doc: d.doc, value: d.value, custom: isCustomResource(d.value) });
        patchesByKind.set(id.kind, list);
      }
    }
    const patchDocs = new Map<number, PatchDoc[]>();
    patchedAt.set(r.output.name, patchDocs);
    const byKind = new Map<string, SourceDoc[]>();
    for (const source of r.sources) {
      const parsed = parsedSources.get(source.name) ?? parseFile(source);
      parsedSources.set(source.name, parsed);
      for (const d of parsed.documents) {
        const id = d.base.length === 0 ? identityOf(d.value) : undefined;
        if (!id) continue;
        const list = byKind.get(id.kind) ?? [];
        list.push({ ...id, file: source.name, doc: d.doc });
        byKind.set(id.kind, list);
      }
    }
    const docs = new Map<number, SourceDoc>();
    let objects = 0;
    for (const d of parseFile(r.output).documents) {
      const id = d.base.length === 0 ? identityOf(d.value) : undefined;
      if (!id) continue;
      objects++;
      const s = sourceOf(id, byKind);
      if (s) docs.set(d.doc, s);
      const p = (patchesByKind.get(id.kind) ?? []).filter((x) => (x.namespace === undefined || x.namespace === id.namespace) && (x.name === id.name || id.name.includes(x.name)));
      if (p.length > 0) patchDocs.set(d.doc, p);
    }
    origins.set(r.output.name, docs);
    traces.push({ name: r.output.name, objects, traced: docs.size });
  }
  const inSources = createLocator(parsedSources);
  const locate: Locator = (at: At) => {
    if (at.position) return base(at);
    const patched = patchedAt.get(at.file)?.get(at.doc);
    for (const p of patched ?? []) {
      const path = patchedPath(p, at.path);
      if (path) return inSources({ file: p.file, doc: p.doc, path });
    }
    const s = origins.get(at.file)?.get(at.doc);
    return s ? inSources({ file: s.file, doc: s.doc, path: at.path }) : base(at);
  };
  return { locate, traces };
}
