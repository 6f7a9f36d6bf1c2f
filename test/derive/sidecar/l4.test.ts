// Sidecar L4: VirtualService tcp/tls rules on outbound listeners, headless per-endpoint listeners from
// EndpointSlices, and the ALLOW_ANY_DYNAMIC_DNS catch-alls. Table-driven over YAML inputs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FilterChain, Listener } from '../../../src/derive/envoy.js';
import { deriveSidecarConfig, type SidecarOptions } from '../../../src/derive/sidecar/index.js';
import type { ProxyConfig } from '../../../src/derive/proxyConfig.js';
import { loadSources } from '../../../src/app/load.js';

function derive(yaml: string, opts: SidecarOptions & { labels?: Record<string, string>; ip?: string } = {}): ProxyConfig {
  const { config: index } = loadSources([{ name: 'in.yaml', bytes: Buffer.from(yaml) }]);
  const { labels, ip, ...options } = opts;
  return deriveSidecarConfig(
    index,
    { kind: 'Pod', name: 'client', namespace: 'default', labels: labels ?? {}, mode: 'sidecar', assumed: false, ...(ip ? { ip } : {}) },
    options,
  );
}

const listener = (cfg: ProxyConfig, name: string): Listener => {
  const l = cfg.listeners.find((x) => x.name === name);
  assert.ok(l, `listener ${name} missing; have ${cfg.listeners.map((x) => x.name).join(', ')}`);
  return l;
};

/** Every chain (default last) as [match, target]: a cluster, `w:` weighted clusters, or `rds:` a route name. */
function chains(l: Listener): [string, string][] {
  const all: FilterChain[] = [...l.filterChains, ...(l.defaultFilterChain ? [l.defaultFilterChain] : [])];
  return all.map((c) => {
    const f = c.filters[0];
    let target = '';
    if (f?.name === 'envoy.filters.network.tcp_proxy') {
      const t = f.typedConfig;
      target = t.cluster ?? `w:${(t.weightedClusters?.clusters ?? []).map((w) => `${w.name}=${w.weight}`).join(',')}`;
    } else if (f) target = `rds:${f.typedConfig.rds?.routeConfigName ?? ''}`;
    return [JSON.stringify(c.filterChainMatch ?? {}), target];
  });
}

const TCP_SVC = `
apiVersion: v1
kind: Service
metadata: {name: db, namespace: default}
spec:
  clusterIP: 10.0.0.9
  ports: [{name: tcp, port: 5000}]
`;

const TLS_SVC = `
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: ext, namespace: default}
spec:
  hosts: [a.example.com, b.example.com]
  location: MESH_EXTERNAL
  resolution: DNS
  ports: [{name: tls, number: 443, protocol: TLS}]
`;

const HEADLESS = `
apiVersion: v1
kind: Service
metadata: {name: hl, namespace: default}
spec:
  clusterIP: None
  ports: [{name: tcp, port: 7000}, {name: http, port: 8080}]
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: hl-abc
  namespace: default
  labels: {kubernetes.io/service-name: hl}
addressType: IPv4
endpoints:
- addresses: [10.1.0.1]
- addresses: [10.1.0.2]
ports: [{name: tcp, port: 7000}, {name: http, port: 8080}]
`;

interface Case {
  name: string;
  yaml: string;
  opts?: SidecarOptions & { labels?: Record<string, string>; ip?: string };
  check(cfg: ProxyConfig): void;
}

