// Where gwctl deliberately differs from istioctl so that analysis stays linear (README, "analyze"):
// - IST0140 on resolved FQDNs instead of raw host strings across namespaces: each gateway route
//   names the subset router of its own namespace's Service. The peer case
//   (`route-rule-no-effect-on-ingress`, one namespace) gives the same finding either way.
// - IST0145 compares each Gateway's own hosts, not hosts istioctl's check copies into other
//   Gateways' maps while it runs.
// - IST0131 for nested prefix matches: one finding per covered match (naming the earliest that covers
//   it and how many more), not one per covering pair.
// The istio-analyze peer suite (test/analysis/peer-suite.test.ts) passes unchanged with both.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { readFileSync } from 'node:fs';
import { CLI_SETTINGS } from '../../src/analysis/context.js';
import { runAnalyzers } from '../../src/analysis/run.js';
import { loadSources } from '../../src/app/load.js';
import { messageOf as render, renderer } from '../../src/report/render.js';
import { repoRoot } from '../helpers/paths.js';
import { loadCase, runCase, expectedPairs } from './peerSuite.js';

const run = (analyzer: string, text: string): { resource?: { name: string; namespace: string }; message: string; code: string }[] => {
  const ws = loadSources([{ name: 'f.yaml', bytes: Buffer.from(text) }]);
  const r = renderer(ws.locate);
  return runAnalyzers(ws, { select: [analyzer], settings: CLI_SETTINGS }).findings.map((f) => ({ ...(f.resource ? { resource: f.resource } : {}), code: f.code, message: render(f, r) }));
};

const FIXTURE = path.join(repoRoot, 'fixtures', 'analyzers', 'virtualservice', 'destination-not-found', 'ist0140-namespaces.yaml');

test('IST0140 names the subset router of the namespace the route resolves to, once', () => {
  const ist0140 = run('virtualservice/destination-not-found', readFileSync(FIXTURE, 'utf8')).filter((f) => f.code === 'IST0140').map((f) => `${f.resource?.namespace}/${f.resource?.name}: ${f.message}`);
  assert.deepEqual(ist0140, [
    'a/edge: Subset in virtual service a/ratings has no effect on ingress gateway a/edge requests',
    'c/cross: Subset in virtual service b/ratings has no effect on ingress gateway c/cross requests',
  ]);
});

test('IST0140 peer case (one namespace) passes as in istioctl', () => {
  const c = loadCase('route-rule-no-effect-on-ingress');
  assert.deepEqual(runCase(c).actual, expectedPairs(c));
  assert.deepEqual(expectedPairs(c), ['IST0140 VirtualService default/testing-service-01-test-01']);
});

const gateway = (name: string, host: string): string => `apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: ${name}, namespace: default}
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["${host}"]
`;

test('IST0145 names only the Gateways whose own servers overlap', () => {
  // In this order istioctl copies x's host a.example.com into y's map while checking x against y,
  // then reports z as conflicting with y too, although y only declares b.example.com.
  const text = [gateway('x', 'a.example.com'), gateway('y', 'b.example.com'), gateway('z', 'a.example.com')].join('---\n');
  const found = run('gateway/conflicting-servers', text).map((f) => `${f.resource?.name}: ${f.message}`);
  assert.deepEqual(found, [
    'x: Conflict with gateways default/z (workload selector istio=ingressgateway, port 80, hosts [a.example.com]).',
    'z: Conflict with gateways default/x (workload selector istio=ingressgateway, port 80, hosts [a.example.com]).',
  ]);
});

test('IST0131 names each covered prefix match once, with the earliest match that covers it', () => {
  const rules = ['/a', '/a/b', '/a/b/c', '/a/b/c/d'].map((p) => `  - match: [{uri: {prefix: ${p}}}]\n    route: [{destination: {host: r}}]`).join('\n');
  const text = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: nested, namespace: default}
spec:
  hosts: [r]
  http:
${rules}
`;
  const found = run('virtualservice/unreachable-rule', text).map((f) => f.message);
  assert.equal(found.length, 3, found.join('\n'));
  assert.match(found[0] ?? '', /#0 of prefix \/a\/b.*#0 of prefix \/a on #0/);
  assert.match(found[2] ?? '', /prefix \/a\/b\/c\/d.*prefix \/a on #0 \(and 2 more earlier matches\)/);
});
