// The workspace: everything a command needs from the inputs, built once. The user's resources are
// indexed, the overlays (src/convert) run once over them, and the findings of every step are kept in
// input order for the reporters.
import { applyOverlays, OVERLAYS, type ConfigStore, type Overlay } from '../convert/index.js';
import type { Finding, ResourceRef } from '../diagnostics/finding.js';
import { buildIndex, type ConfigIndex } from '../model/configIndex.js';
import type { IgnoredFile, IndexedFiles } from '../model/indexFiles.js';

export type { IgnoredFile };
import { refOf } from '../model/resource.js';
import type { RenderedTrace } from '../load/kustomize.js';
import type { Locator } from '../load/locate.js';

export interface WorkspaceStats {
  files: number;
  documents: number;
  /** Resources in the inputs (after duplicates were replaced), derived ones not counted. */
  resources: number;
  /** Documents of kinds gwctl does not model. */
  ignored: number;
}

export interface Workspace {
  /** The resources as the user wrote them: what the analyzers check and findings name. */
  inputs: ConfigIndex;
  /** The inputs plus what the overlays derive from them (istiod's config store): what derivation reads. */
  config: ConfigStore;
  /** Findings of reading, parsing, validation and indexing, in input order: problems of the inputs themselves. */
  findings: Finding[];
  /**
   * What the overlays report about the objects they converted (the status conditions istiod would
   * write on Gateway API objects, attachment mistakes): analyze reports them, the other commands do not.
   */
  conversionFindings: Finding[];
  /** Turns a finding's place (file, document, JSON path) into file:line:column. */
  locate: Locator;
  /** File names in input order: reports sort findings by it. */
  fileOrder: string[];
  stats: WorkspaceStats;
  /** Paths the user named that could not be read at all (the CLI exits 2). Empty for in-memory sources. */
  unreadable: string[];
  /** Every path the user named, as given. Empty for in-memory sources. */
  paths: string[];
  /** Files and folders not read as manifests (excluded by a glob, known not to be Kubernetes objects), and why. */
  ignoredFiles: IgnoredFile[];
  /** Rendered kustomizations (`-k`): how many of their objects were traced to a source file. */
  rendered: RenderedTrace[];
}

export interface WorkspaceParts {
  indexed: IndexedFiles;
  fileOrder: string[];
  /** Findings about the paths themselves (an empty folder, a skipped entry), before the model's. */
  readFindings?: readonly Finding[];
  unreadable?: string[];
  paths?: string[];
  /** Paths the folder walk left out (exclude globs), before the files the index found not to be manifests. */
  ignoredFiles?: readonly IgnoredFile[];
  rendered?: readonly RenderedTrace[];
  /** The overlays to apply (all of them unless a test says otherwise). */
  overlays?: readonly Overlay[];
}

export function createWorkspace(p: WorkspaceParts): Workspace {
  const { store, findings: overlayFindings } = applyOverlays(p.indexed.index, p.overlays ?? OVERLAYS);
  return {
    inputs: p.indexed.index,
    config: store,
    findings: [...(p.readFindings ?? []), ...p.indexed.findings],
    conversionFindings: overlayFindings,
    locate: p.indexed.locate,
    fileOrder: p.fileOrder,
    stats: p.indexed.stats,
    unreadable: p.unreadable ?? [],
    paths: p.paths ?? [],
    ignoredFiles: [...(p.ignoredFiles ?? []), ...p.indexed.ignoredFiles],
    rendered: [...(p.rendered ?? [])],
  };
}

/**
 * The workspace with only the input resources `keep` accepts, re-indexed and overlaid again, and only
 * the findings about them or about no resource (Istio's analyzer harness drops system namespaces so).
 */
export function narrowWorkspace(ws: Workspace, keep: (r: ResourceRef) => boolean): Workspace {
  const { index } = buildIndex(ws.inputs.all.filter((r) => keep(refOf(r))), ws.inputs.options);
  const indexed = { index, findings: [], locate: ws.locate, stats: { ...ws.stats, resources: index.all.length }, ignoredFiles: [] };
  return {
    ...createWorkspace({ indexed, fileOrder: ws.fileOrder, unreadable: ws.unreadable, paths: ws.paths, ignoredFiles: ws.ignoredFiles, rendered: ws.rendered, overlays: ws.config.overlays }),
    findings: ws.findings.filter((f) => !f.resource || keep(f.resource)),
    conversionFindings: ws.conversionFindings.filter((f) => !f.resource || keep(f.resource)),
  };
}
