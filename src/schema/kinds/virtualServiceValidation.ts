// Istio webhook checks for VirtualService (ValidateVirtualService, validateHTTPRoute and friends in
// pkg/config/validation/{validation,virtualservice}.go, istio 86c9f01fd735), plus the name, duration,
// regex and exportTo checks the other networking kinds share. Written from the behaviour, not copied.
import type { Path } from '../../load/sourceMap.js';
import { hostSubsetOf } from '../hostNames.js';
import type { SemanticReport } from '../common.js';
import { short } from '../validateNames.js';
import { overlappingHostPairs } from '../overlappingHosts.js';
import type { HttpMatchRequest, HttpMirrorPolicy, HttpRoute, HttpRouteDestination, RouteDestination, VirtualServiceSpec } from './virtualServiceSpec.js';
import { detached } from '../../load/detach.js';
import { checkDuration, destinationProblem, domainPrecondition, HEADER_NAME, isAuthority, headerNameProblem, ipSubnetProblem, isDnsLabel, isIp, isJwtClaimHeader, portProblem, regexProblem, validateDestination, validateExportTo, validateGatewayNames, validateHeaderOperations, stringMatchProblem, validateLabels, validateStringMatch, wildcardDomainProblem } from '../istioChecks.js';

// ---- VirtualService ------------------------------------------------------------------------------
//
// Paths of findings are built only where a field is present: these checks run on every route of
// every VirtualService, and paths built for absent fields were most of what loading allocated.

const MATCH_HEADER_FIELDS = ['headers', 'withoutHeaders'] as const;
const MATCH_STRING_FIELDS = ['scheme', 'method', 'authority'] as const;
const HEADER_OPS = ['set', 'add'] as const;

export function validateVirtualService(spec: VirtualServiceSpec, report: SemanticReport): void {
  const hosts = spec.hosts ?? [];
  const gateways = spec.gateways ?? [];
  const isDelegate = hosts.length === 0;
  if (isDelegate) {
    const why = 'a VirtualService without hosts is a delegate and must not set';
    if (gateways.length > 0) report.error(['spec', 'gateways'], `${why} gateways`);
    if ((spec.tls ?? []).length > 0) report.error(['spec', 'tls'], `${why} tls routes`);
    if ((spec.tcp ?? []).length > 0) report.error(['spec', 'tcp'], `${why} tcp routes`);
  }
  const appliesToGateway = gateways.length > 0 && !gateways.includes('mesh');
  const appliesToMesh = !appliesToGateway;
  if (gateways.length > 0) validateGatewayNames(gateways, ['spec', 'gateways'], report);

  if (!appliesToGateway) {
    const http = spec.http ?? [];
    for (let i = 0; i < http.length; i++) {
      const matches = http[i]?.match ?? [];
      for (let j = 0; j < matches.length; j++) {
        const m = matches[j] as HttpMatchRequest;
        for (const field of MATCH_HEADER_FIELDS) {
          const headers = m[field];
          if (headers === undefined) continue;
          for (const key in headers) {
            if (isJwtClaimHeader(key)) {
              report.error(['spec', 'http', i, 'match', j, field, key], `routing on JWT claims ("${short(key)}") only works on gateways, but this VirtualService applies to the mesh`);
            }
          }
        }
      }
    }
  }

  const sni = (spec.tls ?? []).some((t) => t.match.some((m) => m.sniHosts.length > 0));
  let allHostsValid = true;
  for (let i = 0; i < hosts.length; i++) {
    const h = hosts[i] as string;
    const problem = appliesToGateway ? gatewayBoundDomainProblem(sni, h) : wildcardDomainProblem(h);
    if (problem) {
      if (!isIp(h)) {
        report.error(['spec', 'hosts', i], problem);
        allHostsValid = false;
      }
    } else if (appliesToMesh && h === '*') {
      report.error(['spec', 'hosts', i], 'host "*" is not allowed on a VirtualService that applies to the mesh (gateways empty or containing "mesh")');
      allHostsValid = false;
    }
  }
  if (allHostsValid) {
    // Indexed rather than Istio's double loop: 100,000 hosts must not take minutes.
    const overlaps = overlappingHostPairs(hosts, 100);
    for (const [i, j] of overlaps.pairs) {
      report.error(['spec', 'hosts', j], `hosts "${short(hosts[i] ?? '')}" and "${short(hosts[j] ?? '')}" overlap; each host may appear only once in a VirtualService`);
    }
    if (overlaps.truncated) report.error(['spec', 'hosts'], 'more than 100 pairs of hosts overlap; only the first 100 are listed');
  }

  if ((spec.http ?? []).length === 0 && (spec.tcp ?? []).length === 0 && (spec.tls ?? []).length === 0) {
    report.error(['spec'], 'a VirtualService must have at least one http, tcp or tls route');
  }
  const http = spec.http ?? [];
  for (let i = 0; i < http.length; i++) validateHttpRoute(http[i] as HttpRoute, ['spec', 'http', i], i, isDelegate, report);
  (spec.tls ?? []).forEach((t, i) => {
    const at: Path = ['spec', 'tls', i];
    if (t.match.length === 0) report.error([...at, 'match'], `tls[${i}] must have at least one match`);
    t.match.forEach((m, j) => {
      const mAt: Path = [...at, 'match', j];
      if (m.sniHosts.length === 0) report.error([...mAt, 'sniHosts'], `tls[${i}].match[${j}] must list at least one SNI host`);
      m.sniHosts.forEach((s, k) => validateSniHost(s, spec, [...mAt, 'sniHosts', k], report));
      validateL4Match(m, mAt, report);
    });
    if ((t.route ?? []).length === 0) report.error(at, `tls[${i}] must have at least one route`);
    validateDestinations(t.route ?? [], [...at, 'route'], report);
  });
  (spec.tcp ?? []).forEach((t, i) => {
    const at: Path = ['spec', 'tcp', i];
    (t.match ?? []).forEach((m, j) => validateL4Match(m, [...at, 'match', j], report));
    if ((t.route ?? []).length === 0) report.error(at, `tcp[${i}] must have at least one route`);
    validateDestinations(t.route ?? [], [...at, 'route'], report);
  });
  validateExportTo(spec.exportTo, ['spec', 'exportTo'], report);
}

