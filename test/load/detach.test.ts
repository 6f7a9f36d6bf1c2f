// Caches shared by every file (verdicts on hosts and durations, compiled regexes) must not keep the
// file texts their keys were sliced from: with 7,754 files, validate kept 10 MB of texts so. Checked
// in a fresh process with --expose-gc: a 32 MB text, one key sliced from it, the text dropped.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { detached } from '../../src/load/detach.js';
import { repoRoot } from '../helpers/paths.js';

const url = (p: string): string => pathToFileURL(path.join(repoRoot, 'dist', 'src', p)).href;

/** Heap kept (MB) after `use` is called on a 40-character slice of a 32 MB text that is then dropped. */
function keptAfter(use: string): number {
  const script = `
    const { wildcardDomainProblem } = await import(${JSON.stringify(url('schema/istioChecks.js'))});
    const { compileRegex, regexFullMatch } = await import(${JSON.stringify(url('schema/regex.js'))});
    globalThis.gc();
    const before = process.memoryUsage().heapUsed;
    (() => {
      const text = 'a'.repeat(32 * 1024 * 1024);
      const key = text.slice(1000, 1040);
      ${use};
    })();
    globalThis.gc();
    process.stdout.write(String((process.memoryUsage().heapUsed - before) / 1024 / 1024));`;
  const r = spawnSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return Number(r.stdout);
}

test('detached: the same text', () => {
  for (const s of ['', 'a', 'api.example.com', 'x'.repeat(100), 'ünïcødé-host.example.com']) assert.equal(detached(s), s);
});

test('the verdict and regex caches keep their keys, not the texts they were sliced from', () => {
  assert.ok(keptAfter('') < 8, 'the probe itself keeps nothing');
  // Without detaching, each of these keeps the 32 MB text.
  for (const use of ['wildcardDomainProblem(key)', 'compileRegex(key)', "regexFullMatch(key, 'a')", "regexFullMatch('a+', key)"]) {
    const kept = keptAfter(use);
    assert.ok(kept < 8, `${use} kept ${kept.toFixed(1)} MB`);
  }
});
