// The Gateway API CRDs' CEL rules (x-kubernetes-validations, bundle v1.6.0) that decide whether the
// API server admits an object, with the CRDs' own messages. A violation is an error: the API server
// rejects the object, so istiod never sees it. Rules are evaluated on the object as written; where a
// rule reads a field the API server would have defaulted, the default is assumed (tls.mode Terminate,
// path.type PathPrefix, backendRef group "" and kind Service).
import type { Path } from '../../load/sourceMap.js';
import type { SemanticReport } from '../common.js';
import type {
  BackendObjectReference,
  GatewayAddress,
  GatewayClassSpec,
  GrpcRouteFilter,
  GrpcRouteSpec,
  HttpRouteFilter,
  HttpRouteMatch,
  HttpRouteSpec,
  KubernetesGatewaySpec,
  Listener,
  ListenerSetSpec,
  ParentReference,
  PathModifier,
  TcpRouteSpec,
  TlsRouteSpec,
} from './gatewayApiSchemas.js';

type At = Path;

// ---- listeners (Gateway, ListenerSet) -----------------------------------------------------------

function validateListeners(listeners: readonly Listener[], at: At, report: SemanticReport): void {
  const names = new Map<string, number>();
  const combos = new Map<string, number>();
  listeners.forEach((l, i) => {
    const li = [...at, i];
    if (['HTTP', 'TCP', 'UDP'].includes(l.protocol) && l.tls) report.error([...li, 'tls'], "tls must not be specified for protocols ['HTTP', 'TCP', 'UDP']");
    if (l.protocol === 'HTTPS' && l.tls && l.tls.mode !== undefined && l.tls.mode !== 'Terminate') {
      report.error([...li, 'tls', 'mode'], 'tls mode must be Terminate for protocol HTTPS');
    }
    if (l.protocol === 'TLS' && !l.tls) report.error([...li, 'protocol'], 'tls mode must be set for protocol TLS');
    if (['TCP', 'UDP'].includes(l.protocol) && l.hostname) report.error([...li, 'hostname'], "hostname must not be specified for protocols ['TCP', 'UDP']");
    if (l.tls && (l.tls.mode ?? 'Terminate') === 'Terminate' && (l.tls.certificateRefs?.length ?? 0) === 0 && Object.keys(l.tls.options ?? {}).length === 0) {
      report.error([...li, 'tls'], 'certificateRefs or options must be specified when mode is Terminate');
    }
    if (names.has(l.name)) report.error([...li, 'name'], 'Listener name must be unique within the Gateway');
    else names.set(l.name, i);
    const combo = `${l.port}\u0000${l.protocol}\u0000${l.hostname ?? '\u0001'}`;
    if (combos.has(combo)) report.error(li, 'Combination of port, protocol and hostname must be unique for each listener');
    else combos.set(combo, i);
  });
}

const LABEL_KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9]$/;

function validateAddresses(addresses: readonly GatewayAddress[], at: At, report: SemanticReport): void {
  const seen = new Set<string>();
  addresses.forEach((a, i) => {
    const type = a.type ?? 'IPAddress';
    if (type === 'Hostname' && a.value !== undefined && !/^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(a.value)) {
      report.error([...at, i, 'value'], 'Hostname value must be empty or contain only valid characters');
    }
    if ((type === 'IPAddress' || type === 'Hostname') && a.value !== undefined) {
      const key = `${type}\u0000${a.value}`;
      if (seen.has(key)) report.error([...at, i, 'value'], `${type} values must be unique`);
      seen.add(key);
    }
  });
}

