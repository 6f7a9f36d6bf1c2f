// The golden mechanism itself: a missing golden fails (only GWCTL_UPDATE=1 writes one), and no
// corpus golden outlives its setup.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { compareGolden } from '../helpers/golden.js';
import { repoRoot, sharedRoot } from '../helpers/paths.js';

function withoutUpdate(run: () => void): void {
  const saved = process.env['GWCTL_UPDATE'];
  delete process.env['GWCTL_UPDATE'];
  try {
    run();
  } finally {
    if (saved !== undefined) process.env['GWCTL_UPDATE'] = saved;
  }
}

test('a missing golden fails and is not written', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gwctl-golden-'));
  try {
    const file = path.join(dir, 'missing.txt');
    withoutUpdate(() => assert.throws(() => compareGolden(file, 'output\n'), /missing golden file/));
    assert.equal(existsSync(file), false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a golden that differs fails', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gwctl-golden-'));
  try {
    const file = path.join(dir, 'golden.txt');
    const saved = process.env['GWCTL_UPDATE'];
    process.env['GWCTL_UPDATE'] = '1';
    try {
      compareGolden(file, 'before\n');
    } finally {
      if (saved === undefined) delete process.env['GWCTL_UPDATE'];
      else process.env['GWCTL_UPDATE'] = saved;
    }
    withoutUpdate(() => {
      compareGolden(file, 'before\n');
      assert.throws(() => compareGolden(file, 'after\n'), /output differs/);
    });
    assert.equal(readFileSync(file, 'utf8'), 'before\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('every corpus golden belongs to a corpus setup', () => {
  const setups = JSON.parse(readFileSync(path.join(sharedRoot, 'corpus', 'real-world', 'setups.json'), 'utf8')) as { name: string }[];
  const expected = setups.map((s) => `${s.name.replace(/\//g, '__')}.txt`).sort();
  const present = readdirSync(path.join(repoRoot, 'test', 'golden', 'corpus-analyze')).sort();
  assert.deepEqual(present, expected);
});
