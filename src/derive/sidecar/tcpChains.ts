// Filter chains of a TCP or TLS service port on a sidecar outbound listener (tls.go
// buildSidecarOutboundTLSFilterChainOpts / buildSidecarOutboundTCPFilterChainOpts, networkfilter.go
// buildOutboundNetworkFilters): the mesh VirtualServices' `tls` and `tcp` rules for the service, else
// the service's own cluster.
import { hostMatches, isWildcard, resolveShortnameToFqdn } from '../../model/hosts.js';
import type { NormalizedVirtualService } from '../../model/virtualServices.js';
import { altVirtualHosts } from './domains.js';
import { isTls, type Protocol } from './protocol.js';
import type { MeshService } from './registry.js';

/** What a chain forwards to: one cluster, or weighted clusters (a rule with several destinations). */
export interface TcpTarget {
  statPrefix: string;
  cluster?: string;
  weighted?: { name: string; weight: number }[];
}

export interface TcpChainOpt extends TcpTarget {
  cidrs?: string[];
  sniHosts?: string[];
  /** The VirtualService whose rule built the chain. */
  vs?: { namespace: string; name: string };
}

export interface TcpChainContext {
  proxy: { namespace: string; labels: Record<string, string> };
  domainSuffix: string;
  /** The proxy's DNS domain (alias SNI hosts get its short forms). */
  proxyDomain: string;
  /** `ServiceForHostname`: the service this sidecar has for a destination host. */
  serviceFor(host: string): MeshService | undefined;
}

export interface TcpChainArgs {
  svc: MeshService;
  listenPort: { port: number; protocol: Protocol };
  virtualServices: readonly NormalizedVirtualService[];
  /** Destination CIDRs the chain matches (a CIDR service address, or a headless pod's /32). */
  cidrs?: string[];
  /** The listener is the wildcard one and the service has no address of its own. */
  wildcardForWildcard: boolean;
  /** Per-pod CIDR chains of a headless service: the CIDR already identifies the pod, so no SNI. */
  headlessPodCidr: boolean;
}

interface L4Match {
  port?: number;
  sourceLabels?: Record<string, string>;
  gateways?: string[];
  sourceNamespace?: string;
  destinationSubnets?: string[];
  sniHosts?: string[];
}

interface RouteDest {
  destination: { host: string; subset?: string; port?: { number?: number } };
  weight?: number;
}

/** matchTCP / matchTLS: the static predicates, evaluated for this proxy on the mesh gateway. */
function staticMatch(m: L4Match, port: number, proxy: TcpChainContext['proxy']): boolean {
  const gatewayOk = !m.gateways?.length || m.gateways.includes('mesh');
  const labelsOk = Object.entries(m.sourceLabels ?? {}).every(([k, v]) => proxy.labels[k] === v);
  const portOk = !m.port || m.port === port;
  const nsOk = !m.sourceNamespace || m.sourceNamespace === proxy.namespace;
  return gatewayOk && labelsOk && portOk && nsOk;
}

/** `GetDestinationCluster`: explicit port, else the service's only port, else the listener port. */
function destinationCluster(d: RouteDest['destination'], vsNamespace: string, listenPort: number, ctx: TcpChainContext): string {
  const host = resolveShortnameToFqdn(d.host, vsNamespace, ctx.domainSuffix);
  const svc = ctx.serviceFor(host);
  const target = svc?.externalName ?? host;
  const port = d.port?.number ?? (svc && svc.ports.length === 1 && svc.ports[0] ? svc.ports[0].port : listenPort);
  return `outbound|${port}|${d.subset ?? ''}|${target}`;
}

