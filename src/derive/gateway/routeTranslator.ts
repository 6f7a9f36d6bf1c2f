// The VirtualService → Envoy route translation this derivation consumes (src/derive/route/, owned
// elsewhere), as an interface so that route configs can be built and tested against it.
import type { NormalizedVirtualService } from '../../model/virtualServices.js';
import type { Route } from '../envoy.js';
import type { FilteredRule, RouteOrigin } from '../proxyConfig.js';
import type { RouteBuildContext } from '../route/context.js';

export interface VsRoutes {
  routes: Route[];
  origins: Map<Route, RouteOrigin>;
  /** Rules dropped at generation time (match.port, match.gateways, ...). */
  filtered: FilteredRule[];
}

export interface RouteTranslator {
  buildHttpRoutes(vs: NormalizedVirtualService, ctx: RouteBuildContext): VsRoutes;
  /** `buildHttpRoutes(vs, ctx).routes` for a writer that drops them once written: no origins, nothing kept for later calls. */
  streamHttpRoutes?(vs: NormalizedVirtualService, ctx: RouteBuildContext): Route[];
  /** Whether buildHttpRoutes would give any route, without building one (else it is built to know). */
  hasHttpRoutes?(vs: NormalizedVirtualService, ctx: RouteBuildContext): boolean;
  /** Istio SortVHostRoutes: catch-alls last, stable. */
  sortVirtualHostRoutes(routes: readonly Route[]): Route[];
}
