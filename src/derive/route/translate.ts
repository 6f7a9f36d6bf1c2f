// One VS rule × one match → one Envoy route (TranslateRoute + sourceMatchHTTP). Keys in Route proto order.
import { virtualServiceConfigPath } from '../../model/virtualServices.js';
import type { HttpMatchRequest, HttpRoute } from '../../schema/kinds/virtualService.js';
import type { Route } from '../envoy.js';
import type { FilteredRule, ResourceKey } from '../proxyConfig.js';
import { translateDestinationAction, type DestinationAction, type RouteHeaderAdditions } from './action.js';
import type { RouteBuildContext } from './context.js';
import { CORS_FILTER, FAULT_FILTER, translateCors, translateFault } from './faultCors.js';
import { translateHeaderOperations } from './headers.js';
import { translateRouteMatch, type RouteSemantics } from './match.js';
import { routeOperation } from './operation.js';
import { translateDirectResponse, translateRedirect } from './redirect.js';
import { NO_ITEMS } from '../../model/empty.js';

/** Why a match is not built for this proxy/port, or undefined when it is (match.port, then source checks). */
export function matchFilterReason(match: HttpMatchRequest | undefined, ctx: RouteBuildContext): Pick<FilteredRule, 'why' | 'detail'> | undefined {
  if (match === undefined) return undefined;
  if (match.port !== undefined && match.port !== 0 && match.port !== ctx.port) {
    return { why: 'port', detail: `match.port ${match.port} is not the port being built (${ctx.port})` };
  }
  const gateways = match.gateways;
  if (gateways !== undefined && gateways.length > 0) {
    // match.gateways replaces the sourceLabels/sourceNamespace checks.
    return gateways.includes(ctx.gatewayName) ? undefined : { why: 'gateways', detail: `match.gateways [${gateways.join(', ')}] do not include ${ctx.gatewayName}` };
  }
  // Every match is checked: nothing is allocated unless it has sourceLabels.
  const missing = match.sourceLabels === undefined ? undefined : Object.entries(match.sourceLabels).filter(([k, v]) => ctx.proxy.labels[k] !== v);
  if (missing !== undefined && missing.length > 0) {
    return { why: 'sourceLabels', detail: `proxy labels lack ${missing.map(([k, v]) => `${k}=${v}`).join(', ')}` };
  }
  const ns = match.sourceNamespace ?? '';
  if (ns !== '' && ns !== ctx.proxy.namespace) {
    return { why: 'sourceNamespace', detail: `sourceNamespace ${ns} is not the proxy namespace ${ctx.proxy.namespace}` };
  }
  return undefined;
}

export interface TranslateInput {
  rule: HttpRoute;
  match: HttpMatchRequest | undefined;
  /** The root VirtualService: metadata, decorator and service lookups use it. */
  virtualService: ResourceKey;
  semantics: RouteSemantics;
}

type RouteMetadata = NonNullable<Route['metadata']>;

/**
 * The metadata of a VirtualService's routes, made once per key object (every route of a VS shares its
 * key, and its routes are translated one after the other) and shared by those routes, so frozen. The
 * last one made is remembered (a WeakMap cost more than the objects it saved: a new entry per
 * VirtualService, for routes translated together). Not a shared part (whose text writers cache): a
 * VirtualService's few routes are written in one JSON.stringify each, which would not use the cached
 * text, and registering one per VirtualService cost more than the objects it saves.
 */
let lastKey: ResourceKey | undefined;
let lastMetadata: RouteMetadata | undefined;
function metadataOf(vs: ResourceKey): RouteMetadata {
  if (vs === lastKey && lastMetadata !== undefined) return lastMetadata;
  lastKey = vs;
  return (lastMetadata = Object.freeze({ filterMetadata: Object.freeze({ istio: Object.freeze({ config: virtualServiceConfigPath(vs) }) }) }));
}

/** `a` then `b`, allocating only when both have items (the lists are read only). */
function joined<T>(a: readonly T[] | undefined, b: readonly T[] | undefined): readonly T[] {
  if (a === undefined || a.length === 0) return b ?? NO_ITEMS;
  if (b === undefined || b.length === 0) return a;
  return [...a, ...b];
}

export function translateRoute(input: TranslateInput, ctx: RouteBuildContext): Route {
  const { rule, match, virtualService } = input;
  let name = rule.name ?? '';
  if (match?.name) name = `${name}.${match.name}`;

  const ops = rule.headers !== undefined ? translateHeaderOperations(rule.headers) : undefined;
  let extra: RouteHeaderAdditions | undefined;
  let target: DestinationAction | undefined;

  const routeMatch = translateRouteMatch(match, input.semantics);
  // `name` is declared first in Route; an empty one is omitted.
  const out: Route = name !== '' ? { name, match: routeMatch } : { match: routeMatch };
  if (rule.redirect !== undefined) {
    const redirect = translateRedirect(rule.redirect, ctx.port, ctx.isTls ?? false);
    if (redirect !== undefined) out.redirect = redirect;
  } else if (rule.directResponse !== undefined) {
    out.directResponse = translateDirectResponse(rule.directResponse);
  } else {
    target = translateDestinationAction(rule, ctx, ops?.authority ?? '', virtualService.namespace, input.semantics === 'gateway');
    out.route = target.action;
    extra = target.extraHeaders;
  }
  out.metadata = metadataOf(virtualService);
  out.decorator = { operation: routeOperation(out, virtualService.name, ctx.port, target) };
  if (rule.fault !== undefined || rule.corsPolicy !== undefined) {
    // Map keys print sorted: cors before fault.
    const typed: Record<string, unknown> = {};
    if (rule.corsPolicy !== undefined) typed[CORS_FILTER] = translateCors(rule.corsPolicy);
    if (rule.fault !== undefined) typed[FAULT_FILTER] = translateFault(rule.fault);
    out.typedPerFilterConfig = typed;
  }
  // The rule's header operations, then those its single destination adds; each list a fresh array.
  const requestHeadersToAdd = joined(ops?.requestHeadersToAdd, extra?.requestHeadersToAdd);
  const requestHeadersToRemove = joined(ops?.requestHeadersToRemove, extra?.requestHeadersToRemove);
  const responseHeadersToAdd = joined(ops?.responseHeadersToAdd, extra?.responseHeadersToAdd);
  const responseHeadersToRemove = joined(ops?.responseHeadersToRemove, extra?.responseHeadersToRemove);
  if (requestHeadersToAdd.length > 0) out.requestHeadersToAdd = [...requestHeadersToAdd];
  if (requestHeadersToRemove.length > 0) out.requestHeadersToRemove = [...requestHeadersToRemove];
  if (responseHeadersToAdd.length > 0) out.responseHeadersToAdd = [...responseHeadersToAdd];
  if (responseHeadersToRemove.length > 0) out.responseHeadersToRemove = [...responseHeadersToRemove];
  if (match?.statPrefix) out.statPrefix = match.statPrefix;
  return out;
}
