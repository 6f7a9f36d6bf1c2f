// `.gwctl.yaml` read from its bytes, pure: the settings, or what is wrong with them at file:line:column
// (read as gwctl reads manifests: the same limits on size, aliases and depth).
import type { Path } from '../diagnostics/path.js';
import { createLocator } from '../load/locate.js';
import { parseDeclaredHost } from '../model/world.js';
import { chunkPosition } from '../load/chunkPositions.js';
import { parseFile, type SourceFile } from '../load/parseDocuments.js';
import { messageOf, renderer } from '../report/render.js';
import { readConfigDocument, type ConfigFile } from '../schema/configFile.js';

export type { ConfigFile };

export interface ConfigProblem {
  file: string;
  line: number;
  column: number;
  message: string;
}

export interface ParsedConfig {
  config: ConfigFile;
  problems: ConfigProblem[];
  /** Where a field of the file is, to name it in a later error (a mesh config file that cannot be read). */
  where: (path: Path) => Omit<ConfigProblem, 'message'>;
}

export function parseConfigFile(source: SourceFile): ParsedConfig {
  const parsed = parseFile(source);
  const problems: ConfigProblem[] = [];
  const locate = createLocator(new Map([[source.name, parsed]]));
  const render = renderer(locate);
  for (const f of parsed.findings) {
    if (f.level !== 'error') continue;
    const at = f.at ? locate(f.at) : { file: source.name, line: 1, column: 1 };
    problems.push({ file: at.file, line: at.line, column: at.column, message: `${f.code} ${messageOf(f, render)}` });
  }
  const docs = parsed.documents;
  const site = (doc: number, path: Path): Omit<ConfigProblem, 'message'> => {
    const p = chunkPosition(parsed.chunks, doc, path);
    return { file: source.name, line: p?.line ?? 1, column: p?.column ?? 1 };
  };
  const first = docs[0];
  const where = (path: Path): Omit<ConfigProblem, 'message'> => site(first?.doc ?? 0, path);
  if (problems.length > 0) return { config: {}, problems, where };
  if (docs.length > 1) {
    const second = docs[1];
    return { config: {}, problems: [{ ...site(second?.doc ?? 1, []), message: 'a config file holds one YAML document' }], where };
  }
  const read = readConfigDocument(first?.value);
  const found = read.ok ? [] : read.problems.map((p) => ({ ...where(p.path), message: p.message }));
  // What the schema cannot say: each assumed host is a host name with optional ports, as --assume-host takes it.
  if (read.ok) {
    (read.config.assumeHosts ?? []).forEach((h, i) => {
      if (!parseDeclaredHost(h)) found.push({ ...where(['assumeHosts', i]), message: `assumeHosts[${i}] "${h}" is not a host name with optional ports (host[:port,...])` });
    });
  }
  if (found.length > 0 || !read.ok) return { config: {}, problems: found.sort((a, b) => a.line - b.line || a.column - b.column), where };
  return { config: read.config, problems: [], where };
}
