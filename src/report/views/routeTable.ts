// `istioctl proxy-config route` table (spec §9.2, configdump/route.go PrintRouteSummary).
import { dottedName } from '../../diagnostics/ref.js';
import type { Route, RouteConfiguration } from '../../derive/envoy.js';
import { configPathRef } from '../../model/virtualServices.js';
import { describeMatch } from './listenerTable.js';
import { tabwrite, type TextTable } from './tabwriter.js';

function unexpandDomains(domains: readonly string[]): string[] {
  const unique = new Set(domains);
  const drop = new Set<string>();
  for (const h of domains) {
    for (const suffix of ['.svc.cluster.local', '.svc']) {
      const stripped = h.endsWith(suffix) ? h.slice(0, -suffix.length) : h;
      if (stripped !== h && unique.has(stripped)) drop.add(h);
    }
  }
  return domains.filter((h) => !drop.has(h));
}

export function describeRouteDomains(domains: readonly string[]): string {
  if (domains.length === 0) return '';
  if (domains.length === 1) return domains[0] ?? '';
  const withoutPort = domains.filter((d) => !d.includes(':') || ((d.match(/:/g)?.length ?? 0) > 2 && d.endsWith(']')));
  const list = unexpandDomains(withoutPort);
  if (list.length > 2) return `${list.slice(0, 2).join(', ')} + ${list.length - 2} more...`;
  return list.join(', ');
}

/** `<name>.<namespace>` from the route's Istio metadata path, `<unknown>` for non-Istio paths. */
export function describeManagement(r: Route): string {
  const path = r.metadata?.filterMetadata.istio.config;
  if (path === undefined) return '';
  if (!path.startsWith('/apis/networking.istio.io/')) return '<unknown>';
  const ref = configPathRef(path);
  return ref ? dottedName(ref) : '';
}

export function routeTable(configs: readonly RouteConfiguration[], opts: { withType?: boolean; sources?: ReadonlyMap<Route, string> | undefined } = {}): string {
  const t = routeTableOf(configs, opts);
  return tabwrite(t.rows, t.padding);
}

export function routeTableOf(configs: readonly RouteConfiguration[], opts: { withType?: boolean; sources?: ReadonlyMap<Route, string> | undefined } = {}): TextTable {
  const rows: string[][] = [['NAME', 'VHOST NAME', 'DOMAINS', 'MATCH', 'VIRTUAL SERVICE']];
  for (const rc of configs) {
    const name = opts.withType ? `route/${rc.name ?? ''}` : (rc.name ?? '');
    for (const vh of rc.virtualHosts) {
      const routes = vh.routes ?? [];
      for (const r of routes) {
        if (r.route?.cluster === 'PassthroughCluster') continue;
        rows.push([name, vh.name, describeRouteDomains(vh.domains), describeMatch(r.match), opts.sources?.get(r) ?? describeManagement(r)]);
      }
      if (routes.length === 0) rows.push([name, vh.name, describeRouteDomains(vh.domains), '/*', '404']);
    }
  }
  return { rows, padding: 5 };
}
