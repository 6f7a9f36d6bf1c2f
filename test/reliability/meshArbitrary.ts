// Random but valid meshes and requests for the property tests: Gateways on port 80, VirtualServices
// with matches, weights and delegates, DestinationRules, Sidecars, Services. Names are unique (and
// carry no creationTimestamp), so Istio's own order (name, then namespace) decides every tie.
import fc from 'fast-check';
import yaml from 'js-yaml';
import { hostMatches } from '../../src/model/hosts.js';

export const SERVER_HOSTS = ['*', '*.example.com', 'a.example.com', 'c.test.io', '*.test.io'] as const;
export const VS_HOSTS = ['a.example.com', 'b.example.com', '*.example.com', 'c.test.io', '*.test.io', 'x.other.org'] as const;
export const REQUEST_HOSTS = ['a.example.com', 'b.example.com', 'zz.example.com', 'c.test.io', 'q.test.io', 'x.other.org', 'nope.net', 'A.Example.COM', 'a.example.com:80', 'c.test.io:8080'] as const;
export const PATHS = ['/', '/api', '/api/v1', '/apiv2', '/API/v1', '/static/x.css', '/login', '/a/b/c'] as const;
const PREFIXES = ['/', '/api', '/api/v1', '/static'];
const REGEXES = ['/api/.*', '.*\\.css', '/(a|b)/.*', '(a+)+$'];
const SERVICES = ['svc0', 'svc1', 'svc2'];

export type Doc = Record<string, unknown>;

export interface Mesh {
  docs: Doc[];
}

export interface Request {
  host: string;
  path: string;
  header: boolean;
}

const stringMatch = fc.oneof(
  fc.constantFrom(...PREFIXES).map((prefix) => ({ prefix })),
  fc.constantFrom(...PATHS).map((exact) => ({ exact })),
  fc.constantFrom(...REGEXES).map((regex) => ({ regex })),
);

const match = (name: string) =>
  fc.record(
    {
      uri: stringMatch,
      headers: fc.constant({ 'x-env': { exact: 'canary' } }),
      ignoreUriCase: fc.boolean(),
    },
    { requiredKeys: ['uri'] },
  ).map((m) => ({ name, ...m }));

const destination = fc.record({
  host: fc.constantFrom(...SERVICES),
  subset: fc.option(fc.constantFrom('v1', 'v2'), { nil: undefined }),
});

const routeAction = fc.oneof(
  destination.map((d) => ({ route: [{ destination: strip(d) }] })),
  fc.tuple(destination, destination, fc.integer({ min: 0, max: 100 })).map(([a, b, w]) => ({
    route: [
      { destination: strip(a), weight: w },
      { destination: strip(b), weight: 100 - w },
    ],
  })),
);

/** `rules` of one VirtualService; a rule may delegate to one of `delegates`. */
const httpRules = (prefix: string, delegates: readonly string[]) =>
  fc.array(fc.tuple(fc.array(fc.constant(0), { maxLength: 2 }), routeAction, fc.option(fc.constantFrom(...(delegates.length ? delegates : ['none'])), { nil: undefined })), { minLength: 1, maxLength: 4 }).chain((rules) =>
    fc.tuple(
      ...rules.map(([ms, action, delegate], i) =>
        fc.tuple(...ms.map((_, j) => match(`m${j}`))).map((matches) => {
          const rule: Doc = { name: `${prefix}r${i}` };
          if (matches.length > 0) rule['match'] = matches;
          if (delegate && delegates.length > 0) rule['delegate'] = { name: delegate };
          else Object.assign(rule, action);
          return rule;
        }),
      ),
    ),
  );

/** Hosts for one VirtualService: distinct and pairwise non-overlapping (Istio rejects overlaps). */
const vsHosts = fc.subarray([...VS_HOSTS], { minLength: 1, maxLength: 3 }).map((hs) => {
  const kept: string[] = [];
  for (const h of hs) if (!kept.some((k) => hostMatches(k, h))) kept.push(h);
  return kept;
});

