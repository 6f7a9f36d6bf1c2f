// Mutation fuzzing beyond valid meshes: real manifests from ../shared/corpus/real-world, damaged the
// way a hostile or careless pull request damages them (byte flips, swapped keys including prototype
// names, hostile values, deep nesting, duplicated and truncated documents, Lists, BOMs) and laid out
// in folders with symbolic-link traps and hostile file names; every command in every format must
// then keep the documented contract. Shared by the CI test (short, bounded) and `npm run fuzz`.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { load as parseYaml } from 'js-yaml';
import { XMLValidator } from 'fast-xml-parser';
import { sarifProblems } from './checks.js';
import { runInProcess, STACK_TRACE } from './harness.js';
import { markdownOutsideCode, outputProblems } from '../hostile/fixtures.js';

/** xorshift32: the same seed always gives the same mutations (replay with GWCTL_FUZZ_SEED). */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0 || 1;
  }
  next(): number {
    let x = this.s;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.s = x >>> 0;
    return this.s / 2 ** 32;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(list: readonly T[]): T {
    const v = list[this.int(list.length)];
    if (v === undefined) throw new Error('pick from an empty list');
    return v;
  }
}

/** The real-world manifests, as texts. */
export function corpusTexts(sharedRoot: string): string[] {
  const root = path.join(sharedRoot, 'corpus', 'real-world');
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(ya?ml)$/.test(e.name)) out.push(readFileSync(p, 'utf8'));
    }
  };
  walk(root);
  return out;
}

const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__'];
const HOSTILE_VALUES = [
  '"\\e[2K\\r::error file=README.md,line=1::forged\\n"',
  '"\\u202e\\u2066reversed\\u0085\\u009b31m"',
  '"##[error]legacy ##vso[task.complete]x"',
  '"::error::at the start"',
  '"`` x``|</details><img src=x onerror=alert(1)> @octocat [a](http://evil) <!-- </testcase>]]>"',
  '010', 'on', 'no', 'y', '0x_1F', '1_000', '2024-01-01', '.inf', '~', "''", '[]', '{}', '"*"', '"*.*"',
  '".{0,1000}.{0,1000}.{0,1000}.{0,1000}z"', `"${'(?:abcdefghij){100}'.repeat(33)}"`, '"(a+)+$"',
  `"${'x'.repeat(5000)}"`, '-1', '4294967296', '1e400', 'NaN', '!!binary aGVsbG8=', '!!timestamp 2024-01-01', '&a [*a]',
];

const MAX_REPEATED = 1_000_000;

type Mutator = (text: string, rng: Rng) => string;

const lines = (t: string): string[] => t.split('\n');

