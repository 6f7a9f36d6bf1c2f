// The `action` object of the explain contract: what the matched route does, read from the Envoy route
// istiod built (and, per destination, the cluster behind it): the upstream request after rewrites,
// timeout, retries, fault, mirrors, header changes, CORS and the cluster's TLS origination.
import type { HeaderValueOption, Route, TcpProxy, WeightedClusterEntry } from '../derive/envoy.js';
import type { ClusterInfo } from '../derive/proxyConfig.js';
import { fullName } from '../diagnostics/ref.js';
import type { ExplainContext } from './context.js';
import { corsOf, corsOriginAllowed, faultOf, isPreflight, percentOf, type CorsConfig, type RouteOutcome } from './stages/action.js';
import { prefixRewritten, regexRewritten } from './stages/rewrite.js';
import type { CorsSummary, DestinationSummary, ExplainAction, ExplainRequest, FaultSummary, HeaderChanges, RetrySummary, UpstreamTlsSummary } from './types.js';
import { tcpClusters } from './walk.js';

function headerChanges(add: readonly HeaderValueOption[] | undefined, remove: readonly string[] | undefined): HeaderChanges {
  const out: HeaderChanges = { set: [], add: [], remove: [...(remove ?? [])] };
  for (const h of add ?? []) {
    const entry = { name: h.header.key, value: h.header.value ?? '' };
    if (h.appendAction === 'OVERWRITE_IF_EXISTS_OR_ADD') out.set.push(entry);
    else out.add.push(entry);
  }
  return out;
}

export function tlsSummary(info: ClusterInfo | undefined): UpstreamTlsSummary | null {
  if (!info || info.service.assumed) return null;
  const t = info.tls.tls;
  const dr = info.destinationRule ? fullName(info.destinationRule) : null;
  if (!t) return { mode: 'NONE', source: null, sni: null, subjectAltNames: [], credentialName: null, caCertificates: null, insecureSkipVerify: false, destinationRule: dr, ignored: info.tls.ignored };
  return {
    mode: t.mode,
    source: t.source,
    sni: t.sni,
    subjectAltNames: [...t.subjectAltNames],
    credentialName: t.credentialName,
    caCertificates: t.caCertificates,
    insecureSkipVerify: t.insecureSkipVerify,
    destinationRule: dr,
    ignored: info.tls.ignored,
  };
}

function retrySummary(route: Route): RetrySummary | null {
  const p = route.route?.retryPolicy;
  if (!p) return null;
  return {
    // Envoy retries once when a policy sets no num_retries.
    attempts: p.numRetries ?? 1,
    retryOn: (p.retryOn ?? '').split(',').filter((x) => x !== ''),
    retriableStatusCodes: [...(p.retriableStatusCodes ?? [])],
    perTryTimeout: p.perTryTimeout ?? null,
    retryRemoteLocalities: p.retryPriority !== undefined,
    previousHosts: (p.retryHostPredicate ?? []).some((h) => h.name === 'envoy.retry_host_predicates.previous_hosts'),
    backoff: p.retryBackOff?.baseInterval ?? null,
  };
}

function faultSummary(route: Route): FaultSummary | null {
  const f = faultOf(route);
  if (!f || (!f.delay && !f.abort)) return null;
  return {
    delay: f.delay ? { fixedDelay: f.delay.fixedDelay, percent: percentOf(f.delay.percentage), percentDefaulted: f.delay.percentage === undefined } : null,
    abort: f.abort ? { httpStatus: f.abort.httpStatus ?? null, grpcStatus: f.abort.grpcStatus ?? null, percent: percentOf(f.abort.percentage), percentDefaulted: f.abort.percentage === undefined } : null,
  };
}

function describeOrigin(m: CorsConfig['allowOriginStringMatch'][number]): string {
  const ic = m.ignoreCase ? ' (ignoring case)' : '';
  if (m.exact !== undefined) return `exact ${m.exact}${ic}`;
  if (m.prefix !== undefined) return `prefix ${m.prefix}${ic}`;
  if (m.suffix !== undefined) return `suffix ${m.suffix}${ic}`;
  if (m.contains !== undefined) return `contains ${m.contains}${ic}`;
  if (m.safeRegex !== undefined) return `regex ${m.safeRegex.regex}`;
  return 'any';
}

const list = (s: string | undefined): string[] => (s ?? '').split(',').map((x) => x.trim()).filter((x) => x !== '');