/** ValidateWildcardDomainForVirtualServiceBoundToGateway: also accepts outbound_.<port>_._.<host> SNI names. */
function gatewayBoundDomainProblem(sni: boolean, domain: string): string | undefined {
  const pre = domainPrecondition(domain);
  if (pre) return pre;
  if (sni && domain.startsWith('outbound_')) {
    const parts = domain.split('_');
    const format = 'outbound_.<port>_._.<hostname>';
    if (parts.length < 4) return `"${short(domain)}" must follow the ${format} format`;
    const port = (parts[1] ?? '').replace(/^\.+|\.+$/g, '');
    const host = (parts[3] ?? '').replace(/^\.+|\.+$/g, '');
    if (!/[0-9]/.test(port) || !/[a-zA-Z]/.test(host)) return `"${short(domain)}" must follow the ${format} format`;
    return undefined;
  }
  return wildcardDomainProblem(domain);
}

function validateSniHost(sni: string, spec: VirtualServiceSpec, at: Path, report: SemanticReport): void {
  const bound = !(spec.gateways ?? []).includes('mesh');
  const problem = bound ? gatewayBoundDomainProblem(true, sni) : wildcardDomainProblem(sni);
  if (problem) {
    if (isIp(sni)) report.warning(at, `SNI host "${sni}" is an IP address; SNI does not allow this and most clients never send it`);
    else report.error(at, problem);
    return;
  }
  const hosts = spec.hosts ?? [];
  if (!hosts.some((h) => hostSubsetOf(sni, h))) {
    report.error(at, `SNI host "${short(sni)}" is not covered by any of the VirtualService hosts (${hosts.join(', ')})`);
  }
}

function validateL4Match(
  m: { destinationSubnets?: string[] | undefined; port?: number | undefined; sourceLabels?: Record<string, string> | undefined; gateways?: string[] | undefined },
  at: Path,
  report: SemanticReport,
): void {
  (m.destinationSubnets ?? []).forEach((s, k) => {
    const p = ipSubnetProblem(s);
    if (p) report.error([...at, 'destinationSubnets', k], p);
  });
  if (m.port !== undefined && m.port !== 0) {
    const p = portProblem(m.port);
    if (p) report.error([...at, 'port'], p);
  }
  if (m.sourceLabels !== undefined) validateLabels(m.sourceLabels, [...at, 'sourceLabels'], report);
  if (m.gateways !== undefined) validateGatewayNames(m.gateways, [...at, 'gateways'], report);
}

