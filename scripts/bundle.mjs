// Bundles gwctl for a fast start, dependencies included (the published package installs none):
// - dist/gwctl.cjs: the CLI as one script, each command's code initialised only when the command
//   runs, and V8's code caches for it (dist/gwctl.<command>.v8cache, dist/gwctl.v8cache), made here
//   by running commands, so a start deserialises their bytecode instead of parsing and compiling
//   (bin/loadBundle.js).
//   bin/gwctl.js prefers this bundle when it is current.
// - dist/api.mjs: the programmatic API (src/app/index.ts, docs/api.md), an ES module, and
//   dist/worker.mjs, the module of the load workers (src/load/workerPool.ts), sharing dist/chunks/.
//   The CLI's load workers run the CLI bundle itself instead (bin/loadWorker.js), with its code cache.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { zodMembersUsed } from './zodMembers.mjs';
import { BUNDLE_HEAD, BUNDLE_TAIL, CACHED_COMMANDS, cacheFileOf } from '../bin/loadBundle.js';

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

// Modules that would be initialised at every start but that most runs never use, loaded on first use
// instead (each costs its initialisation, its share of the code cache and of the heap):
// - node:child_process, which commander loads for executable subcommands (gwctl has none); with it
//   Node compiles net, dgram and the stream and socket bindings;
// - js-yaml, gwctl's second YAML reader (src/load/fastYaml.ts reads what it can, nearly everything);
// - picomatch, for --exclude globs (src/load/glob.ts).
// Each is a proxy that loads the module when a member is first read (or it is called), and notes it
// in globalThis[Symbol.for('gwctl.loadedOnUse')] when a test put a list there (lazyBuiltins.test.ts).
const ON_USE = [
  { id: 'node:child_process', importer: (file) => /[\\/]node_modules[\\/]commander[\\/]/.test(file) },
  { id: 'js-yaml', importer: (file) => isOurs(file) },
  { id: 'picomatch', importer: (file) => isOurs(file) },
];
const loadedOnUse = {
  name: 'loaded-on-use',
  setup(b) {
    for (const { id, importer } of ON_USE) {
      const filter = new RegExp(`^${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
      b.onResolve({ filter }, (args) => (args.namespace === 'file' && importer(args.importer) ? { path: id, namespace: 'on-use' } : undefined));
    }
    b.onLoad({ filter: /.*/, namespace: 'on-use' }, (args) => ({
      contents: `let m;
const load = () => {
  if (m === undefined) {
    m = require(${JSON.stringify(args.path)});
    globalThis[Symbol.for('gwctl.loadedOnUse')]?.push(${JSON.stringify(args.path)});
  }
  return m;
};
// esbuild's interop asks __esModule when it is imported: answered without loading.
module.exports = new Proxy(function () {}, {
  get: (_, k) => (k === '__esModule' ? false : load()[k]),
  apply: (_, self, args) => Reflect.apply(load(), self, args),
});`,
      resolveDir: root,
      loader: 'js',
    }));
    // chalk's supports-color asks node:tty and node:os which colours the terminal takes, at load;
    // gwctl always gives chalk its colour level (src/cli/color.ts), so it is answered with "none"
    // (what chalk's default instance, unused, gets).
    b.onResolve({ filter: /^#supports-color$/ }, (args) =>
      /[\\/]node_modules[\\/]chalk[\\/]/.test(args.importer) ? { path: 'supports-color', namespace: 'no-terminal-colors' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'no-terminal-colors' }, () => ({ contents: 'export default { stdout: false, stderr: false };', loader: 'js' }));
  },
};

// gwctl's code imports `{ z } from 'zod'`; zod's `z` is a namespace of everything zod has, which a
// bundler must keep whole. In the CLI bundle `z` holds the members gwctl uses as values instead
// (scripts/zodMembers.mjs reads them from the sources), which leaves out zod's JSON Schema
// conversion, compiler, ISO dates, coercion... (150 KB of the bundle and of its start-up work).
const ZOD_API = path.join(root, 'node_modules', 'zod', 'v4', 'classic', 'external.js');
const zodMembersOnly = {
  name: 'zod-members-only',
  setup(b) {
    b.onResolve({ filter: /^zod$/ }, (args) => (isOurs(args.importer) ? { path: 'z', namespace: 'zod-members' } : undefined));
    b.onLoad({ filter: /^z$/, namespace: 'zod-members' }, () => ({ contents: "import * as z from 'members'; export { z };", loader: 'js' }));
    b.onResolve({ filter: /^members$/, namespace: 'zod-members' }, () => ({ path: 'members', namespace: 'zod-members' }));
    b.onLoad({ filter: /^members$/, namespace: 'zod-members' }, async () => {
      const members = zodMembersUsed(path.join(root, 'src'));
      const { z } = await import('zod');
      const missing = members.filter((m) => !(m in z));
      if (missing.length > 0) throw new Error(`zod's z has no ${missing.join(', ')}`);
      return { contents: `export { ${members.join(', ')} } from ${JSON.stringify(ZOD_API)};`, resolveDir: root, loader: 'js' };
    });
  },
};
const isOurs = (file) => path.relative(root, file).split(path.sep)[0] === 'src';

