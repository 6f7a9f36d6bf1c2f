// Patterns src/ must not contain: ways around the zod-typed resources and TypeScript's checks.
// Data enters as `unknown` and leaves a schema typed; everything downstream reads `r.spec.<field>`.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../helpers/paths.js';

const FORBIDDEN: readonly { name: string; pattern: RegExp; why: string }[] = [
  { name: 'as unknown as', pattern: /\bas\s+unknown\s+as\b/, why: 'a double cast silences the compiler; narrow or type the value instead' },
  { name: ': any', pattern: /:\s*any\b(?![-\w])/, why: 'no `any`: use `unknown` and narrow' },
  { name: 'as any', pattern: /\bas\s+any\b(?![-\w])/, why: 'no `any`: use `unknown` and narrow' },
  { name: '<any>', pattern: /[<,]\s*any\s*[,>]/, why: 'no `any` type arguments' },
  { name: 'any[]', pattern: /\bany\[\]/, why: 'no `any` arrays' },
  { name: 'specOf(', pattern: /\bspecOf\s*\(/, why: 'specs are typed: read r.spec.<field>' },
  { name: '.spec as', pattern: /\.spec\)?\s+as\s+(?!const\b)/, why: 'specs are typed by their schema: read them, do not cast them' },
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return e.name.endsWith('.ts') ? [p] : [];
  });
}

const files = sourceFiles(path.join(repoRoot, 'src'));

test('src/ is scanned', () => assert.ok(files.length > 100, `only ${files.length} files under src/`));

for (const f of FORBIDDEN) {
  test(`src/ has no ${f.name}`, () => {
    const hits: string[] = [];
    for (const file of files) {
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (f.pattern.test(line)) hits.push(`${path.relative(repoRoot, file)}:${i + 1}: ${line.trim()}`);
        });
    }
    assert.deepEqual(hits, [], `${f.why}:\n${hits.join('\n')}`);
  });
}

test('the patterns catch what they name', () => {
  const samples: Record<string, string> = {
    'as unknown as': 'const x = y as unknown as Z;',
    ': any': 'function f(a: any) {}',
    'as any': 'const x = y as any;',
    '<any>': 'const m = new Map<string, any>();',
    'any[]': 'let xs: any[] = [];',
    'specOf(': 'const s = specOf(r);',
    '.spec as': 'const s = r.spec as Record<string, unknown>;',
  };
  for (const f of FORBIDDEN) assert.ok(f.pattern.test(samples[f.name] ?? ''), f.name);
  // Prose and ordinary code stay allowed.
  for (const ok of ['// any of the hosts', 'const many: number = 1;', 'for (const x of r.spec.hosts) {}', 'const k = [1] as const;']) {
    assert.ok(!FORBIDDEN.some((f) => f.pattern.test(ok)), ok);
  }
});
