// `gwctl diff` on manifests written by an attacker: nothing a terminal or CI log interprets comes out
// in any format, and in `-o markdown` (posted as a PR comment) nothing from the manifests becomes
// Markdown or HTML: no tag, no mention, no broken table or fence.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { hostileFolder } from '../hostile/fixtures.js';
import { runCli } from '../helpers/runCli.js';
import { assertTables } from './markdown.js';

const hostile = hostileFolder();
const root = mkdtempSync(path.join(tmpdir(), 'gwctl-diff-md-'));
after(() => {
  rmSync(path.dirname(hostile), { recursive: true, force: true });
  rmSync(root, { recursive: true, force: true });
});

const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

for (const output of ['text', 'markdown', 'json']) {
  test(`diff -o ${output}: hostile names and values come out escaped`, async () => {
    const run = await runCli(['diff', '--base', 'fixtures/httpbin', '--head', hostile, '-o', output, '--fail-on', 'any-change']);
    assert.equal(run.code, 1, run.stderr);
    for (const [stream, text] of [['stdout', run.stdout], ['stderr', run.stderr]] as const) {
      const bad = CONTROL.exec(text);
      assert.equal(bad, null, `${stream} holds U+${bad?.[0].charCodeAt(0).toString(16)} near ${JSON.stringify(text.slice(Math.max(0, (bad?.index ?? 0) - 40), (bad?.index ?? 0) + 10))}`);
      assert.deepEqual(text.split('\n').filter((l) => l.startsWith('::')), [], `${stream}: a line a CI log reads as a workflow command`);
    }
    if (output === 'json') assert.ok(run.stdout.includes('::error file=README.md,line=1::forged\\r\\u001b[2K'), 'JSON keeps the data');
    else assert.ok(run.stdout.includes('::error file=README.md'), 'the hostile text is shown, escaped');
  });
}

/** A markdown-breaking string in every place a route's match lets one through. */
const MD = '`` x``|</details><img src=x onerror=alert(1)> @octocat [a](http://evil) <!-- ';

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

/** The Markdown with code spans and fenced blocks taken out: what GitHub would interpret. */
function interpreted(md: string): string {
  let out = '';
  const lines = md.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const fence = /^(`{3,})/.exec(lines[i] ?? '');
    if (fence) {
      const close = fence[1] ?? '```';
      i++;
      while (i < lines.length && lines[i] !== close) i++;
      continue;
    }
    out += `${(lines[i] ?? '').replace(/(`+)(?!`)([\s\S]*?[^`])\1(?!`)/g, '')}\n`;
  }
  return out;
}

test('diff -o markdown: strings from the manifests stay inside code spans and blocks', async () => {
  const base = markdownMesh(path.join(root, 'base'), '/api', 'a', 'shop');
  const head = markdownMesh(path.join(root, 'head'), `/api${MD}`, `b${MD}`, 'other');
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