export const MUTATORS: Record<string, Mutator> = {
  'byte flip': (t, rng) => {
    const chars = [...t];
    for (let n = 1 + rng.int(4); n > 0 && chars.length > 0; n--) {
      chars[rng.int(chars.length)] = rng.pick(['\u0000', '\u001b', '\r', '\n', '\t', ':', '-', '{', '[', '"', "'", '&', '*', '!', '%', '\ufeff', '\u2028', '\ufffd', String.fromCharCode(rng.int(128))]);
    }
    return chars.join('');
  },
  'key swap': (t, rng) => {
    const ls = lines(t);
    const keyed = ls.map((l, i) => [l, i] as const).filter(([l]) => /^\s*-?\s*[A-Za-z_][\w.-]*:/.test(l));
    if (keyed.length === 0) return t;
    const keys = keyed.map(([l]) => /([A-Za-z_][\w.-]*):/.exec(l)?.[1] ?? 'x');
    for (let n = 1 + rng.int(3); n > 0; n--) {
      const [line, i] = rng.pick(keyed);
      const key = rng.next() < 0.5 ? rng.pick(PROTO_KEYS) : rng.pick(keys);
      ls[i] = line.replace(/([A-Za-z_][\w.-]*):/, `${key}:`);
    }
    return ls.join('\n');
  },
  'hostile value': (t, rng) => {
    const ls = lines(t);
    const valued = ls.map((l, i) => [l, i] as const).filter(([l]) => /:\s+\S/.test(l) && !/:\s*[|>]/.test(l));
    if (valued.length === 0) return t;
    for (let n = 1 + rng.int(3); n > 0; n--) {
      const [line, i] = rng.pick(valued);
      ls[i] = line.replace(/:\s+.*$/, `: ${rng.pick(HOSTILE_VALUES)}`);
    }
    return ls.join('\n');
  },
  'deep nesting': (t, rng) => {
    const depth = rng.pick([50, 199, 201, 1000, 5000]);
    const nested = rng.next() < 0.5 ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{a: '.repeat(depth)}1${'}'.repeat(depth)}`;
    const ls = lines(t);
    const i = rng.int(ls.length);
    ls.splice(i, 0, `deep: ${nested}`);
    return ls.join('\n');
  },
  // Repeated up to about 1 MB in all: more is the large-input benchmark's job (bench/largeInputs.ts), not a quick fuzzer's.
  'documents repeated': (t, rng) => Array.from({ length: Math.max(1, Math.min(2 + rng.int(30), Math.floor(MAX_REPEATED / Math.max(1, t.length)))) }, () => t).join('\n---\n'),
  truncated: (t, rng) => t.slice(0, rng.int(t.length + 1)),
  'as a List': (t, rng) => {
    const docs = t.split(/^---\s*$/m).filter((d) => d.trim() !== '');
    const items = docs.map((d) => `- ${d.trim().split('\n').join('\n  ')}`).join('\n');
    const inner = rng.next() < 0.3 ? `- apiVersion: v1\n  kind: List\n  items:\n    ${items.split('\n').join('\n    ')}` : items;
    return rng.next() < 0.2 ? `apiVersion: v1\nkind: List\nitems:\n  a: b\n` : `apiVersion: v1\nkind: List\nitems:\n${inner}\n`;
  },
  'BOMs and CRLF': (t, rng) => (rng.next() < 0.5 ? t.replace(/^---$/gm, '---\n\ufeff') : t.replace(/\n/g, '\r\n')),
  'alias fan-out': (t) => `${t}\n---\na: &a [x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c]\n`,
};

/** A damaged input: 1-3 corpus manifests, 1-4 mutations. */
export function mutatedText(corpus: readonly string[], rng: Rng): { text: string; applied: string[] } {
  let text = Array.from({ length: 1 + rng.int(3) }, () => rng.pick(corpus)).join('\n---\n');
  const names = Object.keys(MUTATORS);
  const applied: string[] = [];
  for (let n = 1 + rng.int(4); n > 0; n--) {
    const name = rng.pick(names);
    const m = MUTATORS[name];
    if (!m) continue;
    text = m(text, rng);
    applied.push(name);
  }
  return { text, applied };
}

const FILE_NAMES = ['a.yaml', 'b.yml', 'c.json', 'evil\u001b[2K\n::error::x.yaml', 'über ünïcödé.yaml', '__proto__.yaml', ' spaced name .yaml'];

/** A folder holding the mutated text, maybe split over files, with symbolic-link traps. */
export function mutatedFolder(text: string, rng: Rng): string {
  const root = mkdtempSync(path.join(tmpdir(), 'gwctl-mutate-'));
  const dir = path.join(root, 'repo');
  mkdirSync(path.join(dir, 'sub', 'deeper'), { recursive: true });
  const parts = text.split(/^---\s*$/m);
  const where = [dir, path.join(dir, 'sub'), path.join(dir, 'sub', 'deeper')];
  parts.forEach((p, i) => writeFileSync(path.join(rng.pick(where), `${i}-${rng.pick(FILE_NAMES)}`), p));
  const links: [string, string][] = [
    ['vendor', '/'],
    ['up', '..'],
    ['loop', 'loop'],
    ['sub/back', '..'],
    ['sub/deeper/a', '../..'],
    ['sub/deeper/b', '../..'],
    ['broken.yaml', 'nowhere.yaml'],
    ['etc.yaml', '/etc/hostname'],
    ['again.yaml', `0-${FILE_NAMES[0]}`],
  ];
  for (const [from, to] of links) if (rng.next() < 0.4) symlinkSync(to, path.join(dir, from));
  return dir;
}

export const cleanup = (dir: string): void => rmSync(path.dirname(dir), { recursive: true, force: true });

/** Where one mutated input lives: the manifests, a mutated route-test file, the unmutated base, a git repository. */
export interface FuzzLayout {
  /** The mutated manifests (a folder, or one of its files). */
  target: string;
  /** A mutated route-test file. */
  tests: string;
  /** The corpus manifests before mutation (diff's base). */
  base: string;
  /** A git repository whose commit holds the base as `m/` and whose working tree holds the mutated manifests. */
  repo: string | undefined;
}

