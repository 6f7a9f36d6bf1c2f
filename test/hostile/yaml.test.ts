// YAML read as Kubernetes reads it (sigs.k8s.io/yaml on go-yaml v2: YAML 1.1 scalars), with a
// warning where a YAML 1.2 tool reads a value differently; Lists, BOMs and duplicate JSON keys as
// kubectl sees them; no document dropped without a finding.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { kubernetesScalar, loadKubernetesYaml, yaml12Scalar } from '../../src/load/kubeYaml.js';
import { runCli } from '../helpers/runCli.js';

// Plain scalar -> what go-yaml v2 gives the API server, and whether a YAML 1.2 tool reads it otherwise.
const SCALARS: readonly [string, unknown, boolean][] = [
  ['010', 8, true],
  ['-010', -8, true],
  ['0777', 511, true],
  ['0o10', 8, false],
  ['0x1F', 31, false],
  ['0x_1F', 31, true],
  ['1_000', 1000, true],
  ['0b101', 5, true],
  ['08', 8, false],
  ['+12', 12, false],
  ['1e3', 1000, false],
  ['.5', 0.5, false],
  ['.inf', Number.POSITIVE_INFINITY, false],
  ['on', true, true],
  ['On', true, true],
  ['ON', true, true],
  ['yes', true, true],
  ['y', true, true],
  ['Y', true, true],
  ['off', false, true],
  ['no', false, true],
  ['n', false, true],
  ['true', true, false],
  ['False', false, false],
  ['~', null, false],
  ['null', null, false],
  ['2024-01-01', '2024-01-01', false],
  ['2024-01-01T10:00:00Z', '2024-01-01T10:00:00Z', false],
  ['1:20', '1:20', false],
  ['0x', '0x', false],
  ['onion', 'onion', false],
  ['yesterday', 'yesterday', false],
  ['v1.2', 'v1.2', false],
];

for (const [text, expected, warns] of SCALARS) {
  test(`plain scalar ${text}: ${String(expected)} to Kubernetes${warns ? ', read otherwise by YAML 1.2' : ''}`, () => {
    assert.deepEqual(kubernetesScalar(text), expected);
    assert.equal(!Object.is(kubernetesScalar(text), yaml12Scalar(text)) && !(Number.isNaN(kubernetesScalar(text)) && Number.isNaN(yaml12Scalar(text))), warns);
    const loaded = loadKubernetesYaml(`a: ${text}\nb: '${text}'\n`, { maxDepth: 50 });
    assert.deepEqual(loaded.value, { a: expected, b: text }, 'quoted values are always text');
    assert.equal(loaded.misreads.length, warns ? 1 : 0);
    if (warns) assert.equal(loaded.misreads[0]?.offset, 3);
  });
}

test('keys resolve as values do: `on:` is the key "true", as sigs.k8s.io/yaml converts it', () => {
  const loaded = loadKubernetesYaml('on: 1\n010: x\nname: on\n', { maxDepth: 50 });
  assert.deepEqual(loaded.value, { true: 1, 8: 'x', name: true });
  assert.deepEqual(loaded.misreads.map((m) => m.offset), [0, 6, 19]);
});

const svc = (port: string): string => `apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: default}\nspec:\n  selector: {app: web}\n  ports: [{name: http, port: ${port}}]\n`;

test('port: 010 is port 8 with a warning at the value; quoted it is a type error, as for the API server', async () => {
  const run = await runCli(['proxy-config', 'cluster', 'deploy/web.default', '-f', '-'], { stdin: `${svc('010')}---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: default}\nspec:\n  selector: {matchLabels: {app: web}}\n  template: {metadata: {labels: {app: web}}, spec: {containers: [{name: web, image: web}]}}\n` });
  assert.match(run.stdout, /web\.default\.svc\.cluster\.local\s+8\s/);
  const validate = await runCli(['validate', '-', '-o', 'json'], { stdin: svc('010') });
  const records = JSON.parse(validate.stdout) as { code: string; line: number; column: number; message: string }[];
  assert.deepEqual(
    records.map((r) => [r.code, r.line, r.column]),
    [['GW0013', 6, 30]],
  );
  assert.match(records[0]?.message ?? '', /010 is the number 8 to Kubernetes .* but the number 10 to YAML 1\.2 tools/);
  const quoted = JSON.parse((await runCli(['validate', '-', '-o', 'json'], { stdin: svc('"010"') })).stdout) as { code: string; message: string }[];
  assert.ok(quoted.some((r) => r.code === 'GW0007' && /must be a number/.test(r.message)), JSON.stringify(quoted));
});

