// Runs one analyzer over one fixture file and reads the file's `# expect: CODE [CODE]` markers.
import { readFileSync } from 'node:fs';
import { CLI_SETTINGS } from '../../src/analysis/context.js';
import { runAnalyzers } from '../../src/analysis/run.js';
import { loadSources } from '../../src/app/load.js';

export interface Hit {
  code: string;
  line: number;
  resource: string;
}

export function expectedMarkers(text: string): { code: string; line: number }[] {
  const out: { code: string; line: number }[] = [];
  text.split('\n').forEach((l, i) => {
    const m = /#\s*expect:\s*(.+)$/.exec(l);
    if (m) for (const code of (m[1] ?? '').trim().split(/\s+/)) out.push({ code, line: i + 1 });
  });
  return out;
}

export function runFixture(analyzer: string, file: string): { hits: Hit[]; kindsRead: Set<string> } {
  const model = loadSources([{ name: file, bytes: readFileSync(file) }]);
  const result = runAnalyzers(model, { select: [analyzer], settings: CLI_SETTINGS, loaded: [...model.findings, ...model.conversionFindings] });
  const hits = result.findings.map((f) => {
    const loc = f.at ? model.locate(f.at) : undefined;
    const r = f.resource;
    return { code: f.code, line: loc?.line ?? 0, resource: r ? `${r.kind} ${r.namespace}/${r.name}` : '' };
  });
  return { hits, kindsRead: result.kindsRead.get(analyzer) ?? new Set() };
}
