// The service registry istiod builds from Kubernetes Services and ServiceEntries (kube ConvertService,
// serviceentry convertServices, push_context initServiceRegistry/resolveServiceAliases), reduced to
// what the sidecar derivation reads. Pure: index in, registry out.
import { meshOf } from '../../model/mesh.js';
import type { ConfigIndex } from '../../model/configIndex.js';
import { sharedExportTo } from '../../model/exportTo.js';
import { isIpAddress, isVisibleTo, kubeServiceHostname, type ExportTo } from '../../model/hosts.js';
import { creationTime } from '../../model/order.js';
import type { EndpointSlice, Service, ServiceEntry } from '../../model/resource.js';
import { convertKubernetesProtocol, parseProtocol, type Protocol } from './protocol.js';
import { pushTo } from '../../model/multiMap.js';
import { NO_ITEMS } from '../../model/empty.js';

export interface MeshPort {
  port: number;
  name: string;
  protocol: Protocol;
}

/** Istio's `model.Resolution`. */
export type Resolution = 'ClientSideLB' | 'DNSLB' | 'DNSRoundRobinLB' | 'Passthrough' | 'Alias' | 'DynamicDNS';

export interface MeshService {
  hostname: string;
  /** Kubernetes Service name, or the host for a ServiceEntry (Istio's Attributes.Name). */
  name: string;
  namespace: string;
  registry: 'Kubernetes' | 'External';
  resolution: Resolution;
  ports: MeshPort[];
  /** Istio's DefaultAddress: the cluster IP / first SE address, `0.0.0.0` when there is none. */
  defaultAddress: string;
  /** Every address (cluster IPs or SE addresses/CIDRs); empty when there is none. */
  addresses: readonly string[];
  exportTo: ExportTo;
  /** ExternalName target of an Alias service. */
  externalName?: string;
  /** Hostnames of ExternalName services that resolve to this one (sorted as Istio sorts them). */
  aliases: readonly string[];
  source: Service | ServiceEntry;
  /** Creation time in ms (0 when absent), for Istio's service order. */
  created: number;
  /** Endpoints by service port (EndpointSlices of a Kubernetes Service): each endpoint's addresses. */
  endpoints?: ReadonlyMap<number, readonly (readonly string[])[]>;
  /** A ServiceEntry with location MESH_EXTERNAL (the default): no auto mTLS. */
  meshExternal: boolean;
  /** Not in the inputs: assumed to exist (the default gateway's Service, a declared or partial-view host). */
  assumed?: boolean;
}

export const UNSPECIFIED_IP = '0.0.0.0';


export interface ServiceRegistry {
  /** All services in Istio's order (creation time, then name, then namespace). */
  services: readonly MeshService[];
  /** hostname → namespace → service (a Kubernetes Service beats a ServiceEntry for the same key). */
  byHostAndNamespace: ReadonlyMap<string, ReadonlyMap<string, MeshService>>;
}

/** An ExternalName Service with a target: an Alias (fromKubernetes). */
const isAlias = (svc: Service): boolean => svc.spec.type === 'ExternalName' && Boolean(svc.spec.externalName);

function fromKubernetes(svc: Service, domainSuffix: string, defaultExportTo: readonly string[]): MeshService {
  const spec = svc.spec;
  const externalName = isAlias(svc) ? spec.externalName : undefined;
  let resolution: Resolution = externalName ? 'Alias' : 'ClientSideLB';
  let addresses: readonly string[] = NO_ITEMS;
  if (spec.clusterIP === 'None') resolution = 'Passthrough';
  else if (spec.clusterIP) addresses = spec.clusterIPs && spec.clusterIPs.length > 1 ? [...spec.clusterIPs] : [spec.clusterIP];
  const annotation = svc.metadata.annotations?.['networking.istio.io/exportTo'];
  const exportList = annotation ? annotation.split(',').map((s) => s.trim()) : undefined;
  return {
    hostname: kubeServiceHostname(svc.name, svc.namespace, domainSuffix),
    name: svc.name,
    namespace: svc.namespace,
    registry: 'Kubernetes',
    meshExternal: false,
    resolution,
    ports: (spec.ports ?? []).map((p) => ({
      port: p.port,
      name: p.name ?? '',
      protocol: convertKubernetesProtocol(p.port, p.name, p.protocol, p.appProtocol),
    })),
    defaultAddress: addresses[0] ?? UNSPECIFIED_IP,
    addresses,
    exportTo: sharedExportTo(exportList, svc.namespace, defaultExportTo),
    ...(externalName ? { externalName } : {}),
    aliases: NO_ITEMS,
    source: svc,
    created: creationTime(svc),
  };
}

