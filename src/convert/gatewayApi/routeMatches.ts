// HTTPRoute and GRPCRoute matches → VirtualService match requests (conversion.go createURIMatch,
// createHeadersMatch, createQueryParamsMatch, createGRPCURIMatch).
import type { Path } from '../../load/sourceMap.js';
import type { StringMatch } from '../../schema/common.js';
import type { GrpcRouteMatch, HttpRouteMatch } from '../../schema/kinds/gatewayApi.js';
import type { HttpMatchRequest } from '../../schema/kinds/virtualService.js';
import { configError } from './conditions.js';
import { type ConfigError } from './types.js';

function uriMatch(m: HttpRouteMatch): StringMatch {
  const type = m.path?.type ?? 'PathPrefix';
  let value = m.path?.value ?? '/';
  if (type === 'Exact') return { exact: value };
  if (type === 'RegularExpression') return { regex: value };
  // "When specified, a trailing `/` is ignored."
  if (value !== '/' && value.endsWith('/')) value = value.slice(0, -1);
  return { prefix: value };
}

export function valueMatches(list: readonly { name: string; value: string; type?: 'Exact' | 'RegularExpression' | undefined }[] | undefined): Record<string, StringMatch> | undefined {
  if (!list || list.length === 0) return undefined;
  const out: Record<string, StringMatch> = Object.create(null) as Record<string, StringMatch>;
  for (const h of list) out[h.name] = (h.type ?? 'Exact') === 'Exact' ? { exact: h.value } : { regex: h.value };
  return { ...out };
}

export function httpMatch(m: HttpRouteMatch): HttpMatchRequest {
  const out: HttpMatchRequest = { uri: uriMatch(m) };
  const headers = valueMatches(m.headers);
  if (headers) out.headers = headers;
  const qp = valueMatches(m.queryParams);
  if (qp) out.queryParams = qp;
  if (m.method) out.method = { exact: m.method };
  return out;
}

export function grpcUri(m: GrpcRouteMatch, at: Path): { uri?: StringMatch; error?: ConfigError } {
  const method = m.method;
  if (!method) return {};
  if (method.method === undefined && method.service === undefined) {
    return { error: configError('InvalidConfiguration', 'gRPC match must have method or service defined', at) };
  }
  if ((method.type ?? 'Exact') === 'Exact') {
    if (method.method === undefined) return { uri: { prefix: `/${method.service}/` } };
    if (method.service === undefined) return { uri: { regex: `/[^/]+/${method.method}` } };
    return { uri: { exact: `/${method.service}/${method.method}` } };
  }
  if (method.method === undefined) return { uri: { regex: `/${method.service}/.+` } };
  if (method.service === undefined) return { uri: { regex: `/[^/]+/${method.method}` } };
  return { uri: { regex: `/${method.service}/${method.method}` } };
}
