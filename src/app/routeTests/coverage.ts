// `gwctl test --coverage`: per proxy and route configuration, the routes that VirtualService (or
// HTTPRoute, Ingress) rules produced and whether a case reached them. A route is reached when a case's
// answer names its route configuration, virtual host and rule (explain's routeConfig, virtualHost,
// virtualService, rule and delegate). Routes Envoy's config holds for other reasons (the gateway's
// own health routes, a sidecar's passthrough) are no one's rule and are not counted.
import type { Route } from '../../derive/envoy.js';
import type { ProxyConfig, RouteOrigin } from '../../derive/proxyConfig.js';
import { dottedName, fullName } from '../../diagnostics/ref.js';
import type { Path } from '../../diagnostics/path.js';
import { describeRouteMatch } from '../../explain/stages/routeMatch.js';
import { refOf } from '../../model/resource.js';
import type { CoverageRoute, ProxyCoverage, RouteConfigCoverage } from '../../report/views/routeTestRecord.js';
import type { Workspace } from '../workspace.js';
import type { AnswerView } from './compare.js';

type RuleRef = { http: number; match: number | null };

const keyOf = (proxy: string, routeConfig: string, virtualHost: string, vs: string, rule: RuleRef, delegate: { virtualService: string; rule: RuleRef } | null): string =>
  JSON.stringify([proxy, routeConfig, virtualHost, vs, rule.http, rule.match, delegate?.virtualService ?? null, delegate?.rule.http ?? null, delegate?.rule.match ?? null]);

/** The key of the route a case's answer reached, or undefined when it reached no rule. */
export function reachedKey(a: AnswerView): string | undefined {
  if (a.routeConfig === null || a.virtualHost === null || a.virtualService === null || a.rule === null) return undefined;
  return keyOf(proxyLabel(a.proxy), a.routeConfig, a.virtualHost, a.virtualService, a.rule, a.delegate ?? null);
}

/** `name.namespace (gateway)`: how coverage and reached keys name a proxy. */
export const proxyLabel = (p: { workload: string; mode: string }): string => `${p.workload} (${p.mode})`;

const percent = (reached: number, total: number): number => (total === 0 ? 100 : Math.floor((reached / total) * 1000) / 10);

export function proxyCoverage(ws: Workspace, config: ProxyConfig, reached: ReadonlySet<string>): ProxyCoverage {
  const workload = dottedName(config.proxy);
  const label = proxyLabel({ workload, mode: config.proxy.mode });
  const routeConfigs: RouteConfigCoverage[] = [];
  for (const rc of config.routeConfigs) {
    const rcName = rc.name ?? '';
    let routes = 0;
    let hit = 0;
    const missed: CoverageRoute[] = [];
    for (const vh of rc.virtualHosts) {
      for (const route of vh.routes ?? []) {
        const origin = config.routeOrigins.get(route);
        if (!origin) continue;
        routes++;
        const rule: RuleRef = { http: origin.rule, match: origin.match ?? null };
        const delegate = origin.delegate ? { virtualService: fullName(origin.delegate), rule: { http: origin.delegate.rule, match: origin.delegate.match ?? null } } : null;
        if (reached.has(keyOf(label, rcName, vh.name, fullName(origin.virtualService), rule, delegate))) hit++;
        else missed.push(missedRoute(ws, vh.name, route, origin, rule, delegate));
      }
    }
    if (routes > 0) routeConfigs.push({ routeConfig: rcName, routes, reached: hit, percent: percent(hit, routes), missed });
  }
  const routes = routeConfigs.reduce((n, r) => n + r.routes, 0);
  const hit = routeConfigs.reduce((n, r) => n + r.reached, 0);
  return { proxy: workload, mode: config.proxy.mode, routes, reached: hit, percent: percent(hit, routes), routeConfigs };
}

export const totalPercent = percent;

function missedRoute(ws: Workspace, virtualHost: string, route: Route, origin: RouteOrigin, rule: RuleRef, delegate: CoverageRoute['delegate']): CoverageRoute {
  // The rule as written: the delegate's when the route came from one, else the root VirtualService's.
  const key = origin.delegate ?? origin.virtualService;
  const ruleIndex = origin.delegate ? origin.delegate.rule : origin.rule;
  const matchIndex = origin.delegate ? origin.delegate.match : origin.match;
  const vs = ws.config.get('VirtualService', key.namespace, key.name);
  let source = vs ? refOf(vs) : { kind: 'VirtualService', namespace: key.namespace, name: key.name };
  let site: { file: string; line: number; column: number } | undefined;
  if (vs && vs.derivedFrom) {
    // Converted from an HTTPRoute or Ingress: point at the object the user wrote.
    source = vs.derivedFrom;
    site = ws.locate({ file: vs.origin.file, doc: vs.origin.doc, path: vs.origin.base });
  } else if (vs) {
    const path: Path = [...vs.origin.base, 'spec', 'http', ruleIndex, ...(matchIndex !== undefined ? ['match', matchIndex] : [])];
    site = ws.locate({ file: vs.origin.file, doc: vs.origin.doc, path });
  }
  return {
    virtualHost,
    match: describeRouteMatch(route.match),
    virtualService: fullName(origin.virtualService),
    rule,
    delegate,
    source,
    file: site?.file ?? null,
    line: site?.line ?? null,
    column: site?.column ?? null,
  };
}
