// Route test files (`gwctl test`, docs/route-tests.md): gwctl's own `kind: RouteTests` documents and
// istio-config-validator's `testCases:` documents, as zod schemas. A document that matches neither,
// or breaks one, yields problems with the path of the field at fault (src/app/routeTests turns
// paths into file:line). Header maps are null-prototype dicts: a header named `__proto__` is data.
import { z } from 'zod';
import { dict } from '../load/dict.js';
import { isRecord } from '../load/isRecord.js';
import { delegate, headers, httpFaultInjection, httpRedirect, httpRewrite, httpRouteDestination } from './kinds/virtualServiceSpec.js';
import { schemaProblems, type SchemaProblem } from './problems.js';

export const ROUTE_TESTS_API_VERSION = 'gwctl.io/v1alpha1';
export const ROUTE_TESTS_KIND = 'RouteTests';

const name = z.string().min(1, { error: 'must not be empty' });

/** Which proxy answers: a gateway workload, or the sidecar of a workload (`explain --gateway/--from`). */
export const proxySpec = z
  .strictObject({ gateway: name.optional(), from: name.optional() })
  .refine((p) => (p.gateway === undefined) !== (p.from === undefined), { error: 'set exactly one of gateway or from' });
export type ProxySpec = z.infer<typeof proxySpec>;

const requestSpec = z
  .strictObject({
    url: name.optional(),
    urls: z.array(name).min(1, { error: 'must list at least one URL' }).optional(),
    method: name.optional(),
    methods: z.array(name).min(1, { error: 'must list at least one method' }).optional(),
    headers: dict(z.string()).optional(),
    sni: name.optional(),
  })
  .superRefine((r, ctx) => {
    if ((r.url === undefined) === (r.urls === undefined)) ctx.addIssue({ code: 'custom', message: 'set exactly one of url or urls', path: [r.urls === undefined ? 'url' : 'urls'] });
    if (r.method !== undefined && r.methods !== undefined) ctx.addIssue({ code: 'custom', message: 'set method or methods, not both', path: ['methods'] });
  });
export type RequestSpec = z.infer<typeof requestSpec>;

/** explain's `outcome` values (docs/explain-json.md). */
export const OUTCOMES = ['forwarded', 'local-reply', 'connection-refused', 'tls-failure', 'connection-closed'] as const;

const clusterWeight = z.strictObject({ name, weight: z.number().int().min(0).max(100).optional() });
const nsName = z.string().regex(/^[^/\s]+\/[^/\s]+$/, { error: 'must be "namespace/name"' });

/** What a native test may expect; each field is compared with explain's JSON field of the same meaning. */
export const expectSpec = z
  .strictObject({
    outcome: z.enum(OUTCOMES).optional(),
    status: z.number().int().min(100).max(599).nullable().optional(),
    cluster: name.optional(),
    clusters: z.array(clusterWeight).optional(),
    virtualService: nsName.nullable().optional(),
    httpRoute: nsName.nullable().optional(),
    location: z.string().nullable().optional(),
    upstream: z
      .strictObject({ path: z.string().optional(), authority: z.string().optional() })
      .refine((u) => u.path !== undefined || u.authority !== undefined, { error: 'set path, authority or both' })
      .optional(),
    timeout: z.string().optional(),
    retries: z.strictObject({ attempts: z.number().int().min(0) }).optional(),
  })
  .refine((e) => Object.values(e).some((v) => v !== undefined), { error: 'expects nothing: a test needs at least one field to check (outcome, status, cluster, ...)' })
  .refine((e) => e.cluster === undefined || e.clusters === undefined, { error: 'set cluster or clusters, not both' });
export type ExpectSpec = z.infer<typeof expectSpec>;
export type ExpectField = keyof ExpectSpec;

const testSpec = z.strictObject({ name, proxy: proxySpec.optional(), request: requestSpec, expect: expectSpec });
export type TestSpec = z.infer<typeof testSpec>;

export const routeTestsDocument = z.strictObject({
  apiVersion: z.literal(ROUTE_TESTS_API_VERSION, { error: `must be ${ROUTE_TESTS_API_VERSION}` }),
  kind: z.literal(ROUTE_TESTS_KIND),
  // Kubernetes-style metadata: only the name is read; labels and annotations are welcome.
  metadata: z.object({ name: name.optional() }).optional(),
  spec: z.strictObject({
    proxy: proxySpec.optional(),
    tests: z.array(testSpec).min(1, { error: 'must list at least one test' }),
  }),
});
export type RouteTestsDocument = z.infer<typeof routeTestsDocument>;

// istio-config-validator (github.com/getyourguide/istio-config-validator, docs/test-cases.md):
// request lists expand to authority x method x uri; expectations are Istio API structs.
const icvRequest = z.strictObject({
  authority: z.array(z.string()).min(1, { error: 'authority list is empty' }),
  method: z.array(z.string()).min(1, { error: 'method list is empty' }),
  uri: z.array(z.string()).min(1, { error: 'URI list is empty' }),
  headers: dict(z.string()).optional(),
});

export const ICV_EXPECTATIONS = ['route', 'rewrite', 'redirect', 'fault', 'headers', 'delegate'] as const;
export type IcvField = (typeof ICV_EXPECTATIONS)[number];

const icvCase = z
  .strictObject({
    description: z.string().optional(),
    wantMatch: z.boolean().optional(),
    request: icvRequest,
    route: z.array(httpRouteDestination).optional(),
    redirect: httpRedirect.optional(),
    rewrite: httpRewrite.optional(),
    fault: httpFaultInjection.optional(),
    headers: headers.optional(),
    delegate: delegate.optional(),
  })
  .refine((c) => ICV_EXPECTATIONS.some((f) => c[f] !== undefined), { error: 'checks nothing: give route, rewrite, redirect, fault, headers or delegate' });
export type IcvCase = z.infer<typeof icvCase>;

export const icvDocument = z.strictObject({ testCases: z.array(icvCase) });
export type IcvDocument = z.infer<typeof icvDocument>;

export type RouteTestDocument = { format: 'native'; doc: RouteTestsDocument } | { format: 'icv'; doc: IcvDocument };

/** One parsed YAML document of a test file: a native or ICV document, or what is wrong with it. */
export function readRouteTestDocument(value: unknown): { ok: true; document: RouteTestDocument } | { ok: false; problems: SchemaProblem[] } {
  if (!isRecord(value)) return { ok: false, problems: [{ path: [], message: 'a route test document must be a mapping (kind: RouteTests, or testCases:)' }] };
  if (Object.hasOwn(value, 'testCases')) {
    const r = icvDocument.safeParse(value, { reportInput: true });
    return r.success ? { ok: true, document: { format: 'icv', doc: r.data } } : { ok: false, problems: schemaProblems(icvDocument, r.error.issues) };
  }
  const kind = value['kind'];
  if (kind !== ROUTE_TESTS_KIND) {
    const what = typeof kind === 'string' ? `a ${kind} document` : 'not a route test document';
    return {
      ok: false,
      problems: [{ path: typeof kind === 'string' ? ['kind'] : [], message: `${what}: expected kind: ${ROUTE_TESTS_KIND} (apiVersion: ${ROUTE_TESTS_API_VERSION}) or istio-config-validator's testCases: (manifests go with -f)` }],
    };
  }
  const r = routeTestsDocument.safeParse(value, { reportInput: true });
  return r.success ? { ok: true, document: { format: 'native', doc: r.data } } : { ok: false, problems: schemaProblems(routeTestsDocument, r.error.issues) };
}