function validateDestinations(dests: readonly (HttpRouteDestination | RouteDestination)[], at: Path, report: SemanticReport): void {
  let total = 0;
  for (let k = 0; k < dests.length; k++) {
    const d = dests[k] as HttpRouteDestination | RouteDestination;
    if ('headers' in d && d.headers !== undefined) validateHeaderOperations(d.headers, [...at, k, 'headers'], report);
    if (d.destination !== undefined && destinationProblem(d.destination)) validateDestination(d.destination, [...at, k, 'destination'], report);
    const w = d.weight ?? 0;
    if (w < 0) report.error([...at, k, 'weight'], `weight ${w} must not be negative`);
    total += w;
  }
  if (dests.length > 1 && total === 0) report.error(at, 'with more than one destination the weights must not all be 0');
}

function percentProblem(value: number | undefined, what: string): string | undefined {
  const v = value ?? 0;
  return v < 0 || v > 100 || (v > 0 && v < 0.0001) ? `${what} ${v} must be 0 or between 0.0001 and 100` : undefined;
}

const CORS_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', '*']);
const GRPC_STATUSES = new Set(['OK', 'CANCELLED', 'UNKNOWN', 'INVALID_ARGUMENT', 'DEADLINE_EXCEEDED', 'NOT_FOUND', 'ALREADY_EXISTS', 'PERMISSION_DENIED', 'RESOURCE_EXHAUSTED', 'FAILED_PRECONDITION', 'ABORTED', 'OUT_OF_RANGE', 'UNIMPLEMENTED', 'INTERNAL', 'UNAVAILABLE', 'DATA_LOSS', 'UNAUTHENTICATED']);
const RETRY_ON = new Set(['5xx', 'gateway-error', 'reset', 'reset-before-request', 'connect-failure', 'retriable-4xx', 'refused-stream', 'retriable-status-codes', 'retriable-headers', 'envoy-ratelimited', 'http3-post-connect-failure', 'cancelled', 'deadline-exceeded', 'internal', 'resource-exhausted', 'unavailable']);
/** HTTP status codes Go's net/http has a text for (what Istio accepts in retryOn). */
const HTTP_STATUSES = new Set([
  100, 101, 102, 103, 200, 201, 202, 203, 204, 205, 206, 207, 208, 226, 300, 301, 302, 303, 304, 305, 307, 308,
  400, 401, 402, 403, 404, 405, 406, 407, 408, 409, 410, 411, 412, 413, 414, 415, 416, 417, 418, 421, 422, 423, 424, 425, 426, 428, 429, 431, 451,
  500, 501, 502, 503, 504, 505, 506, 507, 508, 510, 511,
]);

const exactlyOne = (i: number): string => `http[${i}] must have exactly one of route, redirect or directResponse`;

const NONE: readonly never[] = [];

