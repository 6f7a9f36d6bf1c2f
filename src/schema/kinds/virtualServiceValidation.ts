// Istio webhook checks for VirtualService (ValidateVirtualService, validateHTTPRoute and friends in
// pkg/config/validation/{validation,virtualservice}.go, istio 86c9f01fd735), plus the name, duration,
// regex and exportTo checks the other networking kinds share. Written from the behaviour, not copied.
import { isIP } from 'node:net';
import { RE2JS } from 're2js';
import type { Path } from '../../load/sourceMap.js';
import { hostSubsetOf } from '../../model/hosts.js';
import type { SemanticReport, StringMatch } from '../common.js';
import { short } from '../validateNames.js';
import { overlappingHostPairs } from '../overlappingHosts.js';
import type { Destination, Headers, HttpRoute, HttpRouteDestination, RouteDestination, VirtualServiceSpec } from './virtualService.js';

// ---- shared name checks (pkg/config/labels, pkg/config/validation/agent) ----------------------

const DNS_LABEL = /^[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?$/;
const WILDCARD_LABEL = /^(?:\*|(?:\*|\*-)?[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?)$/;
const LABEL_KEY = /^((?:[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?)*)\/)?((?:[A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$/;
const LABEL_VALUE = /^((?:[A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** Istio's labels.IsDNS1123Label: like Kubernetes' but upper case is accepted. */
export const isDnsLabel = (s: string): boolean => s.length <= 63 && DNS_LABEL.test(s);
export const isIp = (s: string): boolean => isIP(s) !== 0;

function domainPrecondition(d: string): string | undefined {
  if (d.length === 0) return 'host must not be empty';
  if (d.length > 255) return `host "${short(d)}" is longer than 255 characters`;
  return undefined;
}

function dnsLabelsProblem(domain: string, rest: string): string | undefined {
  const parts = rest.split('.');
  const tld = parts[parts.length - 1] ?? '';
  if (/^[+-]?\d+$/.test(tld)) return `"${short(domain)}" is not a valid host name: its last label "${tld}" is all digits`;
  for (let i = 0; i < parts.length; i++) {
    const label = parts[i] ?? '';
    if (i === parts.length - 1 && label === '') return undefined; // trailing dot is allowed
    if (label === '') return `"${short(domain)}" is not a valid host name (it has an empty label)`;
    if (!isDnsLabel(label)) return `"${short(domain)}" is not a valid host name (label "${short(label)}" is not allowed)`;
  }
  return undefined;
}

/** ValidateWildcardDomain: a DNS name whose first label may be `*`, `*foo` or `*-foo`. */
export function wildcardDomainProblem(domain: string): string | undefined {
  const pre = domainPrecondition(domain);
  if (pre) return pre;
  const dot = domain.indexOf('.');
  const first = dot === -1 ? domain : domain.slice(0, dot);
  if (!(first.length <= 63 && WILDCARD_LABEL.test(first))) {
    return `"${short(domain)}" is not a valid host name (label "${short(first)}" is not allowed; a wildcard may only start the first label)`;
  }
  return dot === -1 ? undefined : dnsLabelsProblem(domain, domain.slice(dot + 1));
}

/** ValidateFQDN: a DNS name without wildcards. */
export function fqdnProblem(name: string): string | undefined {
  return domainPrecondition(name) ?? dnsLabelsProblem(name, name);
}

export function portProblem(n: number): string | undefined {
  return n >= 1 && n <= 65535 ? undefined : `port ${n} must be between 1 and 65535`;
}

export function ipSubnetProblem(s: string): string | undefined {
  if ((s.match(/\//g) ?? []).length === 1) {
    const [addr = '', bits = ''] = s.split('/');
    const family = isIP(addr);
    const ok = family !== 0 && /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
    return ok ? undefined : `"${short(s)}" is not a valid CIDR block`;
  }
  return isIp(s) ? undefined : `"${short(s)}" is not a valid IP address`;
}

const UNITS: Record<string, bigint> = { ns: 1n, us: 1000n, µs: 1000n, ms: 1000000n, s: 1000000000n, m: 60000000000n, h: 3600000000000n };

/** Nanoseconds in a duration the schema already accepted ("1.5s", "100ms"). */
function durationNanos(d: string): bigint | undefined {
  const m = /^(\d+)(?:\.(\d+))?(h|ms|m|s|us|µs|ns)$/.exec(d);
  if (!m) return undefined;
  const frac = m[2] ?? '';
  const scale = 10n ** BigInt(frac.length);
  return ((BigInt(m[1] ?? '0') * scale + BigInt(frac || '0')) * (UNITS[m[3] ?? 's'] ?? 1n)) / scale;
}

/** agent.ValidateDuration: at least 1ms, whole milliseconds. */
export function durationProblem(d: string, opts: { seconds?: boolean } = {}): string | undefined {
  const ns = durationNanos(d);
  if (ns === undefined) return undefined;
  if (ns < 1000000n) return `duration "${d}" must be at least 1ms`;
  if (ns % 1000000n !== 0n) return `duration "${d}" must be a whole number of milliseconds`;
  if (opts.seconds && ns % 1000000000n !== 0n) return `duration "${d}" must be a whole number of seconds`;
  return undefined;
}

/** labels.Instance.Validate: Kubernetes label keys and values. */
export function validateLabels(labels: Record<string, string> | undefined, at: Path, report: SemanticReport): void {
  for (const [k, v] of Object.entries(labels ?? {})) {
    const m = LABEL_KEY.exec(k);
    if (!m || (m[1] ?? '').length - 1 > 253 || (m[2] ?? '').length > 63) report.error([...at, k], `"${short(k)}" is not a valid label name`);
    if (!LABEL_VALUE.test(v)) report.error([...at, k], `"${short(v)}" is not a valid label value`);
  }
}

/** Selector labels (ValidateAlphaWorkloadSelector / validateWorkloadSelector). */
export function validateSelectorLabels(labels: Record<string, string> | undefined, at: Path, report: SemanticReport): void {
  if (labels === undefined) return;
  const entries = Object.entries(labels);
  if (entries.length === 0) report.warning(at, 'workloadSelector has no labels, so it selects every workload in the namespace');
  for (const [k, v] of entries) {
    if (k === '') report.error([...at, k], 'selector label names must not be empty');
    if (k.includes('*') || v.includes('*')) report.error([...at, k], `wildcards are not supported in selectors ("${short(k)}=${short(v)}")`);
  }
}

/** validateExportTo. Without the resource's namespace, "." and the namespace's own name count as different entries. */
export function validateExportTo(
  exportTo: readonly string[] | undefined,
  at: Path,
  report: SemanticReport,
  opts: { serviceEntry?: boolean; destinationRuleWithSelector?: boolean } = {},
): void {
  if (!exportTo || exportTo.length === 0) return;
  const seen = new Set<string>();
  exportTo.forEach((e, i) => {
    if (seen.has(e)) report.error([...at, i], `exportTo lists "${e}" more than once`);
    else if (e === '~' && !opts.serviceEntry) report.error([...at, i], 'exportTo "~" (visible to no one) is only allowed on ServiceEntry');
    else if (e !== '.' && e !== '*' && e !== '~' && !isDnsLabel(e)) report.error([...at, i], `exportTo entry "${short(e)}" must be ".", "*" or a namespace name`);
    else seen.add(e);
  });
  if (opts.destinationRuleWithSelector && seen.size > 0 && (seen.size > 1 || seen.has('*'))) {
    report.error(at, 'a DestinationRule with a workloadSelector may only be exported to its own namespace (".")');
  }
  if (seen.has('*') && exportTo.length > 1) report.error(at, 'exportTo cannot mix "*" (everyone) with other entries');
  if (seen.has('~') && exportTo.length > 1) report.error(at, 'exportTo cannot mix "~" (no one) with other entries');
}

/** validateStringRegexp: RE2 syntax (what Envoy uses), at most 1024 characters. */
export function regexProblem(re: string): string | undefined {
  if (re === '') return 'regex must not be empty';
  if (re.length > 1024) return `regex is ${re.length} characters long; at most 1024 are allowed`;
  try {
    RE2JS.compile(re);
    return undefined;
  } catch (e) {
    const why = (e instanceof Error ? e.message : String(e)).replace(/^error parsing regexp: /, '');
    return `"${short(re)}" is not a valid RE2 regular expression: ${why}`;
  }
}

/** StringMatch: at most one of exact/prefix/regex; `prefix` must not be empty unless `allowEmptyPrefix` (uri). */
export function validateStringMatch(sm: StringMatch | undefined, at: Path, report: SemanticReport, allowEmptyPrefix = false): void {
  if (!sm) return;
  const set = (['exact', 'prefix', 'regex'] as const).filter((k) => sm[k] !== undefined);
  if (set.length > 1) report.error(at, `only one of exact, prefix or regex may be set (found ${set.join(', ')})`);
  if (sm.prefix === '' && !allowEmptyPrefix) report.error([...at, 'prefix'], 'prefix must not be empty');
  if (sm.regex !== undefined) {
    const p = regexProblem(sm.regex);
    if (p) report.error([...at, 'regex'], p);
  }
}

export function validateDestination(d: Destination | undefined, at: Path, report: SemanticReport): void {
  if (!d) return;
  const hostProblem = d.host === '' ? 'destination host is required' : d.host === '*' ? 'destination host must not be "*"' : wildcardDomainProblem(d.host);
  if (hostProblem) report.error([...at, 'host'], hostProblem);
  if (d.subset !== undefined && d.subset !== '' && !isDnsLabel(d.subset)) {
    report.error([...at, 'subset'], `subset name "${short(d.subset)}" must be a DNS label (letters, digits and "-")`);
  }
  if (d.port !== undefined) {
    const p = portProblem(d.port.number ?? 0);
    if (p) report.error([...at, 'port', 'number'], p);
  }
}

/** validateGatewayNames. Like Istio, stops at the first entry without a namespace. */
export function validateGatewayNames(names: readonly string[] | undefined, at: Path, report: SemanticReport): void {
  for (const [i, g] of (names ?? []).entries()) {
    const slash = g.indexOf('/');
    if (slash === -1) {
      if (g.includes('.')) {
        const parts = g.split('.');
        report.warning([...at, i], `gateway "${short(g)}" uses the legacy name.namespace form; prefer "${parts[1] ?? ''}/${parts[0] ?? ''}"`);
      }
      const p = fqdnProblem(g);
      if (p) report.error([...at, i], `gateway name: ${p}`);
      return; // Istio returns here: later entries are not checked
    }
    const ns = g.slice(0, slash);
    const name = g.slice(slash + 1);
    if (ns === '' || name === '') report.error([...at, i], `gateway "${short(g)}" must be written namespace/name with both parts set`);
    else if (!isDnsLabel(ns)) {
      const hint = ns === '.' ? '; "./name" is not accepted: write the namespace, or just the name for this namespace' : '';
      report.error([...at, i], `namespace "${short(ns)}" in gateway "${short(g)}" must be a namespace name${hint}`);
    }
    if (name !== '' && !isDnsLabel(name)) report.error([...at, i], `gateway name "${short(name)}" in "${short(g)}" must be a DNS label`);
  }
}

// ---- HTTP header helpers -----------------------------------------------------------------------

const HEADER_NAME = /^[!#$%&'*+\-.^_`|~A-Za-z0-9]+$/;
const PSEUDO_HEADERS = new Set([':method', ':scheme', ':authority', ':path', ':status']);
const HEADER_VALUE_CONTROL = /[\u0000-\u0008\u000A-\u001F\u007F]/;

export function isJwtClaimHeader(name: string): boolean {
  if (!name.toLowerCase().startsWith('@request.auth.claims')) return false;
  const rest = name.slice('@request.auth.claims'.length);
  return (rest.startsWith('.') && rest.length > 1) || (rest.startsWith('[') && rest.endsWith(']') && rest.length > 2);
}

/** Header names in matches (ValidateHTTPHeaderNameOrJwtClaimRoute). */
export function headerNameProblem(name: string): string | undefined {
  if (name === '') return 'header name must not be empty';
  if (isJwtClaimHeader(name) || PSEUDO_HEADERS.has(name) || HEADER_NAME.test(name)) return undefined;
  return `"${short(name)}" is not a valid header name`;
}

/** Envoy's %VARIABLE% syntax in header values (Istio's port of Envoy's header parser). */
export function headerValueProblem(v: string): string | undefined {
  if (HEADER_VALUE_CONTROL.test(v)) return `header value "${short(v)}" contains control characters`;
  let i = 0;
  while (i < v.length) {
    if (v[i] !== '%') { i++; continue; }
    if (v[i + 1] === '%') { i += 2; continue; }
    if (i + 1 >= v.length) return `header value "${short(v)}" has an unescaped "%" (write "%%" for a literal percent sign)`;
    const end = v.indexOf('%', i + 1);
    if (end === -1) return `header value "${short(v)}" has an unterminated %VARIABLE% expression`;
    i = end + 1;
  }
  return undefined;
}

const isAuthority = (k: string): boolean => k.toLowerCase() === ':authority' || k.toLowerCase() === 'host';

export function validateHeaderOperations(h: Headers | undefined, at: Path, report: SemanticReport): void {
  if (!h) return;
  const ops = [
    ['request', h.request, true],
    ['response', h.response, false],
  ] as const;
  for (const [side, op, request] of ops) {
    if (!op) continue;
    const names: [Path, string][] = [
      ...Object.keys(op.set ?? {}).map((k): [Path, string] => [[...at, side, 'set', k], k]),
      ...Object.keys(op.add ?? {}).map((k): [Path, string] => [[...at, side, 'add', k], k]),
    ];
    for (const [p, k] of names) {
      if (k === '') report.error(p, 'header name must not be empty');
      else if (request && isAuthority(k)) continue;
      else if (!request && k.toLowerCase() === 'host') report.error(p, 'the Host header cannot be set on responses');
      else if (k.startsWith(':') || k.toLowerCase() === 'host') report.error(p, `header "${short(k)}" cannot be modified (names starting with ":" are reserved)`);
    }
    for (const [key, map] of [['set', op.set], ['add', op.add]] as const) {
      for (const [k, v] of Object.entries(map ?? {})) {
        const p = headerValueProblem(v);
        if (p) report.error([...at, side, key, k], p);
      }
    }
    (op.remove ?? []).forEach((k, i) => {
      if (k === '') report.error([...at, side, 'remove', i], 'header name must not be empty');
      else if (k.toLowerCase() === 'host') report.error([...at, side, 'remove', i], 'the Host header cannot be removed');
      else if (k.startsWith(':')) report.error([...at, side, 'remove', i], `header "${short(k)}" cannot be removed (names starting with ":" are reserved)`);
    });
  }
}

// ---- VirtualService ------------------------------------------------------------------------------

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
    (spec.http ?? []).forEach((r, i) =>
      (r.match ?? []).forEach((m, j) => {
        for (const field of ['headers', 'withoutHeaders'] as const) {
          for (const key of Object.keys(m[field] ?? {})) {
            if (isJwtClaimHeader(key)) {
              report.error(['spec', 'http', i, 'match', j, field, key], `routing on JWT claims ("${short(key)}") only works on gateways, but this VirtualService applies to the mesh`);
            }
          }
        }
      }),
    );
  }

  const sni = (spec.tls ?? []).some((t) => t.match.some((m) => m.sniHosts.length > 0));
  let allHostsValid = true;
  hosts.forEach((h, i) => {
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
  });
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
  (spec.http ?? []).forEach((r, i) => validateHttpRoute(r, ['spec', 'http', i], `http[${i}]`, isDelegate, report));
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
  validateLabels(m.sourceLabels, [...at, 'sourceLabels'], report);
  validateGatewayNames(m.gateways, [...at, 'gateways'], report);
}

function validateDestinations(dests: readonly (HttpRouteDestination | RouteDestination)[], at: Path, report: SemanticReport): void {
  let total = 0;
  dests.forEach((d, k) => {
    if ('headers' in d) validateHeaderOperations(d.headers, [...at, k, 'headers'], report);
    validateDestination(d.destination, [...at, k, 'destination'], report);
    const w = d.weight ?? 0;
    if (w < 0) report.error([...at, k, 'weight'], `weight ${w} must not be negative`);
    total += w;
  });
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

function checkDuration(d: string | undefined, at: Path, report: SemanticReport, opts: { seconds?: boolean } = {}): void {
  const p = d === undefined ? undefined : durationProblem(d, opts);
  if (p) report.error(at, p);
}

function validateHttpRoute(r: HttpRoute, at: Path, label: string, isDelegate: boolean, report: SemanticReport): void {
  const routes = r.route ?? [];
  if (!isDelegate && r.delegate) {
    if (r.redirect) report.error([...at, 'redirect'], `${label} delegates to another VirtualService and must not set redirect`);
    if (routes.length > 0) report.error([...at, 'route'], `${label} delegates to another VirtualService and must not set route`);
  } else {
    if (isDelegate && r.delegate) report.error([...at, 'delegate'], `${label} is in a delegate VirtualService and cannot delegate again`);
    const one = `${label} must have exactly one of route, redirect or directResponse`;
    if (r.redirect) {
      if (routes.length > 0) report.error([...at, 'route'], `${one}; it has both redirect and route`);
      if (r.directResponse) report.error([...at, 'directResponse'], `${one}; it has both redirect and directResponse`);
      if (r.fault) report.error([...at, 'fault'], `${label} cannot combine redirect with fault`);
      if (r.rewrite) report.error([...at, 'rewrite'], `${label} cannot combine redirect with rewrite`);
    } else if (r.directResponse) {
      if (routes.length > 0) report.error([...at, 'route'], `${one}; it has both directResponse and route`);
      if (r.fault) report.error([...at, 'fault'], `${label} cannot combine directResponse with fault`);
      if (r.rewrite) report.error([...at, 'rewrite'], `${label} cannot combine directResponse with rewrite`);
    } else if (routes.length === 0) {
      report.error(at, one);
    }
  }
  if (r.mirror && (r.mirrors ?? []).length > 0) report.error([...at, 'mirrors'], `${label} cannot set both mirror and mirrors`);

  (r.match ?? []).forEach((m, j) => {
    const mAt: Path = [...at, 'match', j];
    for (const [name, sm] of Object.entries(m.headers ?? {})) {
      const p = headerNameProblem(name);
      if (p) report.error([...mAt, 'headers', name], p);
      validateStringMatch(sm, [...mAt, 'headers', name], report);
    }
    for (const [name, sm] of Object.entries(m.withoutHeaders ?? {})) {
      const p = headerNameProblem(name);
      if (p) report.error([...mAt, 'withoutHeaders', name], p);
      if (sm.regex !== '*') validateStringMatch(sm, [...mAt, 'withoutHeaders', name], report); // "*" means "present"
    }
    validateStringMatch(m.uri, [...mAt, 'uri'], report, true);
    for (const f of ['scheme', 'method', 'authority'] as const) validateStringMatch(m[f], [...mAt, f], report);
    for (const [name, sm] of Object.entries(m.queryParams ?? {})) validateStringMatch(sm, [...mAt, 'queryParams', name], report);
    validateL4Match({ port: m.port, sourceLabels: m.sourceLabels, gateways: m.gateways }, mAt, report);
    if (m.sourceNamespace && !isDnsLabel(m.sourceNamespace)) report.error([...mAt, 'sourceNamespace'], `sourceNamespace "${short(m.sourceNamespace)}" must be a namespace name`);
  });

  validateHeaderOperations(r.headers, [...at, 'headers'], report);
  validateCors(r, at, report);
  validateFault(r, at, report);

  if (r.mirrorPercent !== undefined) {
    if (r.mirrorPercent > 100) report.error([...at, 'mirrorPercent'], `mirrorPercent ${r.mirrorPercent} must be at most 100`);
    report.warning([...at, 'mirrorPercent'], 'mirrorPercent is deprecated; use mirrorPercentage');
  }
  const mp = r.mirrorPercentage?.value ?? 0;
  if (mp < 0 || mp > 100) report.error([...at, 'mirrorPercentage', 'value'], `mirrorPercentage ${mp} must be between 0 and 100`);
  validateDestination(r.mirror, [...at, 'mirror'], report);
  (r.mirrors ?? []).forEach((m, k) => {
    validateDestination(m.destination, [...at, 'mirrors', k, 'destination'], report);
    const v = m.percentage?.value ?? 0;
    if (v < 0 || v > 100) report.error([...at, 'mirrors', k, 'percentage', 'value'], `mirror percentage ${v} must be between 0 and 100`);
  });

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
  validateDestinations(routes, [...at, 'route'], report);
  checkDuration(r.timeout, [...at, 'timeout'], report);
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
  checkDuration(c.maxAge, [...cAt, 'maxAge'], report, { seconds: true });
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
    checkDuration(d.fixedDelay, [...dAt, 'fixedDelay'], report);
    if (d.exponentialDelay !== undefined) {
      checkDuration(d.exponentialDelay, [...dAt, 'exponentialDelay'], report);
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
  const tAt: Path = [...at, 'retries'];
  const attempts = t.attempts ?? 0;
  if (attempts < 0) report.error([...tAt, 'attempts'], `retries.attempts ${attempts} must not be negative`);
  if (attempts === 0 && (t.perTryTimeout !== undefined || t.retryOn || t.retryRemoteLocalities !== undefined)) {
    report.error([...tAt, 'attempts'], 'retries.attempts is 0 (retries disabled), so retryOn, perTryTimeout and retryRemoteLocalities must not be set');
  }
  checkDuration(t.perTryTimeout, [...tAt, 'perTryTimeout'], report);
  if (t.retryOn) {
    for (const policy of t.retryOn.split(',')) {
      const code = /^[+-]?\d+$/.test(policy) ? Number(policy) : NaN;
      if (!HTTP_STATUSES.has(code) && !RETRY_ON.has(policy)) report.error([...tAt, 'retryOn'], `"${short(policy)}" is not a valid retryOn policy`);
    }
  }
  checkDuration(t.backoff, [...tAt, 'backoff'], report);
}

function validateRewrite(r: HttpRoute, at: Path, report: SemanticReport): void {
  const w = r.rewrite;
  const wAt: Path = [...at, 'rewrite'];
  if (w) {
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
  let current = w?.authority ?? '';
  for (const op of ['set', 'add'] as const) {
    for (const [k, v] of Object.entries(r.headers?.request?.[op] ?? {})) {
      if (!isAuthority(k)) continue;
      if (current !== '') report.error([...at, 'headers', 'request', op, k], `the authority is already rewritten to "${short(current)}"; it cannot also be set to "${short(v)}"`);
      current = v;
    }
  }
}