const SE_RESOLUTION: Readonly<Record<string, Resolution>> = {
  NONE: 'Passthrough',
  STATIC: 'ClientSideLB',
  DNS: 'DNSLB',
  DNS_ROUND_ROBIN: 'DNSRoundRobinLB',
  DYNAMIC_DNS: 'DynamicDNS',
};

/** A /32 (or /128) CIDR is used as a plain address; other CIDRs stay CIDRs; anything else is ignored. */
function normaliseSeAddress(a: string): string | undefined {
  if (isIpAddress(a)) return a;
  const m = /^(.+)\/(\d+)$/.exec(a);
  if (!m || !isIpAddress(m[1] ?? '')) return undefined;
  const full = (m[1] ?? '').includes(':') ? 128 : 32;
  return Number(m[2]) === full ? m[1] : a;
}

function fromServiceEntry(se: ServiceEntry, defaultExportTo: readonly string[]): MeshService[] {
  const spec = se.spec;
  const resolution = SE_RESOLUTION[spec.resolution ?? 'NONE'] ?? 'Passthrough';
  const ports: MeshPort[] = (spec.ports ?? []).map((p) => ({ port: p.number, name: p.name, protocol: parseProtocol(p.protocol) }));
  const declared = spec.addresses ?? [];
  const addresses = declared.map(normaliseSeAddress).filter((a): a is string => a !== undefined);
  const exportList = spec.exportTo ?? [];
  // convertServices: one service per host and address (a host with addresses but no usable one gets
  // none); a host without addresses gets one service on 0.0.0.0.
  const perHost = declared.length > 0 ? addresses.map((a) => [a]) : [[]];
  return spec.hosts.flatMap((h) =>
    perHost.map((own) => ({
      hostname: h,
      name: h,
      namespace: se.namespace,
      registry: 'External' as const,
      meshExternal: spec.location !== 'MESH_INTERNAL',
      resolution,
      ports,
      defaultAddress: own[0] ?? UNSPECIFIED_IP,
      addresses: own,
      exportTo: sharedExportTo(exportList.length > 0 ? exportList : undefined, se.namespace, defaultExportTo),
      aliases: NO_ITEMS,
      source: se,
      created: creationTime(se),
    })),
  );
}

function serviceOrder(a: MeshService, b: MeshService): number {
  if (a.created !== b.created) return a.created - b.created;
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  if (a.namespace !== b.namespace) return a.namespace < b.namespace ? -1 : 1;
  return 0;
}

/** ExternalName → concrete, followed through alias chains (loops resolve to nothing). */
function attachAliases(services: MeshService[]): void {
  const aliasTarget = new Map<string, string>();
  for (const s of services) if (s.resolution === 'Alias' && s.externalName) aliasTarget.set(s.hostname, s.externalName);
  if (aliasTarget.size === 0) return;
  const aliasesOf = new Map<string, { ns: string; host: string }[]>();
  for (const s of services) {
    if (s.resolution !== 'Alias' || !s.externalName) continue;
    let target = s.externalName;
    const seen = new Set([s.hostname, target]);
    let loop = false;
    while (aliasTarget.has(target)) {
      const next = aliasTarget.get(target) ?? '';
      if (seen.has(next)) {
        loop = true;
        break;
      }
      seen.add(next);
      target = next;
    }
    if (loop) continue;
    const list = aliasesOf.get(target) ?? [];
    list.push({ ns: s.namespace, host: s.hostname });
    aliasesOf.set(target, list);
  }
  for (const s of services) {
    const list = aliasesOf.get(s.hostname);
    if (!list) continue;
    list.sort((a, b) => (a.ns !== b.ns ? (a.ns < b.ns ? -1 : 1) : a.host < b.host ? -1 : a.host > b.host ? 1 : 0));
    s.aliases = list.map((a) => a.host);
  }
}

const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
const MULTICLUSTER_SERVICE_NAME_LABEL = 'multicluster.kubernetes.io/service-name';

