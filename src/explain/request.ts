// `<url> [-H 'Name: value']... [-X METHOD] [--sni NAME]` -> ExplainRequest, as curl would send it.
import { UsageError } from '../diagnostics/usageError.js';
import type { ExplainRequest, Scheme } from './types.js';
import { dictOf } from '../load/dict.js';

export interface RequestInput {
  url: string;
  headers?: readonly string[];
  method?: string;
  sni?: string;
  portMode?: ExplainRequest['portMode'];
  address?: string;
}

/** A request curl would not send: a usage error. */
export class RequestError extends UsageError {}

const DEFAULT_PORT: Record<Scheme, number> = { http: 80, https: 443 };

export function parseRequest(input: RequestInput): ExplainRequest {
  // curl accepts a bare host/path and assumes http; so do we.
  const raw = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(input.url) ? input.url : `http://${input.url}`;
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new RequestError(`not a URL: "${input.url}" (expected http://host[:port]/path or https://...)`);
  }
  const scheme = u.protocol.slice(0, -1);
  if (scheme !== 'http' && scheme !== 'https') throw new RequestError(`unsupported scheme "${scheme}" in ${input.url}: use http:// or https://`);
  if (u.hostname === '') throw new RequestError(`no host in ${input.url}`);
  const port = u.port === '' ? DEFAULT_PORT[scheme] : Number(u.port);
  // Header names are the user's: `constructor` or `__proto__` is a header like any other.
  const headers: Record<string, string> = dictOf<string>([]);
  // curl: Host is the URL authority, with the port only when it is not the scheme's default.
  headers['host'] = u.port === '' ? u.hostname : `${u.hostname}:${u.port}`;
  for (const h of input.headers ?? []) {
    const colon = h.indexOf(':');
    if (colon <= 0) throw new RequestError(`header "${h}" must look like 'Name: value'`);
    const name = h.slice(0, colon).trim().toLowerCase();
    const value = h.slice(colon + 1).trim();
    if (name === '') throw new RequestError(`header "${h}" has no name`);
    // HTTP field names are tokens and values hold no line breaks or NUL (RFC 9110): curl refuses others too.
    if (!/^:?[!#$%&'*+.^_`|~0-9a-z-]+$/.test(name)) throw new RequestError(`header name "${name}" is not an HTTP token`);
    if (/[\r\n\0]/.test(value)) throw new RequestError(`header "${name}" has a line break or NUL in its value`);
    headers[name] = value;
  }
  const method = (input.method ?? 'GET').trim();
  if (!/^[A-Za-z]+$/.test(method)) throw new RequestError(`method "${method}" is not an HTTP method`);
  const req: ExplainRequest = {
    url: input.url,
    scheme,
    urlHost: u.hostname,
    port,
    path: u.pathname === '' ? '/' : u.pathname,
    query: u.search.startsWith('?') ? u.search.slice(1) : u.search,
    // Like curl, the method is sent exactly as given (Envoy compares :method case-sensitively).
    method,
    headers,
    portMode: input.portMode ?? 'auto',
  };
  if (scheme === 'https') req.sni = input.sni ?? u.hostname;
  else if (input.sni !== undefined) req.sni = input.sni;
  if (input.address !== undefined) req.address = input.address;
  return req;
}

/** The Host header without a port (what Envoy matches vhost domains against; spec §3.3). */
export function hostWithoutPort(authority: string): string {
  if (authority.startsWith('[')) {
    const end = authority.indexOf(']');
    return end < 0 ? authority : authority.slice(0, end + 1);
  }
  const colon = authority.lastIndexOf(':');
  // A bare IPv6 literal has several colons; Envoy only strips a trailing numeric port.
  if (colon >= 0 && authority.indexOf(':') === colon && /^\d+$/.test(authority.slice(colon + 1))) return authority.slice(0, colon);
  return authority;
}
