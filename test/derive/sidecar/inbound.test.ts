// The sidecar's inbound side: virtualInbound chains per workload port and mTLS mode, named target
// ports, Sidecar ingress listeners (bind, captureMode NONE, defaultEndpoint), inbound clusters.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadSources } from '../../../src/app/load.js';
import type { Cluster, Listener } from '../../../src/derive/envoy.js';
import { deriveSidecarConfig } from '../../../src/derive/sidecar/index.js';
import { describeChainMatch, describeFilters } from '../../../src/report/views/listenerTable.js';

interface Derived {
  listeners: Listener[];
  clusters: Cluster[];
}

function derive(yaml: string, meshConfig?: unknown): Derived {
  const { config } = loadSources([{ name: 'in.yaml', bytes: Buffer.from(yaml) }], meshConfig === undefined ? {} : { meshConfig });
  const pc = deriveSidecarConfig(config, { kind: 'Deployment', name: 'web', namespace: 'shop', labels: { app: 'web' }, mode: 'sidecar', assumed: false });
  return { listeners: pc.listeners, clusters: pc.clusters };
}

const WORKLOAD = `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: web, ports: [{name: http-web, containerPort: 8080}, {containerPort: 9000}]}]
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: http-web}, {name: tcp-db, port: 9000}, {name: other, port: 7070, targetPort: 7070}]
`;

const pa = (mode: string, extra = ''): string => `---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: default, namespace: shop}
spec:
  mtls: {mode: ${mode}}
${extra}`;

/** The virtualInbound rows as `port match → destination`, chains in order. */
function rows(d: Derived): string[] {
  const vi = d.listeners.find((l) => l.name === 'virtualInbound');
  assert.ok(vi, 'virtualInbound listener');
  return vi.filterChains.map((c) => `${c.name ?? ''} | ${describeChainMatch(c.filterChainMatch)} | ${describeFilters(c.filters)}${c.transportSocket ? ' | mTLS' : ''}`);
}

const CASES: { name: string; yaml: string; want: string[] }[] = [
  {
    name: 'PERMISSIVE (no policy): passthrough chains, then per workload port by protocol; named targetPort resolved',
    yaml: WORKLOAD,
    want: [
      'virtualInbound-blackhole | Addr: *:15006 | Non-HTTP/Non-TCP',
      'virtualInbound-catchall-http | Trans: tls; App: istio-http/1.0,istio-http/1.1,istio-h2 | InboundPassthroughCluster | mTLS',
      'virtualInbound-catchall-http | Trans: raw_buffer; App: http/1.1,h2c | InboundPassthroughCluster',
      'virtualInbound | Trans: tls; App: TCP TLS | InboundPassthroughCluster | mTLS',
      'virtualInbound | Trans: raw_buffer | InboundPassthroughCluster',
      'virtualInbound | Trans: tls | InboundPassthroughCluster',
      '0.0.0.0_7070 | Trans: tls; App: istio-http/1.0,istio-http/1.1,istio-h2; Addr: *:7070 | Cluster: inbound|7070|| | mTLS',
      '0.0.0.0_7070 | Trans: raw_buffer; App: http/1.1,h2c; Addr: *:7070 | Cluster: inbound|7070||',
      '0.0.0.0_7070 | Trans: tls; App: TCP TLS; Addr: *:7070 | Cluster: inbound|7070|| | mTLS',
      '0.0.0.0_7070 | Trans: raw_buffer; Addr: *:7070 | Cluster: inbound|7070||',
      '0.0.0.0_7070 | Trans: tls; Addr: *:7070 | Cluster: inbound|7070||',
      '0.0.0.0_8080 | Trans: tls; App: istio,istio-peer-exchange,istio-http/1.0,istio-http/1.1,istio-h2; Addr: *:8080 | Cluster: inbound|8080|| | mTLS',
      '0.0.0.0_8080 | Trans: raw_buffer; Addr: *:8080 | Cluster: inbound|8080||',
      '0.0.0.0_9000 | Trans: tls; App: istio,istio-peer-exchange,istio-http/1.0,istio-http/1.1,istio-h2; Addr: *:9000 | Cluster: inbound|9000|| | mTLS',
      '0.0.0.0_9000 | Trans: tls; Addr: *:9000 | Cluster: inbound|9000||',
      '0.0.0.0_9000 | Trans: raw_buffer; Addr: *:9000 | Cluster: inbound|9000||',
    ],
  },
  {
    name: 'STRICT namespace policy with a DISABLE port: mTLS only, except that port; an undeclared port-level port gets its own passthrough chains',
    yaml: `${WORKLOAD}${pa('STRICT')}---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  portLevelMtls: {"9000": {mode: DISABLE}, "5555": {mode: DISABLE}}
`,
    want: [
      'virtualInbound-blackhole | Addr: *:15006 | Non-HTTP/Non-TCP',
      'virtualInbound-catchall-http | Trans: tls; App: istio-http/1.0,istio-http/1.1,istio-h2 | InboundPassthroughCluster | mTLS',
      'virtualInbound | Trans: tls | InboundPassthroughCluster | mTLS',
      'virtualInbound-catchall-http | Trans: raw_buffer; App: http/1.1,h2c; Addr: *:5555 | InboundPassthroughCluster',
      'virtualInbound | Trans: raw_buffer; Addr: *:5555 | InboundPassthroughCluster',
      '0.0.0.0_7070 | Trans: tls; App: istio-http/1.0,istio-http/1.1,istio-h2; Addr: *:7070 | Cluster: inbound|7070|| | mTLS',
      '0.0.0.0_7070 | Trans: tls; Addr: *:7070 | Cluster: inbound|7070|| | mTLS',
      '0.0.0.0_8080 | Trans: tls; Addr: *:8080 | Cluster: inbound|8080|| | mTLS',
      '0.0.0.0_9000 | Trans: raw_buffer; Addr: *:9000 | Cluster: inbound|9000||',
    ],
  },
  {
    name: 'Sidecar ingress listeners replace the service ports; captureMode NONE binds a real listener',
    yaml: `${WORKLOAD}${pa('DISABLE')}---
apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: {name: web, namespace: shop}
spec:
  workloadSelector: {labels: {app: web}}
  ingress:
  - port: {number: 8443, protocol: HTTP, name: http}
    defaultEndpoint: 127.0.0.1:8080
  - port: {number: 9100, protocol: TCP, name: tcp}
    bind: 10.1.2.3
    captureMode: NONE
    defaultEndpoint: 127.0.0.1:9000
`,
    want: [
      'virtualInbound-blackhole | Addr: *:15006 | Non-HTTP/Non-TCP',
      'virtualInbound-catchall-http | Trans: raw_buffer; App: http/1.1,h2c | InboundPassthroughCluster',
      'virtualInbound | Trans: raw_buffer | InboundPassthroughCluster',
      '0.0.0.0_8443 | Trans: raw_buffer; Addr: *:8443 | Cluster: inbound|8443||',
    ],
  },
];