function validateHttpRoute(r: HttpRoute, at: Path, i: number, isDelegate: boolean, report: SemanticReport): void {
  const routes = r.route ?? NONE;
  if (!isDelegate && r.delegate) {
    if (r.redirect) report.error([...at, 'redirect'], `http[${i}] delegates to another VirtualService and must not set redirect`);
    if (routes.length > 0) report.error([...at, 'route'], `http[${i}] delegates to another VirtualService and must not set route`);
  } else {
    if (isDelegate && r.delegate) report.error([...at, 'delegate'], `http[${i}] is in a delegate VirtualService and cannot delegate again`);
    if (r.redirect) {
      if (routes.length > 0) report.error([...at, 'route'], `${exactlyOne(i)}; it has both redirect and route`);
      if (r.directResponse) report.error([...at, 'directResponse'], `${exactlyOne(i)}; it has both redirect and directResponse`);
      if (r.fault) report.error([...at, 'fault'], `http[${i}] cannot combine redirect with fault`);
      if (r.rewrite) report.error([...at, 'rewrite'], `http[${i}] cannot combine redirect with rewrite`);
    } else if (r.directResponse) {
      if (routes.length > 0) report.error([...at, 'route'], `${exactlyOne(i)}; it has both directResponse and route`);
      if (r.fault) report.error([...at, 'fault'], `http[${i}] cannot combine directResponse with fault`);
      if (r.rewrite) report.error([...at, 'rewrite'], `http[${i}] cannot combine directResponse with rewrite`);
    } else if (routes.length === 0) {
      report.error(at, exactlyOne(i));
    }
  }
  if (r.mirror && (r.mirrors ?? []).length > 0) report.error([...at, 'mirrors'], `http[${i}] cannot set both mirror and mirrors`);

  // Paths built only for a problem: every match of every route comes through here.
  const matches = r.match ?? NONE;
  for (let j = 0; j < matches.length; j++) {
    const m = matches[j] as HttpMatchRequest;
    const headers = m.headers;
    if (headers !== undefined) {
      for (const name in headers) {
        const sm = headers[name];
        const p = headerNameProblem(name);
        if (p) report.error([...at, 'match', j, 'headers', name], p);
        if (stringMatchProblem(sm)) validateStringMatch(sm, [...at, 'match', j, 'headers', name], report);
      }
    }
    const without = m.withoutHeaders;
    if (without !== undefined) {
      for (const name in without) {
        const sm = without[name];
        const p = headerNameProblem(name);
        if (p) report.error([...at, 'match', j, 'withoutHeaders', name], p);
        if (sm !== undefined && sm.regex !== '*' && stringMatchProblem(sm)) validateStringMatch(sm, [...at, 'match', j, 'withoutHeaders', name], report); // "*" means "present"
      }
    }
    if (m.uri !== undefined && stringMatchProblem(m.uri, true)) validateStringMatch(m.uri, [...at, 'match', j, 'uri'], report, true);
    for (const f of MATCH_STRING_FIELDS) {
      const sm = m[f];
      if (sm !== undefined && stringMatchProblem(sm)) validateStringMatch(sm, [...at, 'match', j, f], report);
    }
    const query = m.queryParams;
    if (query !== undefined) {
      for (const name in query) {
        const sm = query[name];
        if (stringMatchProblem(sm)) validateStringMatch(sm, [...at, 'match', j, 'queryParams', name], report);
      }
    }
    if (m.port !== undefined || m.sourceLabels !== undefined || m.gateways !== undefined) {
      validateL4Match({ port: m.port, sourceLabels: m.sourceLabels, gateways: m.gateways }, [...at, 'match', j], report);
    }
    if (m.sourceNamespace && !isDnsLabel(m.sourceNamespace)) report.error([...at, 'match', j, 'sourceNamespace'], `sourceNamespace "${short(m.sourceNamespace)}" must be a namespace name`);
  }

  if (r.headers !== undefined) validateHeaderOperations(r.headers, [...at, 'headers'], report);
  validateCors(r, at, report);
  validateFault(r, at, report);

  if (r.mirrorPercent !== undefined) {
    if (r.mirrorPercent > 100) report.error([...at, 'mirrorPercent'], `mirrorPercent ${r.mirrorPercent} must be at most 100`);
    report.warning([...at, 'mirrorPercent'], 'mirrorPercent is deprecated; use mirrorPercentage');
  }
  const mp = r.mirrorPercentage?.value ?? 0;
  if (mp < 0 || mp > 100) report.error([...at, 'mirrorPercentage', 'value'], `mirrorPercentage ${mp} must be between 0 and 100`);
  if (r.mirror !== undefined) validateDestination(r.mirror, [...at, 'mirror'], report);
  const mirrors = r.mirrors;
  if (mirrors !== undefined) {
    for (let k = 0; k < mirrors.length; k++) {
      const m = mirrors[k] as HttpMirrorPolicy;
      validateDestination(m.destination, [...at, 'mirrors', k, 'destination'], report);
      const v = m.percentage?.value ?? 0;
      if (v < 0 || v > 100) report.error([...at, 'mirrors', k, 'percentage', 'value'], `mirror percentage ${v} must be between 0 and 100`);
    }
  }

  validateRedirect(r, at, report);
  if (r.directResponse) {
    const dAt: Path = [...at, 'directResponse'];
    const body = r.directResponse.body;
    if (body?.string !== undefined && body.bytes !== undefined) report.error([...dAt, 'body'], 'directResponse.body may set only one of string or bytes');
    const size = body?.string !== undefined ? Buffer.byteLength(body.string) : body?.bytes !== undefined ? Buffer.from(body.bytes, 'base64').length : 0;
    if (size > 1024 * 1024) report.error([...dAt, 'body'], 'directResponse body must be smaller than 1MB');
    else if (size > 100 * 1024) report.warning([...dAt, 'body'], 'a directResponse body over 100KB may slow down the control plane');
    const s = r.directResponse.status;
    if (s === 0) report.error([...dAt, 'status'], 'directResponse.status is required');
    else if (s < 200 || s > 600) report.error([...dAt, 'status'], `HTTP status ${s} must be between 200 and 599`);
  }
  validateRetries(r, at, report);
  validateRewrite(r, at, report);
  if (routes.length > 0) validateDestinations(routes, [...at, 'route'], report);
  if (r.timeout !== undefined) checkDuration(r.timeout, at, 'timeout', undefined, report);
}

