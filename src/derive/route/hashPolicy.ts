// DestinationRule consistentHash → Envoy RouteAction.HashPolicy (ConsistentHashToHashPolicy).
import type { ConsistentHash } from '../../schema/kinds/destinationRule.js';
import { formatDuration } from './duration.js';

/** `consistentHash` is the Istio `ConsistentHashLB` object; undefined when no hash key is set. */
export function consistentHashToHashPolicy(consistentHash: ConsistentHash | undefined): Record<string, unknown> | undefined {
  if (consistentHash === undefined) return undefined;
  if (consistentHash.httpHeaderName !== undefined) return { header: { headerName: consistentHash.httpHeaderName } };
  const cookie = consistentHash.httpCookie;
  if (cookie !== undefined) {
    const out: Record<string, unknown> = {};
    if (cookie.name !== '') out.name = cookie.name;
    if (cookie.ttl !== undefined) out.ttl = formatDuration(cookie.ttl);
    if (cookie.path !== undefined && cookie.path !== '') out.path = cookie.path;
    if (cookie.attributes !== undefined && cookie.attributes.length > 0) {
      out.attributes = cookie.attributes.map((a) => {
        const attr: Record<string, unknown> = {};
        if (a.name !== '') attr.name = a.name;
        if (a.value !== undefined && a.value !== '') attr.value = a.value;
        return attr;
      });
    }
    return { cookie: out };
  }
  if (consistentHash.useSourceIp !== undefined) {
    return { connectionProperties: consistentHash.useSourceIp ? { sourceIp: true } : {} };
  }
  if (consistentHash.httpQueryParameterName !== undefined) {
    return { queryParameter: consistentHash.httpQueryParameterName === '' ? {} : { name: consistentHash.httpQueryParameterName } };
  }
  return undefined;
}
