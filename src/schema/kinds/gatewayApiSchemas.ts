// Kubernetes Gateway API (gateway.networking.k8s.io, bundle v1.6.0 as Istio 1.32-dev installs it):
// Gateway, GatewayClass, HTTPRoute, GRPCRoute, TCPRoute, TLSRoute, ListenerSet, ReferenceGrant.
// Field by field as the CRDs' OpenAPI schemas define them (types, enums, patterns, bounds), so that
// an unknown field is reported as for Istio kinds. The CEL rules the API server enforces are in
// gatewayApiValidation.ts; the kinds are declared in gatewayApi.ts. The CRDs' defaults are NOT
// applied here: a real API server applies them on admission, Istio's own test harness does not, and
// the conversion must give Istio's result for both, so defaulting is a separate step
// (gatewayApiDefaults.ts).
import { z } from 'zod';
import { stringMap } from '../common.js';

export const GATEWAY_API_GROUP = 'gateway.networking.k8s.io';

const DNS_LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const SUBDOMAIN = `${DNS_LABEL}(\\.${DNS_LABEL})*`;

/** A null value is pruned by the API server (no field of these CRDs is nullable): read it as absent. */
const opt = <T extends z.ZodType>(s: T) => z.preprocess((v) => (v === null ? undefined : v), s.optional());

const pattern = (re: string, what: string) => z.string().regex(new RegExp(re), { error: `must be ${what}` });
const bounded = (s: z.ZodString, min: number, max: number) =>
  s.min(min, { error: min === 1 ? 'must not be empty' : `must be at least ${min} characters` }).max(max, { error: `must be at most ${max} characters` });

export const HOSTNAME_RE = `^(\\*\\.)?${SUBDOMAIN}$`;
/** Gateway API Duration: 1 to 4 groups of up to five digits with h, m, s or ms ("1h30m", "500ms"). */
export const DURATION_RE = /^([0-9]{1,5}(h|m|s|ms)){1,4}$/;

/**
 * The schemas, built on first use: building them is most of what loading the Gateway API kinds
 * costs at start-up (about 20 ms), and most inputs hold no Gateway API object (issue 16).
 */