function routeTarget(routes: readonly RouteDest[], vs: NormalizedVirtualService, listenPort: number, ctx: TcpChainContext): TcpTarget {
  const ns = vs.vs.namespace;
  const only = routes.length === 1 ? routes[0] : undefined;
  if (only) {
    const cluster = destinationCluster(only.destination, ns, listenPort, ctx);
    return { statPrefix: cluster, cluster };
  }
  const weighted = routes.filter((r) => (r.weight ?? 0) > 0).map((r) => ({ name: destinationCluster(r.destination, ns, listenPort, ctx), weight: r.weight ?? 0 }));
  return { statPrefix: `${vs.vs.name}.${ns}`, weighted };
}

function serviceTarget(svc: MeshService, listenPort: number): TcpTarget {
  const port = svc.ports.length === 1 && svc.ports[0] ? svc.ports[0].port : listenPort;
  const cluster = `outbound|${port}||${svc.hostname}`;
  return { statPrefix: cluster, cluster };
}

const sameStrings = (a: readonly string[], b: readonly string[]): boolean => {
  const x = [...a].sort();
  const y = [...b].sort();
  return x.length === y.length && x.every((v, i) => v === y[i]);
};

function tlsChains(args: TcpChainArgs, vses: readonly NormalizedVirtualService[], ctx: TcpChainContext): TcpChainOpt[] {
  const { svc, listenPort } = args;
  let cidrs = args.cidrs;
  const out: TcpChainOpt[] = [];
  const handled = new Set<string>();
  for (const vs of vses) {
    for (const rule of vs.vs.spec.tls ?? []) {
      const routes = (rule.route ?? []) as RouteDest[];
      if (routes.length === 0) continue;
      for (const m of (rule.match ?? []) as L4Match[]) {
        if (!staticMatch(m, listenPort.port, ctx.proxy)) continue;
        // A match's own destination subnets replace the service's (and stay for later matches, as in Istio).
        if (m.destinationSubnets?.length && listenPort.port > 0) cidrs = m.destinationSubnets;
        const key = `${(m.sniHosts ?? []).join(',')}|${(m.destinationSubnets ?? []).join(',')}`;
        if (!handled.has(key)) {
          out.push({
            ...routeTarget(routes, vs, listenPort.port, ctx),
            ...(cidrs?.length ? { cidrs: [...cidrs] } : {}),
            ...(m.sniHosts?.length ? { sniHosts: [...m.sniHosts] } : {}),
            vs: { namespace: vs.vs.namespace, name: vs.vs.name },
          });
        }
        handled.add(key);
      }
    }
  }
  if (out.length > 0) return out;
  // No TLS rule: match the service by SNI when the destination address cannot tell it apart.
  const bySni =
    !args.headlessPodCidr &&
    ((cidrs?.length ?? 0) > 0 || args.wildcardForWildcard || (isWildcard(svc.hostname) && svc.resolution === 'DynamicDNS'));
  const sniHosts = bySni ? [svc.hostname, ...svc.aliases.flatMap((a) => [a, ...altVirtualHosts(a, ctx.proxyDomain)])] : [];
  return [{ ...serviceTarget(svc, listenPort.port), ...(cidrs?.length ? { cidrs: [...cidrs] } : {}), ...(sniHosts.length ? { sniHosts } : {}) }];
}

