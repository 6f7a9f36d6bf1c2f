// Differential fuzzer for load/fastYaml.ts: seeded, time-bounded generated and mutated manifests,
// read by both readers. The fast reader must either hand a document back or read exactly what js-yaml
// with KUBERNETES_SCHEMA reads (value, misreads, every position). GWCTL_FUZZ_SEED replays a seed;
// GWCTL_FAST_YAML_FUZZ_MS runs longer than CI's couple of seconds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { sourceChunks } from '../../src/load/parseDocuments.js';
import { sharedRoot } from '../helpers/paths.js';
import { checkDocument, checkMarker } from './fastYamlEquality.js';
import { mulberry32 } from '../../bench/prng.js';

type Rand = () => number;

const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;

/** Plain scalars Kubernetes (YAML 1.1) and YAML 1.2 read differently or that look like something else. */
const SPECIAL = [
  '010', '0x1F', '0x_1F', '1_000', '0b101', '0o17', '+12', '-0', '0', '00', '1e3', '1E+3', '.5', '-.5', '1.', '1.5e-3', '.inf', '-.Inf', '+.INF', '.nan', '.NaN',
  'on', 'On', 'ON', 'off', 'yes', 'Yes', 'no', 'NO', 'y', 'n', 'Y', 'N', 'true', 'False', 'TRUE', '~', 'null', 'Null', 'NULL',
  '2024-01-01', '2001-12-14t21:59:43.10-05:00', '12:30:00', '1:20', '190:20:30', '9007199254740993', '123456789012345678901234567890', '-9223372036854775809',
  'http', 'v1', '80', '443', 'istio-system', '*.example.com', 'a:b', 'a#b', 'a # b', 'x:', ':x', '-x', '?x', '- x', '? x', 'a b', 'a  b',
  '<<', '&a x', '*a', '!!str 1', '!tag x', '%x', '@x', '`x', '|', '>', '|-', '>+', '|2', '[]', '{}', '[a, b]', '[on, 010]', '{a: 1, b: [x, {c: d}]}', '{a: }', '[a, [b, c]]',
  '{a}', '[a: b]', '{"a":1}', '{a:1}', 'é', '日本', '😀', 'a\tb', 'tab\t', '"', "'", '\\', 'a"b', "a'b", '#', '-', '?', ':', ',',
];
const KEYS = ['name', 'port', 'metadata', 'spec', 'labels', 'hosts', '__proto__', 'constructor', 'toString', 'prototype', 'on', 'yes', '010', '1e3', '~', 'null', '1', '0', '-1', 'a b', 'a:b', 'a#b', '"quoted"', "'single'", '""', '[object Object]', '<<', 'x', 'x'];

function quoteDouble(r: Rand, s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (c < 0x20 || r() < 0.05) out += pick(r, [`\\x${c.toString(16).padStart(2, '0')}`, `\\u${c.toString(16).padStart(4, '0')}`]);
    else out += ch;
  }
  if (r() < 0.1) out += pick(r, ['\\n', '\\t', '\\/', '\\0', '\\e', '\\N', '\\_', '\\L', '\\P', '\\U0001F600', '\\x4', '\\q', ' \\ ']);
  return `${out}"`;
}

function scalar(r: Rand): string {
  const s = r() < 0.6 ? pick(r, SPECIAL) : pick(r, ['svc-', 'v', 'ns-', '']) + Math.floor(r() * 1000).toString(pick(r, [10, 10, 16, 8]));
  const style = r();
  if (style < 0.6) return s;
  if (style < 0.8) return `'${s.replace(/'/g, "''")}'`;
  return quoteDouble(r, s);
}

/** A block scalar header and its lines (the indentation is added by the caller). */
function blockScalar(r: Rand): { header: string; lines: string[] } {
  const header = pick(r, ['|', '>', '|-', '>-', '|+', '>+', '|2', '>1', '|-1', '| # c', '|x']);
  const lines: string[] = [];
  const n = 1 + Math.floor(r() * 4);
  for (let i = 0; i < n; i++) lines.push(pick(r, ['line one', '  more indented', '', 'a: b', '# not a comment', '- x', 'tab\there', '   ', 'end  ']));
  return { header, lines };
}

/** Renders a random value at indent `ind` (the caller wrote the key or `-`). */
function value(r: Rand, ind: number, depth: number, step: number): string[] {
  const kind = depth > 4 ? 0 : r();
  if (kind < 0.45) {
    const x = r() < 0.1 ? '' : scalar(r);
    const comment = r() < 0.1 ? pick(r, [' # c', '  #c', '#c']) : '';
    // A plain scalar may go on over the next lines.
    if (r() < 0.05) return [` ${x}${comment}`, `${' '.repeat(ind + pick(r, [0, 1, step]))}${scalar(r)}`];
    return [x === '' ? comment : ` ${x}${comment}`];
  }
  if (kind < 0.5) {
    const b = blockScalar(r);
    const extra = pick(r, [step, step, 1, 0]);
    return [` ${b.header}`, ...b.lines.map((l) => (l === '' ? '' : ' '.repeat(ind + extra) + l))];
  }
  if (kind < 0.75) {
    const inner = ind + (r() < 0.15 ? pick(r, [1, 3]) : step);
    return ['', ...mapping(r, inner, depth + 1, step)];
  }
  const at = r() < 0.4 ? ind : ind + step;
  return ['', ...sequence(r, at, depth + 1, step)];
}

