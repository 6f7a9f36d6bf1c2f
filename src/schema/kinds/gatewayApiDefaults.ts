// The defaults the Gateway API CRDs (v1.6.0) declare, applied as the API server applies them on
// admission: a default fills an absent field of an object that is present (a nested object's own
// default applies only once its parent exists or is defaulted). Pure: returns new specs.
// Istio reads what the API server stored, so gwctl converts defaulted objects; Istio's conversion
// test harness stores them as written, which the peer suite reproduces by turning this step off.
import type {
  BackendObjectReference,
  GrpcRouteFilter,
  GrpcRouteSpec,
  HttpRouteFilter,
  HttpRouteSpec,
  KubernetesGatewaySpec,
  Listener,
  ListenerSetSpec,
  ParentReference,
  TcpRouteSpec,
  TlsRouteSpec,
} from './gatewayApiSchemas.js';

const GROUP = 'gateway.networking.k8s.io';

const parentRef = <P extends Pick<ParentReference, 'group' | 'kind'>>(p: P): P => ({ ...p, group: p.group ?? GROUP, kind: p.kind ?? 'Gateway' });
const backendObject = <B extends BackendObjectReference>(b: B): B => ({ ...b, group: b.group ?? '', kind: b.kind ?? 'Service' });
const weighted = <B extends BackendObjectReference & { weight?: number | undefined }>(b: B): B => ({ ...backendObject(b), weight: b.weight ?? 1 });

function listener(l: Listener): Listener {
  const routes = l.allowedRoutes ?? {};
  return {
    ...l,
    allowedRoutes: {
      ...routes,
      namespaces: { ...(routes.namespaces ?? {}), from: routes.namespaces?.from ?? 'Same' },
      ...(routes.kinds ? { kinds: routes.kinds.map((k) => ({ ...k, group: k.group ?? GROUP })) } : {}),
    },
    ...(l.tls
      ? {
          tls: {
            ...l.tls,
            mode: l.tls.mode ?? 'Terminate',
            ...(l.tls.certificateRefs ? { certificateRefs: l.tls.certificateRefs.map((c) => ({ ...c, group: c.group ?? '', kind: c.kind ?? 'Secret' })) } : {}),
          },
        }
      : {}),
  };
}

export function defaultGatewaySpec(spec: KubernetesGatewaySpec): KubernetesGatewaySpec {
  const out: KubernetesGatewaySpec = { ...spec, listeners: spec.listeners.map(listener) };
  if (spec.addresses) out.addresses = spec.addresses.map((a) => ({ ...a, type: a.type ?? 'IPAddress' }));
  if (spec.allowedListeners) {
    out.allowedListeners = { ...spec.allowedListeners, namespaces: { ...(spec.allowedListeners.namespaces ?? {}), from: spec.allowedListeners.namespaces?.from ?? 'None' } };
  }
  const tls = spec.tls;
  if (tls) {
    const client = tls.backend?.clientCertificateRef;
    const frontend = tls.frontend;
    const validation = <V extends { mode?: string | undefined }>(v: V | undefined): V | undefined => (v ? { ...v, mode: v.mode ?? 'AllowValidOnly' } : v);
    out.tls = {
      ...tls,
      ...(tls.backend ? { backend: { ...tls.backend, ...(client ? { clientCertificateRef: { ...client, group: client.group ?? '', kind: client.kind ?? 'Secret' } } : {}) } } : {}),
      ...(frontend
        ? {
            frontend: {
              ...frontend,
              default: { ...frontend.default, validation: validation(frontend.default.validation) },
              ...(frontend.perPort ? { perPort: frontend.perPort.map((p) => ({ ...p, tls: { ...p.tls, validation: validation(p.tls.validation) } })) } : {}),
            },
          }
        : {}),
    };
  }
  return out;
}

export function defaultListenerSetSpec(spec: ListenerSetSpec): ListenerSetSpec {
  return { ...spec, parentRef: parentRef(spec.parentRef), listeners: spec.listeners.map(listener) };
}

function httpFilter(f: HttpRouteFilter): HttpRouteFilter {
  const out: HttpRouteFilter = { ...f };
  if (f.requestMirror) {
    out.requestMirror = {
      ...f.requestMirror,
      backendRef: backendObject(f.requestMirror.backendRef),
      ...(f.requestMirror.fraction ? { fraction: { ...f.requestMirror.fraction, denominator: f.requestMirror.fraction.denominator ?? 100 } } : {}),
    };
  }
  if (f.requestRedirect) out.requestRedirect = { ...f.requestRedirect, statusCode: f.requestRedirect.statusCode ?? 302 };
  if (f.cors) out.cors = { ...f.cors, maxAge: f.cors.maxAge ?? 5 };
  if (f.externalAuth) out.externalAuth = { ...f.externalAuth, backendRef: backendObject(f.externalAuth.backendRef) };
  return out;
}

