// Bundles the CLI into dist/gwctl.mjs for a fast start: one file to resolve and compile instead of
// hundreds, dependencies included. Commands stay lazily loaded: each dynamic import in src/cli
// becomes its own chunk under dist/chunks/. bin/gwctl.js prefers this bundle when it is current.
// The programmatic API (src/app/index.ts, docs/api.md) is bundled beside it as dist/api.mjs, sharing
// the chunks: the published package runs with no dependency installed (package.json `files`).
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// zod re-exports every locale (`z.locales`, `z.core.locales`), 290 KB that each start compiles;
// gwctl uses only English, which zod's schemas import directly. The namespace keeps `en` only.
const englishOnly = {
  name: 'zod-english-only',
  setup(b) {
    b.onResolve({ filter: /\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]/.test(args.importer) ? { path: path.join(path.dirname(args.importer), '..', 'locales', 'en.js'), namespace: 'zod-locales' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(args.path)};`,
      resolveDir: path.dirname(args.path),
      loader: 'js',
    }));
  },
};
rmSync(path.join(root, 'dist', 'chunks'), { recursive: true, force: true });

await build({
  absWorkingDir: root,
  entryPoints: { gwctl: 'src/cli/entry.ts', api: 'src/app/index.ts' },
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
  plugins: [englishOnly],
  logLevel: 'warning',
  // CommonJS dependencies (commander, cli-table3) call require() for Node built-ins.
  banner: { js: "import { createRequire as __gwctlCreateRequire } from 'node:module'; const require = __gwctlCreateRequire(import.meta.url);" },
});
