// JUnit XML as CI servers read it: well-formed (fast-xml-parser), valid against the JUnit schema
// (xmllint), and parsed into suites, cases and failure counts.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { validateXML } from 'xmllint-wasm';
import { repoRoot } from './paths.js';

/** The JUnit XSD the reports are checked against. */
export const junitSchema = readFileSync(path.join(repoRoot, 'test', 'fixtures', 'route-tests', 'junit.xsd'), 'utf8');

export async function assertValidJunit(xml: string): Promise<void> {
  assert.equal(XMLValidator.validate(xml), true, 'well-formed XML');
  const r = await validateXML({ xml: [{ fileName: 'gwctl.xml', contents: xml }], schema: [{ fileName: 'junit.xsd', contents: junitSchema }] });
  assert.deepEqual(r.errors.map((e) => e.rawMessage), [], 'valid against the JUnit schema');
  assert.equal(r.valid, true);
}

export interface ParsedJunit {
  tests: number;
  failures: number;
  suites: { name: string; tests: number; failures: number; cases: { name: string; failed: boolean; line?: number }[] }[];
}

export function parseJunit(xml: string): ParsedJunit {
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (n) => n === 'testsuite' || n === 'testcase', parseAttributeValue: false }).parse(xml) as {
    testsuites: { tests: string; failures: string; testsuite?: { name: string; tests: string; failures: string; testcase?: { name: string; line?: string; failure?: unknown }[] }[] };
  };
  const root = doc.testsuites;
  return {
    tests: Number(root.tests),
    failures: Number(root.failures),
    suites: (root.testsuite ?? []).map((s) => ({
      name: s.name,
      tests: Number(s.tests),
      failures: Number(s.failures),
      cases: (s.testcase ?? []).map((c) => ({ name: c.name, failed: c.failure !== undefined, ...(c.line !== undefined ? { line: Number(c.line) } : {}) })),
    })),
  };
}