for (const c of CASES) {
  test(`virtualInbound: ${c.name}`, () => {
    assert.deepEqual(rows(derive(c.yaml)), c.want);
  });
}

test('captureMode NONE: a listener bound to the Sidecar ingress address and port, without original_dst', () => {
  const d = derive(CASES[2]?.yaml ?? '');
  const bound = d.listeners.find((l) => l.name === '10.1.2.3_9100');
  assert.ok(bound);
  assert.deepEqual(bound.address.socketAddress, { address: '10.1.2.3', portValue: 9100 });
  assert.equal(bound.trafficDirection, 'INBOUND');
  assert.ok(!(bound.listenerFilters ?? []).some((f) => f.name === 'envoy.filters.listener.original_dst'));
});

/** Inbound clusters as `name type endpoint`. */
const inbound = (d: Derived): string[] =>
  d.clusters
    .filter((c) => c.name.startsWith('inbound|'))
    .map((c) => {
      const a = c.loadAssignment?.endpoints[0]?.lbEndpoints[0]?.endpoint.address.socketAddress;
      return `${c.name} ${c.type ?? ''}${a ? ` ${a.address}:${a.portValue}` : ''}${c.upstreamBindConfig ? ' bind 127.0.0.6' : ''}`;
    });

test('inbound clusters: ORIGINAL_DST bound to 127.0.0.6 (PASSTHROUGH), STATIC to localhost (LOCALHOST), STATIC to a Sidecar defaultEndpoint', () => {
  assert.deepEqual(inbound(derive(WORKLOAD)), ['inbound|7070|| ORIGINAL_DST bind 127.0.0.6', 'inbound|8080|| ORIGINAL_DST bind 127.0.0.6', 'inbound|9000|| ORIGINAL_DST bind 127.0.0.6']);
  assert.deepEqual(inbound(derive(WORKLOAD, { inboundTrafficPolicy: { mode: 'LOCALHOST' } })), [
    'inbound|7070|| STATIC 127.0.0.1:7070',
    'inbound|8080|| STATIC 127.0.0.1:8080',
    'inbound|9000|| STATIC 127.0.0.1:9000',
  ]);
  assert.deepEqual(inbound(derive(CASES[2]?.yaml ?? '')), ['inbound|8443|| STATIC 127.0.0.1:8080', 'inbound|9100|| STATIC 127.0.0.1:9000']);
});

