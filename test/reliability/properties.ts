// The properties, shared by the CI test (fixed seed, few runs) and `npm run fuzz` (random seed, many).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { meshArbitrary, requestArbitrary, toYaml, type Doc, type Request } from './meshArbitrary.js';
import { referenceLookup } from './reference.js';
import { runInProcess, STACK_TRACE } from './harness.js';
import { sarifProblems, messageProblem } from './checks.js';

export interface PropertyRun {
  numRuns: number;
  seed: number;
}

/** A fresh folder per mesh, removed afterwards. */
async function withFiles<T>(files: Record<string, string>, f: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(path.join(tmpdir(), 'gwctl-prop-'));
  try {
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      writeFileSync(path.join(dir, name), text);
    }
    return await f(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function run(argv: string[], label: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const r = await runInProcess(argv);
  assert.ok(r.code === 0 || r.code === 1, `${label}: exit ${r.code}\n${r.stderr.slice(0, 1000)}`);
  assert.doesNotMatch(r.stdout + r.stderr, STACK_TRACE, `${label}: stack trace or internal error`);
  return r;
}

function parseJson(text: string, label: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    assert.fail(`${label}: output is not JSON: ${text.slice(0, 300)}`);
  }
}

/** Exit code 1 exactly when a reported finding is at or above `error`. */
function checkExitMatchesFindings(code: number, records: unknown, label: string): void {
  assert.ok(Array.isArray(records), `${label}: findings are not an array`);
  const errors = (records as { level: string }[]).filter((r) => r.level === 'error').length;
  assert.equal(code, errors > 0 ? 1 : 0, `${label}: exit ${code} with ${errors} error findings`);
  for (const r of records as { message: string }[]) assert.equal(messageProblem(r.message), undefined, `${label}: ${messageProblem(r.message)}`);
}

/** No command throws or hangs; JSON parses; SARIF validates; exit codes match the findings. */
export function noCrashProperty(): fc.IAsyncPropertyWithHooks<[{ docs: Doc[] }, Request]> {
  return fc.asyncProperty(meshArbitrary, requestArbitrary, async (mesh, req) =>
    withFiles({ 'mesh.yaml': toYaml(mesh.docs) }, async (dir) => {
      const f = path.join(dir, 'mesh.yaml');
      const v = await run(['validate', f, '-o', 'json'], 'validate');
      checkExitMatchesFindings(v.code, parseJson(v.stdout, 'validate -o json'), 'validate');
      const a = await run(['analyze', f, '-o', 'json'], 'analyze');
      checkExitMatchesFindings(a.code, parseJson(a.stdout, 'analyze -o json'), 'analyze');
      const s = await run(['analyze', f, '-o', 'sarif'], 'analyze -o sarif');
      assert.equal(s.code, a.code, 'analyze: exit code depends on the output format');
      assert.deepEqual(sarifProblems(parseJson(s.stdout, 'sarif')), [], 'SARIF does not validate');
      for (const type of ['route', 'listener', 'cluster', 'all']) {
        const p = await run(['proxy-config', type, '-f', f, '-o', 'json'], `proxy-config ${type}`);
        parseJson(p.stdout, `proxy-config ${type} -o json`);
        await run(['proxy-config', type, '-f', f], `proxy-config ${type}`);
      }
      const e = await run(explainArgv(req, f, 'json'), 'explain');
      parseJson(e.stdout, 'explain -o json');
      await run(explainArgv(req, f, 'text'), 'explain (text)');
      await run(['explain', `http://svc0.default.svc.cluster.local${req.path}`, '-f', f, '--from', 'svc1.default', '-o', 'json'], 'explain --from');
    }),
  );
}

function explainArgv(req: Request, file: string, output: string): string[] {
  const argv = ['explain', `http://${req.host}${req.path}`, '-f', file, '-o', output];
  if (req.header) argv.push('-H', 'x-env: canary');
  return argv;
}

/** explain's virtual host and route equal the reference lookup over `proxy-config route -o json`. */
export function explainAgreesProperty(): fc.IAsyncPropertyWithHooks<[{ docs: Doc[] }, Request[]]> {
  return fc.asyncProperty(meshArbitrary, fc.array(requestArbitrary, { minLength: 1, maxLength: 4 }), async (mesh, reqs) =>
    withFiles({ 'mesh.yaml': toYaml(mesh.docs) }, async (dir) => {
      const f = path.join(dir, 'mesh.yaml');
      const routes = parseJson((await run(['proxy-config', 'route', '-f', f, '-o', 'json'], 'proxy-config route')).stdout, 'routes');
      for (const req of reqs) {
        const e = parseJson((await run(explainArgv(req, f, 'json'), 'explain')).stdout, 'explain') as Record<string, unknown>;
        const routeConfig = typeof e['routeConfig'] === 'string' ? e['routeConfig'] : 'http.8080';
        const expected = referenceLookup(routes, routeConfig, { host: req.host, path: req.path, method: 'GET', headers: req.header ? { 'x-env': 'canary' } : {} });
        const label = `GET http://${req.host}${req.path}${req.header ? ' (x-env: canary)' : ''}`;
        assert.equal(e['virtualHost'] ?? null, expected.virtualHost, `${label}: explain chose virtual host ${String(e['virtualHost'])}, Envoy's precedence gives ${expected.virtualHost}`);
        if (expected.virtualHost === null) continue;
        const routeClusters = ((e['routeClusters'] ?? []) as { name: string }[]).map((c) => c.name);
        if (expected.routeIndex === null) {
          assert.equal(e['status'], 404, `${label}: no route matches in ${expected.virtualHost}, but explain says ${String(e['status'])} via route ${String(e['route'])}`);
        } else {
          assert.equal(e['route'] ?? null, expected.routeName, `${label}: explain chose route ${String(e['route'])}, the first matching route is #${expected.routeIndex} ${expected.routeName}`);
          assert.deepEqual(routeClusters, expected.clusters, `${label}: route clusters differ`);
        }
      }
    }),
  );
}

/** Shuffling documents and splitting them over files changes no output (names are unique; no timestamps). */
export function orderIndependenceProperty(): fc.IAsyncPropertyWithHooks<[{ docs: Doc[] }, number[], number[], Request]> {
  return fc.asyncProperty(
    meshArbitrary,
    fc.array(fc.nat(), { minLength: 30, maxLength: 30 }),
    fc.array(fc.nat({ max: 2 }), { minLength: 30, maxLength: 30 }),
    requestArbitrary,
    async (mesh, keys, fileOf, req) => {
      const shuffled = mesh.docs.map((d, i) => ({ d, k: keys[i % keys.length] ?? 0, i })).sort((a, b) => a.k - b.k || b.i - a.i);
      const split: Record<string, Doc[]> = {};
      shuffled.forEach(({ d }, i) => (split[`part${fileOf[i % fileOf.length] ?? 0}/docs.yaml`] ??= []).push(d));
      const outputs = async (files: Record<string, string>): Promise<string[]> =>
        withFiles(files, async (dir) => {
          const out: string[] = [];
          for (const type of ['route', 'listener', 'cluster']) out.push((await run(['proxy-config', type, '-f', dir, '-o', 'json'], `proxy-config ${type}`)).stdout);
          const a = await run(['analyze', dir, '-o', 'json'], 'analyze');
          // Positions move with the documents; what is found must not.
          const findings = (parseJson(a.stdout, 'analyze') as Record<string, unknown>[]).map((r) => JSON.stringify([r['code'], r['level'], r['message'], r['resource']])).sort();
          out.push(`exit ${a.code}\n${findings.join('\n')}`);
          const e = parseJson((await run(explainArgv(req, dir, 'json'), 'explain')).stdout, 'explain') as Record<string, unknown>;
          out.push(JSON.stringify([e['virtualHost'], e['route'], e['virtualService'], e['rule'], e['status'], e['routeClusters']]));
          return out;
        });
      const before = await outputs({ 'all.yaml': toYaml(mesh.docs) });
      const after = await outputs(Object.fromEntries(Object.entries(split).map(([name, docs]) => [name, toYaml(docs)])));
      const labels = ['proxy-config route', 'proxy-config listener', 'proxy-config cluster', 'analyze findings', 'explain'];
      before.forEach((b, i) => assert.equal(after[i], b, `${labels[i]} changed when the documents were shuffled`));
    },
  );
}

/** The properties with their share of the CI budget (runs at the fixed seed). */
export const PROPERTIES: { name: string; ciRuns: number; check: (opts: PropertyRun) => Promise<void> }[] = [
  { name: 'no command throws, hangs or prints invalid JSON/SARIF; exit codes match findings', ciRuns: 40, check: (o) => fc.assert(noCrashProperty(), o) },
  { name: "explain's virtual host and route equal a reference lookup over proxy-config route -o json", ciRuns: 120, check: (o) => fc.assert(explainAgreesProperty(), o) },
  { name: 'shuffling documents and files changes no output', ciRuns: 40, check: (o) => fc.assert(orderIndependenceProperty(), o) },
];
