// One HTTPRoute or GRPCRoute rule (with at most one match) → one VirtualService HTTP route
// (conversion.go convertHTTPRoute, convertGRPCRoute and their create*/build* helpers). Invalid backends
// are kept as `destination: {}` (unsupported kind, not permitted) or their computed host (not found),
// with an error for the route's ResolvedRefs condition; other errors drop the whole route.
import type { ConfigIndex } from '../../model/configIndex.js';
import type { Path } from '../../load/sourceMap.js';
import type { StringMatch } from '../../schema/common.js';
import type {
  BackendObjectReference,
  CorsFilter,
  GrpcRouteFilter,
  GrpcRouteMatch,
  GrpcRouteRule,
  HeaderFilter,
  HttpBackendRef,
  HttpRouteFilter,
  HttpRouteMatch,
  HttpRouteRule,
  RequestMirror,
  RequestRedirect,
  UrlRewrite,
} from '../../schema/kinds/gatewayApi.js';
import type { CorsPolicy, Destination, Headers, HttpMatchRequest, HttpMirrorPolicy, HttpRedirect, HttpRewrite, HttpRoute, HttpRouteDestination } from '../../schema/kinds/virtualService.js';
import { configError, joinErrors } from './conditions.js';
import type { ReferenceGrants } from './references.js';
import type { ServiceRegistry } from './registry.js';
import { GK, groupKind, type ConfigError, type GroupKind } from './types.js';

export interface RouteContext {
  index: ConfigIndex;
  grants: ReferenceGrants;
  registry: ServiceRegistry;
  domainSuffix: string;
  /** Problems istiod accepts silently (no status condition), collected for gwctl's own findings. */
  notes?: BackendPortNote[];
  /** Every backendRef error (istiod's status keeps only the last one of a route). */
  backendErrors?: ConfigError[];
}

/** A backendRef to a port its Service does not have: accepted, but no cluster exists (500). */
export interface BackendPortNote {
  path: Path;
  service: { namespace: string; name: string };
  port: number;
  ports: number[];
}

/** Errors whose backend is dropped gracefully (the route is kept, the condition says why). */
const INVALID_BACKEND = new Set(['RefNotPermitted', 'BackendNotFound', 'InvalidKind']);

// ---- durations ----------------------------------------------------------------------------------

/** Go time.ParseDuration for Gateway API durations, in nanoseconds (BigInt-free: < 2^53 for these). */
function durationNanos(d: string): number {
  let total = 0;
  for (const m of d.matchAll(/([0-9]+(?:\.[0-9]+)?)(ns|us|µs|ms|h|m|s)/g)) {
    const n = Number(m[1]);
    const unit = m[2];
    total += n * (unit === 'h' ? 3.6e12 : unit === 'm' ? 6e10 : unit === 's' ? 1e9 : unit === 'ms' ? 1e6 : unit === 'ns' ? 1 : 1e3);
  }
  return Math.round(total);
}

/** protobuf JSON for a Duration ("10s", "0.001s", "1.500s"). */
export function protoDuration(nanos: number): string {
  const secs = Math.trunc(nanos / 1e9);
  const frac = Math.abs(nanos % 1e9);
  if (frac === 0) return `${secs}s`;
  let f = String(frac).padStart(9, '0');
  if (f.endsWith('000')) f = f.slice(0, -3);
  if (f.endsWith('000')) f = f.slice(0, -3);
  return `${secs}.${f}s`;
}

// ---- matches ------------------------------------------------------------------------------------

function uriMatch(m: HttpRouteMatch): StringMatch {
  const type = m.path?.type ?? 'PathPrefix';
  let value = m.path?.value ?? '/';
  if (type === 'Exact') return { exact: value };
  if (type === 'RegularExpression') return { regex: value };
  // "When specified, a trailing `/` is ignored."
  if (value !== '/' && value.endsWith('/')) value = value.slice(0, -1);
  return { prefix: value };
}