// In the CommonJS bundle `import.meta.url` is replaced by the URL of bin/loadWorker.js (the load
// workers' entry when running from the bundle), which is right only for the module that starts the
// load workers with its own URL: any other reader fails the build.
const WORKER_ENTRY = 'src/schema/validateFiles.ts';
const importMetaOnlyInWorkerEntry = {
  name: 'import-meta-only-in-worker-entry',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      if (text.includes('import.meta') && path.relative(root, args.path).split(path.sep).join('/') !== WORKER_ENTRY) {
        throw new Error(`${args.path} reads import.meta, which the CLI bundle maps to ${WORKER_ENTRY}'s worker entry only`);
      }
      return undefined;
    });
  },
};

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node20',
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'none',
  logLevel: 'warning',
};

rmSync(path.join(root, 'dist', 'chunks'), { recursive: true, force: true });
rmSync(path.join(root, 'dist', 'gwctl.mjs'), { force: true });

await build({
  ...common,
  entryPoints: { api: 'src/app/index.ts', worker: WORKER_ENTRY },
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  splitting: true,
  format: 'esm',
  plugins: [englishOnly, loadedOnUse],
  // CommonJS dependencies (commander, cli-table3) call require() for Node built-ins.
  banner: { js: "import { createRequire as __gwctlCreateRequire } from 'node:module'; const require = __gwctlCreateRequire(import.meta.url);" },
});

const cli = path.join(root, 'dist', 'gwctl.cjs');
await build({
  ...common,
  entryPoints: ['src/cli/entry.ts'],
  outfile: cli,
  format: 'cjs',
  plugins: [englishOnly, loadedOnUse, zodMembersOnly, importMetaOnlyInWorkerEntry],
  define: { 'import.meta.url': '__gwctl_worker_url' },
});

// Pure ASCII, so that Node reads it into a one-byte string (half the memory of a two-byte one, and
// faster to read, hash and check against the cache). esbuild leaves non-ASCII characters in regular
// expression literals (`µs` in durations): a \uXXXX escape means the same character in a string,
// template or regular expression literal, the only places the minified output holds them.
// Written as the function expression bin/loadBundle.js compiles (BUNDLE_HEAD, BUNDLE_TAIL).
const text = readFileSync(cli, 'utf8');
writeFileSync(cli, BUNDLE_HEAD + text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) + BUNDLE_TAIL);

// The code caches: what V8 compiled while running the commands people start most, on the fixtures;
// one for each such command alone and one of them all for the other commands (bin/loadBundle.js).
const RUNS = {
  analyze: ['analyze', 'fixtures/httpbin'],
  explain: ['explain', 'http://httpbin.local/ip', '-f', 'fixtures/httpbin-fixed'],
  'proxy-config': ['proxy-config', 'route', '-f', 'fixtures/httpbin-fixed'],
  validate: ['validate', 'fixtures/httpbin'],
};
if (Object.keys(RUNS).sort().join() !== [...CACHED_COMMANDS].sort().join()) throw new Error('RUNS must run each of CACHED_COMMANDS');
const caches = [...Object.entries(RUNS).map(([command, args]) => [command, [args]]), [undefined, Object.values(RUNS)]];
for (const [command, runs] of caches) {
  const file = cacheFileOf(cli, command);
  rmSync(file, { force: true });
  // Their output is not the build's (proxy-config writes some of its own to the process's stdout).
  const r = spawnSync(process.execPath, [path.join(root, 'scripts', 'codeCache.mjs'), cli, file, JSON.stringify(runs)], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error(`making ${path.basename(file)} failed (${r.status ?? r.signal})`);
}