export function validateGateway(spec: KubernetesGatewaySpec, _name: string, report: SemanticReport): void {
  if (spec.listeners.length === 0) {
    // The CRD (v1.6) requires a listener. Gateway API is dropping that rule for a Gateway that allows
    // ListenerSets (kubernetes-sigs/gateway-api#4425), and Istio converts such a Gateway (its test
    // listenerset-empty-listeners): still an error today, but the Gateway and its ListenerSets are analysed.
    if (spec.allowedListeners) {
      report.errorReadAsWritten(
        ['spec', 'listeners'],
        'spec.listeners: must have at least 1 item (the CRD\'s rule, which Gateway API is dropping for a Gateway that allows ListenerSets; gwctl reads this one as written)',
      );
    } else report.error(['spec', 'listeners'], 'spec.listeners: must have at least 1 item');
  }
  validateListeners(spec.listeners, ['spec', 'listeners'], report);
  validateAddresses(spec.addresses ?? [], ['spec', 'addresses'], report);
  for (const key of ['labels', 'annotations'] as const) {
    for (const k of Object.keys(spec.infrastructure?.[key] ?? {})) {
      if (!LABEL_KEY.test(k) || (k.split('/')[0] ?? '').length >= 253) {
        report.error(['spec', 'infrastructure', key, k], `${key === 'labels' ? 'Label' : 'Annotation'} keys must be in the form of an optional DNS subdomain prefix followed by a required name segment of up to 63 characters.`);
      }
    }
  }
  const ports = new Set<number>();
  (spec.tls?.frontend?.perPort ?? []).forEach((p, i) => {
    if (ports.has(p.port)) report.error(['spec', 'tls', 'frontend', 'perPort', i, 'port'], 'Port for TLS configuration must be unique within the Gateway');
    ports.add(p.port);
  });
}

export function validateListenerSet(spec: ListenerSetSpec, _name: string, report: SemanticReport): void {
  validateListeners(spec.listeners, ['spec', 'listeners'], report);
}

export function validateGatewayClass(_spec: GatewayClassSpec, _name: string, _report: SemanticReport): void {
  // The CRD's only rule (controllerName is immutable) needs the previous object.
}

// ---- routes -------------------------------------------------------------------------------------

const emptyToUndefined = (v: string | number | undefined): string | number | undefined => (v === '' || v === 0 ? undefined : v);

/** The two parentRefs rules: references to the same parent need distinct sectionName/port, all or none set. */
function validateParentRefs(refs: readonly ParentReference[], report: SemanticReport): void {
  const sameParent = (a: ParentReference, b: ParentReference): boolean =>
    (a.group ?? 'gateway.networking.k8s.io') === (b.group ?? 'gateway.networking.k8s.io') &&
    (a.kind ?? 'Gateway') === (b.kind ?? 'Gateway') &&
    a.name === b.name &&
    (a.namespace ?? '') === (b.namespace ?? '');
  refs.forEach((a, i) => {
    for (let j = 0; j < refs.length; j++) {
      const b = refs[j];
      if (j === i || !b || !sameParent(a, b)) continue;
      const sa = emptyToUndefined(a.sectionName) !== undefined;
      const sb = emptyToUndefined(b.sectionName) !== undefined;
      const pa = emptyToUndefined(a.port) !== undefined;
      const pb = emptyToUndefined(b.port) !== undefined;
      if (sa !== sb || pa !== pb) {
        report.error(['spec', 'parentRefs', i], 'sectionName or port must be specified when parentRefs includes 2 or more references to the same parent');
        return;
      }
      if (emptyToUndefined(a.sectionName) === emptyToUndefined(b.sectionName) && emptyToUndefined(a.port) === emptyToUndefined(b.port) && j < i) {
        report.error(['spec', 'parentRefs', i], 'sectionName or port must be unique when parentRefs includes 2 or more references to the same parent');
        return;
      }
    }
  });
}

function validateRuleNames(rules: readonly { name?: string | undefined }[], report: SemanticReport): void {
  const seen = new Set<string>();
  rules.forEach((r, i) => {
    if (r.name === undefined) return;
    if (seen.has(r.name)) report.error(['spec', 'rules', i, 'name'], 'Rule name must be unique within the route');
    seen.add(r.name);
  });
}

function validateTotalMatches(rules: readonly { matches?: readonly unknown[] | undefined }[], report: SemanticReport): void {
  const total = rules.reduce((n, r) => n + (r.matches?.length ?? 0), 0);
  if (total > 128) {
    report.error(['spec', 'rules'], 'While 16 rules and 64 matches per rule are allowed, the total number of matches across all rules in a route must be less than 128');
  }
}

