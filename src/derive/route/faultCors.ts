// `fault` and `corsPolicy` → per-route filter configs (TranslateFault, TranslateCORSPolicy), as the Any
// values istioctl prints under typedPerFilterConfig.
import type { CorsPolicy, HttpFaultInjection } from '../../schema/kinds/virtualService.js';
import { durationSeconds, formatDuration } from './duration.js';
import { integerToFraction, percentToFraction } from './mirror.js';
import { toEnvoyStringMatcher } from './stringMatch.js';

export const FAULT_FILTER = 'envoy.filters.http.fault';
export const CORS_FILTER = 'envoy.filters.http.cors';

const GRPC_CODES: Record<string, number> = {
  OK: 0,
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  OUT_OF_RANGE: 11,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  DATA_LOSS: 15,
  UNAUTHENTICATED: 16,
};

/** HTTPFault Any. Exponential delays and http2 aborts are unsupported and dropped, as in istiod. */
export function translateFault(fault: HttpFaultInjection): Record<string, unknown> {
  const out: Record<string, unknown> = { '@type': 'type.googleapis.com/envoy.extensions.filters.http.fault.v3.HTTPFault' };
  const d = fault.delay;
  if (d !== undefined && d.fixedDelay !== undefined) {
    const percentage = d.percentage !== undefined ? percentToFraction(d.percentage) : integerToFraction(d.percent ?? 0);
    out.delay = { fixedDelay: formatDuration(d.fixedDelay), percentage };
  }
  const a = fault.abort;
  if (a !== undefined && (a.httpStatus !== undefined || a.grpcStatus !== undefined)) {
    // Oneof members print even when zero (`"grpcStatus": 0` for OK).
    const abort: Record<string, unknown> =
      a.httpStatus !== undefined ? { httpStatus: a.httpStatus >>> 0 } : { grpcStatus: GRPC_CODES[a.grpcStatus ?? ''] ?? 0 };
    if (a.percentage !== undefined) abort.percentage = percentToFraction(a.percentage);
    out.abort = abort;
  }
  return out;
}

/** envoy.extensions.filters.http.cors.v3.CorsPolicy Any; keys in proto order. */
export function translateCors(cors: CorsPolicy): Record<string, unknown> {
  const out: Record<string, unknown> = { '@type': 'type.googleapis.com/envoy.extensions.filters.http.cors.v3.CorsPolicy' };
  let origins: unknown[] = [];
  if (cors.allowOrigins !== undefined && cors.allowOrigins.length > 0) {
    origins = cors.allowOrigins.map((m) => toEnvoyStringMatcher(m)).filter((m) => m !== undefined);
  } else if (cors.allowOrigin !== undefined) {
    origins = cors.allowOrigin.map((exact) => ({ exact }));
  }
  if (origins.length > 0) out.allowOriginStringMatch = origins;
  const joined = (list: string[] | undefined): string => (list ?? []).join(',');
  if (joined(cors.allowMethods) !== '') out.allowMethods = joined(cors.allowMethods);
  if (joined(cors.allowHeaders) !== '') out.allowHeaders = joined(cors.allowHeaders);
  if (joined(cors.exposeHeaders) !== '') out.exposeHeaders = joined(cors.exposeHeaders);
  if (cors.maxAge !== undefined) out.maxAge = (durationSeconds(cors.maxAge) ?? 0n).toString();
  if (cors.allowCredentials !== undefined) out.allowCredentials = cors.allowCredentials;
  out.filterEnabled = { defaultValue: { numerator: 100 } };
  out.forwardNotMatchingPreflights = cors.unmatchedPreflights !== 'IGNORE';
  return out;
}