function valueMatches(list: readonly { name: string; value: string; type?: 'Exact' | 'RegularExpression' | undefined }[] | undefined): Record<string, StringMatch> | undefined {
  if (!list || list.length === 0) return undefined;
  const out: Record<string, StringMatch> = Object.create(null) as Record<string, StringMatch>;
  for (const h of list) out[h.name] = (h.type ?? 'Exact') === 'Exact' ? { exact: h.value } : { regex: h.value };
  return { ...out };
}

function httpMatch(m: HttpRouteMatch): HttpMatchRequest {
  const out: HttpMatchRequest = { uri: uriMatch(m) };
  const headers = valueMatches(m.headers);
  if (headers) out.headers = headers;
  const qp = valueMatches(m.queryParams);
  if (qp) out.queryParams = qp;
  if (m.method) out.method = { exact: m.method };
  return out;
}

function grpcUri(m: GrpcRouteMatch, at: Path): { uri?: StringMatch; error?: ConfigError } {
  const method = m.method;
  if (!method) return {};
  if (method.method === undefined && method.service === undefined) {
    return { error: configError('InvalidConfiguration', 'gRPC match must have method or service defined', at) };
  }
  if ((method.type ?? 'Exact') === 'Exact') {
    if (method.method === undefined) return { uri: { prefix: `/${method.service}/` } };
    if (method.service === undefined) return { uri: { regex: `/[^/]+/${method.method}` } };
    return { uri: { exact: `/${method.service}/${method.method}` } };
  }
  if (method.method === undefined) return { uri: { regex: `/${method.service}/.+` } };
  if (method.service === undefined) return { uri: { regex: `/[^/]+/${method.method}` } };
  return { uri: { regex: `/${method.service}/${method.method}` } };
}

// ---- filters ------------------------------------------------------------------------------------

const validHeaderValue = (v: string): boolean => [...Buffer.from(v, 'utf8')].every((c) => c === 0x09 || (c >= 0x20 && c !== 0x7f));

function headerMap(list: readonly { name: string; value: string }[] | undefined): Record<string, string> | undefined {
  if (!list || list.length === 0) return undefined;
  const out = new Map<string, string>();
  for (const h of list) {
    const k = h.name.toLowerCase();
    // "Subsequent entries with an equivalent header name MUST be ignored."
    if (!out.has(k)) out.set(k, h.value);
  }
  return Object.fromEntries(out);
}

function headerOperations(f: HeaderFilter, at: Path): { ops?: NonNullable<Headers['request']>; error?: ConfigError } {
  for (const h of [...(f.set ?? []), ...(f.add ?? [])]) {
    if (!validHeaderValue(h.value)) return { error: configError('InvalidFilter', `header "${h.name}" value contains invalid characters`, at) };
  }
  const ops: NonNullable<Headers['request']> = {};
  const add = headerMap(f.add);
  const set = headerMap(f.set);
  if (add) ops.add = add;
  if (f.remove) ops.remove = [...f.remove];
  if (set) ops.set = set;
  return { ops };
}

function redirect(f: RequestRedirect): HttpRedirect {
  const out: HttpRedirect = {};
  if (f.statusCode !== undefined) out.redirectCode = f.statusCode;
  if (f.hostname !== undefined) out.authority = f.hostname;
  if (f.scheme !== undefined) out.scheme = f.scheme;
  if (f.port !== undefined) out.port = f.port;
  // "When empty, port (if specified) of the request is used" — unlike Istio's own default.
  else out.derivePort = f.scheme !== undefined ? 'FROM_PROTOCOL_DEFAULT' : 'FROM_REQUEST_PORT';
  if (f.path?.type === 'ReplaceFullPath') out.uri = f.path.replaceFullPath ?? '';
  else if (f.path?.type === 'ReplacePrefixMatch') out.prefixRewrite = f.path.replacePrefixMatch ?? '';
  return out;
}

