// A representative request for every route of a derived config: the host of its virtual host, the
// path, method, headers and query its match asks for, on the port and scheme of the listener that
// serves its route config (the gateway Service's port when one maps to it, as a user would curl).
// Each request is checked against its own route with explain's matcher: a request that the route
// cannot match is not made (the route is listed as unsampled, with why); one an earlier route
// catches first is kept and flagged `shadowed`.
import type { HeaderMatcher, Listener, QueryParameterMatcher, Route, StringMatcher, VirtualHost } from '../derive/envoy.js';
import type { ProxyConfig } from '../derive/proxyConfig.js';
import { firstMatchingRoute, fullMatch, matchRoute, stringMatches } from '../explain/stages/routeMatch.js';
import type { ExplainRequest, Scheme } from '../explain/types.js';
import { dictOf } from '../load/dict.js';
import { sampleRegex } from './regexSample.js';
import { routeName } from './routes.js';
import type { SourceLookup } from './sources.js';
import type { RepresentativeRequest, Side, WorkloadDiff } from './types.js';

interface Endpoint {
  scheme: Scheme;
  port: number;
  portMode: ExplainRequest['portMode'];
}

/** Where each route config is served: the first listener and filter chain that name it. */
function endpoints(config: ProxyConfig): Map<string, Endpoint> {
  const out = new Map<string, Endpoint>();
  const gateway = config.proxy.mode === 'gateway';
  const servicePort = new Map<number, number>();
  for (const t of config.serviceTargets) if (!servicePort.has(t.targetPort)) servicePort.set(t.targetPort, t.port);
  const visit = (l: Listener): void => {
    const listenerPort = l.address.socketAddress.portValue;
    for (const chain of [...l.filterChains, ...(l.defaultFilterChain ? [l.defaultFilterChain] : [])]) {
      const f = chain.filters[0];
      if (f?.name !== 'envoy.filters.network.http_connection_manager' || !f.typedConfig.rds) continue;
      const name = f.typedConfig.rds.routeConfigName;
      if (out.has(name)) continue;
      const scheme: Scheme = chain.transportSocket ? 'https' : 'http';
      const port = gateway ? servicePort.get(listenerPort) : listenerPort;
      out.set(name, port === undefined ? { scheme, port: listenerPort, portMode: 'pod' } : { scheme, port, portMode: 'auto' });
    }
  };
  for (const l of config.listeners) visit(l);
  return out;
}

/** A host the virtual host serves: its first plain domain, else one its first wildcard accepts. */
export function hostFor(vh: VirtualHost): string | undefined {
  const plain = vh.domains.find((d) => !d.includes('*') && !d.includes(':') && !/^[\d.]+$/.test(d));
  if (plain !== undefined) return plain.replace(/\.$/, '');
  const withPort = vh.domains.find((d) => !d.includes('*') && !d.startsWith('['));
  if (withPort !== undefined) return withPort.replace(/:\d+$/, '');
  const wild = vh.domains.find((d) => d.startsWith('*.'));
  if (wild !== undefined) return `any${wild.slice(1)}`.replace(/:\d+$/, '');
  return vh.domains.includes('*') ? 'any.invalid' : undefined;
}

/** A value the matcher accepts, or undefined when none was found. */
function valueFor(m: StringMatcher | undefined): string | undefined {
  if (!m) return 'x';
  const v = m.exact ?? m.prefix ?? m.suffix ?? m.contains;
  if (v !== undefined) return v;
  if (m.safeRegex) return sampleRegex(m.safeRegex.regex);
  return 'x';
}

/** The header value a matcher asks for: a string, null for "absent", undefined when none was found. */
function headerValueFor(h: HeaderMatcher): string | null | undefined {
  const inverted = h.invertMatch === true;
  if (h.presentMatch !== undefined) return h.presentMatch !== inverted ? 'x' : null;
  if (!inverted) return valueFor(h.stringMatch);
  const m = h.stringMatch;
  if (!m) return null;
  return ['gwctl-other', 'x', ''].find((v) => !stringMatches(m, v));
}

function queryValueFor(q: QueryParameterMatcher): string | undefined {
  if (q.presentMatch !== undefined) return q.presentMatch ? '' : undefined;
  return valueFor(q.stringMatch);
}

function pathFor(r: Route): string | undefined {
  const m = r.match;
  if (m.path !== undefined) return m.path;
  if (m.pathSeparatedPrefix !== undefined) return m.pathSeparatedPrefix;
  if (m.safeRegex !== undefined) {
    const re = m.safeRegex.regex;
    return sampleRegex(re, (s) => s.startsWith('/')) ?? ['/', '/x'].find((p) => fullMatch(re, p));
  }
  const p = m.prefix ?? '/';
  return p === '' ? '/' : p;
}