/** EndpointSlices by `namespace/service` (istiod ignores multi-cluster slices and FQDN ones). */
function slicesByService(index: ConfigIndex): Map<string, EndpointSlice[]> {
  const out = new Map<string, EndpointSlice[]>();
  for (const es of index.ofKind('EndpointSlice')) {
    const labels = es.metadata.labels ?? {};
    const svc = labels[SERVICE_NAME_LABEL];
    if (es.rejected || !svc || labels[MULTICLUSTER_SERVICE_NAME_LABEL] !== undefined || es.spec.addressType === 'FQDN') continue;
    const key = `${es.namespace}/${svc}`;
    pushTo(out, key, es);
  }
  return out;
}

/**
 * The endpoints istiod indexes per service port (endpointslice.go, EndpointShards.CopyEndpoints):
 * one per address and slice port, keyed by the service port whose name equals the slice port's name,
 * de-duplicated by (first address, port name). Pods named by targetRef are assumed to exist.
 */
function endpointsOf(svc: Service, slices: readonly EndpointSlice[]): Map<number, string[][]> {
  const portByName = new Map<string, number>();
  for (const p of svc.spec.ports ?? []) portByName.set(p.name ?? '', p.port);
  const out = new Map<number, string[][]>();
  const seen = new Set<string>();
  for (const es of slices) {
    for (const e of es.spec.endpoints ?? []) {
      for (const a of e.addresses ?? []) {
        for (const sp of es.spec.ports ?? []) {
          const name = sp.name ?? '';
          const port = portByName.get(name);
          if (port === undefined || seen.has(`${a}\u0000${name}`)) continue;
          seen.add(`${a}\u0000${name}`);
          pushTo(out, port, [a]);
        }
      }
    }
  }
  return out;
}

/**
 * `hosts`: only the services of these host names are described, and the aliases (ExternalName
 * Services), whose chains decide their `aliases`: each service of these hosts is then what the
 * whole registry holds, in the same order among them (a stable sort of fewer services).
 */
export function buildServiceRegistry(index: ConfigIndex, hosts?: ReadonlySet<string>): ServiceRegistry {
  const services: MeshService[] = [];
  const slices = slicesByService(index);
  const suffix = index.options.domainSuffix;
  const exportTo = meshOf(index.options).defaultServiceExportTo;
  for (const svc of index.ofKind('Service')) {
    if (svc.rejected) continue;
    if (hosts !== undefined && !isAlias(svc) && !hosts.has(kubeServiceHostname(svc.name, svc.namespace, suffix))) continue;
    const s = fromKubernetes(svc, suffix, exportTo);
    const mine = slices.get(`${svc.namespace}/${svc.name}`);
    services.push(mine ? { ...s, endpoints: endpointsOf(svc, mine) } : s);
  }
  for (const se of index.ofKind('ServiceEntry')) {
    if (se.rejected || (hosts !== undefined && !se.spec.hosts.some((h) => hosts.has(h)))) continue;
    const all = fromServiceEntry(se, exportTo);
    services.push(...(hosts === undefined ? all : all.filter((x) => hosts.has(x.hostname))));
  }
  services.sort(serviceOrder);
  attachAliases(services);
  const byHostAndNamespace = new Map<string, Map<string, MeshService>>();
  for (const s of services) {
    let byNs = byHostAndNamespace.get(s.hostname);
    if (!byNs) byHostAndNamespace.set(s.hostname, (byNs = new Map()));
    const existing = byNs.get(s.namespace);
    // The oldest wins, except that a Kubernetes Service always beats a ServiceEntry ("domain squatting").
    if (!existing || (existing.registry !== 'Kubernetes' && s.registry === 'Kubernetes')) byNs.set(s.namespace, s);
  }
  return { services, byHostAndNamespace };
}

/** `IsServiceVisible`. */
export function serviceVisibleTo(s: MeshService, namespace: string): boolean {
  return isVisibleTo(s.exportTo, s.namespace, namespace);
}

/** `servicesExportedToNamespace`: private and explicitly exported services first, then public ones. */
export function servicesExportedTo(registry: ServiceRegistry, namespace: string): MeshService[] {
  const first: MeshService[] = [];
  const pub: MeshService[] = [];
  for (const s of registry.services) {
    if (s.exportTo.has('*')) pub.push(s);
    else if (!s.exportTo.has('~') && serviceVisibleTo(s, namespace)) first.push(s);
  }
  return [...first, ...pub];
}
