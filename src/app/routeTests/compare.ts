// A case's expectations against explain's answer for its request. The answer is read as its JSON
// contract (docs/explain-json.md) through a schema of the fields compared, so that a test compares
// exactly what `gwctl explain -o json` prints, and a field this version of explain does not report
// fails with "unknown, because ..." instead of passing.
import { z } from 'zod';
import type { StageName, TraceStep } from '../../explain/types.js';
import { resolveShortnameToFqdn } from '../../model/hosts.js';
import type { ConfigStore } from '../../convert/index.js';
import type { HttpRoute } from '../../schema/kinds/virtualService.js';
import type { ExpectField, IcvCase, IcvField } from '../../schema/routeTests.js';
import type { ExplainRecord } from '../../report/views/explainRecord.js';
import type { FieldFailure, TestSite } from '../../report/views/routeTestRecord.js';
import type { CaseCheck } from './parse.js';

const weighted = z.object({ name: z.string(), weight: z.number() });
const ruleRef = z.object({ http: z.number(), match: z.number().nullable() });

/** The fields of explain's JSON a test can compare; `action` (issue 12) and `httpRoute` (issue 11) may be absent in older builds. */
const answerView = z.object({
  proxy: z.object({ workload: z.string(), mode: z.string() }),
  routeConfig: z.string().nullable(),
  virtualHost: z.string().nullable(),
  outcome: z.string(),
  status: z.number().nullable(),
  clusters: z.array(weighted),
  routeClusters: z.array(weighted),
  virtualService: z.string().nullable(),
  httpRoute: z.string().nullable().optional(),
  rule: ruleRef.nullable(),
  delegate: z.object({ virtualService: z.string(), rule: ruleRef }).nullable().optional(),
  location: z.string().nullable(),
  action: z
    .object({
      upstream: z.object({ path: z.string(), authority: z.string() }).nullable(),
      timeout: z.string().nullable(),
      retries: z.object({ attempts: z.number() }).nullable(),
      destinations: z.array(z.object({ cluster: z.string(), weight: z.number() })),
    })
    .nullable()
    .optional(),
  trace: z.array(z.object({ stage: z.string(), ok: z.boolean(), detail: z.string() })),
});
export type AnswerView = z.infer<typeof answerView>;

export function answerOf(record: ExplainRecord): AnswerView {
  return answerView.parse(record);
}

/** Stages in walk order; `last` is the stage the walk ended on (outcome and status are decided there). */
const STAGE_ORDER: readonly StageName[] = ['port', 'listener', 'filterChain', 'routeConfig', 'virtualHost', 'route', 'action', 'cluster'];
const isStage = (s: string): s is StageName => (STAGE_ORDER as readonly string[]).includes(s);

const NATIVE_STAGE: Record<ExpectField, StageName | 'last'> = {
  outcome: 'last',
  status: 'last',
  cluster: 'cluster',
  clusters: 'cluster',
  virtualService: 'route',
  httpRoute: 'route',
  location: 'action',
  upstream: 'action',
  timeout: 'action',
  retries: 'action',
};
const ICV_STAGE: Record<IcvField, StageName> = { route: 'action', rewrite: 'action', redirect: 'action', fault: 'action', headers: 'action', delegate: 'route' };

const NO_ACTION = 'unknown, because this build of explain reports no `action` (docs/explain-json.md, issue 12)';
const NO_HTTP_ROUTE = 'unknown, because this build of explain reports no `httpRoute` (docs/explain-json.md, issue 11)';

interface Compared {
  field: string;
  expected: unknown;
  actual: unknown;
  equal: boolean;
  stage: StageName | 'last';
  note: string | null;
  site: TestSite | undefined;
}

/** Everything the check expects that the answer does not give, in the order the test lists them. */
export function failuresOf(check: CaseCheck, a: AnswerView, config: ConfigStore): FieldFailure[] {
  const last = lastStage(a);
  const compared = check.format === 'RouteTests' ? compareNative(check, a) : compareIcv(check, a, config);
  const mustDiffer = check.format === 'istio-config-validator' && !check.wantMatch;
  return compared
    .filter((c) => c.equal === mustDiffer || c.note !== null)
    .map((c) => ({
      field: c.field,
      expected: c.expected,
      actual: c.actual,
      mustDiffer,
      stage: c.stage === 'last' ? last : c.stage,
      note: c.note,
      line: c.site?.line ?? 1,
      column: c.site?.column ?? 1,
    }));
}

function lastStage(a: AnswerView): StageName {
  const s = a.trace[a.trace.length - 1]?.stage ?? 'port';
  return isStage(s) ? s : 'port';
}

