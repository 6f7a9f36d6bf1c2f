// The rule a user wrote behind a rule of a derived VirtualService: the Gateway API overlay builds
// one VirtualService per hostname from the rules of many HTTPRoutes (or GRPCRoutes, TCPRoutes,
// TLSRoutes), and records per spec.http/tcp/tls entry the route and the rule it came from. Tables,
// explain and causes name that route and rule, never the internal VirtualService.
import type { ResourceRef } from '../diagnostics/ref.js';
import type { ConfigIndex } from './configIndex.js';
import type { ResourceOf } from './resource.js';

/** The route kinds of the Gateway API a derived rule may come from. */
export const ROUTE_KINDS = ['HTTPRoute', 'GRPCRoute', 'TCPRoute', 'TLSRoute'] as const;
export type RouteKind = (typeof ROUTE_KINDS)[number];
export type GatewayApiRoute = ResourceOf<RouteKind>;

/** spec.rules[rule] (and .matches[match]) of a Gateway API route. */
export interface UserRule {
  route: GatewayApiRoute;
  rule: number;
  match?: number;
}

const isRouteKind = (k: string): k is RouteKind => (ROUTE_KINDS as readonly string[]).includes(k);

/** The Gateway API route rule behind entry `rule` of a (derived) VirtualService; undefined for a VirtualService the user wrote. */
export function userRuleOf(index: ConfigIndex, vs: { namespace: string; name: string }, rule: number): UserRule | undefined {
  const v = index.get('VirtualService', vs.namespace, vs.name);
  const src = v?.ruleSources?.[rule];
  if (!src || !isRouteKind(src.ref.kind)) return undefined;
  const route = index.get(src.ref.kind, src.ref.namespace, src.ref.name);
  if (!route) return undefined;
  return src.match === undefined ? { route, rule: src.rule } : { route, rule: src.rule, match: src.match };
}

/** `HTTPRoute ns/name` */
export function routeRefOf(u: UserRule): ResourceRef {
  return { kind: u.route.kind, namespace: u.route.namespace, name: u.route.name };
}

/** `rules[1].matches[0]` */
export function rulePart(u: Pick<UserRule, 'rule' | 'match'>): string {
  return `rules[${u.rule}]${u.match === undefined ? '' : `.matches[${u.match}]`}`;
}

/** The Gateway API listener behind an internal Gateway istiod generated from it. */
export interface UserListener {
  owner: ResourceOf<'KubernetesGateway'> | ResourceOf<'ListenerSet'>;
  /** Index in the owner's spec.listeners. */
  index: number;
  name: string;
}

/** Set on internal Gateways: `Gateway/<name>/<listener>.<namespace>` (or ListenerSet/...). */
const PARENTS_ANNOTATION = 'internal.istio.io/parents';

export function userListenerOf(index: ConfigIndex, gw: ResourceOf<'Gateway'>): UserListener | undefined {
  if (!gw.derivedFrom) return undefined;
  const meta = gw.metadata.annotations?.[PARENTS_ANNOTATION];
  if (meta === undefined) return undefined;
  const dot = meta.lastIndexOf('.');
  const namespace = meta.slice(dot + 1);
  const [kind, name, listener] = meta.slice(0, dot).split('/');
  if (name === undefined || listener === undefined) return undefined;
  const owner = kind === 'Gateway' ? index.get('KubernetesGateway', namespace, name) : kind === 'ListenerSet' ? index.get('ListenerSet', namespace, name) : undefined;
  if (!owner) return undefined;
  const i = owner.spec.listeners.findIndex((l) => l.name === listener);
  return i < 0 ? undefined : { owner, index: i, name: listener };
}
