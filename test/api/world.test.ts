// Table-driven: what the inputs do not show (issue 12 items 8-9) — the mesh config merged over
// Istio's defaults and honoured where istiod reads it, the namespaces istioctl analyze ignores, and
// the CLI's --mesh-config / --strict / --assume-host, each row a manifest set and what must follow.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { analyze } from '../../src/app/analyze.js';
import { loadSources, type LoadOptions } from '../../src/app/load.js';
import { proxyConfig } from '../../src/app/proxyConfig.js';
import { runCli } from '../helpers/runCli.js';

const source = (text: string) => [{ name: 'in.yaml', bytes: Buffer.from(text) }];

const INGRESS = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web, namespace: shop, annotations: {kubernetes.io/ingress.class: nginx}}
spec:
  rules:
  - host: shop.example.com
    http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}
`;
const SIDECAR_IN_CONFIG_ROOT = `apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: {name: default, namespace: istio-config}
spec:
  egress: [{hosts: ["./*"]}]
---
apiVersion: v1
kind: Service
metadata: {name: other, namespace: elsewhere}
spec:
  selector: {app: other}
  ports: [{name: http, port: 80}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: client, namespace: default}
spec:
  template: {metadata: {labels: {app: client}}, spec: {containers: [{name: app, image: x}]}}
`;
const CLIENT = `apiVersion: apps/v1
kind: Deployment
metadata: {name: client, namespace: default}
spec:
  template: {metadata: {labels: {app: client}}, spec: {containers: [{name: app, image: x}]}}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: default}
spec:
  selector: {app: web}
  ports: [{name: http, port: 80}]
`;

const CROSS_NAMESPACE = `${CLIENT}---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: web}
  ports: [{name: http, port: 80}]
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: web, namespace: shop}
spec:
  host: web.shop.svc.cluster.local
  subsets: [{name: v1, labels: {version: v1}}]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: web, namespace: shop}
spec:
  hosts: [web.shop.svc.cluster.local]
  http: [{route: [{destination: {host: web.shop.svc.cluster.local, subset: v1}}]}]
