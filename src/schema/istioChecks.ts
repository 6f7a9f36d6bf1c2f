// Istio webhook checks shared by the kind schemas (pkg/config/validation, pkg/config/labels).
import { ipFamily } from './ip.js';
import type { Path, PathSegment } from '../load/sourceMap.js';
import type { SemanticReport, StringMatch } from './common.js';
import { short } from './validateNames.js';
import type { Destination, Headers } from './kinds/virtualServiceSpec.js';
import { compileRegex } from './regex.js';
import { detached } from '../load/detach.js';

// ---- shared name checks (pkg/config/labels, pkg/config/validation/agent) ----------------------

const DNS_LABEL = /^[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?$/;
const WILDCARD_LABEL = /^(?:\*|(?:\*|\*-)?[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?)$/;
const LABEL_KEY = /^((?:[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?)*)\/)?((?:[A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$/;
const LABEL_VALUE = /^((?:[A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** Istio's labels.IsDNS1123Label: like Kubernetes' but upper case is accepted. */
export const isDnsLabel = (s: string): boolean => s.length <= 63 && DNS_LABEL.test(s);
export const isIp = (s: string): boolean => ipFamily(s) !== 0;

export function domainPrecondition(d: string): string | undefined {
  if (d.length === 0) return 'host must not be empty';
  if (d.length > 255) return `host "${short(d)}" is longer than 255 characters`;
  return undefined;
}

function dnsLabelsProblem(domain: string, rest: string): string | undefined {
  if (dnsLabelsValid(rest)) return undefined;
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

/**
 * Whether dnsLabelsProblem finds nothing wrong with `rest` (it says what is wrong otherwise): every
 * `.`-separated label a DNS label (DNS_LABEL, at most 63 characters), the last one not all digits,
 * or empty (a trailing dot). One scan of the text rather than a split and a regex test per label:
 * every host of every resource comes through here. test/schema/dnsLabels.test.ts holds it equal.
 */
export function dnsLabelsValid(rest: string): boolean {
  const n = rest.length;
  let start = 0;
  let digits = true;
  for (let i = 0; i <= n; i++) {
    // The end of the text ends the last label as a dot would.
    const c = i < n ? rest.charCodeAt(i) : 0x2e;
    if (c === 0x2e) {
      const last = i === n;
      const length = i - start;
      if (length === 0) return last;
      if (length > 63 || rest.charCodeAt(start) === 0x2d || rest.charCodeAt(i - 1) === 0x2d || (last && digits)) return false;
      start = i + 1;
      digits = true;
    } else if (c < 0x30 || c > 0x39) {
      digits = false;
      if (!((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x2d)) return false;
    }
  }
  return true;
}

/**
 * Verdicts on texts that recur by the thousand in a big repository (hosts, durations, label keys):
 * each computed once, up to a bound, like the regex verdicts below.
 */
function verdictCache<V>(compute: (text: string) => V): (text: string) => V {
  const verdicts = new Map<string, V>();
  return (text) => {
    const known = verdicts.get(text);
    if (known !== undefined || verdicts.has(text)) return known as V;
    if (verdicts.size >= 10_000) return compute(text);
    // Detached, and the verdict (which may quote it) made from the copy: a text sliced from a file
    // would keep the file's whole text alive as long as the cache.
    const own = detached(text);
    const verdict = compute(own);
    verdicts.set(own, verdict);
    return verdict;
  };
}

/** ValidateWildcardDomain: a DNS name whose first label may be `*`, `*foo` or `*-foo`. */
export const wildcardDomainProblem = verdictCache(wildcardDomainVerdict);

function wildcardDomainVerdict(domain: string): string | undefined {
  const pre = domainPrecondition(domain);
  if (pre) return pre;
  const dot = domain.indexOf('.');
  const first = dot === -1 ? domain : domain.slice(0, dot);
  if (!(first.length <= 63 && WILDCARD_LABEL.test(first))) {
    // Say why the label fails: the wildcard rule only when the label has a `*` where Istio does not allow one.
    const why = first.length > 63 ? 'it is longer than 63 characters' : first.includes('*') ? 'a wildcard may only start the first label' : 'a label is letters, digits and "-", not starting or ending with "-"';
    return `"${short(domain)}" is not a valid host name (label "${short(first)}" is not allowed: ${why})`;
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
    const family = ipFamily(addr);
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

const durationVerdict = verdictCache((d) => durationCheck(d, false));
const secondsVerdict = verdictCache((d) => durationCheck(d, true));

/** agent.ValidateDuration: at least 1ms, whole milliseconds. */
export function durationProblem(d: string, opts?: { seconds?: boolean }): string | undefined {
  return opts?.seconds ? secondsVerdict(d) : durationVerdict(d);
}

/** A set duration's problem, reported at `at`.key(.sub): the path is made only for a problem. */
export function checkDuration(d: string | undefined, at: Path, key: PathSegment, sub: PathSegment | undefined, report: SemanticReport, opts?: { seconds?: boolean }): void {
  const p = d === undefined ? undefined : durationProblem(d, opts);
  if (p) report.error(sub === undefined ? [...at, key] : [...at, key, sub], p);
}

function durationCheck(d: string, seconds: boolean): string | undefined {
  const ns = durationNanos(d);
  if (ns === undefined) return undefined;
  if (ns < 1000000n) return `duration "${d}" must be at least 1ms`;
  if (ns % 1000000n !== 0n) return `duration "${d}" must be a whole number of milliseconds`;
  if (seconds && ns % 1000000000n !== 0n) return `duration "${d}" must be a whole number of seconds`;
  return undefined;
}

const labelKeyValid = verdictCache((k) => {
  const m = LABEL_KEY.exec(k);
  return !(!m || (m[1] ?? '').length - 1 > 253 || (m[2] ?? '').length > 63);
});

/** labels.Instance.Validate: Kubernetes label keys and values. */
export function validateLabels(labels: Record<string, string> | undefined, at: Path, report: SemanticReport): void {
  if (labels === undefined) return;
  for (const k of Object.keys(labels)) {
    const v = labels[k] ?? '';
    if (!labelKeyValid(k)) report.error([...at, k], `"${short(k)}" is not a valid label name`);
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

/** Compiling is most of validation's cost on big repos, where the same regex recurs: once per text. */
const regexVerdicts = new Map<string, string | undefined>();

/** validateStringRegexp: RE2 syntax (what Envoy uses), at most 1024 characters. */
export function regexProblem(re: string): string | undefined {
  if (regexVerdicts.has(re)) return regexVerdicts.get(re);
  const verdict = compileProblem(re);
  if (regexVerdicts.size < 10_000) regexVerdicts.set(re, verdict);
  return verdict;
}

function compileProblem(re: string): string | undefined {
  if (re === '') return 'regex must not be empty';
  if (re.length > 1024) return `regex is ${re.length} characters long; at most 1024 are allowed`;
  // Compiled once per run (schema/regex.ts); a program too large for Envoy is valid to Istio.
  const c = compileRegex(re);
  return !c.ok && 'error' in c ? `"${short(re)}" is not a valid RE2 regular expression: ${c.error}` : undefined;
}

/** Whether validateStringMatch would report anything (so that its paths are built only then). */
export function stringMatchProblem(sm: StringMatch | undefined, allowEmptyPrefix = false): boolean {
  if (!sm) return false;
  return (
    (sm.exact !== undefined ? 1 : 0) + (sm.prefix !== undefined ? 1 : 0) + (sm.regex !== undefined ? 1 : 0) > 1 ||
    (sm.prefix === '' && !allowEmptyPrefix) ||
    (sm.regex !== undefined && regexProblem(sm.regex) !== undefined)
  );
}

/** StringMatch: at most one of exact/prefix/regex; `prefix` must not be empty unless `allowEmptyPrefix` (uri). */
export function validateStringMatch(sm: StringMatch | undefined, at: Path, report: SemanticReport, allowEmptyPrefix = false): void {
  if (!sm) return;
  if ((sm.exact !== undefined ? 1 : 0) + (sm.prefix !== undefined ? 1 : 0) + (sm.regex !== undefined ? 1 : 0) > 1) {
    const set = (['exact', 'prefix', 'regex'] as const).filter((k) => sm[k] !== undefined);
    report.error(at, `only one of exact, prefix or regex may be set (found ${set.join(', ')})`);
  }
  if (sm.prefix === '' && !allowEmptyPrefix) report.error([...at, 'prefix'], 'prefix must not be empty');
  if (sm.regex !== undefined) {
    const p = regexProblem(sm.regex);
    if (p) report.error([...at, 'regex'], p);
  }
}

/** Whether validateDestination would report anything (so that its paths are built only then). */
export function destinationProblem(d: Destination): boolean {
  return (
    d.host === '' ||
    d.host === '*' ||
    wildcardDomainProblem(d.host) !== undefined ||
    (d.subset !== undefined && d.subset !== '' && !isDnsLabel(d.subset)) ||
    (d.port !== undefined && portProblem(d.port.number ?? 0) !== undefined)
  );
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

export const HEADER_NAME = /^[!#$%&'*+\-.^_`|~A-Za-z0-9]+$/;
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

const HEADER_OPS = ['set', 'add'] as const;

export const isAuthority = (k: string): boolean => k.toLowerCase() === ':authority' || k.toLowerCase() === 'host';

export function validateHeaderOperations(h: Headers | undefined, at: Path, report: SemanticReport): void {
  if (!h) return;
  if (h.request) headerOperations(h.request, 'request', at, report);
  if (h.response) headerOperations(h.response, 'response', at, report);
}

function headerOperations(op: NonNullable<Headers['request']>, side: 'request' | 'response', at: Path, report: SemanticReport): void {
  const request = side === 'request';
  // Names first (set, then add), then values (set, then add): the order findings come out in.
  for (const key of HEADER_OPS) {
    const map = op[key];
    if (map === undefined) continue;
    for (const k in map) {
      if (k === '') report.error([...at, side, key, k], 'header name must not be empty');
      else if (request && isAuthority(k)) continue;
      else if (!request && k.toLowerCase() === 'host') report.error([...at, side, key, k], 'the Host header cannot be set on responses');
      else if (k.startsWith(':') || k.toLowerCase() === 'host') report.error([...at, side, key, k], `header "${short(k)}" cannot be modified (names starting with ":" are reserved)`);
    }
  }
  for (const key of HEADER_OPS) {
    const map = op[key];
    if (map === undefined) continue;
    for (const k in map) {
      const p = headerValueProblem(map[k] ?? '');
      if (p) report.error([...at, side, key, k], p);
    }
  }
  (op.remove ?? []).forEach((k, i) => {
    if (k === '') report.error([...at, side, 'remove', i], 'header name must not be empty');
    else if (k.toLowerCase() === 'host') report.error([...at, side, 'remove', i], 'the Host header cannot be removed');
    else if (k.startsWith(':')) report.error([...at, side, 'remove', i], `header "${short(k)}" cannot be removed (names starting with ":" are reserved)`);
  });
}