const DEFAULT_PORT: Record<Scheme, number> = { http: 80, https: 443 };

function build(endpoint: Endpoint, vh: VirtualHost, r: Route): { request: ExplainRequest; label: string } | { why: string } {
  const urlHost = hostFor(vh);
  if (urlHost === undefined) return { why: 'no domain of the virtual host names a host' };
  const path = pathFor(r);
  if (path === undefined) return { why: `no simple path matches ${r.match.safeRegex?.regex ?? ''}` };
  if ((r.match.dynamicMetadata ?? []).length > 0) return { why: 'matches on request metadata (JWT claims) only known at runtime' };
  const portPart = endpoint.port === DEFAULT_PORT[endpoint.scheme] ? '' : `:${endpoint.port}`;
  const headers = dictOf<string>([]);
  // curl's Host: the URL authority, with the port only when it is not the scheme's default.
  headers['host'] = `${urlHost}${portPart}`;
  let method = 'GET';
  const shown: string[] = [];
  for (const h of r.match.headers ?? []) {
    const name = h.name.toLowerCase();
    const v = headerValueFor(h);
    if (v === undefined) return { why: `no simple value matches header ${h.name}` };
    if (name === ':method') {
      if (v !== null) method = v;
      continue;
    }
    if (name === ':authority' || name === 'host') {
      if (v !== null) headers['host'] = v;
      continue;
    }
    if (name.startsWith(':')) continue;
    if (v === null) delete headers[name];
    else {
      headers[name] = v;
      shown.push(`${name}: ${v}`);
    }
  }
  const query: string[] = [];
  for (const q of r.match.queryParameters ?? []) {
    const v = queryValueFor(q);
    if (v === undefined) return { why: `no simple value matches query parameter ${q.name}` };
    query.push(v === '' ? encodeURIComponent(q.name) : `${encodeURIComponent(q.name)}=${encodeURIComponent(v)}`);
  }
  const qs = query.join('&');
  const url = `${endpoint.scheme}://${urlHost}${portPart}${path}${qs ? `?${qs}` : ''}`;
  const request: ExplainRequest = { url, scheme: endpoint.scheme, urlHost, port: endpoint.port, path, query: qs, method, headers, portMode: endpoint.portMode };
  if (endpoint.scheme === 'https') request.sni = urlHost;
  if (!matchRoute(r, request).ok) return { why: 'no simple request matches every condition of the route' };
  const hostShown = headers['host'] !== undefined && headers['host'] !== `${urlHost}${portPart}` ? [`host: ${headers['host']}`] : [];
  const extra = [...hostShown, ...shown];
  return { request, label: `${method} ${url}${extra.length > 0 ? ` [${extra.join('; ')}]` : ''}` };
}

/** The request's identity: the same request made from both sides is walked once. */
export function requestKey(r: ExplainRequest): string {
  const headers = Object.keys(r.headers)
    .sort()
    .map((k) => `${k}:${r.headers[k] ?? ''}`);
  return JSON.stringify([r.scheme, r.urlHost, r.port, r.portMode, r.path, r.query, r.method, headers]);
}

/** One request per route of the side's config (added to `into`, keyed so that each is made once). */
export function representativeRequests(side: Side, config: ProxyConfig, sources: SourceLookup, into: Map<string, RepresentativeRequest>, unsampled: WorkloadDiff['unsampled']): void {
  const served = endpoints(config);
  for (const rc of config.routeConfigs) {
    const name = rc.name ?? '';
    const endpoint = served.get(name);
    if (!endpoint) continue;
    for (const vh of rc.virtualHosts) {
      const routes = vh.routes ?? [];
      // A virtual host without routes answers 404 to everything: one request shows whether that changes.
      const list: (Route | undefined)[] = routes.length > 0 ? routes : [undefined];
      list.forEach((r, index) => {
        const route = r ?? { match: { prefix: '/' } };
        const made = build(endpoint, vh, route);
        if ('why' in made) {
          unsampled.push({ side, routeConfig: name, virtualHost: vh.name, route: routeName(route), why: made.why });
          return;
        }
        const key = requestKey(made.request);
        if (into.has(key)) return;
        const first = r ? firstMatchingRoute(routes, made.request) : undefined;
        into.set(key, {
          request: made.request,
          label: made.label,
          from: { side, routeConfig: name, virtualHost: vh.name, route: r ? routeName(r) : '(none)', sources: r ? sources.route(config.routeOrigins.get(r)) : [] },
          shadowed: r !== undefined && first !== undefined && first.index !== index,
        });
      });
    }
  }
}