function mapping(r: Rand, ind: number, depth: number, step: number): string[] {
  const out: string[] = [];
  const n = 1 + Math.floor(r() * 5);
  for (let i = 0; i < n; i++) {
    const key = r() < 0.8 ? pick(r, KEYS.slice(0, 6)) + (r() < 0.5 ? String(i) : '') : pick(r, KEYS);
    const [first = '', ...rest] = value(r, ind, depth, step);
    out.push(`${' '.repeat(ind)}${key}:${first}`, ...rest);
    if (r() < 0.05) out.push(`${' '.repeat(Math.floor(r() * (ind + 3)))}# comment`);
    if (r() < 0.03) out.push('');
  }
  return out;
}

function sequence(r: Rand, ind: number, depth: number, step: number): string[] {
  const out: string[] = [];
  const n = 1 + Math.floor(r() * 4);
  for (let i = 0; i < n; i++) {
    const pad = ' '.repeat(ind);
    const dash = r() < 0.95 ? '- ' : pick(r, ['-  ', '-', '-\t']);
    if (r() < 0.5 && depth < 5) {
      // Compact mapping: the first key on the dash's line, the others under it.
      const lines = mapping(r, ind + dash.length, depth + 1, step);
      const [first = '', ...rest] = lines;
      out.push(pad + dash + first.trimStart(), ...rest);
    } else {
      const [first = '', ...rest] = value(r, ind + 1, depth, step);
      out.push(pad + dash.trimEnd() + first, ...rest);
    }
  }
  return out;
}

function manifest(r: Rand): string {
  const step = pick(r, [2, 2, 2, 4, 3, 1]);
  const docs: string[] = [];
  const n = 1 + Math.floor(r() * 3);
  for (let i = 0; i < n; i++) {
    const body = r() < 0.9 ? ['apiVersion: v1', `kind: ${pick(r, ['Service', 'List', 'ConfigMap'])}`, ...mapping(r, 0, 0, step)] : sequence(r, 0, 0, step);
    docs.push(body.join('\n'));
  }
  let text = docs.join(pick(r, ['\n---\n', '\n--- # c\n', '\n...\n---\n']));
  if (r() < 0.1) text = `---\n${text}`;
  if (r() < 0.3) text = text.replace(/\n/g, () => (r() < 0.3 ? '   \n' : '\n'));
  if (r() < 0.1) text = text.replace(/\n/g, '\r\n');
  if (r() < 0.05) text = `\ufeff${text}`;
  if (r() < 0.8) text += '\n';
  return text;
}

const EDITS = [' ', '  ', '\t', ':', ': ', '#', ' #', '-', '- ', '\n', '"', "'", '[', ']', '{', '}', ',', '|', '>', '&', '*', '!', '?', '\\', '\r', '%', '0', 'on', '\u00e9', '\ud83d'];

function mutate(r: Rand, text: string): string {
  let t = text;
  const edits = 1 + Math.floor(r() * 3);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(r() * (t.length + 1));
    const how = r();
    if (how < 0.4) t = t.slice(0, at) + pick(r, EDITS) + t.slice(at);
    else if (how < 0.7) t = t.slice(0, at) + t.slice(at + 1 + Math.floor(r() * 3));
    else {
      // Re-indent one line.
      const ls = t.split('\n');
      const i = Math.floor(r() * ls.length);
      ls[i] = (r() < 0.5 ? ' ' : '') + (ls[i] ?? '').replace(/^ /, r() < 0.5 ? '' : ' ');
      t = ls.join('\n');
    }
  }
  return t;
}

function corpusSamples(): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(e.name) && out.length < 400) out.push(readFileSync(p, 'utf8'));
    }
  };
  walk(path.join(sharedRoot, 'corpus'));
  return out;
}

test('differential fuzz: the fast YAML reader reads what js-yaml reads, or falls back', () => {
  const seed = process.env['GWCTL_FUZZ_SEED'] ? Number(process.env['GWCTL_FUZZ_SEED']) : Math.floor(Math.random() * 2 ** 31);
  const budget = Number(process.env['GWCTL_FAST_YAML_FUZZ_MS'] ?? 2500);
  const r = mulberry32(seed);
  const corpus = corpusSamples();
  const deadline = performance.now() + budget;
  let cases = 0;
  let documents = 0;
  let handled = 0;
  let handledMutants = 0;
  let mutants = 0;
  while (performance.now() < deadline || cases < 200) {
    const source = r() < 0.85 || corpus.length === 0 ? manifest(r) : pick(r, corpus);
    const mutated = r() < 0.5;
    const text = mutated ? mutate(r, source) : source;
    cases++;
    const chunks = sourceChunks({ name: 'fuzz.yaml', bytes: new TextEncoder().encode(text) });
    for (const [i, chunk] of chunks.entries()) {
      documents++;
      if (mutated) mutants++;
      let outcome;
      try {
        outcome = checkDocument(chunk.text, `case ${cases} document ${i}`);
        checkMarker(chunk.body, `case ${cases} document ${i}`);
      } catch (e) {
        assert.fail(`seed ${seed} (replay: GWCTL_FUZZ_SEED=${seed}): ${e instanceof Error ? e.message : String(e)}\n--- document text ---\n${JSON.stringify(chunk.text)}`);
      }
      if (outcome.handled) {
        handled++;
        if (mutated) handledMutants++;
      }
    }
  }
  process.stdout.write(`fast YAML fuzz (seed ${seed}): ${cases} cases, ${documents} documents, fast reader read ${handled} (${handledMutants} of ${mutants} mutated ones)\n`);
  // The fuzzer must exercise the fast reader, not only its fallbacks.
  assert.ok(handled > documents * 0.25, `the fast reader read only ${handled} of ${documents} documents (seed ${seed})`);
  assert.ok(handledMutants > mutants * 0.1, `the fast reader read only ${handledMutants} of ${mutants} mutated documents (seed ${seed})`);
});
