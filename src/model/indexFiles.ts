// Validated files -> the index of their resources, with the findings of every step in input order and
// the locator that turns a finding's path into file:line:column. Pure.
import type { Finding } from '../diagnostics/finding.js';
import { createLocator, type Locator } from '../load/locate.js';
import { nonKubernetesKind } from '../load/nonKubernetes.js';
import type { ParsedFile } from '../load/parseDocuments.js';
import type { CheckedFile, ValidatedFile } from '../schema/validateFiles.js';
import { buildIndex, withoutDuplicates, type ConfigIndex, type ModelOptions } from './configIndex.js';
import type { Placed } from './resource.js';

export interface IndexedFiles {
  index: ConfigIndex;
  /** Loader, schema and index findings, in input order. */
  findings: Finding[];
  locate: Locator;
  stats: { files: number; documents: number; resources: number; ignored: number };
  /** Files read but not taken for manifests (a compose file, Helm values...), and why: `--verbose` names them. */
  ignoredFiles: IgnoredFile[];
}

/** A file (or folder) that was not read as manifests, and why. */
export interface IgnoredFile {
  path: string;
  why: string;
}

export function indexFiles(files: readonly ValidatedFile[], options: ModelOptions): IndexedFiles {
  const g = gather(files);
  const { index, findings: indexFindings } = buildIndex(g.resources, options);
  for (const f of indexFindings) g.findings.push(f);
  return { index, findings: g.findings, locate: g.locate, stats: { ...g.stats, resources: index.all.length }, ignoredFiles: g.ignoredFiles };
}

/** What `validate` needs of the files: `indexFiles` without the index (the duplicates still found). */
export type CountedFiles = Omit<IndexedFiles, 'index'>;

export function countFiles(files: readonly CheckedFile[]): CountedFiles {
  const g = gather(files);
  const { kept, findings: indexFindings } = withoutDuplicates(g.resources);
  for (const f of indexFindings) g.findings.push(f);
  return { findings: g.findings, locate: g.locate, stats: { ...g.stats, resources: kept.length }, ignoredFiles: g.ignoredFiles };
}

function gather<R extends Placed>(files: readonly ValidatedFile<R>[]): CountedFiles & { resources: R[] } {
  const sources = new Map<string, ParsedFile>();
  const findings: Finding[] = [];
  const resources: R[] = [];
  let documents = 0;
  let ignored = 0;
  const ignoredFiles: IgnoredFile[] = [];
  for (const file of files) {
    const what = file.result.resources.length === 0 ? nonKubernetesKind(file.name) : undefined;
    if (what !== undefined) ignoredFiles.push({ path: file.name, why: `${what}, not Kubernetes objects` });
    sources.set(file.name, file.source);
    for (const f of file.result.findings) findings.push(f);
    for (const r of file.result.resources) resources.push(r);
    documents += file.result.documents;
    ignored += file.result.ignored;
  }
  return { findings, resources, locate: createLocator(sources), stats: { files: files.length, documents, resources: resources.length, ignored }, ignoredFiles };
}
