// The members of zod's `z` that gwctl's code uses as values, read from its TypeScript syntax: the CLI
// bundle gives `z` only these (scripts/bundle.mjs), so that it leaves out what gwctl never calls
// (zod's JSON Schema conversion, its compiler, ISO dates, coercion...): 150 KB less to read, compile
// and initialise at every start. Types (`z.infer<...>`, `x as z.core.$ZodType`) are erased and need
// nothing. Any other use of `z` (passed around, destructured) could reach any member: it is refused.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** Sorted names of `z.<name>` value uses in the .ts files under `dir`. */
export function zodMembersUsed(dir) {
  const names = new Set();
  for (const file of tsFiles(dir)) {
    const text = readFileSync(file, 'utf8');
    if (!/from\s*['"]zod['"]/.test(text)) continue;
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    const visit = (node) => {
      if (ts.isIdentifier(node) && node.text === 'z' && isValueUse(node)) {
        const p = node.parent;
        if (!ts.isPropertyAccessExpression(p) || p.expression !== node) {
          const { line } = sf.getLineAndCharacterOfPosition(node.getStart());
          throw new Error(`${file}:${line + 1}: zod's z used other than as z.<member>: the CLI bundle's z holds only the members used so (scripts/zodMembers.mjs)`);
        }
        names.add(p.name.text);
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return [...names].sort();
}

/** Not a type, not the import itself, not a property name (`x.z`, `{ z: ... }`). */
function isValueUse(id) {
  const p = id.parent;
  if (ts.isQualifiedName(p) || ts.isImportSpecifier(p) || ts.isTypeQueryNode(p)) return false;
  if (ts.isPropertyAccessExpression(p) && p.name === id) return false;
  if ((ts.isPropertyAssignment(p) || ts.isPropertySignature(p) || ts.isMethodDeclaration(p) || ts.isPropertyDeclaration(p)) && p.name === id) return false;
  return true;
}

function* tsFiles(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* tsFiles(p);
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) yield p;
  }
}
