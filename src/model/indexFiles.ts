// Validated files -> the index of their resources, with the findings of every step in input order and
// the locator that turns a finding's path into file:line:column. Pure.
import type { Finding } from '../diagnostics/finding.js';
import { createLocator, type Locator } from '../load/locate.js';
import { nonKubernetesKind } from '../load/nonKubernetes.js';
import type { ParsedFile } from '../load/parseDocuments.js';
import type { ValidatedFile } from '../schema/validateFiles.js';
import { buildIndex, type ConfigIndex, type ModelOptions } from './configIndex.js';
import type { Resource } from './resource.js';

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
  const sources = new Map<string, ParsedFile>();
  const findings: Finding[] = [];
  const resources: Resource[] = [];
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
  const locate = createLocator(sources);
  const { index, findings: indexFindings } = buildIndex(resources, options);
  findings.push(...indexFindings);
  return { index, findings, locate, stats: { files: files.length, documents, resources: index.all.length, ignored }, ignoredFiles };
}