function validateBackendObjectRef(ref: BackendObjectReference, at: At, report: SemanticReport): void {
  if ((ref.group ?? '') === '' && (ref.kind ?? 'Service') === 'Service' && ref.port === undefined) report.error(at, 'Must have port for Service reference');
}

function validatePathModifier(p: PathModifier, at: At, report: SemanticReport): void {
  if (p.type === 'ReplaceFullPath' && p.replaceFullPath === undefined) report.error(at, "replaceFullPath must be specified when type is set to 'ReplaceFullPath'");
  if (p.replaceFullPath !== undefined && p.type !== 'ReplaceFullPath') report.error(at, "type must be 'ReplaceFullPath' when replaceFullPath is set");
  if (p.type === 'ReplacePrefixMatch' && p.replacePrefixMatch === undefined) report.error(at, "replacePrefixMatch must be specified when type is set to 'ReplacePrefixMatch'");
  if (p.replacePrefixMatch !== undefined && p.type !== 'ReplacePrefixMatch') report.error(at, "type must be 'ReplacePrefixMatch' when replacePrefixMatch is set");
}

const FILTER_FIELD: Readonly<Record<string, string>> = {
  RequestHeaderModifier: 'requestHeaderModifier',
  ResponseHeaderModifier: 'responseHeaderModifier',
  RequestMirror: 'requestMirror',
  RequestRedirect: 'requestRedirect',
  URLRewrite: 'urlRewrite',
  ExtensionRef: 'extensionRef',
  CORS: 'cors',
  ExternalAuth: 'externalAuth',
};

type AnyFilter = HttpRouteFilter | GrpcRouteFilter;

function validateFilters(filters: readonly AnyFilter[], at: At, report: SemanticReport, http: boolean): void {
  const counts = new Map<string, number>();
  filters.forEach((f, i) => {
    counts.set(f.type, (counts.get(f.type) ?? 0) + 1);
    const fat = [...at, i];
    const record: Readonly<Record<string, unknown>> = f;
    for (const [type, field] of Object.entries(FILTER_FIELD)) {
      if (!http && !['RequestHeaderModifier', 'ResponseHeaderModifier', 'RequestMirror', 'ExtensionRef'].includes(type)) continue;
      const has = record[field] !== undefined;
      if (has && f.type !== type) report.error([...fat, field], `filter.${field} must be nil if the filter.type is not ${type}`);
      if (!has && f.type === type) report.error(fat, `filter.${field} must be specified for ${type} filter.type`);
    }
    const mirror = f.requestMirror;
    if (mirror) {
      if (mirror.percent !== undefined && mirror.fraction !== undefined) report.error([...fat, 'requestMirror'], 'Only one of percent or fraction may be specified in HTTPRequestMirrorFilter');
      if (mirror.fraction && mirror.fraction.numerator > (mirror.fraction.denominator ?? 100)) {
        report.error([...fat, 'requestMirror', 'fraction'], 'numerator must be less than or equal to denominator');
      }
      validateBackendObjectRef(mirror.backendRef, [...fat, 'requestMirror', 'backendRef'], report);
    }
    if ('requestRedirect' in f && f.requestRedirect?.path) validatePathModifier(f.requestRedirect.path, [...fat, 'requestRedirect', 'path'], report);
    if ('urlRewrite' in f && f.urlRewrite?.path) validatePathModifier(f.urlRewrite.path, [...fat, 'urlRewrite', 'path'], report);
    if ('cors' in f && f.cors) {
      for (const [field, what] of [
        ['allowOrigins', 'origins'],
        ['allowMethods', 'methods'],
        ['allowHeaders', 'methods'],
      ] as const) {
        const list: readonly string[] = f.cors[field] ?? [];
        if (list.includes('*') && list.length > 1) report.error([...fat, 'cors', field], `${field.charAt(0).toUpperCase()}${field.slice(1)} cannot contain '*' alongside other ${what}`);
      }
    }
  });
  const repeatable = http ? ['RequestHeaderModifier', 'ResponseHeaderModifier', 'RequestRedirect', 'URLRewrite', 'CORS'] : ['RequestHeaderModifier', 'ResponseHeaderModifier'];
  for (const t of repeatable) if ((counts.get(t) ?? 0) > 1) report.error(at, `${t} filter cannot be repeated`);
  if (http && counts.has('RequestRedirect') && counts.has('URLRewrite')) {
    report.error(at, 'May specify either httpRouteFilterRequestRedirect or httpRouteFilterRequestRewrite, but not both');
  }
}