function validateCors(r: HttpRoute, at: Path, report: SemanticReport): void {
  const c = r.corsPolicy;
  if (!c) return;
  const cAt: Path = [...at, 'corsPolicy'];
  (c.allowOrigins ?? []).forEach((o, k) => {
    const value = o.exact ?? o.prefix ?? o.regex ?? '';
    if (value === '') report.error([...cAt, 'allowOrigins', k], 'allowOrigins entries need a non-empty exact, prefix or regex');
    else validateStringMatch(o, [...cAt, 'allowOrigins', k], report);
  });
  (c.allowMethods ?? []).forEach((m, k) => {
    if (!CORS_METHODS.has(m)) report.error([...cAt, 'allowMethods', k], `"${short(m)}" is not a supported HTTP method`);
  });
  for (const f of ['allowHeaders', 'exposeHeaders'] as const) {
    (c[f] ?? []).forEach((h, k) => {
      if (h === '') report.error([...cAt, f, k], 'header name must not be empty');
      else if (h !== '*' && !HEADER_NAME.test(h)) report.error([...cAt, f, k], `"${short(h)}" is not a valid header name`);
    });
  }
  checkDuration(c.maxAge, cAt, 'maxAge', undefined, report, { seconds: true });
}

function validateFault(r: HttpRoute, at: Path, report: SemanticReport): void {
  const f = r.fault;
  if (!f) return;
  const fAt: Path = [...at, 'fault'];
  if (!f.abort && !f.delay) report.error(fAt, 'fault must set abort, delay or both');
  if (f.abort) {
    const a = f.abort;
    const aAt: Path = [...fAt, 'abort'];
    const p = percentProblem(a.percentage?.value, 'abort percentage');
    if (p) report.error([...aAt, 'percentage', 'value'], p);
    const kinds = (['httpStatus', 'grpcStatus', 'http2Error'] as const).filter((k) => a[k] !== undefined);
    if (kinds.length > 1) report.error(aAt, `abort may set only one of httpStatus, grpcStatus or http2Error (found ${kinds.join(', ')})`);
    if (a.grpcStatus !== undefined && !GRPC_STATUSES.has(a.grpcStatus)) report.error([...aAt, 'grpcStatus'], `gRPC status "${short(a.grpcStatus)}" is not supported; use a name such as NOT_FOUND or UNAVAILABLE`);
    else if (a.http2Error !== undefined) report.error([...aAt, 'http2Error'], 'HTTP/2 abort fault injection is not supported yet');
    else if (a.httpStatus !== undefined && (a.httpStatus < 200 || a.httpStatus > 600)) report.error([...aAt, 'httpStatus'], `HTTP status ${a.httpStatus} must be between 200 and 599`);
    else if (kinds.length === 0) report.warning(aAt, 'abort is configured without httpStatus, grpcStatus or http2Error');
  }
  if (f.delay) {
    const d = f.delay;
    const dAt: Path = [...fAt, 'delay'];
    const p = percentProblem(d.percentage?.value, 'delay percentage');
    if (p) report.error([...dAt, 'percentage', 'value'], p);
    if (d.fixedDelay !== undefined && d.exponentialDelay !== undefined) report.error(dAt, 'delay may set only one of fixedDelay or exponentialDelay');
    checkDuration(d.fixedDelay, dAt, 'fixedDelay', undefined, report);
    if (d.exponentialDelay !== undefined) {
      checkDuration(d.exponentialDelay, dAt, 'exponentialDelay', undefined, report);
      report.error([...dAt, 'exponentialDelay'], 'exponentialDelay is not supported yet');
    }
  }
}

