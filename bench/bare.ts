// The bare parse gwctl is measured against, as a whole process: read every manifest under the named
// folders (the same files gwctl reads) and parse each with js-yaml's loadAll, keeping nothing.
// Usage: node dist/bench/bare.js <dir>...
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';

const MANIFEST = /\.(ya?ml|json)$/i;

function walk(dir: string, out: string[]): void {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.isFile() && MANIFEST.test(e.name)) out.push(p);
  }
}

const files: string[] = [];
for (const dir of process.argv.slice(2)) walk(dir, files);
let documents = 0;
for (const f of files) documents += yaml.loadAll(readFileSync(f, 'utf8')).length;
process.stdout.write(`${files.length} files, ${documents} documents\n`);