interface FuzzCommand {
  argv: string[];
  cwd?: string;
}

const COMMANDS: readonly ((l: FuzzLayout, rng: Rng) => FuzzCommand)[] = [
  (l) => ({ argv: ['validate', l.target] }),
  (l) => ({ argv: ['validate', l.target, '-o', 'json'] }),
  (l, rng) => ({ argv: ['analyze', l.target, '-o', rng.pick(['log', 'junit', 'markdown'])] }),
  (l) => ({ argv: ['analyze', l.target, '-o', 'json'] }),
  (l) => ({ argv: ['analyze', l.target, '-o', 'github'] }),
  (l) => ({ argv: ['analyze', l.target, '-o', 'sarif'] }),
  (l) => ({ argv: ['analyze', l.target, '-o', 'yaml'] }),
  (l) => ({ argv: ['proxy-config', 'all', '-f', l.target] }),
  (l) => ({ argv: ['proxy-config', 'route', '-f', l.target, '-o', 'json'] }),
  (l, rng) => ({ argv: ['proxy-config', rng.pick(['cluster', 'endpoint']), '-f', l.target, '-o', 'yaml'] }),
  (l) => ({ argv: ['explain', 'http://productpage.example.com/productpage', '-f', l.target] }),
  (l) => ({ argv: ['explain', 'https://shop.example.com/api/v1?x=1', '-f', l.target, '-H', 'constructor: x', '-o', 'json'] }),
  (l, rng) => ({ argv: ['graph', l.target, '-o', rng.pick(['mermaid', 'markdown', 'dot', 'json'])] }),
  (l, rng) => ({ argv: ['test', l.tests, '-f', l.target, '-o', rng.pick(['text', 'json', 'junit', 'github']), ...(rng.next() < 0.3 ? ['--coverage'] : [])] }),
  (l, rng) => ({ argv: ['diff', '--base', l.base, '--head', l.target, '-o', rng.pick(['text', 'markdown', 'json']), '--fail-on', rng.pick(['new-errors', 'any-change'])] }),
  (l, rng) => (l.repo ? { argv: ['diff', '--git-base', 'HEAD', 'm', '-o', rng.pick(['text', 'markdown', 'json'])], cwd: l.repo } : { argv: ['diff', '--base', l.target, '--head', l.base] }),
];

/** The route-test fixtures (both formats), as texts: what the mutators damage for `gwctl test`. */
export function routeTestTexts(repoRoot: string): string[] {
  const dir = path.join(repoRoot, 'fixtures', 'route-tests');
  return readdirSync(dir)
    .filter((n) => /\.ya?ml$/.test(n))
    .sort()
    .map((n) => readFileSync(path.join(dir, n), 'utf8'));
}

/** Route tests damaged as manifests are (hostile names, prototype keys, deep nesting...). */
export function mutatedTests(tests: readonly string[], rng: Rng): string {
  let text = rng.pick(tests);
  const names = Object.keys(MUTATORS).filter((n) => n !== 'documents repeated');
  for (let n = 1 + rng.int(3); n > 0; n--) text = MUTATORS[rng.pick(names)]?.(text, rng) ?? text;
  return text;
}