function plainTcpChains(args: TcpChainArgs, vses: readonly NormalizedVirtualService[], ctx: TcpChainContext): TcpChainOpt[] {
  const { svc, listenPort, cidrs } = args;
  const out: TcpChainOpt[] = [];
  const withCidrs = (c: string[] | undefined): { cidrs?: string[] } => (c?.length ? { cidrs: [...c] } : {});
  let defaultAdded = false;
  scan: for (const vs of vses) {
    for (const rule of vs.vs.spec.tcp ?? []) {
      const routes = (rule.route ?? []) as RouteDest[];
      if (routes.length === 0) continue;
      const origin = { vs: { namespace: vs.vs.namespace, name: vs.vs.name } };
      const matches = (rule.match ?? []) as L4Match[];
      if (matches.length === 0) {
        out.push({ ...routeTarget(routes, vs, listenPort.port, ctx), ...withCidrs(cidrs), ...origin });
        defaultAdded = true;
        break scan;
      }
      const subnets: string[] = [];
      for (const m of matches) {
        if (!staticMatch(m, listenPort.port, ctx.proxy)) continue;
        // A match without destination subnets matches any address: it ends the scan.
        if (!m.destinationSubnets?.length || listenPort.port === 0) {
          out.push({ ...routeTarget(routes, vs, listenPort.port, ctx), ...withCidrs(cidrs), ...origin });
          defaultAdded = true;
          break scan;
        }
        subnets.push(...m.destinationSubnets);
      }
      if (subnets.length > 0) {
        out.push({ ...routeTarget(routes, vs, listenPort.port, ctx), cidrs: subnets, ...origin });
        // The service's own chain would have the very same match: Envoy would reject the pair.
        if (sameStrings(subnets, cidrs ?? [])) defaultAdded = true;
      }
    }
  }
  if (!defaultAdded) out.push({ ...serviceTarget(svc, listenPort.port), ...withCidrs(cidrs) });
  return out;
}

/** VirtualServices by host, so that each TCP/TLS service port does not scan every VirtualService. */
interface VsHostIndex {
  /** Exact host -> positions in the list. */
  exact: Map<string, number[]>;
  /** `*.suffix` host -> positions, keyed by `.suffix`. */
  dotWildcards: Map<string, number[]>;
  /** Other wildcards (`*`, `*foo.com`): few, checked one by one. */
  otherWildcards: { host: string; at: number }[];
}

const vsHostIndexes = new WeakMap<readonly NormalizedVirtualService[], VsHostIndex>();

function vsHostIndex(list: readonly NormalizedVirtualService[]): VsHostIndex {
  const known = vsHostIndexes.get(list);
  if (known) return known;
  const index: VsHostIndex = { exact: new Map(), dotWildcards: new Map(), otherWildcards: [] };
  const add = (m: Map<string, number[]>, k: string, at: number): void => {
    const l = m.get(k);
    if (!l) m.set(k, [at]);
    else if (l[l.length - 1] !== at) l.push(at);
  };
  list.forEach((v, at) => {
    for (const h of v.hosts) {
      if (!isWildcard(h)) add(index.exact, h, at);
      else if (h.startsWith('*.')) add(index.dotWildcards, h.slice(1), at);
      else index.otherWildcards.push({ host: h, at });
    }
  });
  vsHostIndexes.set(list, index);
  return index;
}

/** getConfigsForHost: the VirtualServices with a host that matches `hostname` (any namespace), in list order. */
function virtualServicesForHost(list: readonly NormalizedVirtualService[], hostname: string): NormalizedVirtualService[] {
  // A wildcard service host (a ServiceEntry's `*.example.com`) may overlap any host: scan.
  if (isWildcard(hostname)) return list.filter((v) => v.hosts.some((h) => hostMatches(h, hostname)));
  const index = vsHostIndex(list);
  const hits = new Set<number>(index.exact.get(hostname) ?? []);
  for (let dot = hostname.indexOf('.'); dot >= 0; dot = hostname.indexOf('.', dot + 1)) {
    for (const at of index.dotWildcards.get(hostname.slice(dot)) ?? []) hits.add(at);
  }
  for (const w of index.otherWildcards) if (hostMatches(w.host, hostname)) hits.add(w.at);
  return [...hits].sort((a, b) => a - b).map((at) => list[at] as NormalizedVirtualService);
}

/** `buildSidecarOutboundTCPListenerOpts`: TLS chains for TLS/HTTPS ports, TCP chains for the others. */
export function tcpChainsFor(args: TcpChainArgs, ctx: TcpChainContext): TcpChainOpt[] {
  const vses = virtualServicesForHost(args.virtualServices, args.svc.hostname);
  return isTls(args.listenPort.protocol) ? tlsChains(args, vses, ctx) : plainTcpChains(args, vses, ctx);
}
