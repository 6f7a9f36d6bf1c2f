// Forwarding action of a rule (applyHTTPRouteDestination, processDestination, processWeightedDestination,
// setTimeout). Builds the RouteAction in proto field order.
import type { ConsistentHash } from '../../schema/kinds/destinationRule.js';
import type { HttpRoute, HttpRouteDestination } from '../../schema/kinds/virtualService.js';
import type { HeaderValueOption, RouteAction, WeightedClusterEntry } from '../envoy.js';
import { destinationCluster } from './cluster.js';
import type { RouteBuildContext } from './context.js';
import { formatDuration } from './duration.js';
import { consistentHashToHashPolicy } from './hashPolicy.js';
import { translateHeaderOperations } from './headers.js';
import { translateMirrors } from './mirror.js';
import { convertRetryPolicy } from './retry.js';

/** Header mutations a single destination adds to the route itself. */
export interface RouteHeaderAdditions {
  requestHeadersToAdd: HeaderValueOption[];
  requestHeadersToRemove: string[];
  responseHeadersToAdd: HeaderValueOption[];
  responseHeadersToRemove: string[];
}

/** No header additions (shared, never written: readers copy what they keep). */
const NO_HEADERS: RouteHeaderAdditions = Object.freeze({ requestHeadersToAdd: [], requestHeadersToRemove: [], responseHeadersToAdd: [], responseHeadersToRemove: [] });

export interface DestinationAction {
  action: RouteAction;
  extraHeaders: RouteHeaderAdditions;
}

/**
 * `rule` has its hosts already resolved to FQDNs. `headerAuthority` is the authority from the rule's
 * `headers` (a `host`/`:authority` write); `lookupNamespace` is the (root) VS namespace.
 */
export function translateDestinationAction(
  rule: HttpRoute,
  ctx: RouteBuildContext,
  headerAuthority: string,
  lookupNamespace: string,
  /** Gateway API semantics (model.UseGatewaySemantics): a missing cluster answers 500, not 503. */
  gatewaySemantics = false,
): DestinationAction {
  let extra: RouteHeaderAdditions | undefined;
  const hashOf = (d: HttpRouteDestination): ConsistentHash | undefined =>
    ctx.consistentHash?.(d.destination.host, { subset: d.destination.subset, port: d.destination.port?.number });

  let prefixRewrite: string | undefined;
  let regexRewrite: RouteAction['regexRewrite'];
  let authority = headerAuthority;
  if (rule.rewrite !== undefined) {
    const rr = rule.rewrite.uriRegexRewrite;
    if (rr !== undefined) regexRewrite = { pattern: { regex: rr.match ?? '' }, substitution: rr.rewrite ?? '' };
    else if (rule.rewrite.uri) prefixRewrite = rule.rewrite.uri;
    if (rule.rewrite.authority) authority = rule.rewrite.authority;
  }
  let hostRewriteLiteral = authority !== '' ? authority : undefined;

  const clusterOf = (d: { host: string; subset?: string; port?: { number?: number } }): string => destinationCluster(d, ctx, lookupNamespace);
  const mirrors = rule.mirror !== undefined || rule.mirrors !== undefined ? translateMirrors(rule, clusterOf) : undefined;

  let hashPolicy: unknown[] | undefined;
  const addHash = (h: ConsistentHash | undefined): void => {
    const p = h === undefined ? undefined : consistentHashToHashPolicy(h);
    if (p) (hashPolicy ??= []).push(p);
  };

  let cluster: string | undefined;
  let weighted: WeightedClusterEntry[] | undefined;
  let consistentHash = false;
  const dests = rule.route ?? [];
  const only = dests.length === 1 ? dests[0] : undefined;
  if (only !== undefined) {
    cluster = clusterOf(only.destination);
    if (only.headers !== undefined) {
      const ops = translateHeaderOperations(only.headers);
      extra = { requestHeadersToAdd: ops.requestHeadersToAdd, requestHeadersToRemove: ops.requestHeadersToRemove, responseHeadersToAdd: ops.responseHeadersToAdd, responseHeadersToRemove: ops.responseHeadersToRemove };
      // The rule-level rewrite wins over a destination's authority header.
      if (ops.authority !== '' && hostRewriteLiteral === undefined) hostRewriteLiteral = ops.authority;
    }
    const h = hashOf(only);
    addHash(h);
    consistentHash = h !== undefined;
  } else {
    weighted = [];
    for (const d of dests) {
      if ((d.weight ?? 0) === 0) continue; // weight-0 entries are dropped
      const entry: WeightedClusterEntry = { name: clusterOf(d.destination), weight: d.weight ?? 0 };
      if (d.headers !== undefined) {
        const ops = translateHeaderOperations(d.headers);
        if (ops.requestHeadersToAdd.length > 0) entry.requestHeadersToAdd = ops.requestHeadersToAdd;
        if (ops.requestHeadersToRemove.length > 0) entry.requestHeadersToRemove = ops.requestHeadersToRemove;
        if (ops.responseHeadersToAdd.length > 0) entry.responseHeadersToAdd = ops.responseHeadersToAdd;
        if (ops.responseHeadersToRemove.length > 0) entry.responseHeadersToRemove = ops.responseHeadersToRemove;
        if (ops.authority !== '') entry.hostRewriteLiteral = ops.authority;
      }
      weighted.push(entry);
      addHash(hashOf(d));
    }
  }

  const retry = rule.retries ?? ctx.defaultHttpRetryPolicy;
  const retryPolicy = convertRetryPolicy(retry, consistentHash);
  const timeout = rule.timeout !== undefined ? formatDuration(rule.timeout) : '0s';

  const action: RouteAction = {};
  if (cluster !== undefined) action.cluster = cluster;
  if (weighted !== undefined) action.weightedClusters = { clusters: weighted };
  // "return 500 for invalid backends" (route.go applyHTTPRouteDestination)
  if (gatewaySemantics) action.clusterNotFoundResponseCode = 'INTERNAL_SERVER_ERROR';
  if (prefixRewrite !== undefined) action.prefixRewrite = prefixRewrite;
  if (regexRewrite !== undefined) action.regexRewrite = regexRewrite;
  if (hostRewriteLiteral !== undefined) action.hostRewriteLiteral = hostRewriteLiteral;
  action.timeout = timeout;
  if (retryPolicy !== undefined) action.retryPolicy = retryPolicy;
  if (mirrors !== undefined && mirrors.length > 0) action.requestMirrorPolicies = mirrors;
  if (hashPolicy !== undefined && hashPolicy.length > 0) action.hashPolicy = hashPolicy;
  action.maxGrpcTimeout = timeout;
  return { action, extraHeaders: extra ?? NO_HEADERS };
}
