// Sidecar derivation, table-driven over YAML inputs (spec §6, §10.5).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deriveSidecarConfig } from '../../../src/derive/sidecar/index.js';
import type { ProxyConfig } from '../../../src/derive/proxyConfig.js';
import { loadSources } from '../../../src/app/load.js';

function derive(yaml: string, namespace = 'default'): ProxyConfig {
  const { config: index } = loadSources([{ name: 'in.yaml', bytes: Buffer.from(yaml) }]);
  return deriveSidecarConfig(index, { kind: 'Pod', name: 'client', namespace, labels: {}, mode: 'sidecar', assumed: false });
}

const HTTPBIN = `
apiVersion: v1
kind: Service
metadata: {name: httpbin-service, namespace: default}
spec:
  clusterIP: 10.0.0.5
  ports: [{name: http, port: 8000}]
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: httpbin-destination-rule, namespace: default}
spec:
  host: httpbin-service
  subsets: [{name: v1, labels: {version: v1}}, {name: v2, labels: {version: v2}}]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: httpbin-virtual-service, namespace: default}
spec:
  hosts: [httpbin-service, httpbin.local]
  gateways: [httpbin-gateway, mesh]
  http:
  - retries: {attempts: 10}
    route:
    - destination: {host: httpbin-service, subset: v1}
      weight: 0
    - destination: {host: httpbin-service, subset: v2}
      weight: 100
`;

const FQDN = 'httpbin-service.default.svc.cluster.local';

interface Case {
  name: string;
  yaml: string;
  namespace?: string;
  check(cfg: ProxyConfig): void;
}

