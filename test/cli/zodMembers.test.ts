// scripts/zodMembers.mjs: the CLI bundle's `z` holds only the members gwctl's sources use as values
// (scripts/bundle.mjs). A use it misses would be undefined in the bundle alone (tests of tsc's output
// would pass), so every row here is a way of writing one: types need nothing, values are found, and
// a use that could reach any member is refused.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { repoRoot } from '../helpers/paths.js';

type ZodMembersUsed = (dir: string) => string[];
const { zodMembersUsed } = (await import(pathToFileURL(path.join(repoRoot, 'scripts', 'zodMembers.mjs')).href)) as { zodMembersUsed: ZodMembersUsed };

const IMPORT = "import { z } from 'zod';\n";
const ROWS: { name: string; files: Record<string, string>; members?: string[]; refused?: RegExp }[] = [
  { name: 'calls', files: { 'a.ts': `${IMPORT}export const a = z.object({ b: z.string().optional() });` }, members: ['object', 'string'] },
  { name: 'types only', files: { 'a.ts': `${IMPORT}type A = z.infer<typeof x>; const y = x as z.core.$ZodType; let w: z.ZodType;` }, members: [] },
  { name: 'a class as a value', files: { 'a.ts': `${IMPORT}const o = s instanceof z.ZodObject ? 1 : 2;` }, members: ['ZodObject'] },
  { name: 'a property named z', files: { 'a.ts': `${IMPORT}const o = { z: z.number() }; o.z; interface I { z: string }` }, members: ['number'] },
  { name: 'several files, nested folders', files: { 'a.ts': `${IMPORT}z.enum(['x']);`, 'd/b.ts': `${IMPORT}z.array(z.boolean());` }, members: ['array', 'boolean', 'enum'] },
  { name: 'comments and strings', files: { 'a.ts': `${IMPORT}// z.email() \nconst s = 'z.date()'; z.union([]);` }, members: ['union'] },
  { name: 'imported with double quotes', files: { 'a.ts': 'import { z } from "zod";\nz.literal(1);' }, members: ['literal'] },
  { name: 'a file without zod', files: { 'a.ts': 'const z = { date: () => 1 }; z.date();' }, members: [] },
  { name: 'destructured', files: { 'a.ts': `${IMPORT}const { string } = z;` }, refused: /a\.ts:2: zod's z used other than as z\.<member>/ },
  { name: 'passed on', files: { 'a.ts': `${IMPORT}build(z);` }, refused: /a\.ts:2/ },
  { name: 'indexed', files: { 'a.ts': `${IMPORT}z['string']();` }, refused: /a\.ts:2/ },
];

for (const { name, files, members, refused } of ROWS) {
  test(`zodMembersUsed: ${name}`, () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gwctl-zod-'));
    try {
      for (const [file, text] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        fs.writeFileSync(path.join(dir, file), text);
      }
      if (refused) assert.throws(() => zodMembersUsed(dir), refused);
      else assert.deepEqual(zodMembersUsed(dir), members);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}

test("the CLI bundle leaves out zod's JSON Schema reader, which gwctl never uses", () => {
  const bundle = fs.readFileSync(path.join(repoRoot, 'dist', 'gwctl.cjs'), 'latin1');
  assert.ok(!bundle.includes('node_modules/zod/v4/classic/from-json-schema.js'), 'from-json-schema.js is in the bundle');
});