/** The trace step where the expectation and the walk part: the earliest failing stage, or where the walk ended before it. */
export function partingStep(failures: readonly FieldFailure[], a: AnswerView): TraceStep | null {
  if (failures.length === 0 || a.trace.length === 0) return null;
  const earliest = Math.min(...failures.map((f) => STAGE_ORDER.indexOf(f.stage)));
  const stage = STAGE_ORDER[earliest];
  const step = a.trace.find((s) => s.stage === stage) ?? a.trace[a.trace.length - 1];
  if (!step || !isStage(step.stage)) return null;
  return { stage: step.stage, ok: step.ok, detail: step.detail };
}

function compareNative(check: Extract<CaseCheck, { format: 'RouteTests' }>, a: AnswerView): Compared[] {
  const e = check.expect;
  const out: Compared[] = [];
  const add = (field: ExpectField, expected: unknown, actual: unknown, equal: boolean, note: string | null = null): void => {
    out.push({ field, expected, actual, equal, stage: NATIVE_STAGE[field], note, site: check.sites[field] });
  };
  const names = a.clusters.map((c) => c.name);
  if (e.outcome !== undefined) add('outcome', e.outcome, a.outcome, e.outcome === a.outcome);
  if (e.status !== undefined) add('status', e.status, a.status, e.status === a.status);
  if (e.cluster !== undefined) add('cluster', e.cluster, names.length === 1 ? names[0] : names.length === 0 ? null : names, names.length === 1 && names[0] === e.cluster);
  if (e.clusters !== undefined) add('clusters', e.clusters, a.clusters, sameClusters(e.clusters, a.clusters));
  if (e.virtualService !== undefined) add('virtualService', e.virtualService, a.virtualService, e.virtualService === a.virtualService);
  if (e.httpRoute !== undefined) {
    if (a.httpRoute === undefined) add('httpRoute', e.httpRoute, null, false, NO_HTTP_ROUTE);
    else add('httpRoute', e.httpRoute, a.httpRoute, e.httpRoute === a.httpRoute);
  }
  if (e.location !== undefined) add('location', e.location, a.location, e.location === a.location);
  const action = a.action;
  if (e.upstream !== undefined) {
    const up = action?.upstream ?? null;
    const actual = up ? { ...(e.upstream.path !== undefined ? { path: up.path } : {}), ...(e.upstream.authority !== undefined ? { authority: up.authority } : {}) } : null;
    const equal = up !== null && (e.upstream.path === undefined || e.upstream.path === up.path) && (e.upstream.authority === undefined || e.upstream.authority === up.authority);
    add('upstream', e.upstream, actual, equal, action === undefined ? NO_ACTION : null);
  }
  if (e.timeout !== undefined) {
    const t = action?.timeout ?? null;
    add('timeout', e.timeout, t, t === e.timeout, action === undefined ? NO_ACTION : null);
  }
  if (e.retries !== undefined) {
    // `retries: null` in explain's JSON is a route that does not retry: attempts 0.
    const attempts = action === undefined || action === null ? null : (action.retries?.attempts ?? 0);
    add('retries', e.retries, attempts === null ? null : { attempts }, attempts === e.retries.attempts, action === undefined ? NO_ACTION : null);
  }
  return out;
}

/** Order-insensitive; a weight the test leaves out is not compared. */
function sameClusters(expected: readonly { name: string; weight?: number | undefined }[], actual: readonly { name: string; weight: number }[]): boolean {
  if (expected.length !== actual.length) return false;
  const left = [...actual];
  for (const x of expected) {
    const i = left.findIndex((c) => c.name === x.name && (x.weight === undefined || x.weight === c.weight));
    if (i < 0) return false;
    left.splice(i, 1);
  }
  return true;
}

// ---- istio-config-validator -------------------------------------------------------------------

interface RuleContext {
  /** The root VirtualService's rule that matched, as written. */
  root: HttpRoute | undefined;
  rootNamespace: string | undefined;
  /** The delegate's rule that matched, when the root rule delegates. */
  effective: HttpRoute | undefined;
  delegated: boolean;
  effectiveNamespace: string | undefined;
}

function ruleContext(a: AnswerView, config: ConfigStore): RuleContext {
  const find = (nsName: string | null | undefined, http: number | undefined): { rule: HttpRoute | undefined; namespace: string | undefined } => {
    if (!nsName || http === undefined) return { rule: undefined, namespace: undefined };
    const slash = nsName.indexOf('/');
    const vs = config.get('VirtualService', nsName.slice(0, slash), nsName.slice(slash + 1));
    return { rule: vs?.spec.http?.[http], namespace: vs?.namespace };
  };
  const root = find(a.virtualService, a.rule?.http);
  const del = a.delegate ? find(a.delegate.virtualService, a.delegate.rule.http) : { rule: undefined, namespace: undefined };
  return {
    root: root.rule,
    rootNamespace: root.namespace,
    effective: a.delegate ? del.rule : root.rule,
    delegated: Boolean(a.delegate),
    effectiveNamespace: a.delegate ? del.namespace : root.namespace,
  };
}

