// The API server's object-metadata rules (names, namespaces, labels): a name it rejects is an error
// at its field (GW0016), and the object is still read as written, its spec checked as usual.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { formatPath } from '../../src/diagnostics/path.js';
import { validateDocument } from '../../src/schema/validate.js';

const DOCS: Record<string, { apiVersion: string; spec?: unknown; data?: unknown }> = {
  VirtualService: { apiVersion: 'networking.istio.io/v1', spec: { hosts: ['a.example.com'], http: [{ route: [{ destination: { host: 'a' } }] }] } },
  Gateway: { apiVersion: 'networking.istio.io/v1', spec: { servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }] } },
  Service: { apiVersion: 'v1', spec: { ports: [{ port: 80, name: 'http' }] } },
  Namespace: { apiVersion: 'v1' },
  ConfigMap: { apiVersion: 'v1', data: { a: 'b' } },
};

type Row = [what: string, kind: keyof typeof DOCS & string, metadata: Record<string, unknown>, want: string[], extra?: Record<string, unknown>];

const long = (n: number) => 'a'.repeat(n);

const ROWS: Row[] = [
  ['a plain name', 'VirtualService', { name: 'reviews', namespace: 'bookinfo' }, []],
  ['a dotted name (a DNS subdomain)', 'VirtualService', { name: 'reviews.v2', namespace: 'bookinfo' }, []],
  ['upper case', 'VirtualService', { name: 'Reviews' }, ['GW0016 metadata.name']],
  ['an underscore', 'Gateway', { name: 'my_gw' }, ['GW0016 metadata.name']],
  ['a control character', 'Gateway', { name: 'gw\u001b[2K' }, ['GW0016 metadata.name']],
  ['".."', 'VirtualService', { name: '..' }, ['GW0016 metadata.name']],
  ['a slash', 'VirtualService', { name: 'a/b' }, ['GW0016 metadata.name']],
  ['253 characters', 'VirtualService', { name: `${long(63)}.${long(63)}.${long(63)}.${long(61)}` }, []],
  ['254 characters', 'VirtualService', { name: `${long(63)}.${long(63)}.${long(63)}.${long(62)}` }, ['GW0016 metadata.name']],
  ['a Service starting with a digit (DNS-1035)', 'Service', { name: '1st' }, ['GW0016 metadata.name']],
  ['a dotted Service', 'Service', { name: 'a.b' }, ['GW0016 metadata.name']],
  ['a Service of 63 characters', 'Service', { name: long(63) }, []],
  ['a Service of 64 characters', 'Service', { name: long(64) }, ['GW0016 metadata.name']],
  ['a Namespace starting with a digit (DNS-1123 label)', 'Namespace', { name: '1st' }, []],
  ['a dotted Namespace', 'Namespace', { name: 'a.b' }, ['GW0016 metadata.name']],
  ['a bad namespace', 'ConfigMap', { name: 'c', namespace: 'Prod' }, ['GW0016 metadata.namespace']],
  ['a namespace on a cluster-scoped kind is not read', 'Namespace', { name: 'n', namespace: 'Whatever' }, []],
  ['good labels', 'Service', { name: 's', labels: { 'app.kubernetes.io/name': 'x', version: 'V1_2.3', empty: '' } }, []],
  ['a label key with an upper-case prefix', 'Service', { name: 's', labels: { 'Example.com/a': 'x' } }, ['GW0016 metadata.labels["Example.com/a"]']],
  ['a label key "__proto__"', 'Service', { name: 's', labels: JSON.parse('{"__proto__":"x"}') as Record<string, string> }, ['GW0016 metadata.labels.__proto__']],
  ['a label value of 64 characters', 'Service', { name: 's', labels: { a: long(64) } }, ['GW0016 metadata.labels.a']],
  ['a label value with a space', 'Service', { name: 's', labels: { a: 'b c' } }, ['GW0016 metadata.labels.a']],
  ['spec problems are still reported', 'VirtualService', { name: 'Bad' }, ['GW0016 metadata.name', 'IST0106 spec.hosts[0]'], { spec: { hosts: ['-bad-'], http: [{ route: [{ destination: { host: 'a' } }] }] } }],
];

for (const [what, kind, metadata, want, extra] of ROWS) {
  test(`object metadata: ${kind}, ${what}`, () => {
    const value = { kind, ...DOCS[kind], metadata, ...extra };
    const v = validateDocument({ file: 't.yaml', doc: 0, base: [], value }, 'default');
    assert.deepEqual(v.findings.map((f) => `${f.code} ${formatPath(f.at?.path ?? [])}`).sort(), [...want].sort());
    assert.ok(v.resource, 'the object is read as written');
    assert.equal(v.resource.rejected, want.some((w) => w.startsWith('IST0106')), 'only webhook errors mark it rejected');
  });
}

test('a ConfigMap type error points at data, not spec.data', () => {
  const value = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { on: true } };
  const v = validateDocument({ file: 't.yaml', doc: 0, base: [], value }, 'default');
  assert.deepEqual(v.findings.map((f) => `${f.code} ${formatPath(f.at?.path ?? [])}`), ['GW0007 data.on']);
});
