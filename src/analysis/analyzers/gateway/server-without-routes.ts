// A gateway port whose route config holds only the blackhole virtual host answers every request
// with 404: no VirtualService bound to its Gateways has a host the servers accept.
// The fix is explain's for the same 404 (src/model/fixes.ts): the VirtualService that was meant for
// the Gateway and why it is not there (not exported to the gateway pod's namespace, rejected, its
// rules filtered by match.port, a server host of another namespace, not naming the Gateway, hosts that
// do not intersect), else the VirtualService to create. Those reasons are the derivation's misses,
// computed only for the gateway workloads that have such a port.
import { fullName } from '../../../diagnostics/ref.js';
import type { Text } from '../../../diagnostics/text.js';
import type { MergedServer, VirtualServiceMiss } from '../../../derive/proxyConfig.js';
import {
  bindToGatewayFix,
  createVirtualServiceFix,
  exportToFix,
  fieldSite,
  gatewayReferenceFix,
  hostsDoNotIntersectFix,
  matchPortFix,
  rejectedVirtualServiceFix,
  serverNamespaceExcludesFix,
} from '../../../model/fixes.js';
import { resolveGatewayName } from '../../../model/hosts.js';
import type { Gateway, VirtualService } from '../../../model/resource.js';
import type { AnalysisContext } from '../../context.js';
import { defineAnalyzer } from '../../defineAnalyzer.js';
import { GATEWAY_DERIVATION_INPUTS, gatewayProxies } from '../../gatewayProxies.js';

export default defineAnalyzer({
  name: 'gateway/server-without-routes',
  description: 'Checks for gateway ports whose route config is only the 404 blackhole',
  inputs: GATEWAY_DERIVATION_INPUTS,
  emits: ['GW0203'],
  analyze(ctx) {
    const reported = new Map<Gateway, Set<number>>();
    for (const proxy of gatewayProxies(ctx)) {
      // The route configs holding only the blackhole, known without making a virtual host.
      for (const name of proxy.blackholeRouteNames) {
        if (!name) continue;
        for (const server of proxy.servers) {
          if (server.routeName !== name) continue;
          const gw = ctx.index.get('Gateway', server.gateway.namespace, server.gateway.name);
          if (!gw) continue;
          const done = reported.get(gw) ?? new Set<number>();
          if (done.has(server.serverIndex)) continue;
          reported.set(gw, done.add(server.serverIndex));
          const p = proxy.proxy;
          const workload = { kind: p.kind, namespace: p.namespace, name: p.name };
          const fix = blackholeFix(ctx, proxy.misses(), gw, server);
          ctx.report('GW0203', { workload, assumed: p.assumed, port: server.port, routeConfig: name }, { resource: gw, path: ['spec', 'servers', server.serverIndex, 'port'] }, fix);
        }
      }
    }
  },
});

/** Why a VirtualService misses, most telling first: a VirtualService that names the Gateway says what it was meant for. */
const RANK: Readonly<Record<VirtualServiceMiss['reason']['code'], number>> = {
  'not-visible': 0,
  rejected: 1,
  'rules-filtered': 2,
  'namespace-excluded': 3,
  'gateway-not-referenced': 4,
  'no-host-intersection': 5,
  'gateway-not-on-proxy': 9,
  'duplicate-host': 9,
  'not-imported': 9,
};

/** The fix for one server whose route config is only the blackhole: explain's fix for the best miss, else the VirtualService to create. */
function blackholeFix(ctx: AnalysisContext, misses: readonly VirtualServiceMiss[], gw: Gateway, server: MergedServer): Text {
  const g = fullName(gw);
  let best: Text | undefined;
  let bestRank = Infinity;
  for (const miss of misses) {
    const rank = RANK[miss.reason.code];
    if (rank >= bestRank) continue;
    const vs = ctx.index.get('VirtualService', miss.virtualService.namespace, miss.virtualService.name);
    if (!vs) continue;
    const fix = missFix(ctx, miss, vs, gw, g, server);
    if (fix) {
      best = fix;
      bestRank = rank;
    }
  }
  if (best) return best;
  const first = server.hosts[0] ?? '*';
  return createVirtualServiceFix(first.slice(first.indexOf('/') + 1), g);
}

/** Explain's fix for this miss when it is about this Gateway and server; undefined otherwise. */
function missFix(ctx: AnalysisContext, miss: VirtualServiceMiss, vs: VirtualService, gw: Gateway, g: string, server: MergedServer): Text | undefined {
  const r = miss.reason;
  const names = (): boolean => (vs.spec.gateways ?? []).some((x) => resolveGatewayName(x, vs.namespace, ctx.index.options.domainSuffix) === g);
  switch (r.code) {
    case 'not-visible':
      return r.gateway !== 'mesh' && fullName(r.gateway) === g ? exportToFix(vs, fieldSite(vs, vs.spec.exportTo ? ['spec', 'exportTo'] : ['spec']), r.proxyNamespace) : undefined;
    case 'rejected':
      return names() ? rejectedVirtualServiceFix(vs, fieldSite(vs, [])) : undefined;
    case 'rules-filtered': {
      const [first] = r.rules;
      if (r.gateway === 'mesh' || fullName(r.gateway) !== g || miss.routeConfig !== server.routeName || first?.why !== 'port') return undefined;
      const path = ['spec', 'http', first.rule, ...(first.match !== undefined ? ['match', first.match, 'port'] : [])];
      return matchPortFix(vs, first.rule, fieldSite(vs, path), server.port, 'Gateway server');
    }
    case 'namespace-excluded':
      if (fullName(r.gateway) !== g || r.serverIndex !== server.serverIndex) return undefined;
      return serverNamespaceExcludesFix(r.serverHost, gw, fieldSite(gw, ['spec', 'servers', r.serverIndex, 'hosts']), vs);
    case 'no-host-intersection': {
      if (fullName(r.gateway) !== g || r.serverIndex !== server.serverIndex) return undefined;
      const add = r.serverHosts[0];
      return add === undefined ? undefined : hostsDoNotIntersectFix(vs, fieldSite(vs, ['spec', 'hosts']), add.slice(add.indexOf('/') + 1), vs.spec.hosts ?? [], r.serverHosts, gw);
    }
    case 'gateway-not-referenced': {
      if (fullName(r.gateway) !== g) return undefined;
      const raw = vs.spec.gateways ?? [];
      const at = fieldSite(vs, vs.spec.gateways ? ['spec', 'gateways'] : ['spec']);
      // A reference to this Gateway's name that resolves to nothing: change that reference.
      const i = raw.findIndex((x) => {
        const resolved = resolveGatewayName(x, vs.namespace, ctx.index.options.domainSuffix);
        return resolved.slice(resolved.indexOf('/') + 1) === gw.name && !ctx.index.get('Gateway', resolved.slice(0, resolved.indexOf('/')), gw.name);
      });
      const written = raw[i];
      if (written !== undefined) return gatewayReferenceFix(vs, at, written, resolveGatewayName(written, vs.namespace, ctx.index.options.domainSuffix), g, gw.metadata.namespace === undefined);
      return bindToGatewayFix(vs, at, g, raw.length === 0);
    }
    default:
      return undefined;
  }
}
