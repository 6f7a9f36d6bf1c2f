// What route conversion produces besides VirtualServices: where each route came from and the
// notes gwctl reports (src/convert/gatewayApi/findings.ts).
import type { VirtualService } from '../../model/resource.js';
import type { BackendPortNote } from './backends.js';
import type { AnyRoute, RouteParentReference } from './routeParents.js';
import type { ConfigError, ParentKey } from './types.js';

/** Where an internal VirtualService HTTP/TCP/TLS route came from. */
export interface RuleOrigin {
  route: AnyRoute;
  rule: number;
  /** Index in the rule's matches (undefined: the rule has none). */
  match?: number;
}

/** An internal VirtualService with where each of its routes came from. */
export interface DerivedVirtualService {
  vs: VirtualService;
  /** Per spec.http[i] (or tcp/tls) entry: the route rule it came from. */
  origins: RuleOrigin[];
  /** The routes merged into it, in merge order. */
  sources: AnyRoute[];
  /** The parent (listener or mesh) it binds to. */
  parent: RouteParentReference;
}

/** What istiod accepts without a status condition but gwctl reports (src/convert/gatewayApi/findings.ts). */
export type RouteNote =
  | { code: 'parent-not-found'; route: AnyRoute; refIndex: number; parent: ParentKey }
  | { code: 'isolation'; route: AnyRoute; host: string; parent: RouteParentReference; other: string }
  | { code: 'backend-port'; route: AnyRoute; note: BackendPortNote }
  | { code: 'backend-error'; route: AnyRoute; error: ConfigError }
  | { code: 'unreachable'; route: AnyRoute; rule: number; host: string; shadowedBy: AnyRoute; shadowRule: number };
