// SARIF 2.1.0 for GitHub code scanning: one rule per emitted code, results with real regions.
import { catalog, docsUrl, isCode, type Level } from '../../diagnostics/catalog.js';
import type { FindingRecord } from '../record.js';
import { VERSION } from '../../version.js';
import { fullName } from '../../diagnostics/ref.js';
import { escapeText, jsonText } from '../escape.js';

const SARIF_LEVEL: Record<Level, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

/** A relative, forward-slash URI as code scanning expects; absolute paths stay file URIs. */
function uriOf(file: string): string {
  const f = file.replace(/\\/g, '/');
  if (f.startsWith('/')) return `file://${encodeURI(f)}`;
  return encodeURI(f.replace(/^\.\//, ''));
}

export function sarifReport(records: readonly FindingRecord[]): string {
  const ruleCodes = [...new Set(records.map((r) => r.code))].sort();
  const rules = ruleCodes.map((code) => {
    const e = isCode(code) ? catalog[code] : undefined;
    return {
      id: code,
      name: e?.title ?? code,
      shortDescription: { text: e?.title ?? code },
      fullDescription: { text: e?.remedy ?? code },
      helpUri: isCode(code) ? docsUrl(code) : undefined,
      help: { text: e?.remedy ?? code },
      defaultConfiguration: { level: SARIF_LEVEL[e?.level ?? 'warning'] },
    };
  });
  const results = records.map((r) => {
    const result: Record<string, unknown> = {
      ruleId: r.code,
      ruleIndex: ruleCodes.indexOf(r.code),
      level: SARIF_LEVEL[r.level],
      message: { text: escapeText(r.message) },
    };
    const location: Record<string, unknown> = {};
    if (r.file) {
      location['physicalLocation'] = {
        artifactLocation: { uri: uriOf(r.file) },
        region: { startLine: r.line ?? 1, startColumn: r.column ?? 1 },
      };
    }
    if (r.resource) {
      const fq = escapeText(`${r.resource.kind}/${fullName(r.resource)}`);
      location['logicalLocations'] = [{ name: escapeText(r.resource.name), fullyQualifiedName: fq, kind: 'resource' }];
    }
    if (Object.keys(location).length > 0) result['locations'] = [location];
    if (r.resource) {
      const resource = { kind: escapeText(r.resource.kind), namespace: escapeText(r.resource.namespace), name: escapeText(r.resource.name) };
      result['properties'] = { resource, analyzer: r.analyzer };
    }
    return result;
  });
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'gwctl', version: VERSION, informationUri: 'https://github.com/gwctl/gwctl', rules } },
        columnKind: 'unicodeCodePoints',
        results,
      },
    ],
  };
  return jsonText(log, 2) + '\n';
}
