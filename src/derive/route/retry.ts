// VS `retries` → Envoy RetryPolicy (route/retry/retry.go ConvertPolicy). Keys in RetryPolicy proto order.
import type { HttpRetry } from '../../schema/kinds/virtualService.js';
import type { RetryPolicy } from '../envoy.js';
import { formatDuration } from './duration.js';
import { sharedPart } from '../../model/sharedParts.js';

export const DEFAULT_RETRY_ON = 'connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes';

/** The previous_hosts predicate: one list every policy holds (rules with `retries` each make a policy), so frozen. */
const PREVIOUS_HOSTS: NonNullable<RetryPolicy['retryHostPredicate']> = [
  {
    name: 'envoy.retry_host_predicates.previous_hosts',
    typedConfig: Object.freeze({ '@type': 'type.googleapis.com/envoy.extensions.retry.host.previous_hosts.v3.PreviousHostsPredicate' }),
  },
];
PREVIOUS_HOSTS.forEach((p) => Object.freeze(p));
Object.freeze(PREVIOUS_HOSTS);

const previousPriorities = (): NonNullable<RetryPolicy['retryPriority']> => ({
  name: 'envoy.retry_priorities.previous_priorities',
  typedConfig: {
    '@type': 'type.googleapis.com/envoy.extensions.retry.priority.previous_priorities.v3.PreviousPrioritiesConfig',
    updateFrequency: 2,
  },
});

// Go's http.StatusText: only codes it names count as status codes in retryOn.
const KNOWN_STATUS = new Set([
  100, 101, 102, 103, 200, 201, 202, 203, 204, 205, 206, 207, 208, 226, 300, 301, 302, 303, 304, 305, 307, 308, 400, 401,
  402, 403, 404, 405, 406, 407, 408, 409, 410, 411, 412, 413, 414, 415, 416, 417, 418, 421, 422, 423, 424, 425, 426, 428,
  429, 431, 451, 500, 501, 502, 503, 504, 505, 506, 507, 508, 510, 511,
]);

/** Split retryOn into Envoy conditions and integer status codes (parseRetryOn). */
export function parseRetryOn(retryOn: string): { retryOn: string; codes: number[] } {
  const codes: number[] = [];
  const names: string[] = [];
  for (const raw of retryOn.split(',')) {
    const part = raw.trim();
    if (part === '') continue;
    const n = /^[+-]?\d+$/.test(part) ? Number.parseInt(part, 10) : Number.NaN;
    if (KNOWN_STATUS.has(n)) codes.push(n);
    else names.push(part);
  }
  return { retryOn: names.join(','), codes };
}

interface PolicyParts {
  retryOn: string;
  numRetries: number;
  perTryTimeout?: string;
  retryPriority?: RetryPolicy['retryPriority'];
  predicate: boolean;
  retriableStatusCodes: number[];
  backoff?: string;
}

function assemble(p: PolicyParts): RetryPolicy {
  const out: RetryPolicy = {};
  if (p.retryOn !== '') out.retryOn = p.retryOn;
  if (p.numRetries !== 0) out.numRetries = p.numRetries;
  if (p.perTryTimeout !== undefined) out.perTryTimeout = p.perTryTimeout;
  if (p.retryPriority) out.retryPriority = p.retryPriority;
  if (p.predicate) out.retryHostPredicate = PREVIOUS_HOSTS;
  out.hostSelectionRetryMaxAttempts = '5';
  if (p.retriableStatusCodes.length > 0) out.retriableStatusCodes = p.retriableStatusCodes;
  if (p.backoff !== undefined) out.retryBackOff = { baseInterval: p.backoff };
  return out;
}

/**
 * The default policy, with and without previous_hosts: every route without `retries` holds one of
 * these (shared, so deeply frozen: JSON writers render it once).
 */
const DEFAULT_POLICY = sharedPart(assemble({ retryOn: DEFAULT_RETRY_ON, numRetries: 2, predicate: true, retriableStatusCodes: [] }));
const DEFAULT_POLICY_HASHED = sharedPart(assemble({ retryOn: DEFAULT_RETRY_ON, numRetries: 2, predicate: false, retriableStatusCodes: [] }));

/**
 * `retry` undefined → the default policy (mesh `defaultHttpRetryPolicy` is the caller's choice to pass);
 * attempts ≤ 0 → no policy. `consistentHash` (a single destination whose DR hashes) drops previous_hosts.
 */
export function convertRetryPolicy(retry: HttpRetry | undefined, consistentHash: boolean): RetryPolicy | undefined {
  if (retry === undefined) return consistentHash ? DEFAULT_POLICY_HASHED : DEFAULT_POLICY;
  const attempts = retry.attempts ?? 0;
  if (attempts <= 0) return undefined;
  const parts: PolicyParts = { retryOn: DEFAULT_RETRY_ON, numRetries: attempts, predicate: !consistentHash, retriableStatusCodes: [] };
  if (retry.retryOn !== undefined && retry.retryOn !== '') {
    const parsed = parseRetryOn(retry.retryOn);
    parts.retryOn = parsed.retryOn;
    parts.retriableStatusCodes = parsed.codes;
    // Istio appends even to an empty list, giving ",retriable-status-codes".
    if (parsed.codes.length > 0 && !parts.retryOn.includes('retriable-status-codes')) parts.retryOn += ',retriable-status-codes';
  }
  if (retry.perTryTimeout !== undefined) parts.perTryTimeout = formatDuration(retry.perTryTimeout);
  if (retry.retryIgnorePreviousHosts !== undefined) parts.predicate = retry.retryIgnorePreviousHosts;
  if (retry.retryRemoteLocalities === true) parts.retryPriority = previousPriorities();
  if (retry.backoff !== undefined) parts.backoff = formatDuration(retry.backoff);
  return assemble(parts);
}