function compareIcv(check: Extract<CaseCheck, { format: 'istio-config-validator' }>, a: AnswerView, config: ConfigStore): Compared[] {
  const c = check.expect;
  const ctx = ruleContext(a, config);
  const out: Compared[] = [];
  const add = (field: IcvField, expected: unknown, actual: unknown, equal: boolean, note: string | null = null): void => {
    out.push({ field, expected, actual, equal, stage: ICV_STAGE[field], note, site: check.sites[field] });
  };
  if (c.route !== undefined) {
    const ns = ctx.effectiveNamespace ?? config.options.defaultNamespace;
    const expected = expectedDestinations(c.route, ns, config.options.domainSuffix);
    const actual = (a.action ? a.action.destinations.map((d) => ({ name: d.cluster, weight: d.weight })) : a.routeClusters).filter((d) => d.weight > 0);
    // Without `action`, a rule that answers itself (a fault abort) shows no route clusters although it names destinations.
    const unknown = a.action === undefined && actual.length === 0 && (ctx.effective?.route?.length ?? 0) > 0;
    add('route', expected.map(describeDestination), actual.map((d) => (actual.length > 1 ? `${d.name} (weight ${d.weight})` : d.name)), sameDestinations(expected, actual), unknown ? NO_ACTION : null);
  }
  for (const f of ['rewrite', 'redirect', 'fault', 'headers'] as const) {
    const want = c[f];
    if (want === undefined) continue;
    // Istio's mergeHTTPRoute: a delegate rule keeps its own fields and takes the root rule's rewrite,
    // fault and headers when it has none (never its redirect).
    const have = ctx.delegated ? (ctx.effective?.[f] ?? (f === 'redirect' ? undefined : ctx.root?.[f])) : ctx.root?.[f];
    add(f, canonical(want) ?? {}, canonical(have) ?? null, sameJson(canonical(want), canonical(have)));
  }
  if (c.delegate !== undefined) {
    const have = ctx.root?.delegate;
    const ns = ctx.rootNamespace ?? config.options.defaultNamespace;
    const want = { name: c.delegate.name ?? '', namespace: c.delegate.namespace || ns };
    const actual = have ? { name: have.name ?? '', namespace: have.namespace || ns } : null;
    add('delegate', want, actual, actual !== null && actual.name === want.name && actual.namespace === want.namespace);
  }
  return out;
}

interface ExpectedDestination {
  host: string;
  port: number | undefined;
  subset: string;
  weight: number | undefined;
}

function expectedDestinations(route: NonNullable<IcvCase['route']>, namespace: string, domainSuffix: string): ExpectedDestination[] {
  // Envoy never sends to a weight-0 destination, and explain lists none: neither does the test.
  const listed = route.filter((d) => d.weight === undefined || d.weight > 0);
  return listed.map((d) => ({
    host: resolveShortnameToFqdn(d.destination.host, namespace, domainSuffix),
    port: d.destination.port?.number,
    subset: d.destination.subset ?? '',
    // A lone destination without a weight gets all the traffic, as in Istio.
    weight: d.weight ?? (listed.length === 1 ? 100 : undefined),
  }));
}

function describeDestination(d: ExpectedDestination): string {
  return `outbound|${d.port ?? '*'}|${d.subset}|${d.host}${d.weight !== undefined && d.weight !== 100 ? ` (weight ${d.weight})` : ''}`;
}

/** `outbound|port|subset|host` (gateway and sidecar clusters alike); undefined for any other name. */
function parseCluster(name: string): { port: number; subset: string; host: string } | undefined {
  const parts = name.split('|');
  if (parts.length !== 4 || parts[0] !== 'outbound') return undefined;
  return { port: Number(parts[1]), subset: parts[2] ?? '', host: parts[3] ?? '' };
}

function sameDestinations(expected: readonly ExpectedDestination[], actual: readonly { name: string; weight: number }[]): boolean {
  if (expected.length !== actual.length) return false;
  const left = actual.map((a) => ({ ...a, parsed: parseCluster(a.name) }));
  for (const e of expected) {
    const i = left.findIndex(({ parsed, weight }) => parsed !== undefined && parsed.host === e.host && parsed.subset === e.subset && (e.port === undefined || parsed.port === e.port) && (e.weight === undefined || e.weight === weight));
    if (i < 0) return false;
    left.splice(i, 1);
  }
  return true;
}

/** A value with its empty parts dropped and keys sorted: Go's omitempty, so `{}` and absent compare equal. */
export function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.length === 0 ? undefined : v.map((x) => canonical(x) ?? null);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    for (const k of Object.keys(v).sort()) {
      const c = canonical((v as Record<string, unknown>)[k]);
      if (c !== undefined) out[k] = c;
    }
    return Object.keys(out).length === 0 ? undefined : out;
  }
  return v === false || v === 0 || v === '' || v === null ? undefined : v;
}

const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
