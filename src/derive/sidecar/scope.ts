// The SidecarScope istiod computes for one proxy (pilot/pkg/model/sidecar.go, virtualservice.go
// SelectVirtualServices): which Sidecar resource applies, and per egress listener the imported
// services and VirtualServices. Visibility is always judged from the proxy's namespace.
import { meshOf } from '../../model/mesh.js';
import type { ConfigIndex } from '../../model/configIndex.js';
import { compareMoreSpecific, isWildcard, MESH_GATEWAY, sidecarEgressMatch } from '../../model/hosts.js';
import { configOrder } from '../../model/order.js';
import type { Sidecar } from '../../model/resource.js';
import { normalizeVirtualService, type NormalizedVirtualService } from '../../model/virtualServices.js';
import { parseProtocol, type Protocol } from './protocol.js';
import { servicesExportedTo, type MeshService, type ServiceRegistry } from './registry.js';

/** istiod's root namespace (mesh `rootNamespace` default). */
export const ROOT_NAMESPACE = 'istio-system';

/** Mesh `outboundTrafficPolicy.mode`; ALLOW_ANY_DYNAMIC_DNS is mesh-only (Istio rejects it on a Sidecar). */
export type OutboundMode = 'ALLOW_ANY' | 'REGISTRY_ONLY' | 'ALLOW_ANY_DYNAMIC_DNS';

export interface EgressPort {
  number: number;
  protocol: Protocol;
  name: string;
}

export interface EgressListener {
  /** Sidecar `egress[i]`; undefined for the implicit all-hosts listener. */
  index?: number;
  port?: EgressPort;
  bind?: string;
  hosts: string[];
  /** Imported services (trimmed to the listener port when it has one). */
  services: MeshService[];
  /** Imported mesh VirtualServices in Istio's order (private, exported, public; creation order in each). */
  virtualServices: NormalizedVirtualService[];
  /** service hostname → the VirtualService whose host matches it most specifically. */
  mostSpecificVs: Map<string, NormalizedVirtualService>;
}

export interface SidecarScope {
  namespace: string;
  sidecar?: Sidecar;
  egress: EgressListener[];
  outboundMode: OutboundMode;
  /** Mesh-bound root VirtualServices that exportTo hides from the proxy namespace. */
  invisibleVirtualServices: NormalizedVirtualService[];
  /** Visible mesh VirtualServices that no egress listener imports. */
  notImported: NormalizedVirtualService[];
}

function labelsMatch(selector: Record<string, string>, labels: Record<string, string>): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

function selectorOf(sc: Sidecar): Record<string, string> | undefined {
  const labels = sc.spec.workloadSelector?.labels;
  return labels && Object.keys(labels).length > 0 ? labels : undefined;
}

/** Istio's pick: a selector match in the proxy namespace, else its namespace-wide one, else the root namespace's. */
export function selectSidecar(index: ConfigIndex, namespace: string, labels: Record<string, string>): Sidecar | undefined {
  const all = [...index.ofKind('Sidecar')].filter((s) => !s.rejected).sort(configOrder);
  const inNs = all.filter((s) => s.namespace === namespace);
  const bySelector = inNs.find((s) => {
    const sel = selectorOf(s);
    return sel !== undefined && labelsMatch(sel, labels);
  });
  if (bySelector) return bySelector;
  const nsWide = inNs.find((s) => selectorOf(s) === undefined);
  if (nsWide) return nsWide;
  // The mesh config's rootNamespace (istio-system unless --mesh-config says otherwise).
  const root = meshOf(index.options).rootNamespace;
  return all.find((s) => s.namespace === root && selectorOf(s) === undefined);
}

interface RawEgress {
  index?: number;
  port?: EgressPort;
  bind?: string;
  hosts: string[];
}

function egressOf(sc: Sidecar | undefined): RawEgress[] {
  const list = sc?.spec.egress ?? [];
  if (list.length === 0) return [{ hosts: ['*/*'] }];
  return list.map((e, i) => {
    const p = e.port;
    const n = p?.number;
    return {
      index: i,
      ...(p && n !== undefined && n !== 0 ? { port: { number: n, protocol: parseProtocol(p.protocol), name: p.name ?? '' } } : {}),
      ...(e.bind ? { bind: e.bind } : {}),
      hosts: [...e.hosts],
    };
  });
}

function outboundModeOf(sc: Sidecar | undefined, meshMode: OutboundMode): OutboundMode {
  const mode = sc?.spec.outboundTrafficPolicy?.mode;
  if (mode === undefined) return meshMode;
  return mode === 'REGISTRY_ONLY' ? 'REGISTRY_ONLY' : 'ALLOW_ANY';
}