function validateRedirect(r: HttpRoute, at: Path, report: SemanticReport): void {
  const d = r.redirect;
  if (!d) return;
  const rAt: Path = [...at, 'redirect'];
  if (d.uri && d.prefixRewrite) report.error(rAt, 'redirect may set only one of uri or prefixRewrite');
  if (d.prefixRewrite && (r.match ?? []).some((m) => m.uri !== undefined && m.uri.prefix === undefined)) {
    report.error([...rAt, 'prefixRewrite'], 'redirect prefixRewrite requires every uri match of the rule to be a prefix match');
  }
  if (d.port !== undefined && d.derivePort !== undefined) report.error(rAt, 'redirect may set only one of port or derivePort');
  if (!d.uri && !d.prefixRewrite && !d.authority && d.port === undefined && d.derivePort === undefined && !d.scheme) {
    report.error(rAt, 'redirect must set at least one of uri, prefixRewrite, authority, scheme, port or derivePort');
  }
  if (d.redirectCode && (d.redirectCode < 300 || d.redirectCode > 399)) report.error([...rAt, 'redirectCode'], `redirectCode ${d.redirectCode} must be a 3xx code`);
  if (d.scheme && d.scheme !== 'http' && d.scheme !== 'https') report.error([...rAt, 'scheme'], `redirect scheme must be "http" or "https", not "${short(d.scheme)}"`);
  if (d.port) {
    const p = portProblem(d.port);
    if (p) report.error([...rAt, 'port'], p);
  }
}

function validateRetries(r: HttpRoute, at: Path, report: SemanticReport): void {
  const t = r.retries;
  if (!t) return;
  const attempts = t.attempts ?? 0;
  if (attempts < 0) report.error([...at, 'retries', 'attempts'], `retries.attempts ${attempts} must not be negative`);
  if (attempts === 0 && (t.perTryTimeout !== undefined || t.retryOn || t.retryRemoteLocalities !== undefined)) {
    report.error([...at, 'retries', 'attempts'], 'retries.attempts is 0 (retries disabled), so retryOn, perTryTimeout and retryRemoteLocalities must not be set');
  }
  checkDuration(t.perTryTimeout, at, 'retries', 'perTryTimeout', report);
  if (t.retryOn && !retryOnValid(t.retryOn)) {
    for (const policy of t.retryOn.split(',')) {
      if (!retryPolicyValid(policy)) report.error([...at, 'retries', 'retryOn'], `"${short(policy)}" is not a valid retryOn policy`);
    }
  }
  checkDuration(t.backoff, at, 'retries', 'backoff', report);
}

function retryPolicyValid(policy: string): boolean {
  const code = /^[+-]?\d+$/.test(policy) ? Number(policy) : NaN;
  return HTTP_STATUSES.has(code) || RETRY_ON.has(policy);
}

/** retryOn lists that are valid whole (a repository repeats a few by the thousand), kept up to a bound. */
const VALID_RETRY_ON = new Set<string>();

function retryOnValid(retryOn: string): boolean {
  if (VALID_RETRY_ON.has(retryOn)) return true;
  if (!retryOn.split(',').every(retryPolicyValid)) return false;
  // Detached: a text sliced from a file would keep the file's whole text alive as long as the set.
  if (VALID_RETRY_ON.size < 1_000) VALID_RETRY_ON.add(detached(retryOn));
  return true;
}

function validateRewrite(r: HttpRoute, at: Path, report: SemanticReport): void {
  const w = r.rewrite;
  if (w) {
    const wAt: Path = [...at, 'rewrite'];
    if (w.uri && w.uriRegexRewrite) report.error(wAt, 'rewrite may set only one of uri or uriRegexRewrite');
    else if (!w.uri && !w.uriRegexRewrite && !w.authority) report.error(wAt, 'rewrite must set uri, uriRegexRewrite or authority');
    else if (w.uriRegexRewrite) {
      const rr = w.uriRegexRewrite;
      if (!rr.match || !rr.rewrite) report.error([...wAt, 'uriRegexRewrite'], 'uriRegexRewrite needs both match and rewrite');
      else {
        const p = regexProblem(rr.match);
        if (p) report.error([...wAt, 'uriRegexRewrite', 'match'], p);
      }
    }
  }
  // The authority may be rewritten in one place only.
  const request = r.headers?.request;
  if (request === undefined) return;
  let current = w?.authority ?? '';
  for (const op of HEADER_OPS) {
    const headers = request[op];
    if (headers === undefined) continue;
    for (const k in headers) {
      if (!isAuthority(k)) continue;
      const v = headers[k] ?? '';
      if (current !== '') report.error([...at, 'headers', 'request', op, k], `the authority is already rewritten to "${short(current)}"; it cannot also be set to "${short(v)}"`);
      current = v;
    }
  }
}