function rewrite(f: UrlRewrite): HttpRewrite | undefined {
  const out: HttpRewrite = {};
  if (f.path?.type === 'ReplacePrefixMatch') {
    let uri = f.path.replacePrefixMatch ?? '';
    if (uri.endsWith('/')) uri = uri.slice(0, -1);
    // `/` means removing the prefix.
    out.uri = uri === '' ? '/' : uri;
  } else if (f.path?.type === 'ReplaceFullPath') {
    out.uriRegexRewrite = { match: '/.*', rewrite: f.path.replaceFullPath ?? '' };
  }
  if (f.hostname !== undefined) out.authority = f.hostname;
  if (out.uri === undefined && out.uriRegexRewrite === undefined && out.authority === undefined) return undefined;
  return out;
}

function escapeRegex(s: string): string {
  return s.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}

function cors(f: CorsFilter): CorsPolicy {
  const out: CorsPolicy = {};
  const origins: StringMatch[] = [];
  for (const o of f.allowOrigins ?? []) {
    if (o.length === 0) continue;
    if (o === '*') origins.push({ regex: '^[a-zA-Z][a-zA-Z0-9+.-]*://[^/\\s?#]+$' });
    else if (!o.includes('*')) origins.push({ exact: o });
    else if (o.indexOf('*') === o.length - 1) origins.push({ prefix: o.slice(0, -1) });
    else origins.push({ regex: `^${escapeRegex(o).replace(/\\\*/g, '.*')}$` });
  }
  if (origins.length > 0) out.allowOrigins = origins;
  if (f.allowCredentials === true) out.allowCredentials = true;
  if (f.allowMethods?.length) out.allowMethods = [...f.allowMethods];
  if (f.allowHeaders?.length) out.allowHeaders = [...f.allowHeaders];
  if (f.exposeHeaders?.length) out.exposeHeaders = [...f.exposeHeaders];
  if ((f.maxAge ?? 0) > 0) out.maxAge = `${f.maxAge}s`;
  out.unmatchedPreflights = 'IGNORE';
  return out;
}

// ---- destinations -------------------------------------------------------------------------------

/** buildDestination. `routeKind` is the referencing kind for ReferenceGrant checks. */
export function buildDestination(
  ctx: RouteContext,
  to: BackendObjectReference,
  ns: string,
  enforceRefGrant: boolean,
  routeKind: GroupKind,
  at: Path,
): { destination: Destination | undefined; error?: ConfigError } {
  const r = resolveDestination(ctx, to, ns, enforceRefGrant, routeKind, at);
  if (r.error) ctx.backendErrors?.push(r.error);
  return r;
}

