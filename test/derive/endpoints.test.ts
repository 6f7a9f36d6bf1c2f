// clusterEndpoints finds a cluster's ServiceEntry, a selector-less Service's EndpointSlices and the
// namespaces holding WorkloadEntries through indexes built once per config index: the answers are
// those of a scan of every object, and asking for many clusters reads each kind once (issue 16).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadSources } from '../../src/app/load.js';
import { clusterEndpoints } from '../../src/derive/endpoints.js';
import type { ClusterInfo } from '../../src/derive/proxyConfig.js';
import type { ConfigIndex } from '../../src/model/configIndex.js';

const proxy = { namespace: 'default', labels: {} };

function indexOf(yaml: string): ConfigIndex {
  return loadSources([{ name: 'm.yaml', bytes: new TextEncoder().encode(yaml) }]).config;
}

function info(hostname: string, name: string, namespace: string, registry: 'Kubernetes' | 'External', port: number): ClusterInfo {
  return {
    name: `outbound|${port}||${hostname}`,
    host: hostname,
    port,
    subset: '',
    protocol: 'HTTP',
    service: { hostname, name, namespace, registry, meshExternal: registry === 'External', assumed: false },
    tls: { tls: null, ignored: null },
    type: 'EDS',
  };
}

const serviceEntry = (name: string, ns: string, hosts: string[], address: string): string => `apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: ${name}, namespace: ${ns}}
spec:
  hosts: [${hosts.join(', ')}]
  ports: [{number: 80, name: http, protocol: HTTP}]
  resolution: STATIC
  endpoints: [{address: ${address}}]
`;

const slice = (name: string, ns: string, service: string, address: string): string => `apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: ${name}, namespace: ${ns}, labels: {kubernetes.io/service-name: ${service}}}
addressType: IPv4
ports: [{name: http, port: 8080}]
endpoints: [{addresses: [${address}]}]
`;

const cases: { name: string; yaml: string; cluster: ClusterInfo; addresses: string[] | 'unknown' }[] = [
  {
    name: 'the first ServiceEntry of the namespace listing the host, in input order',
    yaml: [serviceEntry('other-ns', 'elsewhere', ['api.example.com'], '10.0.0.9'), serviceEntry('first', 'ext', ['x.example.com', 'api.example.com'], '10.0.0.1'), serviceEntry('second', 'ext', ['api.example.com'], '10.0.0.2')].join('---\n'),
    cluster: info('api.example.com', 'api.example.com', 'ext', 'External', 80),
    addresses: ['10.0.0.1:80'],
  },
  {
    name: 'no ServiceEntry of that namespace lists the host: unknown',
    yaml: serviceEntry('other-ns', 'elsewhere', ['api.example.com'], '10.0.0.9'),
    cluster: info('api.example.com', 'api.example.com', 'ext', 'External', 80),
    addresses: 'unknown',
  },
  {
    name: "a selector-less Service's slices: its namespace and its name only",
    yaml: [
      'apiVersion: v1\nkind: Service\nmetadata: {name: db, namespace: data}\nspec: {ports: [{name: http, port: 80}]}\n',
      slice('db-a', 'data', 'db', '10.1.0.1'),
      slice('db-b', 'data', 'db', '10.1.0.2'),
      slice('db-other-ns', 'other', 'db', '10.1.0.3'),
      slice('cache', 'data', 'cache', '10.1.0.4'),
    ].join('---\n'),
    cluster: info('db.data.svc.cluster.local', 'db', 'data', 'Kubernetes', 80),
    addresses: ['10.1.0.1:8080', '10.1.0.2:8080'],
  },
  {
    name: 'a selector-less Service without slices in the inputs: unknown',
    yaml: ['apiVersion: v1\nkind: Service\nmetadata: {name: db, namespace: data}\nspec: {ports: [{name: http, port: 80}]}\n', slice('db-other-ns', 'other', 'db', '10.1.0.3')].join('---\n'),
    cluster: info('db.data.svc.cluster.local', 'db', 'data', 'Kubernetes', 80),
    addresses: 'unknown',
  },
  {
    name: 'a workloadSelector ServiceEntry in a namespace with no workload and no WorkloadEntry: unknown',
    yaml: [
      'apiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata: {name: vm, namespace: vms}\nspec:\n  hosts: [vm.example.com]\n  ports: [{number: 80, name: http, protocol: HTTP}]\n  resolution: STATIC\n  workloadSelector: {labels: {app: vm}}\n',
      'apiVersion: networking.istio.io/v1\nkind: WorkloadEntry\nmetadata: {name: elsewhere, namespace: other}\nspec: {address: 10.2.0.1, labels: {app: vm}}\n',
    ].join('---\n'),
    cluster: info('vm.example.com', 'vm.example.com', 'vms', 'External', 80),
    addresses: 'unknown',
  },
  {
    name: 'a workloadSelector ServiceEntry with a WorkloadEntry in its namespace',
    yaml: [
      'apiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata: {name: vm, namespace: vms}\nspec:\n  hosts: [vm.example.com]\n  ports: [{number: 80, name: http, protocol: HTTP}]\n  resolution: STATIC\n  workloadSelector: {labels: {app: vm}}\n',
      'apiVersion: networking.istio.io/v1\nkind: WorkloadEntry\nmetadata: {name: one, namespace: vms}\nspec: {address: 10.2.0.1, labels: {app: vm}}\n',
    ].join('---\n'),
    cluster: info('vm.example.com', 'vm.example.com', 'vms', 'External', 80),
    addresses: ['10.2.0.1:80'],
  },
];

