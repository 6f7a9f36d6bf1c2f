// Peer suite: gwctl's Gateway API conversion against every in-scope case of Istio's own
// TestConvertResources (../shared/conformance/istio-gateway-api). A case passes when the converted
// Gateways and VirtualServices equal Istio's goldens (keys, annotations, specs after the README's
// normalisation) and the status conditions equal Istio's (as (object, locator, type, status, reason)
// sets). Objects the case lists as partly out of scope are dropped from both sides. The
// known-failures list (case → reason) may only shrink.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import { repoRoot } from '../helpers/paths.js';
import { analyzeCase, convertCase, convertedConditions, convertedObjects, goldenConditions, goldenObjects, istioType, loadCase, suiteRoot } from './gatewayApiPeer.js';
import type { Finding } from '../../src/diagnostics/finding.js';
import type { ConfigIndex } from '../../src/model/configIndex.js';
import type { ParentReference } from '../../src/schema/kinds/gatewayApi.js';

const knownFile = path.join(repoRoot, 'test', 'conformance', 'gateway-api.known-failures.json');
const knownFailures = JSON.parse(readFileSync(knownFile, 'utf8')) as Record<string, string>;

interface IndexJson {
  cases: { name: string; scope: 'in' | 'out' }[];
}

/** Problems with one case ('' = passed). */
export function runCase(name: string): string {
  const { model, caseJson } = loadCase(name);
  const dropOutput = new Set<string>();
  const dropStatus = new Set<string>();
  for (const p of caseJson.partlyOutOfScope || []) {
    for (const o of p.output) dropOutput.add(o);
    for (const s of p.status) dropStatus.add(s);
  }
  const problems: string[] = [];
  let converted;
  try {
    converted = convertCase(model);
  } catch (e) {
    return `conversion threw: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`;
  }
  const want = new Map(goldenObjects(name).filter((o) => !dropOutput.has(o.key)).map((o) => [o.key, o]));
  const got = new Map(convertedObjects(converted).filter((o) => !dropOutput.has(o.key)).map((o) => [o.key, o]));
  for (const k of want.keys()) if (!got.has(k)) problems.push(`missing ${k}`);
  for (const k of got.keys()) if (!want.has(k)) problems.push(`unexpected ${k}`);
  for (const [k, w] of want) {
    const g = got.get(k);
    if (!g) continue;
    if (!isDeepStrictEqual(w.annotations, g.annotations)) problems.push(`${k} annotations ${JSON.stringify(g.annotations)} != ${JSON.stringify(w.annotations)}`);
    if (!isDeepStrictEqual(w.spec, g.spec)) problems.push(`${k} spec\n  got  ${JSON.stringify(g.spec)}\n  want ${JSON.stringify(w.spec)}`);
  }
  const objectOf = (tuple: string): string => tuple.split(' ').slice(0, 2).join(' ');
  const keep = (t: string): boolean => istioType(t) && !dropStatus.has(objectOf(t));
  const wantConds = [...goldenConditions(name)].filter(keep);
  const gotConds = [...convertedConditions(converted)].filter(keep);
  const gotSet = new Set(gotConds);
  const wantSet = new Set(wantConds);
  for (const c of wantConds) if (!gotSet.has(c)) problems.push(`status missing: ${c}`);
  for (const c of gotConds) if (!wantSet.has(c)) problems.push(`status unexpected: ${c}`);
  problems.push(...findingProblems(wantConds, analyzeCase(model).filter((f) => !dropStatus.has(`${f.resource?.kind} ${f.resource?.namespace}/${f.resource?.name}`)), model.inputs));
  return problems.join('\n');
}

const NEGATIVE = /^(Accepted|ResolvedRefs|Programmed)=False$|^Conflicted=True$/;

/** The field a finding points at, relative to its object (the index of the parentRef or listener). */
function indexAfter(f: Finding, key: string): number | undefined {
  const path = f.at?.path ?? [];
  const i = path.indexOf(key);
  const v = i >= 0 ? path[i + 1] : undefined;
  return typeof v === 'number' ? v : undefined;
}