function resolveDestination(
  ctx: RouteContext,
  to: BackendObjectReference,
  ns: string,
  enforceRefGrant: boolean,
  routeKind: GroupKind,
  at: Path,
): { destination: Destination | undefined; error?: ConfigError } {
  const ref = groupKind(to.group, to.kind, GK.Service);
  if (enforceRefGrant && to.namespace !== undefined && to.namespace !== ns) {
    if (!ctx.grants.allowed(routeKind, ns, ref, to.namespace, to.name)) {
      return {
        destination: { host: '' },
        error: configError(
          'RefNotPermitted',
          `backendRef ${to.name}/${to.namespace} not accessible to a ${routeKind.slice(routeKind.indexOf('/') + 1)} in namespace "${ns}" (missing a ReferenceGrant?)`,
          at,
        ),
      };
    }
  }
  const namespace = to.namespace ?? ns;
  let hostname: string;
  let error: ConfigError | undefined;
  switch (ref) {
    case GK.Service:
    case GK.ServiceImport: {
      if (ref === GK.Service && to.name.includes('.')) {
        return { destination: undefined, error: configError('InvalidDestination', 'service name invalid; the name of the Service must be used, not the hostname.', at) };
      }
      // ServiceImport without PILOT_ENABLE_MCS_HOST is treated as the Service of the same name.
      hostname = `${to.name}.${namespace}.svc.${ctx.domainSuffix}`;
      const svc = ctx.index.get('Service', namespace, to.name);
      if (!svc) error = configError('BackendNotFound', `backend(${hostname}) not found`, at);
      else if (to.port !== undefined && ref === GK.Service) {
        const ports = (svc.spec.ports ?? []).map((p) => p.port);
        if (!ports.includes(to.port)) ctx.notes?.push({ path: at, service: { namespace, name: to.name }, port: to.port, ports });
      }
      break;
    }
    case GK.Hostname:
      if (to.namespace !== undefined) return { destination: undefined, error: configError('InvalidDestination', 'namespace may not be set with Hostname type', at) };
      hostname = to.name;
      if (!ctx.registry.service(hostname, namespace)) error = configError('BackendNotFound', `backend(${hostname}) not found`, at);
      break;
    case GK.InferencePool:
      // ENABLE_GATEWAY_API_INFERENCE_EXTENSION defaults to false.
      return {
        destination: { host: '' },
        error: configError('InvalidKind', 'InferencePool is not enabled. To enable, set ENABLE_GATEWAY_API_INFERENCE_EXTENSION to true in istiod', at),
      };
    case GK.XBackend:
      // PILOT_ENABLE_ALPHA_GATEWAY_API defaults to false.
      return {
        destination: { host: '' },
        error: configError(
          'InvalidKind',
          'The Alpha Gateway API is not enabled, XBackend is invalid. To enable, set PILOT_ENABLE_ALPHA_GATEWAY_API to true in istiod.',
          at,
        ),
      };
    default:
      return {
        destination: { host: '' },
        error: configError('InvalidKind', `referencing unsupported backendRef: group "${to.group ?? ''}" kind "${to.kind ?? ''}"`, at),
      };
  }
  if (to.port === undefined) return { destination: undefined, error: configError('InvalidDestination', 'port is required in backendRef', at) };
  const destination: Destination = { host: hostname, port: { number: to.port } };
  return error ? { destination, error } : { destination };
}

function mirror(ctx: RouteContext, f: RequestMirror, ns: string, enforceRefGrant: boolean, kind: GroupKind, at: Path): { mirror?: HttpMirrorPolicy; error?: ConfigError } {
  const d = buildDestination(ctx, f.backendRef, ns, enforceRefGrant, kind, [...at, 'backendRef']);
  if (d.error) return { error: d.error };
  const out: HttpMirrorPolicy = { destination: d.destination ?? { host: '' } };
  if (f.fraction) out.percentage = { value: (100 * f.fraction.numerator) / (f.fraction.denominator ?? 100) };
  else if (f.percent !== undefined) out.percentage = { value: f.percent };
  return { mirror: out };
}

type AnyBackend = HttpBackendRef;

/** buildHTTPDestination / buildGRPCDestination: weights, invalid backends kept, per-backend header filters. */
function httpDestinations(
  ctx: RouteContext,
  backends: readonly AnyBackend[],
  ns: string,
  enforceRefGrant: boolean,
  kind: GroupKind,
  at: Path,
  grpc: boolean,
): { route: HttpRouteDestination[]; backendError?: ConfigError; error?: ConfigError } {
  const action: { b: AnyBackend; i: number; weight: number }[] = [];
  backends.forEach((b, i) => {
    const w = b.weight ?? 1;
    if (w !== 0) action.push({ b, i, weight: w });
  });
  const single = action.length === 1;
  let backendError: ConfigError | undefined;
  const route: HttpRouteDestination[] = [];
  for (const { b, i, weight } of action) {
    const bat = [...at, 'backendRefs', i];
    const d = buildDestination(ctx, b, ns, enforceRefGrant, kind, bat);
    if (d.error) {
      if (INVALID_BACKEND.has(d.error.reason)) backendError = d.error;
      else return { route: [], error: d.error };
    }
    const rd: HttpRouteDestination = { destination: d.destination ?? { host: '' } };
    if (!single) rd.weight = weight;
    for (const [j, f] of (b.filters ?? []).entries()) {
      const fat = [...bat, 'filters', j];
      if (f.type === 'RequestHeaderModifier' || f.type === 'ResponseHeaderModifier') {
        const spec = f.type === 'RequestHeaderModifier' ? f.requestHeaderModifier : f.responseHeaderModifier;
        if (!spec) continue;
        const h = headerOperations(spec, fat);
        if (h.error) return { route: [], error: h.error };
        rd.headers = { ...(rd.headers ?? {}), [f.type === 'RequestHeaderModifier' ? 'request' : 'response']: h.ops };
      } else {
        return { route: [], error: configError('InvalidFilter', `unsupported filter type "${f.type}"`, fat) };
      }
    }
    route.push(rd);
  }
  void grpc;
  return backendError ? { route, backendError } : { route };
}

