// The loading case table (fixtures/load/cases.yaml): data, read through a schema, shared by the
// loading test and the code-coverage meta-test.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { z } from 'zod';
import { repoRoot } from '../helpers/paths.js';

export const LOAD_TABLE = path.join(repoRoot, 'fixtures', 'load', 'cases.yaml');

const LoadCase = z
  .object({
    name: z.string().min(1),
    /** In-memory files: name -> text. */
    files: z.record(z.string(), z.string()).optional(),
    /** In-memory files: name -> base64 bytes. */
    base64: z.record(z.string(), z.string()).optional(),
    /** Repository-relative paths read from disk. */
    paths: z.array(z.string().min(1)).optional(),
    maxFileBytes: z.number().int().positive().optional(),
    /** The codes loading reports, as a set ([]: none at all). */
    expect: z.array(z.string()),
  })
  .strict()
  .refine((c) => (c.paths === undefined) !== (c.files === undefined && c.base64 === undefined), 'a case has either paths or in-memory files');

export type LoadCase = z.infer<typeof LoadCase>;

export function readLoadCases(): LoadCase[] {
  return z.array(LoadCase).parse(yaml.load(readFileSync(LOAD_TABLE, 'utf8')));
}