function build() {
  const group = bounded(pattern(`^$|^${SUBDOMAIN}$`, 'an API group (a DNS subdomain, or "" for the core group)'), 0, 253);
  const kind = bounded(pattern('^[a-zA-Z]([-a-zA-Z0-9]*[a-zA-Z0-9])?$', 'a kind name'), 1, 63);
  const objectName = bounded(z.string(), 1, 253);
  const namespace = bounded(pattern(`^${DNS_LABEL}$`, 'a namespace name (a DNS label)'), 1, 63);
  const sectionName = bounded(pattern(`^${SUBDOMAIN}$`, 'a section name (a DNS subdomain)'), 1, 253);
  const hostname = bounded(pattern(HOSTNAME_RE, 'a hostname, optionally with a leading "*." label'), 1, 253);
  const preciseHostname = bounded(pattern(`^${SUBDOMAIN}$`, 'a hostname without wildcard'), 1, 253);
  const portNumber = z.number().int({ error: 'must be a whole number' }).min(1, { error: 'must be 1-65535' }).max(65535, { error: 'must be 1-65535' });
  const int32 = z.number().int({ error: 'must be a whole number' });
  const headerName = bounded(pattern("^[A-Za-z0-9!#$%&'*+\\-.^_`|~]+$", 'an HTTP header name'), 1, 256);
  const duration = z.string().regex(DURATION_RE, { error: 'must be a Gateway API duration such as "10s", "500ms" or "1h30m"' });
  const maxItems = <T extends z.ZodType>(s: T, max: number, min = 0) =>
    z
      .array(s)
      .min(min, { error: `must have at least ${min} item${min === 1 ? '' : 's'}` })
      .max(max, { error: `must have at most ${max} items` });

  // ---- references ---------------------------------------------------------------------------------

  const parentReference = z.strictObject({
    group: opt(group),
    kind: opt(kind),
    namespace: opt(namespace),
    name: objectName,
    sectionName: opt(sectionName),
    port: opt(portNumber),
  });

  const backendObjectReference = z.strictObject({
    group: opt(group),
    kind: opt(kind),
    name: objectName,
    namespace: opt(namespace),
    port: opt(portNumber),
  });

  const weight = int32.min(0, { error: 'must be 0-1000000' }).max(1000000, { error: 'must be 0-1000000' });

  const backendRef = backendObjectReference.extend({ weight: opt(weight) });

  const secretObjectReference = z.strictObject({
    group: opt(group),
    kind: opt(kind),
    name: objectName,
    namespace: opt(namespace),
  });

  const objectReference = z.strictObject({ group, kind, name: objectName, namespace: opt(namespace) });

  const localObjectReference = z.strictObject({ group, kind, name: objectName });

  const labelSelector = z.strictObject({
    matchLabels: opt(stringMap),
    matchExpressions: opt(
      z.array(
        z.strictObject({
          key: z.string(),
          operator: z.string(),
          values: opt(z.array(z.string())),
        }),
      ),
    ),
  });

  // ---- Gateway, ListenerSet, GatewayClass ---------------------------------------------------------

  const routeGroupKind = z.strictObject({ group: opt(group), kind });

  const allowedRoutes = z.strictObject({
    namespaces: opt(
      z.strictObject({
        from: opt(z.enum(['All', 'Selector', 'Same'])),
        selector: opt(labelSelector),
      }),
    ),
    kinds: opt(maxItems(routeGroupKind, 8)),
  });

  const listenerTls = z.strictObject({
    mode: opt(z.enum(['Terminate', 'Passthrough'])),
    certificateRefs: opt(maxItems(secretObjectReference, 64)),
    options: opt(z.record(z.string(), bounded(z.string(), 0, 4096))),
  });

  const protocol = bounded(
    pattern(`^[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?$|${SUBDOMAIN}\\/[A-Za-z0-9]+$`, 'a protocol name (HTTP, HTTPS, TLS, TCP, UDP or a domain-prefixed name)'),
    1,
    255,
  );

  const listener = z.strictObject({
    name: sectionName,
    hostname: opt(hostname),
    port: portNumber,
    protocol,
    tls: opt(listenerTls),
    allowedRoutes: opt(allowedRoutes),
  });

  const caValidation = z.strictObject({
    caCertificateRefs: maxItems(objectReference, 16, 1),
    mode: opt(z.enum(['AllowValidOnly', 'AllowInsecureFallback'])),
  });
  const tlsConfig = z.strictObject({ validation: opt(caValidation) });

  const gatewayAddress = z.strictObject({
    type: opt(
      bounded(
        pattern(`^Hostname|IPAddress|NamedAddress|${SUBDOMAIN}\\/[A-Za-z0-9\\/\\-._~%!$&'()*+,;=:]+$`, 'Hostname, IPAddress, NamedAddress or a domain-prefixed type'),
        1,
        253,
      ),
    ),
    value: opt(bounded(z.string(), 0, 253)),
  });

  const kubernetesGatewaySpec = z.strictObject({
    gatewayClassName: objectName,
    // The CRD's minItems 1 is checked in validateGateway: it depends on allowedListeners.
    listeners: maxItems(listener, 64),
    addresses: opt(maxItems(gatewayAddress, 16)),
    infrastructure: opt(
      z.strictObject({
        labels: opt(stringMap),
        annotations: opt(stringMap),
        parametersRef: opt(localObjectReference),
      }),
    ),
    allowedListeners: opt(
      z.strictObject({
        namespaces: opt(
          z.strictObject({
            from: opt(z.enum(['All', 'Selector', 'Same', 'None'])),
            selector: opt(labelSelector),
          }),
        ),
      }),
    ),
    tls: opt(
      z.strictObject({
        backend: opt(z.strictObject({ clientCertificateRef: opt(secretObjectReference) })),
        frontend: opt(
          z.strictObject({
            default: tlsConfig,
            perPort: opt(maxItems(z.strictObject({ port: portNumber, tls: tlsConfig }), 64)),
          }),
        ),
      }),
    ),
    defaultScope: opt(z.enum(['All', 'None'])),
  });

  const listenerSetSpec = z.strictObject({
    parentRef: z.strictObject({ group: opt(group), kind: opt(kind), namespace: opt(namespace), name: objectName }),
    listeners: maxItems(listener, 64, 1),
  });

  const gatewayClassSpec = z.strictObject({
    controllerName: bounded(
      pattern(`^${SUBDOMAIN}\\/[A-Za-z0-9\\/\\-._~%!$&'()*+,;=:]+$`, 'a domain-prefixed controller name such as istio.io/gateway-controller'),
      1,
      253,
    ),
    description: opt(bounded(z.string(), 0, 64)),
    parametersRef: opt(z.strictObject({ group, kind, name: objectName, namespace: opt(namespace) })),
  });

  // ---- HTTPRoute ----------------------------------------------------------------------------------

  const headerValue = bounded(pattern('^[!-~]+([\\t ]?[!-~]+)*$', 'printable characters without leading or trailing spaces'), 1, 4096);
  const httpHeader = z.strictObject({ name: headerName, value: headerValue });

  const headerFilter = z.strictObject({
    set: opt(maxItems(httpHeader, 16)),
    add: opt(maxItems(httpHeader, 16)),
    remove: opt(maxItems(z.string(), 16)),
  });

  const pathModifier = z.strictObject({
    type: z.enum(['ReplaceFullPath', 'ReplacePrefixMatch']),
    replaceFullPath: opt(bounded(z.string(), 0, 1024)),
    replacePrefixMatch: opt(bounded(z.string(), 0, 1024)),
  });

  const requestRedirect = z.strictObject({
    scheme: opt(z.enum(['http', 'https'])),
    hostname: opt(preciseHostname),
    path: opt(pathModifier),
    port: opt(portNumber),
    statusCode: opt(z.union([z.literal(301), z.literal(302), z.literal(303), z.literal(307), z.literal(308)], { error: 'must be 301, 302, 303, 307 or 308' })),
  });

  const urlRewrite = z.strictObject({ hostname: opt(preciseHostname), path: opt(pathModifier) });

  const requestMirror = z.strictObject({
    backendRef: backendObjectReference,
    percent: opt(int32.min(0, { error: 'must be 0-100' }).max(100, { error: 'must be 0-100' })),
    fraction: opt(z.strictObject({ numerator: int32.min(0, { error: 'must not be negative' }), denominator: opt(int32.min(1, { error: 'must be at least 1' })) })),
  });

  const corsFilter = z.strictObject({
    allowOrigins: opt(
      maxItems(
        bounded(
          pattern('(^\\*$)|(^(http(s)?):\\/\\/(((\\*\\.)?([a-zA-Z0-9\\-]+\\.)*[a-zA-Z0-9-]+|\\*)(:([0-9]{1,5}))?)$)', 'an origin such as https://example.com, https://*.example.com or *'),
          1,
          253,
        ),
        64,
      ),
    ),
    allowCredentials: opt(z.boolean()),
    allowMethods: opt(maxItems(z.enum(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH', '*']), 9)),
    allowHeaders: opt(maxItems(headerName, 64)),
    exposeHeaders: opt(maxItems(headerName, 64)),
    maxAge: opt(int32.min(1, { error: 'must be at least 1' })),
  });

  const externalAuth = z.strictObject({
    protocol: z.enum(['HTTP', 'GRPC']),
    backendRef: backendObjectReference,
    grpc: opt(z.strictObject({ allowedHeaders: opt(z.array(z.string())) })),
    http: opt(
      z.strictObject({
        path: opt(z.string()),
        allowedHeaders: opt(z.array(z.string())),
        allowedResponseHeaders: opt(z.array(z.string())),
      }),
    ),
    forwardBody: opt(z.strictObject({ maxSize: opt(int32) })),
  });

  const HTTP_FILTER_TYPES = ['RequestHeaderModifier', 'ResponseHeaderModifier', 'RequestMirror', 'RequestRedirect', 'URLRewrite', 'ExtensionRef', 'CORS', 'ExternalAuth'] as const;

  const httpRouteFilter = z.strictObject({
    type: z.enum(HTTP_FILTER_TYPES),
    requestHeaderModifier: opt(headerFilter),
    responseHeaderModifier: opt(headerFilter),
    requestMirror: opt(requestMirror),
    requestRedirect: opt(requestRedirect),
    urlRewrite: opt(urlRewrite),
    cors: opt(corsFilter),
    externalAuth: opt(externalAuth),
    extensionRef: opt(localObjectReference),
  });

  const pathMatch = z.strictObject({
    type: opt(z.enum(['Exact', 'PathPrefix', 'RegularExpression'])),
    value: opt(bounded(z.string(), 0, 1024)),
  });

  const valueMatch = (value: z.ZodString) => z.strictObject({ type: opt(z.enum(['Exact', 'RegularExpression'])), name: headerName, value });

  const httpRouteMatch = z.strictObject({
    path: opt(pathMatch),
    headers: opt(maxItems(valueMatch(bounded(z.string(), 1, 4096)), 16)),
    queryParams: opt(maxItems(valueMatch(bounded(z.string(), 1, 1024)), 16)),
    method: opt(z.enum(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH'])),
  });

  const httpBackendRef = backendRef.extend({ filters: opt(maxItems(httpRouteFilter, 16)) });

  const sessionPersistence = z.strictObject({
    sessionName: opt(bounded(z.string(), 0, 128)),
    absoluteTimeout: opt(duration),
    type: opt(z.enum(['Cookie', 'Header'])),
    cookieConfig: opt(z.strictObject({ lifetimeType: opt(z.enum(['Permanent', 'Session'])) })),
  });

  const httpRouteRule = z.strictObject({
    name: opt(sectionName),
    matches: opt(maxItems(httpRouteMatch, 64)),
    filters: opt(maxItems(httpRouteFilter, 16)),
    backendRefs: opt(maxItems(httpBackendRef, 16)),
    timeouts: opt(z.strictObject({ request: opt(duration), backendRequest: opt(duration) })),
    retry: opt(
      z.strictObject({
        codes: opt(z.array(int32.min(400, { error: 'must be 400-599' }).max(599, { error: 'must be 400-599' }))),
        attempts: opt(int32.min(0, { error: 'must not be negative' })),
        backoff: opt(duration),
      }),
    ),
    sessionPersistence: opt(sessionPersistence),
  });

  const commonRouteFields = {
    parentRefs: opt(maxItems(parentReference, 32)),
    useDefaultGateways: opt(z.enum(['All', 'None'])),
  };

  const httpRouteSpec = z.strictObject({
    ...commonRouteFields,
    hostnames: opt(maxItems(hostname, 16)),
    rules: opt(maxItems(httpRouteRule, 16)),
  });

  // ---- GRPCRoute ----------------------------------------------------------------------------------

  const GRPC_FILTER_TYPES = ['ResponseHeaderModifier', 'RequestHeaderModifier', 'RequestMirror', 'ExtensionRef'] as const;

  const grpcRouteFilter = z.strictObject({
    type: z.enum(GRPC_FILTER_TYPES),
    requestHeaderModifier: opt(headerFilter),
    responseHeaderModifier: opt(headerFilter),
    requestMirror: opt(requestMirror),
    extensionRef: opt(localObjectReference),
  });

  const grpcRouteMatch = z.strictObject({
    method: opt(
      z.strictObject({
        type: opt(z.enum(['Exact', 'RegularExpression'])),
        service: opt(bounded(z.string(), 0, 1024)),
        method: opt(bounded(z.string(), 0, 1024)),
      }),
    ),
    headers: opt(maxItems(valueMatch(bounded(z.string(), 1, 4096)), 16)),
  });

  const grpcBackendRef = backendRef.extend({ filters: opt(maxItems(grpcRouteFilter, 16)) });

  const grpcRouteRule = z.strictObject({
    name: opt(sectionName),
    matches: opt(maxItems(grpcRouteMatch, 64)),
    filters: opt(maxItems(grpcRouteFilter, 16)),
    backendRefs: opt(maxItems(grpcBackendRef, 16)),
    sessionPersistence: opt(sessionPersistence),
  });

  const grpcRouteSpec = z.strictObject({
    ...commonRouteFields,
    hostnames: opt(maxItems(hostname, 16)),
    rules: opt(maxItems(grpcRouteRule, 16)),
  });

  // ---- TCPRoute, TLSRoute -------------------------------------------------------------------------

  const l4Rule = z.strictObject({ name: opt(sectionName), backendRefs: maxItems(backendRef, 16, 1) });

  /** TCPRoute v1 allows one rule, v1alpha2 up to 16; gwctl accepts the served versions' widest form. */
  const tcpRouteSpec = z.strictObject({ ...commonRouteFields, rules: maxItems(l4Rule, 16, 1) });

  /** TLSRoute v1 requires hostnames and allows one rule; v1alpha2 does neither. */
  const tlsRouteSpec = z.strictObject({ ...commonRouteFields, hostnames: opt(maxItems(hostname, 1024)), rules: maxItems(l4Rule, 16, 1) });

  // ---- ReferenceGrant -----------------------------------------------------------------------------

  const referenceGrantSpec = z.strictObject({
    from: maxItems(z.strictObject({ group, kind, namespace }), 16, 1),
    to: maxItems(z.strictObject({ group, kind, name: opt(objectName) }), 16, 1),
  });

  return {
    group, kind, objectName, namespace, sectionName, hostname, preciseHostname, portNumber, int32, headerName,
    duration, maxItems, parentReference, backendObjectReference, weight, backendRef, secretObjectReference,
    objectReference, localObjectReference, labelSelector, routeGroupKind, allowedRoutes, listenerTls,
    protocol, listener, caValidation, tlsConfig, gatewayAddress, kubernetesGatewaySpec, listenerSetSpec,
    gatewayClassSpec, headerValue, httpHeader, headerFilter, pathModifier, requestRedirect, urlRewrite,
    requestMirror, corsFilter, externalAuth, HTTP_FILTER_TYPES, httpRouteFilter, pathMatch, valueMatch,
    httpRouteMatch, httpBackendRef, sessionPersistence, httpRouteRule, commonRouteFields, httpRouteSpec,
    GRPC_FILTER_TYPES, grpcRouteFilter, grpcRouteMatch, grpcBackendRef, grpcRouteRule, grpcRouteSpec, l4Rule,
    tcpRouteSpec, tlsRouteSpec, referenceGrantSpec,
  };
}

type Schemas = ReturnType<typeof build>;
let built: Schemas | undefined;

/** The Gateway API schemas (built once, on the first call). */
export function gatewayApiSchemas(): Schemas {
  built ??= build();
  return built;
}

export type ParentReference = z.infer<Schemas['parentReference']>;
export type BackendObjectReference = z.infer<Schemas['backendObjectReference']>;
export type BackendRef = z.infer<Schemas['backendRef']>;
export type SecretObjectReference = z.infer<Schemas['secretObjectReference']>;
export type ObjectReference = z.infer<Schemas['objectReference']>;
export type LabelSelector = z.infer<Schemas['labelSelector']>;
export type RouteGroupKind = z.infer<Schemas['routeGroupKind']>;
export type AllowedRoutes = z.infer<Schemas['allowedRoutes']>;
export type ListenerTls = z.infer<Schemas['listenerTls']>;
export type Listener = z.infer<Schemas['listener']>;
export type FrontendTlsValidation = z.infer<Schemas['caValidation']>;
export type FrontendTlsConfig = z.infer<Schemas['tlsConfig']>;
export type GatewayAddress = z.infer<Schemas['gatewayAddress']>;
export type KubernetesGatewaySpec = z.infer<Schemas['kubernetesGatewaySpec']>;
export type ListenerSetSpec = z.infer<Schemas['listenerSetSpec']>;
export type GatewayClassSpec = z.infer<Schemas['gatewayClassSpec']>;
export type HttpHeader = z.infer<Schemas['httpHeader']>;
export type HeaderFilter = z.infer<Schemas['headerFilter']>;
export type PathModifier = z.infer<Schemas['pathModifier']>;
export type RequestRedirect = z.infer<Schemas['requestRedirect']>;
export type UrlRewrite = z.infer<Schemas['urlRewrite']>;
export type RequestMirror = z.infer<Schemas['requestMirror']>;
export type CorsFilter = z.infer<Schemas['corsFilter']>;
export type HttpRouteFilter = z.infer<Schemas['httpRouteFilter']>;
export type HttpPathMatch = z.infer<Schemas['pathMatch']>;
export type HttpRouteMatch = z.infer<Schemas['httpRouteMatch']>;
export type HttpBackendRef = z.infer<Schemas['httpBackendRef']>;
export type HttpRouteRule = z.infer<Schemas['httpRouteRule']>;
export type HttpRouteSpec = z.infer<Schemas['httpRouteSpec']>;
export type GrpcRouteFilter = z.infer<Schemas['grpcRouteFilter']>;
export type GrpcRouteMatch = z.infer<Schemas['grpcRouteMatch']>;
export type GrpcBackendRef = z.infer<Schemas['grpcBackendRef']>;
export type GrpcRouteRule = z.infer<Schemas['grpcRouteRule']>;
export type GrpcRouteSpec = z.infer<Schemas['grpcRouteSpec']>;
export type L4RouteRule = z.infer<Schemas['l4Rule']>;
export type TcpRouteSpec = z.infer<Schemas['tcpRouteSpec']>;
export type TlsRouteSpec = z.infer<Schemas['tlsRouteSpec']>;
export type ReferenceGrantSpec = z.infer<Schemas['referenceGrantSpec']>;