const weightSum = (backends: readonly { weight?: number | undefined }[] | undefined): number => (backends ?? []).reduce((n, b) => n + (b.weight ?? 1), 0);

export interface ConvertedRule {
  /** undefined: a hard error dropped the rule (and the route's conversion). */
  route: HttpRoute | undefined;
  error?: ConfigError | undefined;
}

const ruleName = (rule: { name?: string | undefined }, ns: string, name: string, pos: number): string => rule.name ?? `${ns}.${name}.${pos}`;

function applyHeaderFilter(out: HttpRoute, which: 'request' | 'response', spec: HeaderFilter | undefined, at: Path): ConfigError | undefined {
  if (!spec) return undefined;
  const h = headerOperations(spec, at);
  if (h.error) return h.error;
  out.headers = { ...(out.headers ?? {}), [which]: h.ops };
  return undefined;
}

/** convertHTTPRoute for rule `pos` restricted to `match` (undefined: the rule has no matches). */
export function convertHttpRule(
  ctx: RouteContext,
  rule: HttpRouteRule,
  match: HttpRouteMatch | undefined,
  route: { namespace: string; name: string },
  pos: number,
  enforceRefGrant: boolean,
): ConvertedRule {
  const at: Path = ['spec', 'rules', pos];
  const out: HttpRoute = { name: ruleName(rule, route.namespace, route.name, pos) };
  if (match) out.match = [httpMatch(match)];
  let mirrorError: ConfigError | undefined;
  for (const [i, f] of (rule.filters ?? []).entries()) {
    const fat = [...at, 'filters', i];
    const fail = (e: ConfigError | undefined): ConvertedRule | undefined => (e ? { route: undefined, error: e } : undefined);
    switch (f.type) {
      case 'RequestHeaderModifier': {
        const r = fail(applyHeaderFilter(out, 'request', f.requestHeaderModifier, fat));
        if (r) return r;
        break;
      }
      case 'ResponseHeaderModifier': {
        const r = fail(applyHeaderFilter(out, 'response', f.responseHeaderModifier, fat));
        if (r) return r;
        break;
      }
      case 'RequestRedirect':
        if (f.requestRedirect) out.redirect = redirect(f.requestRedirect);
        break;
      case 'RequestMirror':
        if (f.requestMirror) {
          const m = mirror(ctx, f.requestMirror, route.namespace, enforceRefGrant, GK.HTTPRoute, [...fat, 'requestMirror']);
          if (m.error) mirrorError = m.error;
          else if (m.mirror) out.mirrors = [...(out.mirrors ?? []), m.mirror];
        }
        break;
      case 'URLRewrite': {
        const rw = f.urlRewrite ? rewrite(f.urlRewrite) : undefined;
        if (rw) out.rewrite = rw;
        else delete out.rewrite;
        break;
      }
      case 'CORS':
        if (f.cors) out.corsPolicy = cors(f.cors);
        break;
      default:
        return { route: undefined, error: configError('InvalidFilter', `unsupported filter type "${f.type}"`, [...fat, 'type']) };
    }
  }
  if (rule.retry) {
    const retryOn = ['connect-failure', 'refused-stream', 'unavailable', 'cancelled', ...(rule.retry.codes ?? []).map(String)];
    const attempts = rule.retry.attempts ?? 2;
    out.retries = { attempts, retryOn: attempts === 0 ? '' : retryOn.join(',') };
    if (rule.retry.backoff !== undefined) out.retries.backoff = protoDuration(durationNanos(rule.retry.backoff));
  }
  if (rule.timeouts) {
    if (rule.timeouts.request !== undefined) {
      const n = durationNanos(rule.timeouts.request);
      if (n !== 0) out.timeout = protoDuration(n);
    }
    if (rule.timeouts.backendRequest !== undefined) {
      const n = durationNanos(rule.timeouts.backendRequest);
      if (n !== 0) {
        if (out.retries) out.retries.perTryTimeout = protoDuration(n);
        else out.timeout = protoDuration(n);
      }
    }
  }
  if (weightSum(rule.backendRefs) === 0 && out.redirect === undefined) {
    // "when there are no >0 weight backends, return 500"
    out.directResponse = { status: 500 };
    return { route: out, error: mirrorError };
  }
  const d = httpDestinations(ctx, rule.backendRefs ?? [], route.namespace, enforceRefGrant, GK.HTTPRoute, at, false);
  if (d.error) return { route: undefined, error: d.error };
  if (rule.backendRefs !== undefined) out.route = d.route;
  return { route: out, error: joinErrors(d.backendError, mirrorError) };
}

