// Forwarding action of a rule (applyHTTPRouteDestination, processDestination, processWeightedDestination,
// setTimeout). Builds the RouteAction in proto field order.
import type { ConsistentHash } from '../../schema/kinds/destinationRule.js';
import type { HttpRoute, HttpRouteDestination } from '../../schema/kinds/virtualService.js';
import type { HeaderValueOption, RouteAction, WeightedClusterEntry } from '../envoy.js';
import { clusterTarget, destinationCluster } from './cluster.js';
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
  /**
   * The host and port of `action.cluster` when it is a subset key made here from a host and a subset
   * without `|` (what parseSubsetKey would read back from it): the decorator uses them as they are.
   */
  clusterHost?: string;
  clusterPort?: number;
}

/** A destination's consistent hash, as the context's DestinationRule lookup gives it. */
function hashOf(ctx: RouteBuildContext, d: HttpRouteDestination): ConsistentHash | undefined {
  return ctx.consistentHash?.(d.destination.host, { subset: d.destination.subset, port: d.destination.port?.number });
}

/** `list` with the hash policy of `h` added (a new list when there was none). */
function withHash(list: unknown[] | undefined, h: ConsistentHash | undefined): unknown[] | undefined {
  const p = h === undefined ? undefined : consistentHashToHashPolicy(h);
  if (!p) return list;
  if (list === undefined) return [p];
  list.push(p);
  return list;
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
  // Every route runs this: no closure is made unless a mirror needs one.
  const hashing = ctx.consistentHash !== undefined;

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

  const mirrors = rule.mirror !== undefined || rule.mirrors !== undefined ? translateMirrors(rule, (d) => destinationCluster(d, ctx, lookupNamespace)) : undefined;

  let hashPolicy: unknown[] | undefined;

  let cluster: string | undefined;
  let clusterHost: string | undefined;
  let clusterPort: number | undefined;
  let weighted: WeightedClusterEntry[] | undefined;
  let consistentHash = false;
  const dests = rule.route ?? [];
  const only = dests.length === 1 ? dests[0] : undefined;
  if (only !== undefined) {
    const target = clusterTarget(only.destination, ctx, lookupNamespace);
    if (typeof target === 'string') cluster = target;
    else {
      cluster = target.name;
      clusterHost = target.host;
      clusterPort = target.port;
    }
    if (only.headers !== undefined) {
      const ops = translateHeaderOperations(only.headers);
      extra = { requestHeadersToAdd: ops.requestHeadersToAdd, requestHeadersToRemove: ops.requestHeadersToRemove, responseHeadersToAdd: ops.responseHeadersToAdd, responseHeadersToRemove: ops.responseHeadersToRemove };
      // The rule-level rewrite wins over a destination's authority header.
      if (ops.authority !== '' && hostRewriteLiteral === undefined) hostRewriteLiteral = ops.authority;
    }
    const h = hashing ? hashOf(ctx, only) : undefined;
    hashPolicy = withHash(hashPolicy, h);
    consistentHash = h !== undefined;
  } else {
    weighted = [];
    for (const d of dests) {
      if ((d.weight ?? 0) === 0) continue; // weight-0 entries are dropped
      const entry: WeightedClusterEntry = { name: destinationCluster(d.destination, ctx, lookupNamespace), weight: d.weight ?? 0 };
      if (d.headers !== undefined) {
        const ops = translateHeaderOperations(d.headers);
        if (ops.requestHeadersToAdd.length > 0) entry.requestHeadersToAdd = ops.requestHeadersToAdd;
        if (ops.requestHeadersToRemove.length > 0) entry.requestHeadersToRemove = ops.requestHeadersToRemove;
        if (ops.responseHeadersToAdd.length > 0) entry.responseHeadersToAdd = ops.responseHeadersToAdd;
        if (ops.responseHeadersToRemove.length > 0) entry.responseHeadersToRemove = ops.responseHeadersToRemove;
        if (ops.authority !== '') entry.hostRewriteLiteral = ops.authority;
      }
      weighted.push(entry);
      if (hashing) hashPolicy = withHash(hashPolicy, hashOf(ctx, d));
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
  return clusterHost !== undefined ? { action, extraHeaders: extra ?? NO_HEADERS, clusterHost, clusterPort } : { action, extraHeaders: extra ?? NO_HEADERS };
}