/** Mesh-bound root VSes visible to `namespace`, in SelectVirtualServices' order. */
export function meshVirtualServices(index: ConfigIndex, namespace: string): { visible: NormalizedVirtualService[]; invisible: NormalizedVirtualService[] } {
  const sorted = [...index.ofKind('VirtualService')].filter((v) => !v.rejected).sort(configOrder);
  const priv: NormalizedVirtualService[] = [];
  const exported: NormalizedVirtualService[] = [];
  const pub: NormalizedVirtualService[] = [];
  const invisible: NormalizedVirtualService[] = [];
  for (const vs of sorted) {
    const n = normalizeVirtualService(vs, index.options.domainSuffix, meshOf(index.options).defaultVirtualServiceExportTo);
    if (n.isDelegate || !n.gateways.includes(MESH_GATEWAY)) continue;
    if (n.exportTo.has('*')) pub.push(n);
    else if (n.exportTo.has('~')) invisible.push(n);
    else if (n.exportTo.has(namespace)) (vs.namespace === namespace ? priv : exported).push(n);
    else invisible.push(n);
  }
  return { visible: [...priv, ...exported, ...pub], invisible };
}

/** Keep one service per hostname: the proxy namespace's, else a Kubernetes one, else the first (UnifiedSidecarScoping). */
function onePerHostname(imported: MeshService[], namespace: string): MeshService[] {
  const chosen = new Map<string, MeshService>();
  for (const s of imported) {
    const ex = chosen.get(s.hostname);
    if (!ex) chosen.set(s.hostname, s);
    else if (s.namespace === namespace) chosen.set(s.hostname, s);
    else if (ex.registry !== 'Kubernetes' && s.registry === 'Kubernetes' && (s.namespace === namespace || ex.namespace !== namespace)) chosen.set(s.hostname, s);
  }
  return imported.filter((s) => chosen.get(s.hostname)?.namespace === s.namespace);
}

function trimToPort(s: MeshService, port: number): MeshService | undefined {
  const p = s.ports.find((x) => x.port === port);
  if (!p) return undefined;
  return s.ports.length === 1 ? s : { ...s, ports: [p] };
}

/** `computeWildcardHostVirtualServiceIndex`: exact VS host first, else the most specific wildcard. */
function mostSpecificVirtualServices(vses: NormalizedVirtualService[], services: MeshService[]): Map<string, NormalizedVirtualService> {
  const exact = new Map<string, NormalizedVirtualService>();
  const wild = new Map<string, NormalizedVirtualService>();
  for (const v of vses) {
    for (const h of v.hosts) {
      const m = isWildcard(h) ? wild : exact;
      if (!m.has(h)) m.set(h, v);
    }
  }
  const wildHosts = [...wild.keys()].sort(compareMoreSpecific);
  const out = new Map<string, NormalizedVirtualService>();
  for (const s of services) {
    const h = s.hostname;
    const direct = isWildcard(h) ? wild.get(h) : exact.get(h);
    if (direct) {
      out.set(h, direct);
      continue;
    }
    const needle = isWildcard(h) ? h.slice(1) : h;
    // wildHosts is sorted most specific first, so the first suffix match is Istio's pick.
    const w = wildHosts.find((wh) => needle.endsWith(wh.slice(1)));
    const v = w === undefined ? undefined : wild.get(w);
    if (v) out.set(h, v);
  }
  return out;
}

export function buildSidecarScope(
  index: ConfigIndex,
  registry: ServiceRegistry,
  namespace: string,
  labels: Record<string, string>,
  meshOutboundMode: OutboundMode = 'ALLOW_ANY',
): SidecarScope {
  const sidecar = selectSidecar(index, namespace, labels);
  const candidates = servicesExportedTo(registry, namespace);
  const { visible, invisible } = meshVirtualServices(index, namespace);
  const imported = new Set<NormalizedVirtualService>();
  const egress = egressOf(sidecar).map((raw): EgressListener => {
    const picked: MeshService[] = [];
    for (const s of candidates) {
      if (!sidecarEgressMatch(raw.hosts, namespace, s.namespace, s.hostname, 'service')) continue;
      const trimmed = raw.port && raw.port.protocol !== 'HTTP_PROXY' ? trimToPort(s, raw.port.number) : s;
      if (!trimmed) continue;
      // Aliases are imported only when the egress hosts also import them.
      const aliases = trimmed.aliases.filter((a) => sidecarEgressMatch(raw.hosts, namespace, s.namespace, a, 'service'));
      picked.push(aliases.length === trimmed.aliases.length ? trimmed : { ...trimmed, aliases });
    }
    const services = onePerHostname(picked, namespace);
    const virtualServices = visible.filter((v) => v.hosts.some((h) => sidecarEgressMatch(raw.hosts, namespace, v.vs.namespace, h, 'virtualService')));
    for (const v of virtualServices) imported.add(v);
    return { ...raw, services, virtualServices, mostSpecificVs: mostSpecificVirtualServices(virtualServices, services) };
  });
  return {
    namespace,
    ...(sidecar ? { sidecar } : {}),
    egress,
    outboundMode: outboundModeOf(sidecar, meshOutboundMode),
    invisibleVirtualServices: invisible,
    notImported: visible.filter((v) => !imported.has(v)),
  };
}

