// analyze gives the fix explain gives for the same mistake (src/model/fixes.ts is their one source).
// Each row names the finding analyze reports and the cause explain reports for a request that mistake
// breaks (often the same code; GW0203 "port serves only 404" in analyze is explain's binding cause),
// and the one fix text both must print, exactly.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertGolden } from '../helpers/golden.js';
import { runCli } from '../helpers/runCli.js';

interface Fixed {
  code: string;
  fix: string;
}

const analyzeFixes = async (files: readonly string[], code: string): Promise<string[]> => {
  const run = await runCli(['analyze', ...files, '-o', 'json']);
  return (JSON.parse(run.stdout) as Fixed[]).filter((f) => f.code === code).map((f) => f.fix);
};
const explainFixes = async (url: string, files: readonly string[], code: string, extra: readonly string[]): Promise<string[]> => {
  const run = await runCli(['explain', url, ...files.flatMap((f) => ['-f', f]), ...extra, '-o', 'json']);
  return (JSON.parse(run.stdout) as { causes: Fixed[] }).causes.filter((c) => c.code === code).map((c) => c.fix);
};

const SHOP = ['fixtures/explain/shop/gateway.yaml', 'fixtures/explain/shop/service.yaml'];
const SHOP_URL = 'http://shop.example.com/';

interface Row {
  name: string;
  files: readonly string[];
  url: string;
  /** The code analyze reports, and the code explain reports for the request. */
  analyze: string;
  explain: string;
  /** Extra explain flags (--gateway). */
  extra?: readonly string[];
  fix: string;
  /**
   * Where explain must say more, because it knows the proxy the request comes from (its namespace, the
   * gateway server port used): explain's text, written out, with the reason in the row name.
   */
  explainFix?: string;
}

