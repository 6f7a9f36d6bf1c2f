// Server merging as istiod's mergeGateways (spec §4.1, pilot/pkg/model/gateway.go): Gateways in
// config order, servers in spec order; port translation, duplicate TLS hosts, port sharing. Every
// dropped server is recorded with the server that won.
import type { Gateway } from '../../model/resource.js';
import type { Server } from '../../schema/kinds/gateway.js';
import type { DroppedServer, MergedServer, ServerDropReason, ServiceTargetPort } from '../proxyConfig.js';
import type { GatewayBinding } from './selectGateways.js';
import { isHttpProtocol, isHttpServer, isPassthroughServer, isTlsServer, normalProtocol } from './protocol.js';

/** One server as merged onto one resolved port. */
export interface ServerEntry {
  gateway: Gateway;
  /** `ns/name`, the key VirtualServices bind by. */
  gatewayName: string;
  serverIndex: number;
  server: Server;
  /** Hosts after sanitizeServerHostNamespace (`./h` → `<gw-ns>/h`, `*\/h` → `h`, `*\/*` → `*`). */
  hosts: string[];
  /** The Gateway's port number (80). */
  port: number;
  merged: MergedServer;
  /** SNI hosts for TLS servers: the hosts without `ns/`, deduplicated, sorted. */
  sniHosts?: string[];
}

/** Servers sharing one (listener port, protocol, bind), in merge order. */
export interface PortGroup {
  number: number;
  protocol: string;
  bind: string;
  servers: ServerEntry[];
  /** RDS name of the HTTP servers on this port ('' otherwise). */
  routeName: string;
}

export interface MergedGateway {
  ports: PortGroup[];
  serversByRouteName: Map<string, ServerEntry[]>;
  servers: MergedServer[];
  dropped: DroppedServer[];
}

export function sanitizeServerHosts(hosts: readonly string[], gatewayNamespace: string): string[] {
  if (hosts.includes('*/*')) return ['*'];
  return hosts.map((h) => {
    const slash = h.indexOf('/');
    if (slash < 0) return h;
    const ns = h.slice(0, slash);
    const rest = h.slice(slash + 1);
    if (ns === '.') return `${gatewayNamespace}/${rest}`;
    if (ns === '*') return rest;
    return h;
  });
}

export function sniHostsFor(hosts: readonly string[]): string[] {
  return [...new Set(hosts.map((h) => (h.includes('/') ? (h.split('/')[1] ?? '') : h)))].sort();
}

/** Istio gatewayRDSRouteName (spec §4.5). */
export function gatewayRouteName(server: Server, resolvedPort: number, gateway: Gateway): string {
  const bind = server.bind ? `.${server.bind}` : '';
  const p = server.port?.protocol ?? '';
  if (isHttpProtocol(p)) return `http.${resolvedPort}${bind}`;
  if (normalProtocol(p) === 'HTTPS' && !isPassthroughServer(server)) {
    return `https.${server.port?.number ?? 0}.${server.port?.name ?? ''}.${gateway.name}.${gateway.namespace}${bind}`;
  }
  return '';
}

/**
 * Istio resolvePorts. Label-selected Gateways: the first service target on that port, else the port
 * as it is. Gateways bound to services by reference: every distinct targetPort of that service port
 * (ascending; istiod's set order is unspecified), and none when the service lacks the port.
 */
export function resolveListenerPorts(
  port: number,
  targets: readonly ServiceTargetPort[],
  legacySelector = true,
): { port: number; translation: MergedServer['translation'] }[] {
  if (!legacySelector) {
    const ports = [...new Set(targets.filter((t) => t.port === port).map((t) => t.targetPort))].sort((a, b) => a - b);
    return ports.map((p) => ({ port: p, translation: 'service-reference' as const }));
  }
  for (const t of targets) {
    if (t.portTranslationDisabled) continue;
    if (t.port === port) return [{ port: t.targetPort, translation: 'service-target-port' }];
  }
  return [{ port, translation: 'no-service-port' }];
}

type ServerWithPort = Server & { port: NonNullable<Server['port']> };
const hasPort = (s: Server): s is ServerWithPort => s.port !== undefined;

