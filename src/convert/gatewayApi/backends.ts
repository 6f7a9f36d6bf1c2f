// backendRefs → VirtualService destinations: ReferenceGrants, Services and ServiceEntries, weights,
// mirrors (conversion.go buildDestination, buildHTTPDestination, buildGRPCDestination).
import type { ConfigIndex } from '../../model/configIndex.js';
import type { Path } from '../../load/sourceMap.js';
import type { BackendObjectReference, HttpBackendRef, RequestMirror } from '../../schema/kinds/gatewayApi.js';
import type { Destination, HttpMirrorPolicy, HttpRouteDestination } from '../../schema/kinds/virtualService.js';
import { headerOperations } from './routeFilters.js';
import { configError } from './conditions.js';
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
export const INVALID_BACKEND = new Set(['RefNotPermitted', 'BackendNotFound', 'InvalidKind']);

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

export function mirror(ctx: RouteContext, f: RequestMirror, ns: string, enforceRefGrant: boolean, kind: GroupKind, at: Path): { mirror?: HttpMirrorPolicy; error?: ConfigError } {
  const d = buildDestination(ctx, f.backendRef, ns, enforceRefGrant, kind, [...at, 'backendRef']);
  if (d.error) return { error: d.error };
  const out: HttpMirrorPolicy = { destination: d.destination ?? { host: '' } };
  if (f.fraction) out.percentage = { value: (100 * f.fraction.numerator) / (f.fraction.denominator ?? 100) };
  else if (f.percent !== undefined) out.percentage = { value: f.percent };
  return { mirror: out };
}

type AnyBackend = HttpBackendRef;

/** buildHTTPDestination / buildGRPCDestination: weights, invalid backends kept, per-backend header filters. */
export function httpDestinations(
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

export const weightSum = (backends: readonly { weight?: number | undefined }[] | undefined): number => (backends ?? []).reduce((n, b) => n + (b.weight ?? 1), 0);
