// Exclude globs come with the pull request (.gwctl.yaml): they match exactly as picomatch matches them,
// in linear time whatever the glob and the file names.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import picomatch from 'picomatch';
import { excludeMatcher } from '../../src/load/glob.js';
import { runCli } from '../helpers/runCli.js';

/** The documented forms (docs/config.md) and their usual variants. */
const GLOBS = ['charts/**', '*.tpl.yaml', '**/test/*.yaml', '{a,b}/*.yaml', 'x?.yml', '[ab]*.yaml', '[!a]*.yaml', 'a/**/b', '.*', 'node_modules', '**/*.json', 'sub/deeper', '*', '**'];
const PATHS = ['charts', 'charts/app/templates/vs.yaml', 'route.tpl.yaml', 'a/route.tpl.yaml', 'test/x.yaml', 'a/test/x.yaml', 'a/b/test/x.yaml', 'a/x.yaml', 'b/x.yaml', 'c/x.yaml', 'x1.yml', 'x12.yml', 'a.yaml', 'b.yaml', 'c.yaml', 'a/b', 'a/x/y/b', '.hidden', 'a/.hidden', 'node_modules', 'a/node_modules', 'p.json', 'a/p.json', 'sub/deeper', 'sub/deeper/x.yaml'];

test('exclude globs match as picomatch matches them (dot files included; a glob without / matches the name at any depth)', () => {
  for (const glob of GLOBS) {
    const ours = excludeMatcher([glob]);
    const theirs = picomatch(glob, { dot: true, noextglob: true, nonegate: true });
    const name = (p: string): string => (glob.includes('/') ? p : p.slice(p.lastIndexOf('/') + 1));
    for (const p of PATHS) assert.equal(ours(p), theirs(name(p)), `${glob} on ${p}`);
  }
});

test('exclude globs run in linear time: backtracking globs on long names finish at once', () => {
  const name = `${'a'.repeat(200)}/${'a'.repeat(200)}`;
  for (const glob of [`${'*a'.repeat(20)}b`, `${'**/a/'.repeat(10)}b`, `${'?*'.repeat(30)}b`, '{a,aa,aaa}{a,aa,aaa}{a,aa,aaa}{a,aa,aaa}{a,aa,aaa}{a,aa,aaa}b']) {
    const start = performance.now();
    assert.equal(excludeMatcher([glob])(name), false);
    assert.ok(performance.now() - start < 1000, `${glob}: ${performance.now() - start} ms`);
  }
  // Extglobs and negation are not glob syntax (they need lookaheads): no backtracking through them either.
  assert.equal(excludeMatcher(['+(a|aa)+(a|aa)b'])('aaaa'), false);
  assert.equal(excludeMatcher(['!(x)'])('y'), false);
  assert.equal(excludeMatcher(['!x'])('y'), false);
});

test('a hostile .gwctl.yaml exclude glob and long file names: the walk ends, exit as documented', async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'gwctl-glob-'));
  try {
    mkdirSync(path.join(root, '.git'));
    mkdirSync(path.join(root, 'm'));
    writeFileSync(path.join(root, 'm', `${'a'.repeat(120)}.yaml`), 'apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {ports: [{port: 80}]}\n');
    writeFileSync(path.join(root, '.gwctl.yaml'), `exclude: ["${'*a'.repeat(25)}b", "${'**/a/'.repeat(12)}b"]\n`);
    const start = performance.now();
    const r = await runCli(['validate', 'm'], { cwd: root });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(performance.now() - start < 5000);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
