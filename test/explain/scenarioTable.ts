// The explain scenario table (fixtures/explain/scenarios.yaml): data, read through a schema, shared
// by the scenario test and the code-coverage meta-test.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { z } from 'zod';
import { repoRoot } from '../helpers/paths.js';

export const SCENARIO_TABLE = path.join(repoRoot, 'fixtures', 'explain', 'scenarios.yaml');

const Cluster = z.object({ name: z.string(), weight: z.number() }).strict();

const Scenario = z
  .object({
    name: z.string().min(1),
    /** Paths from the repository root; a folder stands for its *.yaml files. */
    files: z.array(z.string().min(1)).min(1),
    request: z.object({ url: z.string(), headers: z.array(z.string()).optional(), method: z.string().optional(), sni: z.string().optional() }).strict(),
    gateway: z.string().optional(),
    from: z.string().optional(),
    /** The inputs are the whole world (--strict). */
    strict: z.boolean().optional(),
    /** Hosts declared to exist outside the inputs (--assume-host). */
    assumeHosts: z.array(z.string()).optional(),
    expect: z
      .object({
        status: z.number().nullable(),
        grpcStatus: z.number().nullable(),
        outcome: z.enum(['forwarded', 'local-reply', 'connection-refused', 'tls-failure', 'connection-closed']),
        stop: z.string(),
        listener: z.string().nullable(),
        filterChain: z.string().nullable(),
        routeConfig: z.string().nullable(),
        virtualHost: z.string().nullable(),
        virtualService: z.string().nullable(),
        clusters: z.array(Cluster),
        /** Weighted destinations whose share fails while the rest is forwarded. */
        failing: z.array(z.object({ cluster: z.string(), weight: z.number(), percent: z.number(), reason: z.enum(['no-endpoints', 'cluster-missing']), status: z.number().nullable(), flag: z.enum(['UH', 'NC']) }).strict()),
        /** What was assumed beyond the inputs: `subject name` of each assumption, in order. */
        assumptions: z.array(z.string()),
      })
      .partial()
      .strict(),
    /** The code of the cause that must come first (the one that explains the request; near misses follow). */
    firstCause: z.string().optional(),
    /** Causes that must be reported: a code, and regular expressions for its message and fix. [] = none at all. */
    causes: z.array(z.object({ code: z.string(), message: z.string().optional(), fix: z.string().optional() }).strict()).optional(),
  })
  .strict();

export type Scenario = z.infer<typeof Scenario>;

export function readScenarios(): Scenario[] {
  return z.array(Scenario).parse(yaml.load(readFileSync(SCENARIO_TABLE, 'utf8')));
}

/** The manifest files of a scenario, as repository-relative names with their bytes. */
export function scenarioFiles(s: Scenario): { name: string; bytes: Buffer }[] {
  return s.files.flatMap((f) => {
    const abs = path.join(repoRoot, f);
    const names = statSync(abs).isDirectory()
      ? readdirSync(abs)
          .filter((n) => n.endsWith('.yaml'))
          .sort()
          .map((n) => path.posix.join(f, n))
      : [f];
    return names.map((name) => ({ name, bytes: readFileSync(path.join(repoRoot, name)) }));
  });
}