const PATH_CHARS = /^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+$/;

function validatePathMatch(m: HttpRouteMatch, at: At, report: SemanticReport): void {
  const p = m.path;
  if (!p) return;
  const type = p.type ?? 'PathPrefix';
  const value = p.value ?? '/';
  if (type !== 'Exact' && type !== 'PathPrefix') return;
  const pat = [...at, 'path', 'value'];
  const scope = "when type one of ['Exact', 'PathPrefix']";
  if (!value.startsWith('/')) report.error(pat, `value must be an absolute path and start with '/' ${scope}`);
  for (const bad of ['//', '/./', '/../', '%2f', '%2F', '#']) if (value.includes(bad)) report.error(pat, `must not contain '${bad}' ${scope}`);
  for (const bad of ['/..', '/.']) if (value.endsWith(bad)) report.error(pat, `must not end with '${bad}' ${scope}`);
  if (!PATH_CHARS.test(value)) report.error(pat, "must only contain valid characters (matching ^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+$) for types ['Exact', 'PathPrefix']");
}

/** Gateway API durations in milliseconds ("1h30m" → 5400000). */
export function durationMillis(d: string): number {
  let total = 0;
  for (const m of d.matchAll(/([0-9]+)(ms|h|m|s)/g)) {
    const n = Number(m[1]);
    total += m[2] === 'h' ? n * 3600000 : m[2] === 'm' ? n * 60000 : m[2] === 's' ? n * 1000 : n;
  }
  return total;
}

function hasPrefixRewrite(filters: readonly HttpRouteFilter[] | undefined, kind: 'requestRedirect' | 'urlRewrite'): boolean {
  return (filters ?? []).some((f) => f[kind]?.path?.type === 'ReplacePrefixMatch' && f[kind]?.path?.replacePrefixMatch !== undefined);
}

export function validateHttpRoute(spec: HttpRouteSpec, _name: string, report: SemanticReport): void {
  validateParentRefs(spec.parentRefs ?? [], report);
  const rules = spec.rules ?? [];
  validateRuleNames(rules, report);
  validateTotalMatches(rules, report);
  rules.forEach((r, i) => {
    const at = ['spec', 'rules', i];
    const backends = r.backendRefs ?? [];
    if (backends.length > 0 && (r.filters ?? []).some((f) => f.requestRedirect !== undefined)) {
      report.error(at, 'RequestRedirect filter must not be used together with backendRefs');
    }
    const matches = r.matches ?? [{ path: { type: 'PathPrefix', value: '/' } }];
    const onePrefix = matches.length === 1 && matches[0]?.path !== undefined && (matches[0].path.type ?? 'PathPrefix') === 'PathPrefix';
    for (const kind of ['requestRedirect', 'urlRewrite'] as const) {
      const label = kind === 'requestRedirect' ? 'RequestRedirect' : 'URLRewrite';
      if (hasPrefixRewrite(r.filters, kind) && !onePrefix) {
        report.error(at, `When using ${label} filter with path.replacePrefixMatch, exactly one PathPrefix match must be specified`);
      }
      if (backends.some((b) => hasPrefixRewrite(b.filters, kind)) && !onePrefix) {
        report.error(at, `Within backendRefs, ${kind === 'requestRedirect' ? 'when' : 'When'} using ${label} filter with path.replacePrefixMatch, exactly one PathPrefix match must be specified`);
      }
    }
    (r.matches ?? []).forEach((m, j) => validatePathMatch(m, [...at, 'matches', j], report));
    validateFilters(r.filters ?? [], [...at, 'filters'], report, true);
    backends.forEach((b, j) => {
      validateBackendObjectRef(b, [...at, 'backendRefs', j], report);
      validateFilters(b.filters ?? [], [...at, 'backendRefs', j, 'filters'], report, true);
    });
    const t = r.timeouts;
    if (t?.request !== undefined && t.backendRequest !== undefined) {
      const req = durationMillis(t.request);
      if (req !== 0 && durationMillis(t.backendRequest) > req) report.error([...at, 'timeouts'], 'backendRequest timeout cannot be longer than request timeout');
    }
    const sp = r.sessionPersistence;
    if (sp?.cookieConfig && (sp.type ?? 'Cookie') !== 'Cookie') report.error([...at, 'sessionPersistence'], 'cookieConfig can only be set with type Cookie');
    if (sp?.cookieConfig?.lifetimeType === 'Permanent' && sp.absoluteTimeout === undefined) {
      report.error([...at, 'sessionPersistence'], 'AbsoluteTimeout must be specified when cookie lifetimeType is Permanent');
    }
  });
}

