// The mutation fuzzer in CI: real manifests and route tests damaged at random, in folders with link
// traps and hostile file names, through every command (test, diff against a git revision too, graph)
// and format. Deterministic and short: a fixed seed and a fixed
// number of inputs (GWCTL_FUZZ_SEED and GWCTL_MUTATION_INPUTS change them), with a time cap that
// only a badly overloaded machine reaches. Long random runs: `npm run fuzz` (GWCTL_FUZZ_MINUTES).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { corpusTexts, mutatedText, mutationFuzz, Rng, routeTestTexts } from '../reliability/mutate.js';
import { repoRoot, sharedRoot } from '../helpers/paths.js';

const seed = Number(process.env['GWCTL_FUZZ_SEED'] ?? 13);
const inputs = Number(process.env['GWCTL_MUTATION_INPUTS'] ?? 40);
const capSeconds = Number(process.env['GWCTL_MUTATION_SECONDS'] ?? 90);

test(`mutated real-world manifests keep the contract (seed ${seed}, ${inputs} inputs)`, { timeout: (capSeconds + 60) * 1000 }, async (t) => {
  const corpus = corpusTexts(sharedRoot);
  assert.ok(corpus.length > 50, `the corpus is there (${corpus.length} manifests)`);
  const start = performance.now();
  const report = await mutationFuzz(corpus, seed, { deadline: start + capSeconds * 1000, maxIterations: inputs, tests: routeTestTexts(repoRoot) });
  t.diagnostic(`seed ${seed}: ${report.iterations} mutated inputs, ${report.runs} runs in ${((performance.now() - start) / 1000).toFixed(1)} s`);
  assert.deepEqual(report.failures, []);
  assert.ok(report.iterations >= Math.min(inputs, 10), `only ${report.iterations} inputs within ${capSeconds} s`);
});

test('the mutations are the same for the same seed', () => {
  const corpus = corpusTexts(sharedRoot);
  const again = (s: number): string[] => {
    const rng = new Rng(s);
    return Array.from({ length: 20 }, () => mutatedText(corpus, rng).text);
  };
  assert.deepEqual(again(seed), again(seed));
  assert.notDeepEqual(again(seed), again(seed + 1));
});