for (const c of cases) {
  test(`clusterEndpoints: ${c.name}`, () => {
    const got = clusterEndpoints(indexOf(c.yaml), c.cluster, proxy);
    if (c.addresses === 'unknown') assert.equal(got.state, 'unknown', JSON.stringify(got));
    else {
      assert.equal(got.state, 'known', JSON.stringify(got));
      assert.deepEqual(got.state === 'known' ? got.endpoints.map((e) => e.address) : [], c.addresses);
    }
  });
}

test('clusterEndpoints: many clusters read each kind of the index once, not once per cluster', () => {
  const n = 200;
  const docs: string[] = [];
  for (let i = 0; i < n; i++) {
    docs.push(serviceEntry(`se-${i}`, 'ext', [`h${i}.example.com`], `10.3.${i >> 8}.${i & 255}`));
    docs.push(`apiVersion: v1\nkind: Service\nmetadata: {name: s${i}, namespace: data}\nspec: {ports: [{name: http, port: 80}]}\n`);
    docs.push(slice(`s${i}-a`, 'data', `s${i}`, `10.4.${i >> 8}.${i & 255}`));
  }
  const index = indexOf(docs.join('---\n'));
  const reads = new Map<string, number>();
  const counted: ConfigIndex = {
    options: index.options,
    all: index.all,
    get: (kind, namespace, name) => index.get(kind, namespace, name),
    namespaces: () => index.namespaces(),
    ofKind: (kind) => {
      reads.set(kind, (reads.get(kind) ?? 0) + 1);
      return index.ofKind(kind);
    },
  };
  for (let i = 0; i < n; i++) {
    const se = clusterEndpoints(counted, info(`h${i}.example.com`, `h${i}.example.com`, 'ext', 'External', 80), proxy);
    assert.deepEqual(se.state === 'known' ? se.endpoints.map((e) => e.address) : se, [`10.3.${i >> 8}.${i & 255}:80`]);
    const svc = clusterEndpoints(counted, info(`s${i}.data.svc.cluster.local`, `s${i}`, 'data', 'Kubernetes', 80), proxy);
    assert.deepEqual(svc.state === 'known' ? svc.endpoints.map((e) => e.address) : svc, [`10.4.${i >> 8}.${i & 255}:8080`]);
  }
  assert.equal(reads.get('ServiceEntry'), 1);
  assert.equal(reads.get('EndpointSlice'), 1);
});
