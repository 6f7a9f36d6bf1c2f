// What route translation needs to know about the proxy, the port and the world around one VS.
import type { ConfigIndex } from '../../model/configIndex.js';
import type { ConsistentHash } from '../../schema/kinds/destinationRule.js';
import type { HttpRetry } from '../../schema/kinds/virtualService.js';

export interface RouteBuildContext {
  index: ConfigIndex;
  /** Port being built: the Gateway server port (80, not 8080) on gateways, the service port on sidecars. */
  port: number;
  /** 'ns/name' of the Gateway being built, or 'mesh' on sidecars. */
  gatewayName: string;
  proxy: { namespace: string; labels: Record<string, string> };
  domainSuffix: string;
  /** Ports of the Service a destination host resolves to (visibility already applied by the caller). */
  lookupServicePorts(host: string, vsNamespace: string): number[] | undefined;
  /**
   * DestinationRule consistentHash (Istio `ConsistentHashLB` shape) for a destination, if any. It gives the
   * route `hashPolicy` and, for a single destination, drops the previous-hosts retry predicate.
   */
  consistentHash?(host: string, destination?: { subset?: string; port?: number }): ConsistentHash | undefined;
  /** `spec.externalName` of an ExternalName Service: the cluster name then uses it (GetDestinationCluster). */
  lookupExternalName?(host: string, vsNamespace: string): string | undefined;
  /** The server terminates TLS: a redirect without scheme then defaults to https for the port rule. */
  isTls?: boolean;
  /** Mesh `defaultHttpRetryPolicy`, used when a rule has no `retries`. */
  defaultHttpRetryPolicy?: HttpRetry;
}