`;
const EXTERNAL_SDS = `apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: shop, namespace: istio-system}
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 443, name: https, protocol: HTTPS}
    tls: {mode: SIMPLE, credentialName: sds://shop-cert}
    hosts: [shop.example.com]
---
apiVersion: v1
kind: Service
metadata: {name: sds, namespace: sds-system}
spec:
  selector: {app: sds}
  ports: [{name: grpc, port: 8443}]
`;

interface Row {
  name: string;
  files: string;
  opts: LoadOptions;
  check: (files: string, opts: LoadOptions) => void;
}

const gatewaysOf = (files: string, opts: LoadOptions): number => loadSources(source(files), opts).config.ofKind('Gateway').length;
const routeDomains = (files: string, opts: LoadOptions): string[] =>
  proxyConfig(loadSources(source(files), opts), { target: 'client.default', as: 'sidecar' }, 'route').routes.dynamic.flatMap((rc) => rc.virtualHosts.map((v) => v.name));

/** The sidecar's routes as `virtual host -> cluster`. */
const routesOf = (files: string, opts: LoadOptions): string[] =>
  proxyConfig(loadSources(source(files), opts), { target: 'client.default', as: 'sidecar' }, 'route').routes.dynamic.flatMap((rc) =>
    rc.virtualHosts.flatMap((v) => (v.routes ?? []).map((r) => `${v.name} -> ${r.route?.cluster ?? ''}`)),
  );

const rows: Row[] = [
  {
    name: 'mesh ingressClass: an Ingress of class nginx is Istio\'s only when the mesh says so',
    files: INGRESS,
    opts: { meshConfig: { ingressClass: 'nginx' } },
    check: (f, o) => {
      assert.equal(gatewaysOf(f, o), 1);
      assert.equal(gatewaysOf(f, {}), 0);
    },
  },
  {
    name: 'mesh ingressControllerMode OFF: no Ingress is converted',
    files: INGRESS,
    opts: { meshConfig: { ingressClass: 'nginx', ingressControllerMode: 'OFF' } },
    check: (f, o) => assert.equal(gatewaysOf(f, o), 0),
  },
  {
    name: 'mesh ingressSelector picks the converted Gateway\'s selector',
    files: INGRESS,
    opts: { meshConfig: { ingressClass: 'nginx', ingressSelector: 'my-ingress' } },
    check: (f, o) => assert.deepEqual({ ...loadSources(source(f), o).config.ofKind('Gateway')[0]?.spec.selector }, { istio: 'my-ingress' }),
  },
  {
    name: 'mesh outboundTrafficPolicy REGISTRY_ONLY: the sidecar catch-all is block_all',
    files: CLIENT,
    opts: { meshConfig: { outboundTrafficPolicy: { mode: 'REGISTRY_ONLY' } } },
    check: (f, o) => {
      assert.ok(routeDomains(f, o).includes('block_all'));
      assert.ok(routeDomains(f, {}).includes('allow_any'));
    },
  },
  {
    name: 'mesh rootNamespace: the root namespace\'s Sidecar applies to every namespace',
    files: SIDECAR_IN_CONFIG_ROOT,
    opts: { meshConfig: { rootNamespace: 'istio-config' } },
    check: (f, o) => {
      // egress ./* keeps only the proxy's own namespace: the Service of `elsewhere` is not imported.
      assert.ok(!routeDomains(f, o).some((d) => d.startsWith('other.elsewhere')));
      assert.ok(routeDomains(f, {}).some((d) => d.startsWith('other.elsewhere')));
    },
  },
  {
    name: 'mesh defaultServiceExportTo ".": a Service without the exportTo annotation is private to its namespace',
    files: CROSS_NAMESPACE,
    opts: { meshConfig: { defaultServiceExportTo: ['.'] } },
    check: (f, o) => {
      const clusters = (opts: LoadOptions) => proxyConfig(loadSources(source(f), opts), { target: 'client.default', as: 'sidecar' }, 'cluster').clusters.dynamic.map((c) => c.name).filter((n) => n.endsWith('web.shop.svc.cluster.local'));
      assert.deepEqual(clusters(o), []);
      assert.deepEqual(clusters({}), ['outbound|80|v1|web.shop.svc.cluster.local', 'outbound|80||web.shop.svc.cluster.local']);
    },
  },
  {
    name: 'mesh defaultVirtualServiceExportTo ".": a VirtualService without exportTo no longer routes other namespaces\' sidecars',
    files: CROSS_NAMESPACE,
    opts: { meshConfig: { defaultVirtualServiceExportTo: ['.'] } },
    check: (f, o) => {
      const web = (opts: LoadOptions) => routesOf(f, opts).find((r) => r.startsWith('web.shop'));
      assert.equal(web(o), 'web.shop.svc.cluster.local:80 -> outbound|80||web.shop.svc.cluster.local');
      assert.equal(web({}), 'web.shop.svc.cluster.local:80 -> outbound|80|v1|web.shop.svc.cluster.local');
    },
  },
  {
    name: 'mesh defaultDestinationRuleExportTo ".": a DestinationRule without exportTo does not reach other namespaces (its subsets are missing there)',
    files: CROSS_NAMESPACE,
    opts: { meshConfig: { defaultDestinationRuleExportTo: ['.'] } },
    check: (f, o) => {
      const subsets = (opts: LoadOptions) => proxyConfig(loadSources(source(f), opts), { target: 'client.default', as: 'sidecar' }, 'cluster').clusters.dynamic.map((c) => c.name).filter((n) => n.includes('|v1|'));
      assert.deepEqual(subsets(o), []);
      assert.deepEqual(subsets({}), ['outbound|80|v1|web.shop.svc.cluster.local']);
    },
  },
  {
    name: 'mesh SDS extension provider: a Gateway credentialName sds://name is fetched from its Service\'s cluster; without one, from a Kubernetes Secret',
    files: EXTERNAL_SDS,
    opts: { meshConfig: { extensionProviders: [{ name: 'ext-sds', sds: { name: 'ext-sds', service: 'sds.sds-system.svc.cluster.local', port: 8443 } }] } },
    check: (f, o) => {
      const secret = (opts: LoadOptions) => {
        const l = proxyConfig(loadSources(source(f), opts), { target: 'istio-ingressgateway.istio-system' }, 'listener').listeners.dynamic.find((x) => x.name === '0.0.0.0_8443');
        return l?.filterChains[0]?.transportSocket?.typedConfig.commonTlsContext.tlsCertificateSdsSecretConfigs?.[0];
      };
      assert.deepEqual(secret(o), {
        name: 'shop-cert',
        sdsConfig: {
          apiConfigSource: { apiType: 'GRPC', transportApiVersion: 'V3', grpcServices: [{ envoyGrpc: { clusterName: 'outbound|8443||sds.sds-system.svc.cluster.local', authority: 'sds.sds-system.svc.cluster.local' } }], setNodeOnFirstMessageOnly: true },
          resourceApiVersion: 'V3',
        },
      });
      assert.deepEqual(secret({}), { name: 'kubernetes://shop-cert' });
      // A provider whose Service is not in the registry: istiod pushes no certificate, and says so.
      const missing: LoadOptions = { meshConfig: { extensionProviders: [{ name: 'ext-sds', sds: { name: 'ext-sds', service: 'nowhere.example.com', port: 8443 } }] } };
      assert.equal(secret(missing), undefined);
      const notes = proxyConfig(loadSources(source(f), missing), { target: 'istio-ingressgateway.istio-system' }, 'listener').notes.map((n) => n.code);
      assert.ok(notes.includes('sds-provider-unresolved'), notes.join(', '));
    },
  },
  {
    name: 'analyze ignores kube-system, kube-public, kube-node-lease and local-path-storage, as istioctl does',
    files: `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: sys, namespace: kube-system}