test('inbound cluster metadata names the service; the HTTP chain routes `/` to it with the service host as trace operation', () => {
  const d = derive(WORKLOAD);
  const c = d.clusters.find((x) => x.name === 'inbound|8080||');
  assert.deepEqual(c?.metadata?.filterMetadata.istio.services, [{ host: 'web.shop.svc.cluster.local', name: 'web', namespace: 'shop' }]);
  const chain = d.listeners.find((l) => l.name === 'virtualInbound')?.filterChains.find((x) => x.name === '0.0.0.0_7070');
  const f = chain?.filters[0];
  assert.ok(f && f.name === 'envoy.filters.network.http_connection_manager');
  const route = f.typedConfig.routeConfig?.virtualHosts[0]?.routes?.[0];
  assert.equal(f.typedConfig.routeConfig?.virtualHosts[0]?.name, 'inbound|http|7070');
  assert.equal(route?.route?.cluster, 'inbound|7070||');
  assert.equal(route?.decorator?.operation, 'web.shop.svc.cluster.local:7070/*');
});

test('inbound cluster traffic policy: the DestinationRule connection pool of the service (port level), overridden by the Sidecar inbound connection pool', () => {
  const dr = `---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: web, namespace: shop}
spec:
  host: web
  trafficPolicy:
    connectionPool: {tcp: {maxConnections: 7, connectTimeout: 3s}}
    portLevelSettings:
    - port: {number: 9000}
      connectionPool: {tcp: {maxConnections: 9}}
    outlierDetection: {consecutive5xxErrors: 1}
`;
  const thresholds = (d: Derived, name: string) => d.clusters.find((c) => c.name === name);
  const d = derive(`${WORKLOAD}${dr}`);
  const http = thresholds(d, 'inbound|8080||');
  assert.equal(http?.circuitBreakers?.thresholds[0]?.maxConnections, 7);
  assert.equal(http?.connectTimeout, '3s');
  assert.equal(http?.outlierDetection, undefined, 'outlier detection is outbound only');
  assert.equal(http?.metadata?.filterMetadata.istio.config, '/apis/networking.istio.io/v1/namespaces/shop/destination-rule/web');
  assert.equal(thresholds(d, 'inbound|9000||')?.circuitBreakers?.thresholds[0]?.maxConnections, 9);
  const sidecar = `---
apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: {name: web, namespace: shop}
spec:
  workloadSelector: {labels: {app: web}}
  inboundConnectionPool: {tcp: {maxConnections: 100}}
`;
  assert.equal(thresholds(derive(`${WORKLOAD}${dr}${sidecar}`), 'inbound|8080||')?.circuitBreakers?.thresholds[0]?.maxConnections, 100);
});

test('notes: a Sidecar ingress tls block istiod ignores by default, and a defaultEndpoint that stands for the unknown pod IP', () => {
  const { config } = loadSources([
    {
      name: 'in.yaml',
      bytes: Buffer.from(`${WORKLOAD}---
apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: {name: web, namespace: shop}
spec:
  workloadSelector: {labels: {app: web}}
  ingress:
  - port: {number: 9443, protocol: HTTPS, name: https}
    defaultEndpoint: 0.0.0.0:9080
    tls: {mode: SIMPLE, serverCertificate: /etc/cert.pem, privateKey: /etc/key.pem}
`),
    },
  ]);
  const pc = deriveSidecarConfig(config, { kind: 'Deployment', name: 'web', namespace: 'shop', labels: { app: 'web' }, mode: 'sidecar', assumed: false });
  assert.deepEqual(
    pc.notes.map((n) => n.code),
    ['sidecar-resource', 'sidecar-ingress-tls-ignored', 'sidecar-ingress-pod-ip'],
  );
  const cluster = pc.clusters.find((c) => c.name === 'inbound|9443||');
  assert.equal(cluster?.loadAssignment?.endpoints[0]?.lbEndpoints[0]?.endpoint.address.socketAddress?.address, '0.0.0.0');
  // Without the flag the HTTPS port is a plain TCP chain (no custom TLS context).
  const chain = pc.listeners.find((l) => l.name === 'virtualInbound')?.filterChains.find((c) => c.name === '0.0.0.0_9443' && c.filterChainMatch?.transportProtocol === 'raw_buffer');
  assert.ok(chain && !chain.transportSocket);
});