function corsSummary(route: Route, req: ExplainRequest): CorsSummary | null {
  const c = corsOf(route);
  if (!c) return null;
  const preflight = isPreflight(req) ? (corsOriginAllowed(c, req.headers['origin'] ?? '') ? 'answered-by-proxy' : c.forwardNotMatchingPreflights ? 'forwarded' : 'answered-by-proxy') : null;
  return {
    allowOrigins: c.allowOriginStringMatch.map(describeOrigin),
    allowMethods: list(c.allowMethods),
    allowHeaders: list(c.allowHeaders),
    exposeHeaders: list(c.exposeHeaders),
    maxAge: c.maxAge ?? null,
    allowCredentials: c.allowCredentials ?? null,
    unmatchedPreflights: c.forwardNotMatchingPreflights ? 'forward' : 'ignore',
    preflight,
  };
}

function destinationOf(ctx: ExplainContext, name: string, weight: number, authority: string, entry: WeightedClusterEntry | undefined): DestinationSummary {
  return {
    cluster: name,
    weight,
    authority: entry?.hostRewriteLiteral ?? authority,
    requestHeaders: headerChanges(entry?.requestHeadersToAdd, entry?.requestHeadersToRemove),
    responseHeaders: headerChanges(entry?.responseHeadersToAdd, entry?.responseHeadersToRemove),
    tls: tlsSummary(ctx.clusterInfo(name)),
  };
}

const none = (): HeaderChanges => ({ set: [], add: [], remove: [] });

/** The route's action; `outcome` is what routeOutcome decided for this request. */
export function actionSummary(ctx: ExplainContext, req: ExplainRequest, route: Route, outcome: RouteOutcome): ExplainAction {
  const a = route.route;
  const type: ExplainAction['type'] =
    outcome.kind === 'abort' ? 'fault-abort' : outcome.kind === 'cors-preflight' ? 'cors-preflight' : a ? 'forward' : route.redirect ? 'redirect' : route.directResponse ? 'direct-response' : 'none';
  const sentAuthority = req.headers['host'] ?? req.urlHost;
  let upstream: ExplainAction['upstream'] = null;
  const destinations: DestinationSummary[] = [];
  if (a) {
    const rewrites: string[] = [];
    let path = req.path;
    if (a.prefixRewrite !== undefined) {
      path = prefixRewritten(route.match, req.path, a.prefixRewrite);
      rewrites.push(`path ${req.path} -> ${path} (prefixRewrite ${a.prefixRewrite})`);
    } else if (a.regexRewrite !== undefined) {
      const r = regexRewritten(req.path, a.regexRewrite.pattern.regex, a.regexRewrite.substitution);
      if (r !== undefined) {
        path = r;
        rewrites.push(`path ${req.path} -> ${path} (regexRewrite ${a.regexRewrite.pattern.regex} -> ${a.regexRewrite.substitution})`);
      }
    }
    const authority = a.hostRewriteLiteral ?? sentAuthority;
    if (a.hostRewriteLiteral !== undefined) rewrites.push(`authority ${sentAuthority} -> ${a.hostRewriteLiteral}`);
    upstream = { method: req.method, authority, path, query: req.query, rewrites };
    if (a.cluster !== undefined) destinations.push(destinationOf(ctx, a.cluster, 100, authority, undefined));
    for (const c of a.weightedClusters?.clusters ?? []) if (c.weight > 0) destinations.push(destinationOf(ctx, c.name, c.weight, authority, c));
  }
  const redirect = outcome.kind === 'redirect' ? { status: outcome.status, location: outcome.location } : null;
  const body = route.directResponse?.body;
  const directResponse = route.directResponse ? { status: route.directResponse.status, body: body?.inlineString ?? (body?.inlineBytes !== undefined ? Buffer.from(body.inlineBytes, 'base64').toString('utf8') : null) } : null;
  return {
    type,
    upstream: outcome.kind === 'forward' ? upstream : null,
    redirect,
    directResponse,
    timeout: a?.timeout ?? null,
    retries: retrySummary(route),
    fault: faultSummary(route),
    mirrors: (a?.requestMirrorPolicies ?? []).map((m) => ({ cluster: m.cluster, percent: m.runtimeFraction ? percentOf(m.runtimeFraction.defaultValue) : 100 })),
    requestHeaders: headerChanges(route.requestHeadersToAdd, route.requestHeadersToRemove),
    responseHeaders: headerChanges(route.responseHeadersToAdd, route.responseHeadersToRemove),
    cors: corsSummary(route, req),
    destinations,
  };
}

/** A TCP proxy's action: bytes to its clusters, no HTTP routing. */
export function tcpActionSummary(ctx: ExplainContext, tcp: TcpProxy): ExplainAction {
  return {
    type: 'tcp-proxy',
    upstream: null,
    redirect: null,
    directResponse: null,
    timeout: null,
    retries: null,
    fault: null,
    mirrors: [],
    requestHeaders: none(),
    responseHeaders: none(),
    cors: null,
    destinations: tcpClusters(tcp).map((c) => ({ cluster: c.name, weight: c.weight, authority: '', requestHeaders: none(), responseHeaders: none(), tls: tlsSummary(ctx.clusterInfo(c.name)) })),
  };
}