spec:
  hosts: [a.example.com]
  http: [{route: [{destination: {host: nowhere.example.com}}]}]
`,
    opts: {},
    check: (f, o) => {
      const r = analyze(loadSources(source(f), o));
      assert.deepEqual(r.findings.map((x) => x.code), []);
      assert.match(r.warnings.join('\n'), /1 object in kube-system, .* ignored/);
    },
  },
];

for (const row of rows) test(row.name, () => row.check(row.files, row.opts));

test('--mesh-config reads the mesh text or the istio ConfigMap; a bad one is a usage error (exit 2)', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gwctl-mesh-'));
  const text = path.join(dir, 'mesh.yaml');
  writeFileSync(text, 'ingressClass: nginx\n');
  const cm = path.join(dir, 'cm.yaml');
  writeFileSync(cm, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: istio, namespace: istio-system}\ndata:\n  mesh: |\n    ingressClass: nginx\n');
  const bad = path.join(dir, 'bad.yaml');
  writeFileSync(bad, 'outboundTrafficPolicy: {mode: SOMETIMES}\n');
  const input = path.join(dir, 'ingress.yaml');
  writeFileSync(input, INGRESS);
  for (const file of [text, cm]) {
    const run = await runCli(['pc', 'route', '-f', input, '--mesh-config', file]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /shop\.example\.com/);
  }
  const refused = await runCli(['pc', 'route', '-f', input, '--mesh-config', bad]);
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /invalid mesh config:\n {2}outboundTrafficPolicy\.mode must be one of REGISTRY_ONLY, ALLOW_ANY, ALLOW_ANY_DYNAMIC_DNS/);
  assert.doesNotMatch(refused.stderr, /Invalid input|expected \w+, received/, "zod's own words never reach the user");
  const missing = await runCli(['analyze', input, '--mesh-config', path.join(dir, 'none.yaml')]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /cannot read --mesh-config/);
  const host = await runCli(['explain', 'http://a/', input, '--assume-host', 'not a host']);
  assert.equal(host.code, 2);
});