const cases: Case[] = [
  {
    name: '§10.5 httpbin: route config 8000, vhost domains, VS route, allow_any last',
    yaml: HTTPBIN,
    check(cfg) {
      const rc = cfg.routeConfigs.find((r) => r.name === '8000');
      assert.ok(rc, 'route config 8000');
      assert.deepEqual(rc.virtualHosts.map((v) => v.name), [`${FQDN}:8000`, 'httpbin.local:8000', 'allow_any']);
      assert.deepEqual(rc.virtualHosts[0]?.domains, [FQDN, `${FQDN}.`, 'httpbin-service', 'httpbin-service.default.svc', 'httpbin-service.default', '10.0.0.5']);
      assert.deepEqual(rc.virtualHosts[1]?.domains, ['httpbin.local']);
      const route = rc.virtualHosts[0]?.routes?.[0];
      assert.deepEqual(route?.route?.weightedClusters?.clusters.map((c) => c.name), [`outbound|8000|v2|${FQDN}`]);
      assert.equal(route?.route?.retryPolicy?.numRetries, 10);
      assert.equal(route?.decorator?.operation, 'httpbin-virtual-service:8000/*');
      assert.equal(route?.match.caseSensitive, undefined);
      assert.equal(rc.virtualHosts[2]?.routes?.[0]?.route?.cluster, 'PassthroughCluster');
      assert.ok(cfg.listeners.some((l) => l.name === '0.0.0.0_8000'));
      assert.deepEqual(
        cfg.clusters.map((c) => c.name).filter((n) => n.includes('httpbin')),
        [`outbound|8000||${FQDN}`, `outbound|8000|v1|${FQDN}`, `outbound|8000|v2|${FQDN}`],
      );
    },
  },
  {
    name: 'other namespace: short.ns forms, no bare short name; default route without VS',
    yaml: HTTPBIN.split('---')[0] ?? '',
    namespace: 'other',
    check(cfg) {
      const vh = cfg.routeConfigs.find((r) => r.name === '8000')?.virtualHosts[0];
      assert.deepEqual(vh?.domains, [FQDN, `${FQDN}.`, 'httpbin-service.default', 'httpbin-service.default.svc', '10.0.0.5']);
      assert.equal(vh?.routes?.[0]?.name, 'default');
      assert.equal(vh?.routes?.[0]?.route?.cluster, `outbound|8000||${FQDN}`);
    },
  },
  {
    name: 'REGISTRY_ONLY Sidecar: block_all 502; egress hosts hide other namespaces',
    yaml: `${HTTPBIN.split('---')[0] ?? ''}
---
apiVersion: v1
kind: Service
metadata: {name: far, namespace: elsewhere}
spec: {clusterIP: 10.0.0.9, ports: [{name: http, port: 8000}]}
---
apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: {name: default, namespace: default}
spec:
  egress: [{hosts: ["./*"]}]
  outboundTrafficPolicy: {mode: REGISTRY_ONLY}
`,
    check(cfg) {
      const rc = cfg.routeConfigs.find((r) => r.name === '8000');
      assert.deepEqual(rc?.virtualHosts.map((v) => v.name), [`${FQDN}:8000`, 'block_all']);
      assert.equal(rc?.virtualHosts[1]?.routes?.[0]?.directResponse?.status, 502);
    },
  },
  {
    name: 'auto-sniffed port: per-service listener and route config with domains ["*"]',
    yaml: `
apiVersion: v1
kind: Service
metadata: {name: web, namespace: default}
spec: {clusterIP: 10.0.0.7, ports: [{name: web, port: 9090}]}
`,
    check(cfg) {
      assert.ok(cfg.listeners.some((l) => l.name === '10.0.0.7_9090'));
      const rc = cfg.routeConfigs.find((r) => r.name === 'web.default.svc.cluster.local:9090');
      assert.deepEqual(rc?.virtualHosts.map((v) => [v.name, v.domains]), [['web.default.svc.cluster.local:9090', ['*']]]);
    },
  },
  {
    name: 'duplicate VS for one host: the oldest wins, the other is a miss',
    yaml: `${HTTPBIN.split('---')[0] ?? ''}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: b-second, namespace: default, creationTimestamp: "2024-01-02T00:00:00Z"}
spec:
  hosts: [httpbin-service]
  http: [{route: [{destination: {host: second.example.com}}]}]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: a-first, namespace: default, creationTimestamp: "2024-01-01T00:00:00Z"}
spec:
  hosts: [httpbin-service]
  http: [{route: [{destination: {host: first.example.com}}]}]
`,
    check(cfg) {
      const vh = cfg.routeConfigs.find((r) => r.name === '8000')?.virtualHosts[0];
      assert.equal(vh?.routes?.[0]?.route?.cluster, 'outbound|8000||first.example.com');
      assert.ok(cfg.misses.some((m) => m.virtualService.name === 'b-second' && m.reason.code === 'duplicate-host'));
    },
  },
  {
    name: 'all rules filtered by match.port: the default route stays',
    yaml: `${HTTPBIN.split('---')[0] ?? ''}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: only-9999, namespace: default}
spec:
  hosts: [httpbin-service]
  http: [{match: [{port: 9999}], route: [{destination: {host: x.example.com}}]}]
`,
    check(cfg) {
      const vh = cfg.routeConfigs.find((r) => r.name === '8000')?.virtualHosts[0];
      assert.equal(vh?.routes?.[0]?.name, 'default');
      assert.ok(cfg.misses.some((m) => m.virtualService.name === 'only-9999' && m.reason.code === 'rules-filtered'));
    },
  },
  {
    name: 'TCP port: tcp_proxy listener on the cluster IP',
    yaml: `
apiVersion: v1
kind: Service
metadata: {name: db, namespace: default}
spec: {clusterIP: 10.0.0.8, ports: [{name: tcp-db, port: 5432}]}
`,
    check(cfg) {
      const l = cfg.listeners.find((x) => x.name === '10.0.0.8_5432');
      const f = l?.filterChains[0]?.filters[0];
      assert.equal(f?.name, 'envoy.filters.network.tcp_proxy');
      assert.equal(f?.name === 'envoy.filters.network.tcp_proxy' ? f.typedConfig.cluster : '', 'outbound|5432||db.default.svc.cluster.local');
      assert.ok(!cfg.routeConfigs.some((r) => r.name === '5432'));
    },
  },
];

for (const c of cases) test(c.name, () => c.check(derive(c.yaml, c.namespace)));
