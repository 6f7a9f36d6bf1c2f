// networking.istio.io VirtualService spec, field by field (istio.io/api networking/v1alpha3
// virtual_service.proto): the shapes and their types only. The webhook checks are in
// virtualServiceValidation.ts and the kind in virtualService.ts, so that the checks shared with
// other kinds (istioChecks.ts) can use these types without an import cycle.
import { z } from 'zod';
import { dict } from '../../load/dict.js';
import { duration, int32, stringMap, stringMatch, uint32 } from '../common.js';

/** Percent: `{value: 0-100}` (a double). */
export const percent = z.strictObject({ value: z.number().optional() });
export type Percent = z.infer<typeof percent>;

export const portSelector = z.strictObject({ number: uint32.optional() });
export type PortSelector = z.infer<typeof portSelector>;

// Fields the proto marks REQUIRED default to their protobuf zero value, as Istio's own parser leaves
// them; the webhook checks (semantic) then report them. So analyzers still see such resources.
export const destination = z.strictObject({
  host: z.string().default(''),
  subset: z.string().optional(),
  port: portSelector.optional(),
});
export type Destination = z.infer<typeof destination>;
const requiredDestination = destination.default(() => ({ host: '' }));

const headerOperations = z.strictObject({
  set: stringMap.optional(),
  add: stringMap.optional(),
  remove: z.array(z.string()).optional(),
});
export const headers = z.strictObject({
  request: headerOperations.optional(),
  response: headerOperations.optional(),
});
export type Headers = z.infer<typeof headers>;

export const httpRouteDestination = z.strictObject({
  destination: requiredDestination,
  weight: int32.optional(),
  headers: headers.optional(),
});
export type HttpRouteDestination = z.infer<typeof httpRouteDestination>;

export const routeDestination = z.strictObject({
  destination: requiredDestination,
  weight: int32.optional(),
});
export type RouteDestination = z.infer<typeof routeDestination>;

export const REDIRECT_PORT_SELECTIONS = ['FROM_PROTOCOL_DEFAULT', 'FROM_REQUEST_PORT'] as const;
export const httpRedirect = z.strictObject({
  uri: z.string().optional(),
  authority: z.string().optional(),
  port: uint32.optional(),
  derivePort: z.enum(REDIRECT_PORT_SELECTIONS).optional(),
  scheme: z.string().optional(),
  redirectCode: uint32.optional(),
  prefixRewrite: z.string().optional(),
});
export type HttpRedirect = z.infer<typeof httpRedirect>;

export const httpBody = z.strictObject({
  string: z.string().optional(),
  /** base64, as protobuf JSON carries bytes */
  bytes: z.string().optional(),
});
export const httpDirectResponse = z.strictObject({
  status: uint32.default(0),
  body: httpBody.optional(),
});
export type HttpDirectResponse = z.infer<typeof httpDirectResponse>;

export const delegate = z.strictObject({
  name: z.string().optional(),
  namespace: z.string().optional(),
});
export type Delegate = z.infer<typeof delegate>;

export const regexRewrite = z.strictObject({
  match: z.string().optional(),
  rewrite: z.string().optional(),
});
export const httpRewrite = z.strictObject({
  uri: z.string().optional(),
  authority: z.string().optional(),
  uriRegexRewrite: regexRewrite.optional(),
});
export type HttpRewrite = z.infer<typeof httpRewrite>;

export const httpRetry = z.strictObject({
  attempts: int32.optional(),
  perTryTimeout: duration.optional(),
  retryOn: z.string().optional(),
  retryRemoteLocalities: z.boolean().optional(),
  retryIgnorePreviousHosts: z.boolean().optional(),
  backoff: duration.optional(),
});
export type HttpRetry = z.infer<typeof httpRetry>;

export const UNMATCHED_PREFLIGHTS = ['UNSPECIFIED', 'FORWARD', 'IGNORE'] as const;
export const corsPolicy = z.strictObject({
  /** deprecated: use allowOrigins */
  allowOrigin: z.array(z.string()).optional(),
  allowOrigins: z.array(stringMatch).optional(),
  allowMethods: z.array(z.string()).optional(),
  allowHeaders: z.array(z.string()).optional(),
  exposeHeaders: z.array(z.string()).optional(),
  maxAge: duration.optional(),
  allowCredentials: z.boolean().optional(),
  unmatchedPreflights: z.enum(UNMATCHED_PREFLIGHTS).optional(),
});
export type CorsPolicy = z.infer<typeof corsPolicy>;

