// A gateway port whose route config holds only the blackhole virtual host answers every request
// with 404: no VirtualService bound to its Gateways has a host the servers accept.
import type { Gateway } from '../../../model/resource.js';
import { defineAnalyzer } from '../../defineAnalyzer.js';
import { GATEWAY_DERIVATION_INPUTS, gatewayProxies } from '../../gatewayProxies.js';

const isBlackhole = (name: string): boolean => name.startsWith('blackhole:');

export default defineAnalyzer({
  name: 'gateway/server-without-routes',
  description: 'Checks for gateway ports whose route config is only the 404 blackhole',
  inputs: GATEWAY_DERIVATION_INPUTS,
  emits: ['GW0203'],
  analyze(ctx) {
    const reported = new Map<Gateway, Set<number>>();
    for (const proxy of gatewayProxies(ctx)) {
      for (const rc of proxy.routeConfigs) {
        if (!rc.name || !rc.virtualHosts.every((vh) => isBlackhole(vh.name))) continue;
        for (const server of proxy.servers) {
          if (server.routeName !== rc.name) continue;
          const gw = ctx.index.get('Gateway', server.gateway.namespace, server.gateway.name);
          if (!gw) continue;
          const done = reported.get(gw) ?? new Set<number>();
          if (done.has(server.serverIndex)) continue;
          reported.set(gw, done.add(server.serverIndex));
          const p = proxy.proxy;
          const workload = { kind: p.kind, namespace: p.namespace, name: p.name };
          ctx.report('GW0203', { workload, assumed: p.assumed, port: server.port, routeConfig: rc.name }, { resource: gw, path: ['spec', 'servers', server.serverIndex, 'port'] });
        }
      }
    }
  },
});