export function validateGrpcRoute(spec: GrpcRouteSpec, _name: string, report: SemanticReport): void {
  validateParentRefs(spec.parentRefs ?? [], report);
  const rules = spec.rules ?? [];
  validateRuleNames(rules, report);
  validateTotalMatches(rules, report);
  rules.forEach((r, i) => {
    const at = ['spec', 'rules', i];
    (r.matches ?? []).forEach((m, j) => {
      const method = m.method;
      if (!method) return;
      const mat = [...at, 'matches', j, 'method'];
      if (method.service === undefined && method.method === undefined) report.error(mat, "One or both of 'service' or 'method' must be specified");
      if ((method.type ?? 'Exact') === 'Exact') {
        if (method.service !== undefined && !/^\.?[a-z_][a-z_0-9]*(\.[a-z_][a-z_0-9]*)*$/i.test(method.service)) {
          report.error([...mat, 'service'], 'service must only contain valid characters (matching ^(?i)\\.?[a-z_][a-z_0-9]*(\\.[a-z_][a-z_0-9]*)*$)');
        }
        if (method.method !== undefined && !/^[A-Za-z_][A-Za-z_0-9]*$/.test(method.method)) {
          report.error([...mat, 'method'], 'method must only contain valid characters (matching ^[A-Za-z_][A-Za-z_0-9]*$)');
        }
      }
    });
    validateFilters(r.filters ?? [], [...at, 'filters'], report, false);
    (r.backendRefs ?? []).forEach((b, j) => {
      validateBackendObjectRef(b, [...at, 'backendRefs', j], report);
      validateFilters(b.filters ?? [], [...at, 'backendRefs', j, 'filters'], report, false);
    });
  });
}

function validateL4Route(spec: TcpRouteSpec | TlsRouteSpec, report: SemanticReport): void {
  validateParentRefs(spec.parentRefs ?? [], report);
  validateRuleNames(spec.rules, report);
  spec.rules.forEach((r, i) => r.backendRefs.forEach((b, j) => validateBackendObjectRef(b, ['spec', 'rules', i, 'backendRefs', j], report)));
}

export function validateTcpRoute(spec: TcpRouteSpec, _name: string, report: SemanticReport): void {
  validateL4Route(spec, report);
}

const IPV4 = /^(\d{1,3})(\.\d{1,3}){3}$/;

export function validateTlsRoute(spec: TlsRouteSpec, _name: string, report: SemanticReport): void {
  validateL4Route(spec, report);
  (spec.hostnames ?? []).forEach((h, i) => {
    if (IPV4.test(h) || h.includes(':')) report.error(['spec', 'hostnames', i], 'Hostnames cannot contain an IP');
  });
}
