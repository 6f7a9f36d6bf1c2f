// `gwctl diff -o markdown` on manifests written by an attacker: nothing from the manifests becomes
// Markdown or HTML in the PR comment: no tag, no mention, no broken table or fence. (Every format of
// every command on hostile inputs, diff included: test/hostile/everyCommand.test.ts.)
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { MARKUP, markdownOutsideCode as interpreted } from '../hostile/fixtures.js';
import { runCli } from '../helpers/runCli.js';
import { assertTables } from './markdown.js';

const root = mkdtempSync(path.join(tmpdir(), 'gwctl-diff-md-'));
after(() => rmSync(root, { recursive: true, force: true }));

function markdownMesh(dir: string, prefix: string, value: string, backend: string): string {
  mkdirSync(dir, { recursive: true });
  const s = JSON.stringify;
  writeFileSync(
    path.join(dir, 'mesh.yaml'),
    `apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gw, namespace: default}
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["shop.example.com"]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: shop, namespace: default}
spec:
  hosts: ["shop.example.com"]
  gateways: [gw]
  http:
  - match:
    - uri: {prefix: ${s(prefix)}}
      headers:
        x-evil: {exact: ${s(value)}}
    route:
    - destination: {host: ${backend}}
  - route:
    - destination: {host: shop}
---
apiVersion: v1
kind: Service
metadata: {name: shop, namespace: default}
spec:
  selector: {app: shop}
  ports: [{name: http, port: 80}]
---
apiVersion: v1
kind: Service
metadata: {name: other, namespace: default}
spec:
  selector: {app: other}
  ports: [{name: http, port: 80}]
`,
  );
  return dir;
}

test('diff -o markdown: strings from the manifests stay inside code spans and blocks', async () => {
  const base = markdownMesh(path.join(root, 'base'), '/api', 'a', 'shop');
  const head = markdownMesh(path.join(root, 'head'), `/api${MARKUP}`, `b${MARKUP}`, 'other');
  const run = await runCli(['diff', '--base', base, '--head', head, '-o', 'markdown']);
  assert.ok(run.code === 0 || run.code === 1, run.stderr);
  assert.ok(run.stdout.includes('@octocat'), 'the hostile strings reach the comment');
  assert.ok(/^\| 🟡 changes \| .*@octocat/m.test(run.stdout), 'a table row holds the hostile request');
  assertTables(run.stdout);
  const free = interpreted(run.stdout);
  for (const bad of ['<img', '@octocat', '](http', '<!--']) assert.ok(!free.includes(bad), `${bad} outside code: ${free}`);
  assert.equal((free.match(/<details>/g) ?? []).length, (free.match(/<\/details>/g) ?? []).length, 'only gwctl opens and closes <details>');
});

test('interpreted() finds what is outside code (so the test above can fail)', () => {
  assert.ok(interpreted('a `x` <img>\n```\n<b>\n```\n').includes('<img>'));
  assert.ok(!interpreted('a `x` <img>\n```\n<b>\n```\n').includes('<b>'));
  assert.ok(!interpreted('`` a`<img> ``\n').includes('<img>'));
});