function grpcFilter(f: GrpcRouteFilter): GrpcRouteFilter {
  if (!f.requestMirror) return f;
  return {
    ...f,
    requestMirror: {
      ...f.requestMirror,
      backendRef: backendObject(f.requestMirror.backendRef),
      ...(f.requestMirror.fraction ? { fraction: { ...f.requestMirror.fraction, denominator: f.requestMirror.fraction.denominator ?? 100 } } : {}),
    },
  };
}

const sessionPersistence = <S extends { type?: 'Cookie' | 'Header' | undefined; cookieConfig?: { lifetimeType?: 'Permanent' | 'Session' | undefined } | undefined }>(
  s: S | undefined,
): S | undefined =>
  s
    ? {
        ...s,
        type: s.type ?? 'Cookie',
        ...(s.cookieConfig ? { cookieConfig: { ...s.cookieConfig, lifetimeType: s.cookieConfig.lifetimeType ?? 'Session' } } : {}),
      }
    : s;

const DEFAULT_MATCH = { path: { type: 'PathPrefix', value: '/' } } as const;

export function defaultHttpRouteSpec(spec: HttpRouteSpec): HttpRouteSpec {
  const rules = spec.rules ?? [{ matches: [{ path: { ...DEFAULT_MATCH.path } }] }];
  return {
    ...spec,
    ...(spec.parentRefs ? { parentRefs: spec.parentRefs.map(parentRef) } : {}),
    rules: rules.map((r) => ({
      ...r,
      matches: (r.matches ?? [{ path: { ...DEFAULT_MATCH.path } }]).map((m) => ({
        ...m,
        path: { ...(m.path ?? {}), type: m.path?.type ?? 'PathPrefix', value: m.path?.value ?? '/' },
        ...(m.headers ? { headers: m.headers.map((h) => ({ ...h, type: h.type ?? 'Exact' })) } : {}),
        ...(m.queryParams ? { queryParams: m.queryParams.map((q) => ({ ...q, type: q.type ?? 'Exact' })) } : {}),
      })),
      ...(r.filters ? { filters: r.filters.map(httpFilter) } : {}),
      ...(r.backendRefs ? { backendRefs: r.backendRefs.map((b) => ({ ...weighted(b), ...(b.filters ? { filters: b.filters.map(httpFilter) } : {}) })) } : {}),
      ...(r.sessionPersistence ? { sessionPersistence: sessionPersistence(r.sessionPersistence) } : {}),
    })),
  };
}

export function defaultGrpcRouteSpec(spec: GrpcRouteSpec): GrpcRouteSpec {
  return {
    ...spec,
    ...(spec.parentRefs ? { parentRefs: spec.parentRefs.map(parentRef) } : {}),
    ...(spec.rules
      ? {
          rules: spec.rules.map((r) => ({
            ...r,
            ...(r.matches
              ? {
                  matches: r.matches.map((m) => ({
                    ...m,
                    ...(m.method ? { method: { ...m.method, type: m.method.type ?? 'Exact' } } : {}),
                    ...(m.headers ? { headers: m.headers.map((h) => ({ ...h, type: h.type ?? 'Exact' })) } : {}),
                  })),
                }
              : {}),
            ...(r.filters ? { filters: r.filters.map(grpcFilter) } : {}),
            ...(r.backendRefs ? { backendRefs: r.backendRefs.map((b) => ({ ...weighted(b), ...(b.filters ? { filters: b.filters.map(grpcFilter) } : {}) })) } : {}),
            ...(r.sessionPersistence ? { sessionPersistence: sessionPersistence(r.sessionPersistence) } : {}),
          })),
        }
      : {}),
  };
}

export function defaultL4RouteSpec<S extends TcpRouteSpec | TlsRouteSpec>(spec: S): S {
  return {
    ...spec,
    ...(spec.parentRefs ? { parentRefs: spec.parentRefs.map(parentRef) } : {}),
    rules: spec.rules.map((r) => ({ ...r, backendRefs: r.backendRefs.map(weighted) })),
  };
}
