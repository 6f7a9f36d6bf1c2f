// Mutation fuzzing beyond valid meshes: real manifests from ../shared/corpus/real-world, damaged the
// way a hostile or careless pull request damages them (byte flips, swapped keys including prototype
// names, hostile values, deep nesting, duplicated and truncated documents, Lists, BOMs) and laid out
// in folders with symbolic-link traps and hostile file names; every command in every format must
// then keep the documented contract. Shared by the CI test (short, bounded) and `npm run fuzz`.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { load as parseYaml } from 'js-yaml';
import { sarifProblems } from './checks.js';
import { runInProcess, STACK_TRACE } from './harness.js';
import { outputProblems } from '../hostile/fixtures.js';

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

const COMMANDS: readonly ((target: string) => string[])[] = [
  (t) => ['validate', t],
  (t) => ['validate', t, '-o', 'json'],
  (t) => ['analyze', t],
  (t) => ['analyze', t, '-o', 'json'],
  (t) => ['analyze', t, '-o', 'github'],
  (t) => ['analyze', t, '-o', 'sarif'],
  (t) => ['analyze', t, '-o', 'yaml'],
  (t) => ['proxy-config', 'all', '-f', t],
  (t) => ['proxy-config', 'route', '-f', t, '-o', 'json'],
  (t) => ['proxy-config', 'cluster', '-f', t, '-o', 'yaml'],
  (t) => ['explain', 'http://productpage.example.com/productpage', '-f', t],
  (t) => ['explain', 'https://shop.example.com/api/v1?x=1', '-f', t, '-H', 'constructor: x', '-o', 'json'],
];

/** Why one run broke the contract, or undefined. */
export async function checkRun(argv: readonly string[], inputBytes: number): Promise<string | undefined> {
  const r = await runInProcess(argv);
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

/** Mutates and runs until `deadline` (performance.now()) or `maxIterations`, whichever comes first. */
export async function mutationFuzz(corpus: readonly string[], seed: number, opts: { deadline: number; maxIterations?: number }): Promise<MutationReport> {
  const rng = new Rng(seed);
  const report: MutationReport = { iterations: 0, runs: 0, failures: [] };
  while (performance.now() < opts.deadline && report.iterations < (opts.maxIterations ?? Infinity) && report.failures.length === 0) {
    report.iterations++;
    const { text, applied } = mutatedText(corpus, rng);
    const dir = mutatedFolder(text, rng);
    try {
      const target = rng.next() < 0.2 ? path.join(dir, readdirSync(dir).find((n) => n.startsWith('0-')) ?? '.') : dir;
      for (let n = 0; n < 3; n++) {
        const argv = rng.pick(COMMANDS)(target);
        report.runs++;
        const problem = await checkRun(argv, Buffer.byteLength(text));
        if (problem) {
          const saved = path.join(tmpdir(), `gwctl-mutation-${seed}-${report.iterations}.yaml`);
          writeFileSync(saved, text);
          report.failures.push(`${problem}\n  mutations: ${applied.join(', ')}; input saved as ${saved}; replay: GWCTL_FUZZ_SEED=${seed}`);
          break;
        }
      }
    } finally {
      cleanup(dir);
    }
  }
  return report;
}