export function mergeGateways(bindings: readonly GatewayBinding[]): MergedGateway {
  const gatewayPorts = new Set<number>();
  const plainText = new Map<number, PortGroup>();
  const nonPlainBinds = new Map<number, Set<string>>();
  const groups = new Map<string, PortGroup>();
  const ports: PortGroup[] = [];
  const serversByRouteName = new Map<string, ServerEntry[]>();
  const tlsHostsByPort = new Map<number, Map<string, { bind: string; owner: ServerEntry }>>();
  const servers: MergedServer[] = [];
  const dropped: DroppedServer[] = [];

  const keyOf = (n: number, protocol: string, bind: string): string => `${n}\u0000${protocol}\u0000${bind}`;
  const newGroup = (e: ServerEntry, number: number, routeName: string): PortGroup => {
    const g: PortGroup = { number, protocol: e.server.port?.protocol ?? '', bind: e.server.bind ?? '', servers: [e], routeName };
    groups.set(keyOf(number, g.protocol, g.bind), g);
    ports.push(g);
    return g;
  };
  const addRoute = (routeName: string, e: ServerEntry, replace: boolean): void => {
    const list = serversByRouteName.get(routeName);
    if (list && !replace) list.push(e);
    else serversByRouteName.set(routeName, [e]);
  };

  for (const { gateway: gw, legacySelector, targets } of bindings) {
    const gatewayName = `${gw.namespace}/${gw.name}`;
    (gw.spec.servers ?? []).forEach((server, serverIndex) => {
      const drop = (reason: ServerDropReason): void => {
        dropped.push({ gateway: { namespace: gw.namespace, name: gw.name }, serverIndex, reason });
      };
      if (!hasPort(server)) {
        drop({ code: 'no-port' });
        return;
      }
      const hosts = sanitizeServerHosts(server.hosts ?? [], gw.namespace);
      for (const resolved of resolveListenerPorts(server.port.number, targets, legacySelector)) mergeOne(gw, gatewayName, server, serverIndex, hosts, resolved, drop);
    });
  }
  return { ports, serversByRouteName, servers, dropped };

  function mergeOne(
    gw: Gateway,
    gatewayName: string,
    server: ServerWithPort,
    serverIndex: number,
    hosts: string[],
    resolved: { port: number; translation: MergedServer['translation'] },
    drop: (reason: ServerDropReason) => void,
  ): void {
    const resolvedPort = resolved.port;
    const routeName = gatewayRouteName(server, resolvedPort, gw);
    const merged: MergedServer = {
      gateway: { namespace: gw.namespace, name: gw.name },
      serverIndex,
      port: server.port.number,
      listenerPort: resolvedPort,
      translation: resolved.translation,
      protocol: server.port.protocol,
      bind: server.bind ?? '',
      ...(routeName !== '' ? { routeName } : {}),
      hosts,
    };
    const entry: ServerEntry = { gateway: gw, gatewayName, serverIndex, server, hosts, port: server.port.number, merged };
    const bind = server.bind ?? '';

    if (server.tls) {
      let known = tlsHostsByPort.get(resolvedPort);
      if (!known) tlsHostsByPort.set(resolvedPort, (known = new Map()));
      const dup = hosts.find((h) => known?.get(h)?.bind === bind);
      if (dup !== undefined) {
        const owner = known.get(dup);
        drop({ code: 'duplicate-tls-host', host: dup, winner: owner ? owner.owner.merged : merged });
        return;
      }
      for (const h of hosts) known.set(h, { bind, owner: entry });
      entry.sniHosts = sniHostsFor(hosts);
    }

    if (!gatewayPorts.has(resolvedPort)) {
      gatewayPorts.add(resolvedPort);
      if (!isTlsServer(server)) {
        const g = newGroup(entry, resolvedPort, routeName);
        plainText.set(resolvedPort, g);
      } else newGroup(entry, resolvedPort, routeName);
      if (isHttpServer(server)) addRoute(routeName, entry, true);
      servers.push(merged);
      return;
    }

    const current = plainText.get(resolvedPort);
    if (current) {
      const incumbent = current.servers[0];
      const canMerge = isHttpProtocol(server.port.protocol) && isHttpProtocol(current.protocol);
      if (!canMerge && current.bind === bind) {
        drop({ code: 'protocol-conflict', winner: incumbent ? incumbent.merged : merged });
        return;
      }
      if (routeName === '' && current.bind === bind) {
        drop({ code: 'protocol-conflict', winner: incumbent ? incumbent.merged : merged });
        return;
      }
      if (current.bind !== bind) {
        const existing = groups.get(keyOf(resolvedPort, server.port.protocol, bind));
        if (!existing) {
          const g = newGroup(entry, resolvedPort, routeName);
          if (!isTlsServer(server)) plainText.set(resolvedPort, g);
          if (isHttpServer(server)) addRoute(routeName, entry, true);
        } else {
          existing.routeName = routeName;
          existing.servers.push(entry);
          addRoute(routeName, entry, false);
        }
      } else {
        current.servers.push(entry);
        addRoute(routeName, entry, false);
      }
      servers.push(merged);
      return;
    }

    // The incumbent on this port is a TLS server.
    if (!isTlsServer(server)) {
      // Order dependent (spec §4.1): a later plaintext server still joins the port.
      const g = newGroup(entry, resolvedPort, routeName);
      plainText.set(resolvedPort, g);
      if (isHttpServer(server)) addRoute(routeName, entry, true);
      servers.push(merged);
      return;
    }
    if (isHttpServer(server)) {
      const owners = serversByRouteName.get(routeName);
      if (routeName === '' || owners) {
        const winner = owners?.[0];
        drop({ code: 'duplicate-route-name', winner: winner ? winner.merged : merged });
        return;
      }
      serversByRouteName.set(routeName, [entry]);
    }
    let binds = nonPlainBinds.get(resolvedPort);
    if (!binds) nonPlainBinds.set(resolvedPort, (binds = new Set()));
    binds.add(bind);
    const existing = groups.get(keyOf(resolvedPort, server.port.protocol, bind));
    if (existing) existing.servers.push(entry);
    else newGroup(entry, resolvedPort, '');
    servers.push(merged);
  }
}