const CASES: Case[] = [
  {
    name: 'tcp rule with several destinations becomes weighted clusters',
    yaml: `${TCP_SVC}---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: db, namespace: default}
spec:
  hosts: [db]
  tcp:
  - route:
    - {destination: {host: db, subset: a}, weight: 80}
    - {destination: {host: db, subset: b}, weight: 20}
`,
    check: (cfg) => {
      assert.deepEqual(chains(listener(cfg, '10.0.0.9_5000')), [['{}', 'w:outbound|5000|a|db.default.svc.cluster.local=80,outbound|5000|b|db.default.svc.cluster.local=20']]);
      const t = listener(cfg, '10.0.0.9_5000').filterChains[0]?.filters[0];
      assert.equal(t?.typedConfig.statPrefix, 'db.default');
    },
  },
  {
    name: 'tcp rules are scanned past the first: subnet matches add chains, a match-any rule ends the scan',
    yaml: `${TCP_SVC}---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: db, namespace: default}
spec:
  hosts: [db]
  tcp:
  - match: [{destinationSubnets: [10.0.0.9/32]}]
    route: [{destination: {host: db, subset: a}}]
  - match: [{sourceLabels: {app: other}}]
    route: [{destination: {host: db, subset: never}}]
  - route: [{destination: {host: db, subset: rest}}]
`,
    check: (cfg) =>
      assert.deepEqual(chains(listener(cfg, '10.0.0.9_5000')), [
        ['{"prefixRanges":[{"addressPrefix":"10.0.0.9","prefixLen":32}]}', 'outbound|5000|a|db.default.svc.cluster.local'],
        ['{}', 'outbound|5000|rest|db.default.svc.cluster.local'],
      ]),
  },
  {
    name: 'tcp match on sourceLabels applies only to proxies that carry them',
    yaml: `${TCP_SVC}---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: db, namespace: default}
spec:
  hosts: [db]
  tcp:
  - match: [{sourceLabels: {app: client}, port: 5000}]
    route: [{destination: {host: db, subset: mine}}]
`,
    opts: { labels: { app: 'client' } },
    check: (cfg) => assert.deepEqual(chains(listener(cfg, '10.0.0.9_5000')), [['{}', 'outbound|5000|mine|db.default.svc.cluster.local']]),
  },
  {
    name: 'no matching tcp rule: the service cluster',
    yaml: `${TCP_SVC}---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: db, namespace: default}
spec:
  hosts: [db]
  tcp:
  - match: [{sourceLabels: {app: client}}]
    route: [{destination: {host: db, subset: mine}}]
`,
    check: (cfg) => assert.deepEqual(chains(listener(cfg, '10.0.0.9_5000')), [['{}', 'outbound|5000||db.default.svc.cluster.local']]),
  },
  {
    name: 'sidecar tls rules: one SNI chain per match, the other host keeps its own SNI chain',
    yaml: `${TLS_SVC}---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: ext, namespace: default}
spec:
  hosts: [a.example.com]
  tls:
  - match: [{port: 443, sniHosts: [a.example.com]}]
    route: [{destination: {host: b.example.com}}]
`,
    check: (cfg) =>
      assert.deepEqual(chains(listener(cfg, '0.0.0.0_443')), [
        ['{"serverNames":["a.example.com"]}', 'outbound|443||b.example.com'],
        ['{"serverNames":["b.example.com"]}', 'outbound|443||b.example.com'],
        ['{}', 'PassthroughCluster'],
      ]),
  },
  {
    name: 'headless service: one listener per endpoint for TCP ports, HTTP stays on 0.0.0.0; the proxy itself is skipped',
    yaml: HEADLESS,
    opts: { ip: '10.1.0.2' },
    check: (cfg) => {
      const names = cfg.listeners.map((l) => l.name);
      assert.ok(names.includes('10.1.0.1_7000'));
      assert.ok(!names.includes('10.1.0.2_7000'), 'the proxy\'s own endpoint gets no outbound listener');
      assert.ok(names.includes('0.0.0.0_8080'));
      assert.deepEqual(chains(listener(cfg, '10.1.0.1_7000')), [['{}', 'outbound|7000||hl.default.svc.cluster.local']]);
    },
  },
  {
    name: 'headless service with the filter-chain flag: /32 chains on the wildcard listener',
    yaml: HEADLESS,
    opts: { headlessFilterChainListener: true },
    check: (cfg) => {
      assert.ok(!cfg.listeners.some((l) => l.name.startsWith('10.1.0.')));
      assert.deepEqual(chains(listener(cfg, '0.0.0.0_7000')), [
        ['{"prefixRanges":[{"addressPrefix":"10.1.0.1","prefixLen":32}]}', 'outbound|7000||hl.default.svc.cluster.local'],
        ['{"prefixRanges":[{"addressPrefix":"10.1.0.2","prefixLen":32}]}', 'outbound|7000||hl.default.svc.cluster.local'],
        ['{}', 'PassthroughCluster'],
      ]);
    },
  },
  {
    name: 'headless service without EndpointSlices: no TCP listener',
    yaml: HEADLESS.split('---')[0] ?? '',
    check: (cfg) => assert.ok(!cfg.listeners.some((l) => l.name.endsWith('_7000'))),
  },
  {
    name: 'a ServiceEntry with several addresses: one service, so one listener, per address',
    yaml: `
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: multi, namespace: default}
spec:
  hosts: [multi.example.com]
  addresses: [192.168.0.1, 192.168.1.0/24, 192.168.2.2/32]
  location: MESH_EXTERNAL
  resolution: STATIC
  endpoints: [{address: 10.9.9.9}]
  ports: [{name: tcp, number: 9000, protocol: TCP}]
`,
    check: (cfg) => {
      assert.deepEqual(chains(listener(cfg, '192.168.0.1_9000')), [['{}', 'outbound|9000||multi.example.com']]);
      assert.deepEqual(chains(listener(cfg, '192.168.2.2_9000')), [['{}', 'outbound|9000||multi.example.com']]);
      assert.deepEqual(chains(listener(cfg, '0.0.0.0_9000')), [
        ['{"prefixRanges":[{"addressPrefix":"192.168.1.0","prefixLen":24}]}', 'outbound|9000||multi.example.com'],
        ['{}', 'PassthroughCluster'],
      ]);
      assert.equal(cfg.clusters.filter((c) => c.name === 'outbound|9000||multi.example.com').length, 1);
    },
  },
  {
    name: 'ALLOW_ANY_DYNAMIC_DNS: HTTP catch-all to the DFP cluster, other bytes pass through',
    yaml: TCP_SVC,
    opts: { meshOutboundMode: 'ALLOW_ANY_DYNAMIC_DNS' },
    check: (cfg) => {
      const vo = listener(cfg, 'virtualOutbound');
      assert.deepEqual(vo.filterChains.map((c) => c.name), ['virtualOutbound-blackhole', 'virtualOutbound-catchall-tcp-http', 'virtualOutbound-catchall-tcp']);
      assert.deepEqual(vo.listenerFilters, [{ name: 'envoy.filters.listener.http_inspector' }]);
      const hcm = vo.filterChains[1]?.filters[0];
      assert.equal(hcm?.name, 'envoy.filters.network.http_connection_manager');
      if (hcm?.name === 'envoy.filters.network.http_connection_manager') assert.equal(hcm.typedConfig.routeConfig?.virtualHosts[0]?.routes?.[0]?.route?.cluster, 'AllowAnyDynamicDNSCluster');
      const tcp = vo.filterChains[2]?.filters[0];
      assert.equal(tcp?.name === 'envoy.filters.network.tcp_proxy' ? tcp.typedConfig.cluster : undefined, 'PassthroughCluster');
      assert.ok(cfg.clusters.some((c) => c.name === 'AllowAnyDynamicDNSCluster'));
    },
  },
];

for (const c of CASES) test(`sidecar L4: ${c.name}`, () => c.check(derive(c.yaml, c.opts)));
