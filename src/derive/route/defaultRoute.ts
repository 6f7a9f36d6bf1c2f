// The route a sidecar gives a service no VirtualService claims (BuildDefaultHTTPOutboundRoute, spec §6).
import type { ConsistentHash } from '../../schema/kinds/destinationRule.js';
import type { HttpRetry } from '../../schema/kinds/virtualService.js';
import type { Route, RouteAction } from '../envoy.js';
import { consistentHashToHashPolicy } from './hashPolicy.js';
import { convertRetryPolicy } from './retry.js';

export interface DefaultRouteOptions {
  /** DR consistentHash of the service: adds hashPolicy (the retry policy keeps previous_hosts). */
  consistentHash?: ConsistentHash;
  /** Mesh defaultHttpRetryPolicy. */
  defaultHttpRetryPolicy?: HttpRetry;
}

export function defaultRoute(clusterName: string, fqdn: string, port: number, opts: DefaultRouteOptions = {}): Route {
  const action: RouteAction = { cluster: clusterName, timeout: '0s' };
  const retryPolicy = convertRetryPolicy(opts.defaultHttpRetryPolicy, false);
  if (retryPolicy) action.retryPolicy = retryPolicy;
  const hash = consistentHashToHashPolicy(opts.consistentHash);
  if (hash) action.hashPolicy = [hash];
  action.maxGrpcTimeout = '0s';
  // net.JoinHostPort brackets IPv6 literals.
  const hostPort = fqdn.includes(':') ? `[${fqdn}]:${port}` : `${fqdn}:${port}`;
  return { name: 'default', match: { prefix: '/' }, route: action, decorator: { operation: `${hostPort}/*` } };
}
