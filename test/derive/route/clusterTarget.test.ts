// clusterTarget remembers, per context, lookup namespace, host and subset, what a destination without
// a port resolves to: the same answers as looking everything up again, for every context, namespace,
// host, subset and port, and each service looked up once per context and namespace.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clusterTarget, UNKNOWN_SERVICE_CLUSTER } from '../../../src/derive/route/cluster.js';
import type { RouteBuildContext } from '../../../src/derive/route/context.js';
import type { Destination } from '../../../src/schema/kinds/virtualService.js';
import type { ConfigIndex } from '../../../src/model/configIndex.js';

/** A context whose lookups answer per (namespace, host) from tables, counting the calls. */
function fakeContext(port: number, ports: Record<string, number[]>, external: Record<string, string> = {}) {
  const calls = new Map<string, number>();
  const count = (k: string): void => void calls.set(k, (calls.get(k) ?? 0) + 1);
  const ctx: RouteBuildContext = {
    index: {} as ConfigIndex,
    port,
    gatewayName: 'web/gw',
    proxy: { namespace: 'istio-system', labels: {} },
    domainSuffix: 'cluster.local',
    lookupServicePorts: (host, ns) => {
      count(`ports ${ns}/${host}`);
      return ports[`${ns}/${host}`];
    },
    lookupExternalName: (host, ns) => {
      count(`external ${ns}/${host}`);
      return external[`${ns}/${host}`];
    },
  };
  return { ctx, calls };
}

const H1 = 'a.web.svc.cluster.local';
const H2 = 'b.web.svc.cluster.local';
const H3 = 'c.web.svc.cluster.local';

test('cluster targets: the same answers as fresh lookups, per context, namespace, host, subset and port', () => {
  const tables = {
    ports: { [`web/${H1}`]: [8080], [`web/${H2}`]: [1, 2], [`other/${H1}`]: [9090], [`web/${H3}`]: [7] },
    external: { [`web/${H3}`]: 'c.example.net' },
  };
  const gw80 = fakeContext(80, tables.ports, tables.external);
  const gw81 = fakeContext(81, tables.ports, tables.external);
  const cases: [string, ReturnType<typeof fakeContext>, string, Destination, string | { name: string; host: string; port: number }][] = [
    ['the only port of the service', gw80, 'web', { host: H1 }, { name: `outbound|8080||${H1}`, host: H1, port: 8080 }],
    ['again: the same', gw80, 'web', { host: H1 }, { name: `outbound|8080||${H1}`, host: H1, port: 8080 }],
    ['another subset of it', gw80, 'web', { host: H1, subset: 'v1' }, { name: `outbound|8080|v1|${H1}`, host: H1, port: 8080 }],
    ['looked up from another namespace', gw80, 'other', { host: H1 }, { name: `outbound|9090||${H1}`, host: H1, port: 9090 }],
    ['a service of two ports: the port being built', gw80, 'web', { host: H2 }, { name: `outbound|80||${H2}`, host: H2, port: 80 }],
    ['the same on another context: its own port', gw81, 'web', { host: H2 }, { name: `outbound|81||${H2}`, host: H2, port: 81 }],
    ['a port given wins', gw80, 'web', { host: H1, port: { number: 9 } }, { name: `outbound|9||${H1}`, host: H1, port: 9 }],
    ['an empty port means 0', gw80, 'web', { host: H1, port: {} }, { name: `outbound|0||${H1}`, host: H1, port: 0 }],
    ['then without a port again', gw80, 'web', { host: H1, subset: 'v1' }, { name: `outbound|8080|v1|${H1}`, host: H1, port: 8080 }],
    ['an external name', gw80, 'web', { host: H3 }, { name: 'outbound|7||c.example.net', host: 'c.example.net', port: 7 }],
    ['no service: the port being built', gw81, 'web', { host: 'x.web.svc.cluster.local' }, { name: 'outbound|81||x.web.svc.cluster.local', host: 'x.web.svc.cluster.local', port: 81 }],
    ['a subset with a bar: the name alone', gw80, 'web', { host: H1, subset: 'a|b' }, `outbound|8080|a|b|${H1}`],
    ['no host', gw80, 'web', { host: '' }, UNKNOWN_SERVICE_CLUSTER],
  ];
  for (const [name, { ctx }, ns, dest, want] of cases) assert.deepEqual(clusterTarget(dest, ctx, ns), want, name);
  // Each (namespace, host)'s service ports looked up once per context, whatever the subsets and however often.
  for (const [label, { calls }] of [['gw80', gw80], ['gw81', gw81]] as const) {
    for (const [k, n] of calls) if (k.startsWith('ports ')) assert.equal(n, 1, `${label} ${k}`);
  }
  assert.equal(gw80.calls.get(`ports web/${H1}`), 1);
  assert.equal(clusterTarget({ host: H1, subset: 'v1' }, gw80.ctx, 'web'), clusterTarget({ host: H1, subset: 'v1' }, gw80.ctx, 'web'), 'one object per host and subset');
  assert.equal(clusterTarget({ host: H1 }, gw80.ctx, 'web'), clusterTarget({ host: H1 }, gw80.ctx, 'web'), 'one object per host without subset');
  assert.notEqual(clusterTarget({ host: H1 }, gw80.ctx, 'web'), clusterTarget({ host: H1 }, gw80.ctx, 'other'), 'one per lookup namespace');
});
