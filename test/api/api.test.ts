// The programmatic API as a user imports it: by the package name, through package.json `exports`
// (types included). Each command's function answers from one workspace, as the CLI does.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import * as gwctl from 'gwctl';
import { analyze, diff, diffFails, diffRecordOf, explain, findingRecords, load, loadSources, parseRequest, proxyConfig, UsageError, type SourceFile, type Workspace } from 'gwctl';
import { repoRoot } from '../helpers/paths.js';

const httpbin = (dir: string): SourceFile[] =>
  readdirSync(path.join(repoRoot, 'fixtures', dir))
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => ({ name: `fixtures/${dir}/${f}`, bytes: readFileSync(path.join(repoRoot, 'fixtures', dir, f)) }));

test('the package exports the documented functions, and nothing from the CLI', () => {
  const functions = Object.entries(gwctl)
    .filter(([, v]) => typeof v === 'function')
    .map(([k]) => k)
    .sort();
  assert.deepEqual(functions, [
    'RequestError',
    'UsageError',
    'analyze',
    'checkAnalyzeOptions',
    'deriveProxy',
    'diff',
    'diffFails',
    'diffRecordOf',
    'explain',
    'explainRecordOf',
    'findingRecords',
    'graph',
    'listAnalyzers',
    'load',
    'loadRevision',
    'loadRouteTests',
    'loadSources',
    'narrowWorkspace',
    'parseRequest',
    'parseRouteTests',
    'parseTarget',
    'prepareExplain',
    'proxyConfig',
    'resolveProxy',
    'test',
    'validateInputs',
  ]);
  const docs = readFileSync(path.join(repoRoot, 'docs', 'api.md'), 'utf8');
  for (const name of functions) assert.ok(docs.includes(`\`${name}\``) || docs.includes(`\`${name}(`), `docs/api.md does not document ${name}`);
});

test('load (paths) and loadSources (memory) build the same workspace', async () => {
  const fromDisk = await load([path.join('fixtures', 'httpbin')].map((p) => path.join(repoRoot, p)));
  const fromMemory = loadSources(httpbin('httpbin'));
  assert.deepEqual(fromDisk.inputs.all.map((r) => [r.kind, r.namespace, r.name]), fromMemory.inputs.all.map((r) => [r.kind, r.namespace, r.name]));
  assert.equal(fromDisk.stats.resources, fromMemory.stats.resources);
  assert.deepEqual(fromDisk.unreadable, []);
  const missing = await load([path.join(repoRoot, 'no-such-folder')]);
  assert.equal(missing.unreadable.length, 1);
});

test('analyze, explain and proxyConfig answer from one workspace', () => {
  const ws: Workspace = loadSources(httpbin('httpbin'));
  const analysis = analyze(ws);
  assert.ok(analysis.ran.length > 0);
  const [first] = findingRecords(ws, analysis.shown);
  assert.ok(first && first.file?.startsWith('fixtures/httpbin/') && first.line !== null, 'findings locate to file:line');

  const { result, proxy } = explain(ws, parseRequest({ url: 'http://httpbin.local/ip' }), {});
  assert.equal(proxy.mode, 'gateway');
  assert.equal(result.status, 404);
  assert.ok(result.causes.some((c) => c.finding.code === 'IST0132'));

  const routes = proxyConfig(ws, {}, 'route');
  assert.deepEqual(routes.routes.dynamic.map((r) => r.name), ['http.8080']);
  assert.ok(routes.notes.some((n) => n.code === 'assumed-default-gateway'));
});

test('caller mistakes are UsageErrors, never a crash', () => {
  const ws = loadSources(httpbin('httpbin'));
  assert.throws(() => analyze(ws, { analyzers: ['no/such-analyzer'] }), UsageError);
  assert.throws(() => proxyConfig(ws, { target: 'deploy/nope.default' }), UsageError);
  assert.throws(() => parseRequest({ url: 'ftp://x/' }), UsageError);
});

test('diff compares two workspaces: the seed fix stops a 404 and fixes IST0132', () => {
  const base = loadSources(httpbin('httpbin'));
  const head = loadSources(httpbin('httpbin-fixed'));
  const run = diff(base, head);
  assert.equal(run.summary.stopsFailing, 1);
  assert.equal(run.summary.startsFailing, 0);
  assert.ok(run.findings.fixed.some((f) => f.code === 'IST0132'));
  assert.equal(diffFails(run.summary, 'new-errors'), false);
  assert.equal(diffFails(run.summary, 'any-change'), true);
  const backwards = diff(head, base);
  assert.equal(backwards.summary.new404, 1);
  assert.equal(diffFails(backwards.summary, 'new-404'), true);
  const record = diffRecordOf(base, head, run, { base: { label: 'before', commit: null } });
  assert.equal(record.base.label, 'before');
  const fixed = record.findings.fixed.find((f) => f.code === 'IST0132');
  assert.ok(fixed?.file?.startsWith('fixtures/httpbin/') && fixed.line !== null, 'fixed findings locate on the base');
  assert.throws(() => diff(base, head, { proxy: { target: 'deploy/nope.default' } }), UsageError);
});