const ROWS: readonly Row[] = [
  {
    name: 'hosts that do not intersect: the host to add, where',
    files: ['fixtures/httpbin'],
    url: 'http://httpbin.local/ip',
    analyze: 'IST0132',
    explain: 'IST0132',
    fix: 'add `httpbin.local` to spec.hosts of VirtualService default/httpbin-virtual-service (fixtures/httpbin/vs.yaml:7); its hosts [httpbin-service] do not intersect the server hosts [httpbin.local] of Gateway default/httpbin-gateway',
  },
  {
    name: 'the seed: its 404-only port says the same',
    files: ['fixtures/httpbin'],
    url: 'http://httpbin.local/ip',
    analyze: 'GW0203',
    explain: 'IST0132',
    fix: 'add `httpbin.local` to spec.hosts of VirtualService default/httpbin-virtual-service (fixtures/httpbin/vs.yaml:7); its hosts [httpbin-service] do not intersect the server hosts [httpbin.local] of Gateway default/httpbin-gateway',
  },
  {
    name: 'a server host of another namespace: which one, and the two ways out',
    files: ['fixtures/explain/namespace-excluded.yaml', 'fixtures/explain/shop/service.yaml', 'fixtures/explain/shop/vs-bound.yaml'],
    url: SHOP_URL,
    analyze: 'IST0132',
    explain: 'IST0132',
    fix: 'server host `istio-system/shop.example.com` of Gateway istio-system/shop-gw (fixtures/explain/namespace-excluded.yaml:8) only admits VirtualServices of namespace istio-system: change it to `shop/shop.example.com` or `*/shop.example.com`, or move VirtualService shop/cart to that namespace',
  },
  {
    name: 'not exported to the gateway pod namespace (GW0268)',
    files: [...SHOP, 'fixtures/explain/not-exported.yaml'],
    url: SHOP_URL,
    analyze: 'GW0203',
    explain: 'GW0268',
    fix: 'add `istio-system` to spec.exportTo of VirtualService shop/cart (fixtures/explain/not-exported.yaml:7)',
  },
  {
    name: 'spec.gateways empty: mesh only (GW0266)',
    files: [...SHOP, 'fixtures/explain/mesh-only.yaml'],
    url: SHOP_URL,
    analyze: 'GW0203',
    explain: 'GW0266',
    fix: 'add `istio-system/shop-gw` to spec.gateways of VirtualService shop/cart (fixtures/explain/mesh-only.yaml:4) (and `mesh` if sidecars should keep the routes)',
  },
  {
    name: 'a short gateway name resolves in the VirtualService namespace: the 404-only port',
    files: [...SHOP, 'fixtures/explain/short-gateway-name.yaml'],
    url: SHOP_URL,
    analyze: 'GW0203',
    explain: 'IST0101',
    fix: 'change `shop-gw` to `istio-system/shop-gw` in spec.gateways of VirtualService shop/cart (fixtures/explain/short-gateway-name.yaml:6): without a namespace it means `shop/shop-gw`, which is not in the inputs',
  },
  {
    name: 'a short gateway name: the reference not found',
    files: [...SHOP, 'fixtures/explain/short-gateway-name.yaml'],
    url: SHOP_URL,
    analyze: 'IST0101',
    explain: 'IST0101',
    fix: 'change `shop-gw` to `istio-system/shop-gw` in spec.gateways of VirtualService shop/cart (fixtures/explain/short-gateway-name.yaml:6): without a namespace it means `shop/shop-gw`, which is not in the inputs',
  },
  {
    name: 'rejected by the webhook (GW0270)',
    files: [...SHOP, 'fixtures/explain/rejected.yaml'],
    url: SHOP_URL,
    analyze: 'GW0203',
    explain: 'GW0270',
    fix: 'fix the validation errors of VirtualService shop/cart (fixtures/explain/rejected.yaml:1); run `gwctl validate` on it',
  },
  {
    name: 'match.port set to the targetPort (GW0269)',
    files: [...SHOP, 'fixtures/explain/match-port-target-port.yaml'],
    url: SHOP_URL,
    analyze: 'GW0203',
    explain: 'GW0269',
    fix: 'set match.port of VirtualService shop/cart http[0] (fixtures/explain/match-port-target-port.yaml:8) to 80 (the Gateway server port), or remove it',
  },
  {
    name: 'no VirtualService for the Gateway at all (GW0271)',
    files: SHOP,
    url: SHOP_URL,
    analyze: 'GW0203',
    explain: 'GW0271',
    fix: 'create a VirtualService with `shop.example.com` in spec.hosts and `istio-system/shop-gw` in spec.gateways',
  },
  {
    name: 'a VirtualService naming a Gateway API Gateway (GW0512)',
    files: ['fixtures/gateway-api/mixed'],
    url: 'http://api.example.com/v1/users',
    extra: ['--gateway', 'gateway/api.shop'],
    analyze: 'GW0512',
    explain: 'GW0512',
    fix: 'write an HTTPRoute with parentRefs [{name: api, namespace: shop}] and the rules of VirtualService shop/api-legacy, or bind it to an Istio Gateway (fixtures/gateway-api/mixed/istio-api.yaml:65)',
  },
  {
    name: 'a destination host nothing defines',
    files: [...SHOP, 'fixtures/explain/host-without-service.yaml'],
    url: SHOP_URL,
    analyze: 'IST0101',
    explain: 'IST0101',
    fix: 'create a Service or ServiceEntry for carts.shop.svc.cluster.local, or fix destination.host (fixtures/explain/host-without-service.yaml:8): nothing in the inputs defines that host, so requests routed to it get 503 NC',
  },
  {
    name: 'a destination port the service lacks',
    files: [...SHOP, 'fixtures/explain/wrong-destination-port.yaml'],
    url: SHOP_URL,
    analyze: 'IST0101',
    explain: 'IST0101',
    fix: 'set destination.port.number to 8080 (fixtures/explain/wrong-destination-port.yaml:8): the service has no port 9090, so requests routed to it get 503 NC',
  },
  {
    name: 'a subset no DestinationRule defines (explain knows the namespace the rule must be visible to)',
    files: [...SHOP, 'fixtures/explain/subset-undefined.yaml'],
    url: SHOP_URL,
    analyze: 'IST0101',
    explain: 'IST0101',
    fix: 'create a DestinationRule for cart.shop.svc.cluster.local with subset `v3`, or remove the subset (fixtures/explain/subset-undefined.yaml:8)',
    explainFix: 'create a DestinationRule for cart.shop.svc.cluster.local with subset `v3`, visible to namespace istio-system, or remove the subset (fixtures/explain/subset-undefined.yaml:8)',
  },
  {
    name: 'no port on a multi-port service (explain knows the gateway server port used instead)',
    files: ['fixtures/explain/shop/gateway.yaml', 'fixtures/explain/multi-port-no-port.yaml'],
    url: SHOP_URL,
    analyze: 'IST0112',
    explain: 'IST0112',
    fix: 'set destination.port.number to one of 8080, 9090 (fixtures/explain/multi-port-no-port.yaml:15): the service has several ports, and without one the port of the request is used (a gateway server port, the port a sidecar calls)',
    explainFix: 'set destination.port.number to one of 8080, 9090 (fixtures/explain/multi-port-no-port.yaml:15): without it istiod uses the Gateway server port 80, which the service does not have (503 NC)',
  },
  {
    name: 'a subset whose labels no pod carries',
    files: ['fixtures/explain/canary-no-pods'],
    url: 'http://productcatalog:3550/x',
    extra: ['--from', 'frontend.shop'],
    analyze: 'IST0173',
    explain: 'IST0173',
    fix: "no workload in namespace shop carries app=productcatalog,version=v1 (the Service selector plus the subset's labels), so the subset has no endpoint (503 UH): fix the labels of subset `v1` (fixtures/explain/canary-no-pods/canary.yaml:33), or deploy that version",
  },
];

