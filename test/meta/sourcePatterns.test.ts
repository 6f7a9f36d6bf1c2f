// What src/ must not contain: ways around the zod-typed resources and TypeScript's checks. Data
// enters as `unknown` and leaves a schema typed; everything downstream reads `r.spec.<field>`.
// Checked on the syntax tree (the TypeScript compiler's parser), so comments and strings never count.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';
import { repoRoot } from '../helpers/paths.js';

interface Rule {
  name: string;
  why: string;
  matches(node: ts.Node): boolean;
}

const unparen = (e: ts.Expression): ts.Expression => (ts.isParenthesizedExpression(e) ? unparen(e.expression) : e);

const RULES: readonly Rule[] = [
  {
    name: 'as unknown as',
    why: 'a double cast silences the compiler: narrow or type the value instead',
    matches: (n) => {
      if (!ts.isAsExpression(n)) return false;
      const inner = unparen(n.expression);
      return ts.isAsExpression(inner) && inner.type.kind === ts.SyntaxKind.UnknownKeyword;
    },
  },
  { name: 'any', why: 'no `any` (`: any`, `as any`, `any[]`, `<any>`): use `unknown` and narrow', matches: (n) => n.kind === ts.SyntaxKind.AnyKeyword },
  {
    name: 'specOf(',
    why: 'specs are typed: read r.spec.<field>',
    matches: (n) => ts.isCallExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === 'specOf',
  },
  {
    name: '.spec as',
    why: 'specs are typed by their schema: read them, do not cast them',
    matches: (n) => {
      if (!ts.isAsExpression(n) && !ts.isTypeAssertionExpression(n)) return false;
      if (ts.isTypeReferenceNode(n.type) && n.type.typeName.getText() === 'const') return false;
      const e = unparen(n.expression);
      return ts.isPropertyAccessExpression(e) && e.name.text === 'spec';
    },
  },
];

function violations(fileName: string, text: string): { rule: string; at: string }[] {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const out: { rule: string; at: string }[] = [];
  const visit = (n: ts.Node): void => {
    for (const r of RULES) {
      if (r.matches(n)) out.push({ rule: r.name, at: `${fileName}:${sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1}: ${n.getText(sf)}` });
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return e.name.endsWith('.ts') ? [p] : [];
  });
}

const files = sourceFiles(path.join(repoRoot, 'src'));
const found = files.flatMap((f) => violations(path.relative(repoRoot, f), readFileSync(f, 'utf8')));

test('src/ is scanned', () => assert.ok(files.length > 100, `only ${files.length} files under src/`));

for (const r of RULES) {
  test(`src/ has no ${r.name}`, () => {
    const hits = found.filter((v) => v.rule === r.name).map((v) => v.at);
    assert.deepEqual(hits, [], `${r.why}:\n${hits.join('\n')}`);
  });
}

test('the rules catch what they name, and nothing else', () => {
  const bad: Record<string, string[]> = {
    'as unknown as': ['const x = y as unknown as Z;', 'const x = (y as unknown) as Z;'],
    any: ['function f(a: any) {}', 'const x = y as any;', 'const m = new Map<string, any>();', 'let xs: any[] = [];'],
    'specOf(': ['const s = specOf(r);'],
    '.spec as': ['const s = r.spec as Record<string, unknown>;', 'const s = (r.spec) as S;', 'const s = <S>r.spec;'],
  };
  for (const r of RULES) {
    for (const code of bad[r.name] ?? []) assert.deepEqual(violations('x.ts', code).map((v) => v.rule), [r.name], code);
  }
  const fine = [
    '// any of the hosts; as unknown as; specOf(r); r.spec as X',
    "const s = 'as any';",
    'const many: number = 1;',
    'for (const x of r.spec.hosts) {}',
    'const k = [1] as const;',
    'const u = y as unknown;',
    'const v = r.spec.ports as readonly number[];',
  ];
  for (const code of fine) assert.deepEqual(violations('x.ts', code), [], code);
});
