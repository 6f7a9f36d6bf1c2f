// Files -> documents -> typed resources -> index: the pipeline every command starts with. Pure.
import type { Finding } from '../diagnostics/finding.js';
import type { ParsedFile, SourceFile } from '../load/parseDocuments.js';
import { processFile, type ProcessedFile } from '../load/pipeline.js';
import { createLocator, type Locator } from '../load/locate.js';
import { buildIndex, type ConfigIndex, type ModelOptions } from './configIndex.js';
import type { Resource } from './resource.js';

export interface LoadedModel {
  index: ConfigIndex;
  /** Loader, schema and index findings, in input order. */
  findings: Finding[];
  locate: Locator;
  stats: { files: number; documents: number; resources: number; ignored: number };
}

export function loadModel(files: readonly SourceFile[], options: ModelOptions): LoadedModel {
  return assembleModel(files, files.map((f) => processFile(f, options.defaultNamespace)), options);
}

/** The model from files already parsed and validated (on this thread or on workers: src/load/parallel.ts). */
export function assembleModel(files: readonly SourceFile[], processed: readonly ProcessedFile[], options: ModelOptions): LoadedModel {
  const sources = new Map<string, ParsedFile>();
  const findings: Finding[] = [];
  const resources: Resource[] = [];
  let documents = 0;
  let ignored = 0;
  files.forEach((file, i) => {
    const p = processed[i];
    if (!p) return;
    sources.set(file.name, p.source);
    for (const f of p.result.findings) findings.push(f);
    for (const r of p.result.resources) resources.push(r);
    documents += p.result.documents;
    ignored += p.result.ignored;
  });
  const locate = createLocator(sources);
  const { index, findings: indexFindings } = buildIndex(resources, options);
  findings.push(...indexFindings);
  return { index, findings, locate, stats: { files: files.length, documents, resources: index.all.length, ignored } };
}
