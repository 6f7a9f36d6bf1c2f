// Bundles the CLI into dist/gwctl.mjs for a fast start: one file to resolve and compile instead of
// hundreds, dependencies included. Commands stay lazily loaded: each dynamic import in src/cli
// becomes its own chunk under dist/chunks/. bin/gwctl.js prefers this bundle when it is current.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
rmSync(path.join(root, 'dist', 'chunks'), { recursive: true, force: true });

await build({
  absWorkingDir: root,
  entryPoints: { gwctl: 'src/cli/entry.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'none',
  logLevel: 'warning',
  // CommonJS dependencies (commander, cli-table3) call require() for Node built-ins.
  banner: { js: "import { createRequire as __gwctlCreateRequire } from 'node:module'; const require = __gwctlCreateRequire(import.meta.url);" },
});
