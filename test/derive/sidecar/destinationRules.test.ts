// Sidecar DestinationRules: workloadSelector matching and consistentHash → route hashPolicy.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Route } from '../../../src/derive/envoy.js';
import { deriveSidecarConfig } from '../../../src/derive/sidecar/index.js';
import type { ProxyConfig } from '../../../src/derive/proxyConfig.js';
import { loadSources } from '../../../src/app/load.js';

function derive(yaml: string, labels: Record<string, string> = {}): ProxyConfig {
  const { config: index } = loadSources([{ name: 'in.yaml', bytes: Buffer.from(yaml) }]);
  return deriveSidecarConfig(index, { kind: 'Pod', name: 'client', namespace: 'default', labels, mode: 'sidecar', assumed: false });
}

const FQDN = 'web.default.svc.cluster.local';
const SVC = `
apiVersion: v1
kind: Service
metadata: {name: web, namespace: default}
spec:
  clusterIP: 10.0.0.7
  ports: [{name: http, port: 80}, {name: http-alt, port: 8080}]
`;

const DRS = `${SVC}---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: all, namespace: default}
spec:
  host: web
  trafficPolicy:
    loadBalancer: {consistentHash: {httpHeaderName: x-user}}
    portLevelSettings:
    - port: {number: 8080}
      loadBalancer: {consistentHash: {useSourceIp: true}}
  subsets:
  - {name: v1, labels: {version: v1}}
  - name: v2
    labels: {version: v2}
    trafficPolicy: {loadBalancer: {consistentHash: {httpQueryParameterName: q}}}
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: canary-clients, namespace: default}
spec:
  host: web
  workloadSelector: {matchLabels: {track: canary}}
  subsets: [{name: canary, labels: {version: v3}}]
`;

const routeOf = (cfg: ProxyConfig, rc: string, vh: string): Route | undefined =>
  cfg.routeConfigs.find((r) => r.name === rc)?.virtualHosts.find((v) => v.name === vh)?.routes?.[0];

interface Case {
  name: string;
  yaml: string;
  labels?: Record<string, string>;
  check(cfg: ProxyConfig): void;
}

const CASES: Case[] = [
  {
    name: 'a proxy without the selector labels gets the rule without selector (its subsets)',
    yaml: DRS,
    check: (cfg) => {
      const names = cfg.clusters.map((c) => c.name).filter((n) => n.endsWith(FQDN));
      assert.ok(names.includes(`outbound|80|v1|${FQDN}`));
      assert.ok(!names.includes(`outbound|80|canary|${FQDN}`));
    },
  },
  {
    name: 'a proxy with the selector labels gets the selector rule only',
    yaml: DRS,
    labels: { track: 'canary' },
    check: (cfg) => {
      const names = cfg.clusters.map((c) => c.name).filter((n) => n.endsWith(FQDN));
      assert.ok(names.includes(`outbound|80|canary|${FQDN}`));
      assert.ok(!names.includes(`outbound|80|v1|${FQDN}`));
      assert.equal(routeOf(cfg, '80', `${FQDN}:80`)?.route?.hashPolicy, undefined, 'the selector rule has no consistentHash');
    },
  },
  {
    name: 'default routes carry the rule hash, a port-level setting overrides it',
    yaml: DRS,
    check: (cfg) => {
      assert.deepEqual(routeOf(cfg, '80', `${FQDN}:80`)?.route?.hashPolicy, [{ header: { headerName: 'x-user' } }]);
      assert.deepEqual(routeOf(cfg, '8080', `${FQDN}:8080`)?.route?.hashPolicy, [{ connectionProperties: { sourceIp: true } }]);
    },
  },
  {
    name: 'VirtualService destinations: subset policy beats the rule policy',
    yaml: `${DRS}---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: web, namespace: default}
spec:
  hosts: [web]
  http:
  - route: [{destination: {host: web, subset: v2, port: {number: 80}}}]
`,
    check: (cfg) => assert.deepEqual(routeOf(cfg, '80', `${FQDN}:80`)?.route?.hashPolicy, [{ queryParameter: { name: 'q' } }]),
  },
];

for (const c of CASES) test(`sidecar DestinationRule: ${c.name}`, () => c.check(derive(c.yaml, c.labels)));
