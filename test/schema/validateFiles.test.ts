// Validating on worker threads gives the same index as on the main thread: same findings in the
// same order, same resources, same positions.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SourceFile } from '../../src/load/parseDocuments.js';
import { indexFiles } from '../../src/model/indexFiles.js';
import { validateFile, validateFiles } from '../../src/schema/validateFiles.js';

const enc = new TextEncoder();
const file = (name: string, text: string): SourceFile => ({ name, bytes: enc.encode(text) });

function files(): SourceFile[] {
  const out: SourceFile[] = [];
  for (let i = 0; i < 40; i++) {
    out.push(
      file(
        `app-${i}.yaml`,
        `# app ${i}\napiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: vs-${i}\n  namespace: ns-${i % 3}\n  creationTimestamp: 2024-01-0${(i % 9) + 1}T00:00:00Z\n` +
          `spec:\n  hosts: [app-${i}.example.com]\n  gateways: [istio-system/gw]\n  http:\n  - route:\n    - destination: {host: app-${i}, subset: v${i % 2}}\n    bogus: ${i}\n` +
          `---\napiVersion: v1\nkind: Service\nmetadata: {name: app-${i}}\nspec:\n  ports: [{port: 80, name: http}]\n  selector: {app: app-${i}}\n`,
      ),
    );
  }
  out.push(file('broken.yaml', 'kind: [\n'));
  out.push(file('dup.yaml', 'apiVersion: v1\nkind: Service\nmetadata: {name: app-1}\nspec: {}\n'));
  out.push(file('list.json', '{"apiVersion": "v1", "kind": "List", "items": [{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "x"}}]}'));
  return out;
}

test('worker threads build the same index as the main thread', async () => {
  const input = files();
  const options = { defaultNamespace: 'default', domainSuffix: 'cluster.local' };
  const here = indexFiles(input.map((f) => validateFile(f, options.defaultNamespace)), options);
  const there = indexFiles(await validateFiles(input, options.defaultNamespace, { workers: 2, strict: true }), options);
  assert.ok(here.findings.length > 40, 'the fixture has findings to compare');
  assert.deepEqual(there.findings, here.findings);
  assert.deepEqual(there.index.all, here.index.all);
  assert.deepEqual(there.stats, here.stats);
  const located = (m: typeof here) => m.findings.map((f) => (f.at ? m.locate(f.at) : null));
  assert.deepEqual(located(there), located(here));
  // Timestamps stay text, as go-yaml v2 decodes them for the API server (load/kubeYaml.ts).
  assert.ok(there.index.ofKind('VirtualService').every((vs) => typeof vs.metadata.creationTimestamp === 'string'));
});

test('a resource keeps what the fast reader read, but never an object js-yaml shares through an alias', () => {
  type Spec = { http: { route: { destination: { host: string } }[] }[] };
  const specOf = (text: string): Spec => {
    const r = validateFile(file('vs.yaml', text), 'default').result.resources[0];
    assert.ok(r, text);
    return r.spec as Spec;
  };
  const vs = 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: vs\nspec:\n  hosts: [a]\n  http:\n';
  // js-yaml reads the alias (the fast reader hands it over): one object in two places of its value.
  const aliased = specOf(`${vs}  - route: &r\n    - destination: {host: a}\n  - route: *r\n`);
  assert.equal(aliased.http[0]?.route[0]?.destination.host, 'a');
  assert.notEqual(aliased.http[0]?.route, aliased.http[1]?.route, 'each route list its own, as zod copies them');
  const plain = specOf(`${vs}  - route:\n    - destination: {host: a}\n  - route:\n    - destination: {host: a}\n`);
  assert.notEqual(plain.http[0]?.route, plain.http[1]?.route);
  assert.deepEqual(plain, aliased);
});
