// Candidate routes of a virtual host for a request path, so that finding the first matching route
// of a large virtual host costs about the number of routes whose path condition can hold, not the
// number of routes: explain walks one request, but diff and route tests walk one request per route,
// which a linear scan makes quadratic. The candidates are a superset of the routes whose path
// matcher accepts the path, in route order; the caller still runs the full matcher on each, so the
// first match is exactly the one a scan in order finds (test/explain/routeIndex.test.ts).
import type { Route } from '../../derive/envoy.js';

/** Below this many routes a scan is as cheap as the index. */
const INDEX_FROM = 32;

interface RouteIndex {
  /** The route count the index was built for: a different count means the array changed. */
  size: number;
  exact: Map<string, number[]>;
  /** Case-sensitive prefix and path-separated-prefix routes by their prefix. */
  prefix: Map<string, number[]>;
  /** The distinct lengths of those prefixes, ascending: a path is looked up once per length. */
  prefixLengths: number[];
  /** Routes the path alone cannot rule out cheaply: regexes and case-insensitive matches. */
  always: number[];
}

const cache = new WeakMap<readonly Route[], RouteIndex>();

function push(map: Map<string, number[]>, key: string, i: number): void {
  const list = map.get(key);
  if (list) list.push(i);
  else map.set(key, [i]);
}

function build(routes: readonly Route[]): RouteIndex {
  const index: RouteIndex = { size: routes.length, exact: new Map(), prefix: new Map(), prefixLengths: [], always: [] };
  routes.forEach((r, i) => {
    const m = r.match;
    if (m.caseSensitive === false || m.safeRegex !== undefined) index.always.push(i);
    else if (m.path !== undefined) push(index.exact, m.path, i);
    else push(index.prefix, m.pathSeparatedPrefix ?? m.prefix ?? '/', i);
  });
  index.prefixLengths = [...new Set([...index.prefix.keys()].map((p) => p.length))].sort((a, b) => a - b);
  return index;
}

function indexOf(routes: readonly Route[]): RouteIndex {
  const cached = cache.get(routes);
  if (cached && cached.size === routes.length) return cached;
  const built = build(routes);
  cache.set(routes, built);
  return built;
}

/**
 * Indices of the routes that may match a request with this path, ascending; every route when the
 * virtual host is small. Regex and case-insensitive routes are always included.
 */
export function candidateRoutes(routes: readonly Route[], path: string): readonly number[] | undefined {
  if (routes.length < INDEX_FROM) return undefined;
  const index = indexOf(routes);
  const out: number[] = [...index.always, ...(index.exact.get(path) ?? [])];
  for (const length of index.prefixLengths) {
    if (length > path.length) break;
    const hit = index.prefix.get(path.slice(0, length));
    if (hit) out.push(...hit);
  }
  return out.sort((a, b) => a - b);
}