export const meshArbitrary: fc.Arbitrary<Mesh> = fc
  .record({
    gateways: fc.array(fc.subarray([...SERVER_HOSTS], { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 2 }),
    delegates: fc.integer({ min: 0, max: 2 }),
    vsCount: fc.integer({ min: 1, max: 4 }),
    sidecar: fc.boolean(),
    destinationRules: fc.subarray(SERVICES),
  })
  .chain((shape) => {
    const delegateNames = Array.from({ length: shape.delegates }, (_, i) => `dlg${i}`);
    const delegates = fc.tuple(...delegateNames.map((d) => httpRules(`${d}-`, []).map((http) => vs(d, 'istio-system', undefined, undefined, http))));
    const roots = fc.tuple(
      ...Array.from({ length: shape.vsCount }, (_, i) =>
        fc
          .record({
            hosts: vsHosts,
            gateways: fc.subarray(shape.gateways.map((_, g) => `istio-system/gw${g}`), { minLength: 1 }),
            namespace: fc.constantFrom('istio-system', 'default'),
            http: httpRules(`vs${i}-`, delegateNames),
          })
          .map((v) => {
            // A delegate must live in the root's namespace unless named with one.
            const http = (v.http as Doc[]).map((r) => (r['delegate'] ? { ...r, delegate: { name: (r['delegate'] as Doc)['name'], namespace: 'istio-system' } } : r));
            return vs(`vs${i}`, v.namespace, v.hosts, v.gateways, http);
          }),
      ),
    );
    return fc.tuple(delegates, roots).map(([ds, rs]) => {
      const docs: Doc[] = [
        ...shape.gateways.map((hosts, g) => ({
          apiVersion: 'networking.istio.io/v1',
          kind: 'Gateway',
          metadata: { name: `gw${g}`, namespace: 'istio-system' },
          spec: { selector: { istio: 'ingressgateway' }, servers: [{ port: { number: 80, name: `http-${g}`, protocol: 'HTTP' }, hosts }] },
        })),
        ...SERVICES.map((s) => ({
          apiVersion: 'v1',
          kind: 'Service',
          metadata: { name: s, namespace: 'default' },
          spec: { selector: { app: s }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] },
        })),
        ...SERVICES.map((s) => ({
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: s, namespace: 'default' },
          spec: { selector: { matchLabels: { app: s } }, template: { metadata: { labels: { app: s, version: 'v1' } }, spec: { containers: [{ name: s, image: 'x', ports: [{ containerPort: 8080 }] }] } } },
        })),
        ...shape.destinationRules.map((s) => ({
          apiVersion: 'networking.istio.io/v1',
          kind: 'DestinationRule',
          metadata: { name: `dr-${s}`, namespace: 'default' },
          spec: { host: `${s}.default.svc.cluster.local`, subsets: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' } }] },
        })),
        ...(shape.sidecar
          ? [{ apiVersion: 'networking.istio.io/v1', kind: 'Sidecar', metadata: { name: 'default', namespace: 'default' }, spec: { egress: [{ hosts: ['./*', 'istio-system/*'] }] } }]
          : []),
        ...ds,
        ...rs,
      ];
      return { docs };
    });
  });

export const requestArbitrary: fc.Arbitrary<Request> = fc.record({
  host: fc.constantFrom(...REQUEST_HOSTS),
  path: fc.constantFrom(...PATHS),
  header: fc.boolean(),
});

function vs(name: string, namespace: string, hosts: string[] | undefined, gateways: string[] | undefined, http: Doc[]): Doc {
  const spec: Doc = {};
  if (hosts) spec['hosts'] = hosts;
  if (gateways) spec['gateways'] = gateways;
  spec['http'] = http;
  return { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name, namespace }, spec };
}

function strip<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** The documents as multi-document YAML. */
export function toYaml(docs: readonly Doc[]): string {
  return docs.map((d) => yaml.dump(d, { noRefs: true, lineWidth: -1 })).join('---\n');
}
