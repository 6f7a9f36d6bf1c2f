// Before HTTP (spec §8.1): nothing listens on the port (C1-C5), no filter chain for the SNI (C6, C8),
// or TLS spoken to a plain port and the reverse.
import { refTo } from '../../diagnostics/ref.js';
import { plain, ref, text, type Text } from '../../diagnostics/text.js';
import type { DroppedServer, MergedServer } from '../../derive/proxyConfig.js';
import type { Gateway } from '../../model/resource.js';
import { userListenerOf } from '../../model/ruleSources.js';
import type { ExplainContext } from '../context.js';
import type { Cause } from '../types.js';
import type { Walk } from '../walk.js';
import { makeCause } from './cause.js';
import { unselectedGatewayCauses } from './selector.js';

const serverName = (s: { serverIndex: number }, port?: number): string => `servers[${s.serverIndex}]${port !== undefined ? ` (port ${port})` : ''}`;

function droppedReason(d: DroppedServer): { text: Text; listenerPort?: number } {
  const r = d.reason;
  switch (r.code) {
    case 'protocol-conflict':
      return { text: text`port ${r.winner.listenerPort} is already taken by ${r.winner.protocol} server ${serverName(r.winner)} of Gateway ${ref(r.winner.gateway)}, which sorts first (only HTTP servers merge on one port)`, listenerPort: r.winner.listenerPort };
    case 'duplicate-tls-host':
      return { text: text`host ${r.host} is already served with TLS on port ${r.winner.listenerPort} by Gateway ${ref(r.winner.gateway)}, which sorts first`, listenerPort: r.winner.listenerPort };
    case 'duplicate-route-name':
      return { text: text`its route name ${r.winner.routeName ?? ''} is already used by Gateway ${ref(r.winner.gateway)}`, listenerPort: r.winner.listenerPort };
    case 'no-port':
      return { text: plain('it has no port') };
    case 'unprivileged-port':
      return { text: text`it resolves to port ${r.listenerPort} < 1024, which an unprivileged gateway pod cannot open (no Service port maps it to a high targetPort)`, listenerPort: r.listenerPort };
  }
}

function droppedCauses(ctx: ExplainContext, matches: (d: DroppedServer, port: number | undefined) => boolean): Cause[] {
  const out: Cause[] = [];
  for (const d of ctx.config.droppedServers) {
    const { text: reason, listenerPort } = droppedReason(d);
    if (!matches(d, listenerPort)) continue;
    const gw = ctx.index.get('Gateway', d.gateway.namespace, d.gateway.name);
    const conflict = gw ? conflictCause(d, gw) : undefined;
    if (conflict) {
      out.push(conflict);
      continue;
    }
    out.push(
      makeCause('GW0262', { gateway: refTo('Gateway', d.gateway), server: d.serverIndex, reason }, gw ? { resource: gw, path: ['spec', 'servers', d.serverIndex] } : {}, (at) =>
        d.reason.code === 'duplicate-tls-host'
          ? text`remove host ${d.reason.host} from one of the two Gateways${at ? text` (${at})` : ''}, or merge their servers into one Gateway`
          : text`move server ${serverName(d)} of Gateway ${ref(d.gateway)}${at ? text` (${at})` : ''} to a free port, or merge it into the Gateway that owns the port`,
      ),
    );
  }
  return out;
}

export function noListenerCauses(ctx: ExplainContext, w: Walk): Cause[] {
  if (w.mode === 'sidecar') return [];
  const port = w.port.listenerPort;
  const out: Cause[] = [];
  out.push(...droppedCauses(ctx, (_d, p) => p === port));
  // C5: a TCP/TLS server on this port exists, but istiod built no chain for it, so no listener.
  const silent = ctx.config.servers.filter((s: MergedServer) => s.listenerPort === port && s.routeName === undefined);
  for (const s of silent) {
    const gw = ctx.index.get('Gateway', s.gateway.namespace, s.gateway.name);
    out.push(
      makeCause('GW0263', { gateway: refTo('Gateway', s.gateway), server: s.serverIndex, port: s.port }, gw ? { resource: gw, path: ['spec', 'servers', s.serverIndex] } : {}, (at) =>
        text`bind a VirtualService with a \`tcp\` or \`tls\` route matching port ${s.port} to Gateway ${ref(s.gateway)}${at ? text` (${at})` : ''}`,
      ),
    );
  }
  out.push(...unselectedGatewayCauses(ctx, w.host, [w.port.requested, port]));
  if (out.length === 0) {
    const listening = [...new Set(ctx.config.servers.map((s) => s.listenerPort))].sort((a, b) => a - b);
    const listeningText = ctx.config.servers.length === 0 ? 'nothing: no Gateway applies to this workload' : listening.map((p) => {
      const s = ctx.config.servers.find((x) => x.listenerPort === p);
      const target = ctx.config.serviceTargets.find((t) => t.targetPort === p);
      return target ? `${p} (Service port ${target.port})` : s && s.port !== p ? `${p} (server port ${s.port})` : String(p);
    }).join(', ');
    const p = ctx.config.proxy;
    out.push(
      makeCause('GW0261', { port, workload: { kind: p.kind, namespace: p.namespace, name: p.name }, ports: listeningText }, {}, () => {
        const svcPort = ctx.config.serviceTargets.find((t) => listening.includes(t.targetPort));
        return svcPort
          ? text`call a port the gateway serves (e.g. Service port ${svcPort.port}), or add a server with port ${w.port.requested} to a Gateway that selects ${ref(p)}`
          : text`add a server with port ${w.port.requested} to a Gateway that selects ${ref(p)}`;
      }),
    );
  }
  return out;
}

