// zod issues as problems at their paths, for documents gwctl reads beside manifests (route tests,
// .gwctl.yaml, the mesh config). Apart from the route test schemas, so that reading the config of
// every command does not build them (start-up: issue 16).
import type { z } from 'zod';
import { formatPath } from '../diagnostics/path.js';
import type { Path, PathSegment } from '../load/sourceMap.js';
import { closestName, describeIssue, knownKeysAt } from './issues.js';

export interface SchemaProblem {
  /** Path of the field at fault inside the document. */
  path: Path;
  message: string;
}

const seg = (p: PropertyKey): PathSegment => (typeof p === 'number' ? p : String(p));

/** zod issues as problems at their paths; a misspelt field named with the closest known one. */
export function schemaProblems(schema: z.ZodType, issues: readonly z.core.$ZodIssue[]): SchemaProblem[] {
  const out: SchemaProblem[] = [];
  // An object with a misspelt field also "checks nothing": the misspelling is the news, not its consequence.
  const misspelt = new Set(issues.filter((i) => i.code === 'unrecognized_keys').map((i) => JSON.stringify(i.path)));
  for (const issue of issues) {
    const path = issue.path.map(seg);
    if (issue.code === 'unrecognized_keys') {
      const known = knownKeysAt(schema, path);
      const where = formatPath(path);
      for (const key of issue.keys) {
        const near = closestName(key, known);
        const hint = near ? ` (did you mean ${near}?)` : known.length > 0 ? ` (known fields: ${known.join(', ')})` : '';
        out.push({ path: [...path, key], message: `${where ? `${where}: ` : ''}unknown field ${JSON.stringify(key)}${hint}` });
      }
      continue;
    }
    if (issue.code === 'custom' && misspelt.has(JSON.stringify(issue.path))) continue;
    const input = 'input' in issue ? issue.input : undefined;
    // YAML reads `true`, `on`, `10` unquoted as a boolean or a number; the fix is quotes.
    const quote = issue.code === 'invalid_type' && issue.expected === 'string' && (typeof input === 'boolean' || typeof input === 'number') ? ` (quote it: "${String(input)}")` : '';
    out.push({ path, message: describeIssue(issue, path) + quote });
  }
  return out;
}