const git = (cwd: string, ...args: string[]): void =>
  void execFileSync('git', ['-c', 'user.email=fuzz@example.com', '-c', 'user.name=fuzz', ...args], { cwd, stdio: 'ignore', env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' } });

/** The files around a mutated folder `dir`: the route tests, the base, and (sometimes) a repository. */
function layoutFor(dir: string, target: string, base: string, tests: string, rng: Rng): FuzzLayout {
  const root = path.dirname(dir);
  const testsFile = path.join(root, `tests-${rng.pick(FILE_NAMES)}`.replace(/\.json$/, '.yaml'));
  writeFileSync(testsFile, tests);
  const baseDir = path.join(root, 'base');
  mkdirSync(baseDir);
  writeFileSync(path.join(baseDir, 'base.yaml'), base);
  let repo: string | undefined;
  if (rng.next() < 0.25) {
    repo = path.join(root, 'git');
    mkdirSync(path.join(repo, 'm'), { recursive: true });
    writeFileSync(path.join(repo, 'm', 'manifests.yaml'), base);
    git(repo, 'init', '-q');
    git(repo, 'add', 'm');
    git(repo, 'commit', '-q', '-m', 'base');
    rmSync(path.join(repo, 'm'), { recursive: true });
    cpSync(dir, path.join(repo, 'm'), { recursive: true, verbatimSymlinks: true });
  }
  return { target, tests: testsFile, base: baseDir, repo };
}

/** Why one run broke the contract, or undefined. */
export async function checkRun(argv: readonly string[], inputBytes: number, cwd?: string): Promise<string | undefined> {
  const r = await runInProcess(argv, cwd !== undefined ? { cwd } : {});
  const label = `gwctl ${argv.map((a) => JSON.stringify(a)).join(' ')}`;
  if (![0, 1, 2].includes(r.code)) return `${label}: exit ${r.code}`;
  if (STACK_TRACE.test(r.stdout) || STACK_TRACE.test(r.stderr)) return `${label}: internal error or stack trace\n${r.stderr.slice(0, 800)}`;
  const shown = [...outputProblems(r.stdout, { annotations: argv.includes('github') }), ...outputProblems(r.stderr)];
  if (shown.length > 0) return `${label}: ${shown.join('; ')}`;
  if (r.stdout.length + r.stderr.length > 200 * inputBytes + 2_000_000) return `${label}: ${r.stdout.length} bytes of output for ${inputBytes} bytes of input`;
  if (r.cpuMs > 20_000) return `${label}: ${r.cpuMs.toFixed(0)} ms of CPU`;
  if (r.code !== 2) {
    try {
      if (argv.includes('json')) JSON.parse(r.stdout);
      if (argv.includes('junit') && XMLValidator.validate(r.stdout) !== true) return `${label}: JUnit output is not well-formed XML`;
      if (argv.includes('markdown') && /<img|@octocat/.test(markdownOutsideCode(r.stdout))) return `${label}: Markdown from the input is outside code spans`;
      if (argv.includes('sarif')) {
        const problems = sarifProblems(JSON.parse(r.stdout));
        if (problems.length > 0) return `${label}: SARIF: ${problems.join('; ')}`;
      }
      if (argv.includes('yaml')) parseYaml(r.stdout);
    } catch (e) {
      return `${label}: machine output does not parse: ${e instanceof Error ? e.message : String(e)}`;
    }
  }
  return undefined;
}

export interface MutationReport {
  iterations: number;
  runs: number;
  failures: string[];
}

/**
 * Mutates and runs until `deadline` (performance.now()) or `maxIterations`, whichever comes first:
 * every command (test and diff included, diff also against a git revision) on damaged manifests and
 * damaged route tests. `tests`: the route-test texts to damage (routeTestTexts).
 */
export async function mutationFuzz(corpus: readonly string[], seed: number, opts: { deadline: number; maxIterations?: number; tests: readonly string[] }): Promise<MutationReport> {
  const rng = new Rng(seed);
  const report: MutationReport = { iterations: 0, runs: 0, failures: [] };
  while (performance.now() < opts.deadline && report.iterations < (opts.maxIterations ?? Infinity) && report.failures.length === 0) {
    report.iterations++;
    const base = rng.pick(corpus);
    const { text, applied } = mutatedText(corpus, rng);
    const tests = mutatedTests(opts.tests, rng);
    const dir = mutatedFolder(text, rng);
    try {
      const target = rng.next() < 0.2 ? path.join(dir, readdirSync(dir).find((n) => n.startsWith('0-')) ?? '.') : dir;
      const layout = layoutFor(dir, target, base, tests, rng);
      for (let n = 0; n < 3; n++) {
        const { argv, cwd } = rng.pick(COMMANDS)(layout, rng);
        report.runs++;
        const problem = await checkRun(argv, Buffer.byteLength(text) + Buffer.byteLength(tests) + Buffer.byteLength(base), cwd);
        if (problem) {
          const saved = path.join(tmpdir(), `gwctl-mutation-${seed}-${report.iterations}.yaml`);
          writeFileSync(saved, text);
          writeFileSync(`${saved}.tests.yaml`, tests);
          report.failures.push(`${problem}\n  mutations: ${applied.join(', ')}; input saved as ${saved} (route tests beside it); replay: GWCTL_FUZZ_SEED=${seed}`);
          break;
        }
      }
    } finally {
      cleanup(dir);
    }
  }
  return report;
}