/** TLS spoken to a plain chain, or plain HTTP to a chain that terminates TLS. */
export function tlsMismatchCauses(ctx: ExplainContext, w: Walk): Cause[] {
  const tlsServes = w.chain?.transportSocket !== undefined;
  const s = ctx.config.servers.find((x) => x.listenerPort === w.port.listenerPort);
  const gw = s ? ctx.index.get('Gateway', s.gateway.namespace, s.gateway.name) : undefined;
  return [
    makeCause('GW0265', { port: w.port.requested, serves: tlsServes ? 'TLS' : 'plain HTTP', sent: tlsServes ? 'plain HTTP' : 'a TLS handshake' }, gw && s ? { resource: gw, path: ['spec', 'servers', s.serverIndex, 'port'] } : {}, () =>
      text`use ${tlsServes ? 'https' : 'http'}://${w.req.headers['host'] ?? w.req.urlHost}${w.req.path}`,
    ),
  ];
}

/** No filter chain for the SNI (or several equally good ones). */
export function filterChainCauses(ctx: ExplainContext, w: Walk): Cause[] {
  const out: Cause[] = [];
  const port = w.port.listenerPort;
  const sni = w.req.sni ?? '(none)';
  const servers = ctx.config.servers.filter((s) => s.listenerPort === port);
  const hosts = [...new Set((w.listener?.filterChains ?? []).flatMap((c) => c.filterChainMatch?.serverNames ?? []))];
  const first = servers[0];
  const gw = first ? ctx.index.get('Gateway', first.gateway.namespace, first.gateway.name) : undefined;
  // A listener of a Gateway API Gateway: point at its hostname, not at the internal Gateway istiod made of it.
  const user = gw ? userListenerOf(ctx.index, gw) : undefined;
  if (user && w.req.sni !== undefined) {
    const owner = user.owner;
    out.push(
      makeCause('GW0264', { sni, port: w.port.requested, hosts }, { resource: owner, path: ['spec', 'listeners', user.index, 'hostname'] }, (at) =>
        text`set the hostname of listener ${user.name} of ${owner.kind === 'ListenerSet' ? 'ListenerSet' : 'Gateway'} ${ref(owner)} to cover \`${sni}\`, or add an HTTPS listener for it (${at}); or call a name it serves (${hosts.slice(0, 3).join(', ')})`,
      ),
    );
    out.push(...droppedCauses(ctx, (d) => d.reason.code === 'duplicate-tls-host' && d.reason.host.toLowerCase() === sni.toLowerCase()));
    return out;
  }
  out.push(
    makeCause('GW0264', { sni, port: w.port.requested, hosts }, gw && first ? { resource: gw, path: ['spec', 'servers', first.serverIndex, 'hosts'] } : {}, (at) =>
      w.req.sni === undefined
        ? text`send an SNI the servers list (--sni ${hosts[0] ?? 'NAME'})`
        : text`add \`${sni}\` to the hosts of the HTTPS server of Gateway ${first ? ref(first.gateway) : ''}${at ? text` (${at})` : ''}, or call a name it serves (${hosts.slice(0, 3).join(', ')})`,
    ),
  );
  out.push(...droppedCauses(ctx, (d) => d.reason.code === 'duplicate-tls-host' && d.reason.host.toLowerCase() === sni.toLowerCase()));
  return out;
}

/**
 * A server dropped because another Gateway on the same workload already serves one of its hosts on
 * that port: istioctl analyze names it IST0145 (ConflictingGateways), with the same arguments.
 */
function conflictCause(d: DroppedServer, gw: Gateway): Cause | undefined {
  const r = d.reason;
  if (r.code !== 'duplicate-tls-host' && r.code !== 'protocol-conflict') return undefined;
  const server = gw.spec.servers?.[d.serverIndex];
  const hosts = server?.hosts ?? [];
  const bare = (h: string): string => h.slice(h.indexOf('/') + 1).toLowerCase();
  const winners = new Set(r.winner.hosts.map(bare));
  if (!server || !hosts.some((h) => winners.has(bare(h)))) return undefined;
  const selector = Object.keys(gw.spec.selector ?? {})
    .sort()
    .map((k) => `${k}=${gw.spec.selector?.[k] ?? ''}`)
    .join(',');
  return makeCause('IST0145', { gateways: [refTo('Gateway', r.winner.gateway)], selector, port: server.port?.number ?? 0, hosts }, { resource: gw, path: ['spec', 'servers', d.serverIndex] }, (at) =>
    text`istiod drops server ${serverName(d)} of Gateway ${ref(gw)}${at ? text` (${at})` : ''} because Gateway ${ref(r.winner.gateway)} sorts first with the same port and host: merge the servers into one Gateway, or give them different hosts or ports`,
  );
}
