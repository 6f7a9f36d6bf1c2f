// Property-based tests at a fixed seed (CI); `npm run fuzz` runs the same properties with many more
// runs and a random seed. GWCTL_FUZZ_SEED / GWCTL_FUZZ_RUNS reproduce a fuzz failure here.
import { describe, test } from 'node:test';
import { PROPERTIES } from './properties.js';

const seed = Number(process.env['GWCTL_FUZZ_SEED'] ?? 20260121);
const scale = Number(process.env['GWCTL_FUZZ_RUNS'] ?? 0);

describe(`properties (fast-check, seed ${seed})`, () => {
  for (const p of PROPERTIES) {
    test(p.name, { timeout: 120_000 }, async () => {
      await p.check({ seed, numRuns: scale > 0 ? scale : p.ciRuns });
    });
  }
});