/**
 * Every negative condition Istio writes surfaces as a finding of `gwctl analyze` on that object (a
 * route parent's Accepted at that parentRef, a listener's at that listener), and every finding that
 * carries conditions names only conditions Istio writes.
 */
function findingProblems(conditions: readonly string[], findings: readonly Finding[], index: ConfigIndex): string[] {
  const problems: string[] = [];
  const carried = (f: Finding): string[] => ('conditions' in f.args && Array.isArray(f.args.conditions) ? f.args.conditions : []);
  const objectOf = (f: Finding): string => `${f.resource?.kind} ${f.resource?.namespace}/${f.resource?.name}`;
  const negatives = conditions.filter((t) => NEGATIVE.test(t.split(' ').at(-2) ?? ''));
  for (const t of negatives) {
    const parts = t.split(' ');
    const object = `${parts[0]} ${parts[1]}`;
    const locator = parts[2] ?? '';
    const cond = `${parts[3]} ${parts[4]}`;
    const candidates = findings.filter((f) => objectOf(f) === object && carried(f).includes(cond));
    let ok: boolean;
    if (locator.startsWith('listener:')) {
      const name = locator.slice('listener:'.length);
      ok = candidates.some((f) => 'listener' in f.args && f.args.listener === name);
    } else if (locator.startsWith('parent:') && cond.startsWith('Accepted=')) {
      const route = index.all.find((r) => `${r.kind} ${r.namespace}/${r.name}` === object);
      const refs: readonly ParentReference[] =
        route?.kind === 'HTTPRoute' || route?.kind === 'GRPCRoute' || route?.kind === 'TCPRoute' || route?.kind === 'TLSRoute' ? (route.spec.parentRefs ?? []) : [];
      const key = locator.split(':').slice(2).join(':');
      const wanted = refs.flatMap((p, i) => {
        const k = `${p.group ?? 'gateway.networking.k8s.io'}/${p.kind ?? 'Gateway'}/${p.namespace ?? parts[1]?.split('/')[0]}/${p.name}/${p.sectionName ?? ''}/${p.port ?? ''}`;
        return k === key ? [i] : [];
      });
      ok = candidates.some((f) => wanted.includes(indexAfter(f, 'parentRefs') ?? -1));
    } else {
      ok = candidates.length > 0;
    }
    if (!ok) problems.push(`no finding for ${t}`);
  }
  for (const f of findings) {
    for (const c of carried(f)) {
      // istiod keeps one ResolvedRefs error per route (the last); gwctl reports every backend, so only the type must match there.
      const same = c.startsWith('ResolvedRefs=') ? (t: string): boolean => (t.split(' ').at(-2) ?? '') === c.split(' ')[0] : (t: string): boolean => t.endsWith(` ${c}`);
      if (!negatives.some((t) => t.startsWith(`${objectOf(f)} `) && same(t))) problems.push(`finding ${f.code} on ${objectOf(f)} names ${c}, which Istio does not write`);
    }
  }
  return problems;
}

test('Istio Gateway API conversion peer suite', () => {
  const index = JSON.parse(readFileSync(path.join(suiteRoot, 'index.json'), 'utf8')) as IndexJson;
  let passed = 0;
  let failed = 0;
  const unexpected: string[] = [];
  const fixed: string[] = [];
  const seen = new Set<string>();
  for (const c of index.cases) {
    if (c.scope !== 'in') continue;
    seen.add(c.name);
    const problem = runCase(c.name);
    if (problem === '') passed++;
    else failed++;
    const listed = knownFailures[c.name];
    if (problem !== '' && listed === undefined) unexpected.push(`${c.name}:\n${problem}`);
    if (problem === '' && listed !== undefined) fixed.push(c.name);
  }
  const stale = Object.keys(knownFailures).filter((k) => !seen.has(k));
  console.log(`istio gateway-api conversion: ${passed} passed, ${failed} failed`);
  assert.deepEqual(unexpected, [], 'new failures (fix them, or list them with a reason)');
  assert.deepEqual(fixed, [], 'listed as known failures but now pass: remove them from gateway-api.known-failures.json');
  assert.deepEqual(stale, [], 'known failures that name no in-scope case');
});
