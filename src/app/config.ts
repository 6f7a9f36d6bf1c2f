// `.gwctl.yaml` read from its bytes, pure: the settings, or what is wrong with them at file:line:column
// (read as gwctl reads manifests: the same limits on size, aliases and depth).
import type { Path } from '../diagnostics/path.js';
import { createLocator } from '../load/locate.js';
import { chunkPosition, parseFile, type SourceFile } from '../load/parseDocuments.js';
import { messageOf, renderer } from '../report/render.js';
import { readConfigDocument, type ConfigFile } from '../schema/configFile.js';

export type { ConfigFile };

export interface ConfigProblem {
  file: string;
  line: number;
  column: number;
  message: string;
}

export function parseConfigFile(source: SourceFile): { config: ConfigFile; problems: ConfigProblem[] } {
  const parsed = parseFile(source);
  const problems: ConfigProblem[] = [];
  const locate = createLocator(new Map([[source.name, parsed]]));
  const render = renderer(locate);
  for (const f of parsed.findings) {
    if (f.level !== 'error') continue;
    const at = f.at ? locate(f.at) : { file: source.name, line: 1, column: 1 };
    problems.push({ file: at.file, line: at.line, column: at.column, message: `${f.code} ${messageOf(f, render)}` });
  }
  if (problems.length > 0) return { config: {}, problems };
  const docs = parsed.documents;
  const site = (doc: number, path: Path): Omit<ConfigProblem, 'message'> => {
    const p = chunkPosition(parsed.chunks, doc, path);
    return { file: source.name, line: p?.line ?? 1, column: p?.column ?? 1 };
  };
  if (docs.length > 1) {
    const second = docs[1];
    return { config: {}, problems: [{ ...site(second?.doc ?? 1, []), message: 'a config file holds one YAML document' }] };
  }
  const first = docs[0];
  const read = readConfigDocument(first?.value);
  if (!read.ok) {
    const located = read.problems.map((p) => ({ ...site(first?.doc ?? 0, p.path), message: p.message }));
    return { config: {}, problems: located.sort((a, b) => a.line - b.line || a.column - b.column) };
  }
  return { config: read.config, problems: [] };
}