for (const row of ROWS) {
  test(`analyze ${row.analyze} and explain ${row.explain} give one fix: ${row.name}`, async () => {
    assert.deepEqual(await analyzeFixes(row.files, row.analyze), [row.fix], 'analyze');
    const explained = await explainFixes(row.url, row.files, row.explain, row.extra ?? []);
    assert.ok(explained.includes(row.explainFix ?? row.fix), `explain: ${JSON.stringify(explained)}`);
  });
}

test('analyze: a Gateway that is not in the inputs: IST0132 says its hosts are unknown, not to add a host to it', async () => {
  const fixes = await analyzeFixes(['fixtures/explain/shop/vs-bound.yaml'], 'IST0132');
  assert.deepEqual(fixes, [
    'Gateway `istio-system/shop-gw` is not in the inputs, so its server hosts are unknown: add its manifest to the inputs, or fix the reference in spec.gateways of VirtualService shop/cart (fixtures/explain/shop/vs-bound.yaml:6)',
  ]);
});

test('text output prints a precise fix under every finding, not once per code', async () => {
  const run = await runCli(['analyze', 'fixtures/httpbin', 'fixtures/explain/namespace-excluded.yaml', 'fixtures/explain/shop/service.yaml', 'fixtures/explain/shop/vs-bound.yaml']);
  assert.match(run.stdout, /fix: add `httpbin\.local`/);
  assert.match(run.stdout, /fix: server host `istio-system\/shop\.example\.com`/);
});

// The human output where these fixes appear, as goldens named by the command line.
const GOLDENS: readonly (readonly string[])[] = [
  [...SHOP],
  [...SHOP, 'fixtures/explain/not-exported.yaml'],
  [...SHOP, 'fixtures/explain/mesh-only.yaml'],
  [...SHOP, 'fixtures/explain/short-gateway-name.yaml'],
  [...SHOP, 'fixtures/explain/rejected.yaml'],
  [...SHOP, 'fixtures/explain/match-port-target-port.yaml'],
  ['fixtures/explain/shop/vs-bound.yaml'],
  [...SHOP, 'fixtures/explain/subset-undefined.yaml'],
  ['fixtures/explain/shop/gateway.yaml', 'fixtures/explain/multi-port-no-port.yaml'],
  ['fixtures/analyzers/virtualservice/mesh-host-conflict'],
  ['fixtures/analyzers/gateway/workload-port'],
  ['fixtures/analyzers/virtualservice/destination-not-found'],
];
for (const files of GOLDENS) {
  test(`golden: analyze ${files.join(' ')}`, async () => {
    await assertGolden(['analyze', ...files]);
  });
}
