// Files -> documents -> typed resources -> index: the pipeline every command starts with. Pure.
import type { Finding } from '../diagnostics/finding.js';
import { parseFile, type ParsedFile, type SourceFile } from '../load/parseDocuments.js';
import { createLocator, type Locator } from '../report/locate.js';
import { validateDocument } from '../schema/validate.js';
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
  const parsed = new Map<string, ParsedFile>();
  const findings: Finding[] = [];
  const resources: Resource[] = [];
  let documents = 0;
  let ignored = 0;
  for (const file of files) {
    const p = parseFile(file);
    parsed.set(file.name, p);
    findings.push(...p.findings);
    for (const doc of p.documents) {
      documents++;
      const v = validateDocument(doc, options.defaultNamespace);
      findings.push(...v.findings);
      if (v.resource) resources.push(v.resource);
      else if (v.ignored) ignored++;
    }
  }
  const locate = createLocator(parsed);
  const { index, findings: indexFindings } = buildIndex(resources, options, locate);
  findings.push(...indexFindings);
  return { index, findings, locate, stats: { files: files.length, documents, resources: index.all.length, ignored } };
}