const faultDelay = z.strictObject({
  /** deprecated: use percentage */
  percent: int32.optional(),
  fixedDelay: duration.optional(),
  exponentialDelay: duration.optional(),
  percentage: percent.optional(),
});
const faultAbort = z.strictObject({
  httpStatus: int32.optional(),
  grpcStatus: z.string().optional(),
  http2Error: z.string().optional(),
  percentage: percent.optional(),
});
export const httpFaultInjection = z.strictObject({
  delay: faultDelay.optional(),
  abort: faultAbort.optional(),
});
export type HttpFaultInjection = z.infer<typeof httpFaultInjection>;

export const httpMirrorPolicy = z.strictObject({
  destination: requiredDestination,
  percentage: percent.optional(),
});
export type HttpMirrorPolicy = z.infer<typeof httpMirrorPolicy>;

const stringMatchMap = dict(stringMatch);

export const httpMatchRequest = z.strictObject({
  name: z.string().optional(),
  uri: stringMatch.optional(),
  scheme: stringMatch.optional(),
  method: stringMatch.optional(),
  authority: stringMatch.optional(),
  headers: stringMatchMap.optional(),
  port: uint32.optional(),
  sourceLabels: stringMap.optional(),
  gateways: z.array(z.string()).optional(),
  queryParams: stringMatchMap.optional(),
  ignoreUriCase: z.boolean().optional(),
  withoutHeaders: stringMatchMap.optional(),
  sourceNamespace: z.string().optional(),
  statPrefix: z.string().optional(),
});
export type HttpMatchRequest = z.infer<typeof httpMatchRequest>;

export const httpRoute = z.strictObject({
  name: z.string().optional(),
  match: z.array(httpMatchRequest).optional(),
  route: z.array(httpRouteDestination).optional(),
  redirect: httpRedirect.optional(),
  directResponse: httpDirectResponse.optional(),
  delegate: delegate.optional(),
  rewrite: httpRewrite.optional(),
  timeout: duration.optional(),
  retries: httpRetry.optional(),
  fault: httpFaultInjection.optional(),
  mirror: destination.optional(),
  mirrors: z.array(httpMirrorPolicy).optional(),
  /** deprecated: use mirrorPercentage */
  mirrorPercent: uint32.optional(),
  mirrorPercentage: percent.optional(),
  corsPolicy: corsPolicy.optional(),
  headers: headers.optional(),
});
export type HttpRoute = z.infer<typeof httpRoute>;

export const l4MatchAttributes = z.strictObject({
  destinationSubnets: z.array(z.string()).optional(),
  port: uint32.optional(),
  sourceSubnet: z.string().optional(),
  sourceLabels: stringMap.optional(),
  gateways: z.array(z.string()).optional(),
  sourceNamespace: z.string().optional(),
});
export type L4MatchAttributes = z.infer<typeof l4MatchAttributes>;

export const tlsMatchAttributes = z.strictObject({
  sniHosts: z.array(z.string()).default(() => []),
  destinationSubnets: z.array(z.string()).optional(),
  port: uint32.optional(),
  sourceLabels: stringMap.optional(),
  gateways: z.array(z.string()).optional(),
  sourceNamespace: z.string().optional(),
});
export type TlsMatchAttributes = z.infer<typeof tlsMatchAttributes>;

export const tcpRoute = z.strictObject({
  match: z.array(l4MatchAttributes).optional(),
  route: z.array(routeDestination).optional(),
});
export type TcpRoute = z.infer<typeof tcpRoute>;

export const tlsRoute = z.strictObject({
  match: z.array(tlsMatchAttributes).default(() => []),
  route: z.array(routeDestination).optional(),
});
export type TlsRoute = z.infer<typeof tlsRoute>;

export const virtualServiceSpec = z.strictObject({
  hosts: z.array(z.string()).optional(),
  gateways: z.array(z.string()).optional(),
  http: z.array(httpRoute).optional(),
  tls: z.array(tlsRoute).optional(),
  tcp: z.array(tcpRoute).optional(),
  exportTo: z.array(z.string()).optional(),
});
export type VirtualServiceSpec = z.infer<typeof virtualServiceSpec>;