test('hosts: [on] is a type error (the API server reads true), with the YAML 1.2 warning', async () => {
  const vs = 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: v, namespace: default}\nspec:\n  hosts: [on]\n  http: [{route: [{destination: {host: a}}]}]\n';
  const records = JSON.parse((await runCli(['validate', '-', '-o', 'json'], { stdin: vs })).stdout) as { code: string; message: string }[];
  assert.deepEqual(records.map((r) => r.code).sort(), ['GW0013', 'IST0106']);
  assert.ok(records.some((r) => /spec\.hosts\[0\] must be a string, not true/.test(r.message)));
});

test('date-like values stay strings: a Deployment labelled release-date: 2024-01-01 is kept', async () => {
  const dep = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: default, labels: {release-date: 2024-01-01}}\nspec:\n  selector: {matchLabels: {app: web}}\n  template: {metadata: {labels: {app: web, built: 2024-01-01T10:00:00Z}}, spec: {containers: [{name: web, image: web}]}}\n';
  const run = await runCli(['validate', '-'], { stdin: dep });
  assert.equal(run.code, 0, run.stdout);
  assert.match(run.stdout, /0 errors, 0 warnings \(1 resource in 1 file\)/);
});

test('nested Lists are flattened as kubectl does; items as a mapping, and empty items, are findings', async () => {
  const list = `apiVersion: v1
kind: List
items:
- ${JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'Service', metadata: { name: 'inner' }, spec: { ports: [{ port: 80 }] } }] })}
- {apiVersion: v1, kind: Service, metadata: {name: outer}, spec: {ports: [{port: 80}]}}
- null
- apiVersion: v1
  kind: ServiceList
  items:
    apiVersion: v1
    kind: Service
    metadata: {name: lost}
`;
  const run = await runCli(['validate', '-', '-o', 'json'], { stdin: list });
  const records = JSON.parse(run.stdout) as { code: string; line: number; message: string; path: string }[];
  assert.deepEqual(records.map((r) => [r.code, r.line]), [['GW0005', 6], ['GW0015', 9]]);
  assert.match(records[1]?.message ?? '', /items of this List is a mapping, not a list of objects/);
  const text = await runCli(['validate', '-'], { stdin: list });
  assert.match(text.stdout, /\(2 resources in 1 file\)/);
  assert.equal(text.code, 1);
});

test('a byte order mark at the start of a later document (cat a.yaml b.yaml) is stripped', async () => {
  const joined = `\ufeff${svc('80')}\ufeff---\n${svc('81').replace('name: web', 'name: api')}\ufeff${'apiVersion: v1\nkind: Namespace\nmetadata: {name: extra}\n'}`;
  const run = await runCli(['validate', '-'], { stdin: joined.replace('\ufeffapiVersion: v1\nkind: Namespace', '---\n\ufeffapiVersion: v1\nkind: Namespace') });
  assert.equal(run.code, 0, run.stdout);
  assert.match(run.stdout, /0 errors, 0 warnings \(3 resources in 1 file\)/);
});

test('duplicate keys in JSON are reported at the second one; the document is still read (last wins)', async () => {
  const json = '{\n  "apiVersion": "v1",\n  "kind": "Service",\n  "metadata": {"name": "a", "name": "b", "labels": {"x": "1", "x": "2"}},\n  "spec": {"ports": [{"port": 80}], "ports": [{"port": 81}]}\n}\n';
  const run = await runCli(['analyze', '-', '-o', 'json'], { stdin: json });
  const records = JSON.parse(run.stdout) as { code: string; line: number; column: number; message: string }[];
  const dup = records.find((r) => r.code === 'GW0014');
  assert.ok(dup, run.stdout);
  assert.deepEqual([dup.line, dup.column], [4, 29]);
  assert.match(dup.message, /key "name" appears twice in the same object \(and 2 more duplicate keys in this file\)/);
  assert.equal(run.code, 1);
  const clean = await runCli(['analyze', '-', '-o', 'json'], { stdin: '{"apiVersion": "v1", "kind": "Service", "metadata": {"name": "a", "annotations": {"k": "\\"x\\": 1, \\"x\\": 2"}}, "spec": {"ports": [{"port": 80}]}}' });
  assert.ok(!(JSON.parse(clean.stdout) as { code: string }[]).some((r) => r.code === 'GW0014'), 'keys inside strings are not keys');
});

test('values read differently are reported ten per document at most, the last counting the rest', async () => {
  const many = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n${Array.from({ length: 500 }, (_, i) => `  k${i}: on\n`).join('')}`;
  const records = JSON.parse((await runCli(['validate', '-', '-o', 'json'], { stdin: many })).stdout) as { code: string; message: string }[];
  const misreads = records.filter((r) => r.code === 'GW0013');
  assert.equal(misreads.length, 10);
  assert.match(misreads[9]?.message ?? '', /\(and 490 more such values in this document\)$/);
});
