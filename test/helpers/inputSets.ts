// The input sets the differential tests run on: every fixture folder, the simulation peer cases, the
// real-world corpus and generated meshes of both bench shapes.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { SourceFile } from '../../src/app/load.js';
import { generate } from '../../bench/generate.js';
import { repoRoot, sharedRoot } from './paths.js';

const YAML = /\.ya?ml$/;

/** Every folder holding YAML files, as one input set (its own files only). */
function folders(root: string): { name: string; files: SourceFile[] }[] {
  const out: { name: string; files: SourceFile[] }[] = [];
  const visit = (dir: string): void => {
    const entries = readdirSync(dir).sort();
    const files = entries.filter((e) => YAML.test(e) && statSync(path.join(dir, e)).isFile());
    if (files.length > 0) out.push({ name: path.relative(repoRoot, dir), files: files.map((f) => ({ name: f, bytes: readFileSync(path.join(dir, f)) })) });
    for (const e of entries) if (statSync(path.join(dir, e)).isDirectory()) visit(path.join(dir, e));
  };
  visit(root);
  return out;
}

export function inputSets(): { name: string; files: SourceFile[] }[] {
  const corpus = path.join(sharedRoot, 'corpus', 'real-world');
  const index = JSON.parse(readFileSync(path.join(corpus, 'index.json'), 'utf8')) as { file: string }[];
  const generated = (['A', 'B'] as const).map((shape) => ({
    name: `generated mesh ${shape}`,
    files: generate(shape, 1500, 7).files.map((f) => ({ name: f.path, bytes: Buffer.from(f.text) })),
  }));
  return [
    ...folders(path.join(repoRoot, 'fixtures')),
    ...folders(path.join(sharedRoot, 'conformance', 'istio-simulation', 'cases')),
    ...index.map((e) => ({ name: e.file, files: [{ name: e.file, bytes: readFileSync(path.join(corpus, e.file)) }] })),
    ...generated,
  ];
}

