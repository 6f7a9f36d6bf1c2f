// `npm run fuzz`: the reliability properties with many runs and a random seed (or GWCTL_FUZZ_SEED),
// the mutation fuzzer on real manifests (GWCTL_MUTATION_INPUTS per round, 400 by default; CI runs 40),
// plus the 20 MB / 120,000-resource timing. Prints the seed; on failure, how to replay it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PROPERTIES } from '../reliability/properties.js';
import { GENERATORS } from '../reliability/generated.js';
import { runInProcess } from '../reliability/harness.js';
import { corpusTexts, mutationFuzz, routeTestTexts } from '../reliability/mutate.js';
import { repoRoot, sharedRoot } from '../helpers/paths.js';

// GWCTL_FUZZ_MINUTES runs rounds with fresh seeds until the time is up (the 10-minute run).
const fixedSeed = process.env['GWCTL_FUZZ_SEED'] ? Number(process.env['GWCTL_FUZZ_SEED']) : undefined;
const runs = Number(process.env['GWCTL_FUZZ_RUNS'] ?? 0);
const deadline = performance.now() + Number(process.env['GWCTL_FUZZ_MINUTES'] ?? 0) * 60_000;
let failed = 0;
let passed = 0;
let totalRuns = 0;
let rounds = 0;
const corpus = corpusTexts(sharedRoot);
const mutationInputs = Number(process.env['GWCTL_MUTATION_INPUTS'] ?? 400);
do {
  const seed = fixedSeed ?? Math.floor(Math.random() * 2 ** 31);
  rounds++;
  process.stdout.write(`gwctl fuzz: round ${rounds}, seed ${seed}\n`);
  for (const p of PROPERTIES) {
    const numRuns = runs > 0 ? runs : p.ciRuns * 20;
    const start = performance.now();
    try {
      await p.check({ seed, numRuns });
      passed++;
      totalRuns += numRuns;
      process.stdout.write(`ok   ${p.name}: ${numRuns} runs in ${((performance.now() - start) / 1000).toFixed(1)} s\n`);
    } catch (e) {
      failed++;
      process.stdout.write(`FAIL ${p.name} (seed ${seed})\n${e instanceof Error ? e.message : String(e)}\n`);
      process.stdout.write(`replay: GWCTL_FUZZ_SEED=${seed} GWCTL_FUZZ_RUNS=${numRuns} npm run fuzz\n`);
    }
  }
  const start = performance.now();
  const mutated = await mutationFuzz(corpus, seed, { deadline: Infinity, maxIterations: mutationInputs, tests: routeTestTexts(repoRoot) });
  if (mutated.failures.length === 0) {
    passed++;
    process.stdout.write(`ok   mutated real-world manifests: ${mutated.iterations} inputs, ${mutated.runs} runs in ${((performance.now() - start) / 1000).toFixed(1)} s\n`);
  } else {
    failed++;
    process.stdout.write(`FAIL mutated real-world manifests (seed ${seed})\n${mutated.failures.join('\n')}\n`);
    process.stdout.write(`replay: GWCTL_FUZZ_SEED=${seed} GWCTL_MUTATION_INPUTS=${mutated.iterations} node --test dist/test/hostile/mutation.test.js\n`);
  }
} while (fixedSeed === undefined && failed === 0 && performance.now() < deadline);
process.stdout.write(`${rounds} rounds, ${totalRuns} generated meshes checked\n`);
const dir = mkdtempSync(path.join(tmpdir(), 'gwctl-fuzz-'));
try {
  const big = GENERATORS['big-20mb-resources.yaml']?.(dir);
  if (big) {
    const r = await runInProcess(['validate', big]);
    process.stdout.write(`info 20 MB / 120,000 Services: validate exit ${r.code} in ${r.ms.toFixed(0)} ms (cpu ${r.cpuMs.toFixed(0)} ms)\n`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.stdout.write(`${passed} passed, ${failed} failed\n`);
process.exitCode = failed > 0 ? 1 : 0;
