// A deliberately simple reference for "which virtual host and route does Envoy pick", read only from
// `proxy-config route -o json`: Envoy's documented domain precedence (exact, then suffix wildcards
// longest first, then prefix wildcards longest first, then `*`; case-insensitive; port ignored because
// Istio sets ignore_port_in_host_matching) and the first route whose match matches.
import { RE2JS } from 're2js';

type Json = Record<string, unknown>;

export interface ReferenceRequest {
  host: string;
  path: string;
  method: string;
  headers: Record<string, string>;
}

export interface ReferenceAnswer {
  virtualHost: string | null;
  /** Index of the chosen route in its virtual host, or null when none matches. */
  routeIndex: number | null;
  routeName: string | null;
  clusters: string[];
}

export function referenceLookup(routeConfigs: unknown, routeConfigName: string, req: ReferenceRequest): ReferenceAnswer {
  const none: ReferenceAnswer = { virtualHost: null, routeIndex: null, routeName: null, clusters: [] };
  const rc = (routeConfigs as Json[]).find((r) => r['name'] === routeConfigName);
  if (!rc) return none;
  const host = req.host.toLowerCase().replace(/:\d+$/, '');
  const vhosts = (rc['virtualHosts'] ?? []) as Json[];
  const domainsOf = (v: Json): string[] => ((v['domains'] ?? []) as string[]).map((d) => d.toLowerCase());
  const pick = (score: (d: string) => number): Json | undefined => {
    let best: Json | undefined;
    let bestScore = -1;
    for (const v of vhosts) for (const d of domainsOf(v)) {
      const s = score(d);
      if (s > bestScore) {
        best = v;
        bestScore = s;
      }
    }
    return best;
  };
  const vhost =
    pick((d) => (d === host ? 1 : -1)) ??
    pick((d) => (d.length > 1 && d.startsWith('*') && host.length > d.length - 1 && host.endsWith(d.slice(1)) ? d.length : -1)) ??
    pick((d) => (d.length > 1 && d.endsWith('*') && host.length > d.length - 1 && host.startsWith(d.slice(0, -1)) ? d.length : -1)) ??
    pick((d) => (d === '*' ? 1 : -1));
  if (!vhost) return none;
  const routes = (vhost['routes'] ?? []) as Json[];
  const index = routes.findIndex((r) => routeMatches((r['match'] ?? {}) as Json, req));
  const route = index === -1 ? undefined : routes[index];
  return {
    virtualHost: String(vhost['name']),
    routeIndex: index === -1 ? null : index,
    routeName: route && typeof route['name'] === 'string' ? route['name'] : null,
    clusters: route ? clustersOf(route) : [],
  };
}

function clustersOf(route: Json): string[] {
  const action = route['route'] as Json | undefined;
  if (!action) return [];
  if (typeof action['cluster'] === 'string') return [action['cluster']];
  const weighted = action['weightedClusters'] as Json | undefined;
  return ((weighted?.['clusters'] ?? []) as Json[]).map((c) => String(c['name']));
}

function routeMatches(m: Json, req: ReferenceRequest): boolean {
  const caseSensitive = m['caseSensitive'] !== false;
  const fold = (s: string): string => (caseSensitive ? s : s.toLowerCase());
  const path = req.path;
  let ok: boolean;
  if (typeof m['prefix'] === 'string') ok = fold(path).startsWith(fold(m['prefix']));
  else if (typeof m['path'] === 'string') ok = fold(path) === fold(m['path']);
  else if (m['safeRegex']) ok = RE2JS.compile(String((m['safeRegex'] as Json)['regex'])).matches(path);
  else if (typeof m['pathSeparatedPrefix'] === 'string') {
    const p = fold(m['pathSeparatedPrefix']);
    ok = fold(path) === p || fold(path).startsWith(`${p}/`);
  } else ok = true;
  if (!ok) return false;
  for (const h of (m['headers'] ?? []) as Json[]) if (!headerMatches(h, req)) return false;
  return true;
}

function headerMatches(h: Json, req: ReferenceRequest): boolean {
  const name = String(h['name']).toLowerCase();
  const value = name === ':method' ? req.method : name === ':authority' ? req.host : name === ':scheme' ? 'http' : req.headers[name];
  let ok: boolean;
  if (h['presentMatch'] !== undefined) ok = value !== undefined;
  else {
    const v = value ?? (h['treatMissingHeaderAsEmpty'] ? '' : undefined);
    if (v === undefined) ok = false;
    else {
      const sm = (h['stringMatch'] ?? {}) as Json;
      const ic = sm['ignoreCase'] === true;
      const f = (s: string): string => (ic ? s.toLowerCase() : s);
      if (typeof sm['exact'] === 'string') ok = f(v) === f(sm['exact']);
      else if (typeof sm['prefix'] === 'string') ok = f(v).startsWith(f(sm['prefix']));
      else if (typeof sm['suffix'] === 'string') ok = f(v).endsWith(f(sm['suffix']));
      else if (typeof sm['contains'] === 'string') ok = f(v).includes(f(sm['contains']));
      else if (sm['safeRegex']) ok = RE2JS.compile(String((sm['safeRegex'] as Json)['regex'])).matches(v);
      else ok = true;
    }
  }
  return h['invertMatch'] === true ? !ok : ok;
}
