// DestinationRule consistentHash → Envoy RouteAction.HashPolicy (ConsistentHashToHashPolicy).
import { formatDuration } from './duration.js';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** `consistentHash` is the Istio `ConsistentHashLB` object; undefined when no hash key is set. */
export function consistentHashToHashPolicy(consistentHash: unknown): Record<string, unknown> | undefined {
  if (!isRecord(consistentHash)) return undefined;
  if (typeof consistentHash.httpHeaderName === 'string') return { header: { headerName: consistentHash.httpHeaderName } };
  const cookie = consistentHash.httpCookie;
  if (isRecord(cookie)) {
    const out: Record<string, unknown> = {};
    if (str(cookie.name) !== '') out.name = cookie.name;
    if (typeof cookie.ttl === 'string') out.ttl = formatDuration(cookie.ttl);
    if (str(cookie.path) !== '') out.path = cookie.path;
    if (Array.isArray(cookie.attributes) && cookie.attributes.length > 0) {
      out.attributes = cookie.attributes.filter(isRecord).map((a) => {
        const attr: Record<string, unknown> = {};
        if (str(a.name) !== '') attr.name = a.name;
        if (str(a.value) !== '') attr.value = a.value;
        return attr;
      });
    }
    return { cookie: out };
  }
  if (typeof consistentHash.useSourceIp === 'boolean') {
    return { connectionProperties: consistentHash.useSourceIp ? { sourceIp: true } : {} };
  }
  if (typeof consistentHash.httpQueryParameterName === 'string') {
    return { queryParameter: consistentHash.httpQueryParameterName === '' ? {} : { name: consistentHash.httpQueryParameterName } };
  }
  return undefined;
}
