// HTTPRoute filters → VirtualService headers, redirects, rewrites and CORS (conversion.go
// createHeadersFilter, createRedirectFilter, createRewriteFilter, createCorsFilter).
import type { Path } from '../../load/sourceMap.js';
import type { StringMatch } from '../../schema/common.js';
import type { CorsFilter, HeaderFilter, RequestRedirect, UrlRewrite } from '../../schema/kinds/gatewayApi.js';
import type { CorsPolicy, Headers, HttpRedirect, HttpRewrite } from '../../schema/kinds/virtualService.js';
import { configError } from './conditions.js';
import { type ConfigError } from './types.js';

export const validHeaderValue = (v: string): boolean => [...Buffer.from(v, 'utf8')].every((c) => c === 0x09 || (c >= 0x20 && c !== 0x7f));

export function headerMap(list: readonly { name: string; value: string }[] | undefined): Record<string, string> | undefined {
  if (!list || list.length === 0) return undefined;
  const out = new Map<string, string>();
  for (const h of list) {
    const k = h.name.toLowerCase();
    // "Subsequent entries with an equivalent header name MUST be ignored."
    if (!out.has(k)) out.set(k, h.value);
  }
  return Object.fromEntries(out);
}

export function headerOperations(f: HeaderFilter, at: Path): { ops?: NonNullable<Headers['request']>; error?: ConfigError } {
  for (const h of [...(f.set ?? []), ...(f.add ?? [])]) {
    if (!validHeaderValue(h.value)) return { error: configError('InvalidFilter', `header "${h.name}" value contains invalid characters`, at) };
  }
  const ops: NonNullable<Headers['request']> = {};
  const add = headerMap(f.add);
  const set = headerMap(f.set);
  if (add) ops.add = add;
  if (f.remove) ops.remove = [...f.remove];
  if (set) ops.set = set;
  return { ops };
}

export function redirect(f: RequestRedirect): HttpRedirect {
  const out: HttpRedirect = {};
  if (f.statusCode !== undefined) out.redirectCode = f.statusCode;
  if (f.hostname !== undefined) out.authority = f.hostname;
  if (f.scheme !== undefined) out.scheme = f.scheme;
  if (f.port !== undefined) out.port = f.port;
  // "When empty, port (if specified) of the request is used" — unlike Istio's own default.
  else out.derivePort = f.scheme !== undefined ? 'FROM_PROTOCOL_DEFAULT' : 'FROM_REQUEST_PORT';
  if (f.path?.type === 'ReplaceFullPath') out.uri = f.path.replaceFullPath ?? '';
  else if (f.path?.type === 'ReplacePrefixMatch') out.prefixRewrite = f.path.replacePrefixMatch ?? '';
  return out;
}

export function rewrite(f: UrlRewrite): HttpRewrite | undefined {
  const out: HttpRewrite = {};
  if (f.path?.type === 'ReplacePrefixMatch') {
    let uri = f.path.replacePrefixMatch ?? '';
    if (uri.endsWith('/')) uri = uri.slice(0, -1);
    // `/` means removing the prefix.
    out.uri = uri === '' ? '/' : uri;
  } else if (f.path?.type === 'ReplaceFullPath') {
    out.uriRegexRewrite = { match: '/.*', rewrite: f.path.replaceFullPath ?? '' };
  }
  if (f.hostname !== undefined) out.authority = f.hostname;
  if (out.uri === undefined && out.uriRegexRewrite === undefined && out.authority === undefined) return undefined;
  return out;
}

function escapeRegex(s: string): string {
  return s.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}

export function cors(f: CorsFilter): CorsPolicy {
  const out: CorsPolicy = {};
  const origins: StringMatch[] = [];
  for (const o of f.allowOrigins ?? []) {
    if (o.length === 0) continue;
    if (o === '*') origins.push({ regex: '^[a-zA-Z][a-zA-Z0-9+.-]*://[^/\\s?#]+$' });
    else if (!o.includes('*')) origins.push({ exact: o });
    else if (o.indexOf('*') === o.length - 1) origins.push({ prefix: o.slice(0, -1) });
    else origins.push({ regex: `^${escapeRegex(o).replace(/\\\*/g, '.*')}$` });
  }
  if (origins.length > 0) out.allowOrigins = origins;
  if (f.allowCredentials === true) out.allowCredentials = true;
  if (f.allowMethods?.length) out.allowMethods = [...f.allowMethods];
  if (f.allowHeaders?.length) out.allowHeaders = [...f.allowHeaders];
  if (f.exposeHeaders?.length) out.exposeHeaders = [...f.exposeHeaders];
  if ((f.maxAge ?? 0) > 0) out.maxAge = `${f.maxAge}s`;
  out.unmatchedPreflights = 'IGNORE';
  return out;
}