/** convertGRPCRoute for rule `pos` restricted to `match`. */
export function convertGrpcRule(
  ctx: RouteContext,
  rule: GrpcRouteRule,
  match: GrpcRouteMatch | undefined,
  route: { namespace: string; name: string },
  pos: number,
  matchIndex: number,
  enforceRefGrant: boolean,
): ConvertedRule {
  const at: Path = ['spec', 'rules', pos];
  const out: HttpRoute = { name: ruleName(rule, route.namespace, route.name, pos) };
  if (match) {
    const u = grpcUri(match, [...at, 'matches', matchIndex, 'method']);
    if (u.error) return { route: undefined, error: u.error };
    const m: HttpMatchRequest = {};
    if (u.uri) m.uri = u.uri;
    const headers = valueMatches(match.headers);
    if (headers) m.headers = headers;
    out.match = [m];
  }
  for (const [i, f] of (rule.filters ?? []).entries()) {
    const fat = [...at, 'filters', i];
    const ff: GrpcRouteFilter = f;
    if (ff.type === 'RequestHeaderModifier' || ff.type === 'ResponseHeaderModifier') {
      const e = applyHeaderFilter(out, ff.type === 'RequestHeaderModifier' ? 'request' : 'response', ff.type === 'RequestHeaderModifier' ? ff.requestHeaderModifier : ff.responseHeaderModifier, fat);
      if (e) return { route: undefined, error: e };
    } else if (ff.type === 'RequestMirror') {
      if (!ff.requestMirror) continue;
      const m = mirror(ctx, ff.requestMirror, route.namespace, enforceRefGrant, GK.GRPCRoute, [...fat, 'requestMirror']);
      if (m.error) return { route: undefined, error: m.error };
      if (m.mirror) out.mirrors = [...(out.mirrors ?? []), m.mirror];
    } else {
      return { route: undefined, error: configError('InvalidFilter', `unsupported filter type "${ff.type}"`, [...fat, 'type']) };
    }
  }
  if (weightSum(rule.backendRefs) === 0) {
    out.directResponse = { status: 500 };
    return { route: out };
  }
  const d = httpDestinations(ctx, rule.backendRefs ?? [], route.namespace, enforceRefGrant, GK.GRPCRoute, at, true);
  if (d.error) return { route: undefined, error: d.error };
  if (rule.backendRefs !== undefined) out.route = d.route;
  return { route: out, error: d.backendError };
}

export type { HttpRouteFilter };
