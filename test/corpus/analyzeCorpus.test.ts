// `gwctl analyze` on every setup of ../shared/corpus/real-world, kept as goldens for review
// (test/golden/corpus-analyze/<setup>.txt; GWCTL_UPDATE=1 rewrites them).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { repoRoot, sharedRoot } from '../helpers/paths.js';
import { runCli } from '../helpers/runCli.js';
import { compareGolden, selected } from '../helpers/golden.js';

const corpus = path.join(sharedRoot, 'corpus', 'real-world');
const setups = JSON.parse(readFileSync(path.join(corpus, 'setups.json'), 'utf8')) as { name: string; files: string[] }[];

for (const s of setups) {
  if (!selected(s.name)) continue;
  test(`analyze corpus setup ${s.name}`, async () => {
    const files = s.files.map((f) => path.relative(repoRoot, path.join(corpus, f)));
    const run = await runCli(['analyze', ...files.flatMap((f) => ['-f', f])]);
    const text = `$ gwctl analyze ${s.files.join(' ')}\n--- stdout\n${run.stdout.split(path.relative(repoRoot, corpus) + '/').join('')}--- stderr\n${run.stderr}--- exit ${run.code}\n`;
    const golden = path.join(repoRoot, 'test', 'golden', 'corpus-analyze', `${s.name.replace(/\//g, '__')}.txt`);
    compareGolden(golden, text);
  });
}
