// The service registry a gateway sees (spec §1.5, §7.1): Kubernetes Services as
// `name.ns.svc.<suffix>` and ServiceEntry hosts, with ports, exportTo and cluster discovery type.
import { meshOf } from '../../model/mesh.js';
import type { ConfigIndex } from '../../model/configIndex.js';
import { isVisibleTo, kubeServiceHostname } from '../../model/hosts.js';
import { sharedExportTo } from '../../model/exportTo.js';
import type { Service, ServiceEntry } from '../../model/resource.js';
import type { ClusterType } from '../envoy.js';
import { NO_LABELS } from '../../model/empty.js';

export interface MeshServicePort {
  name?: string;
  port: number;
  /** Upper-case protocol (`TCP`, `UDP`, `HTTP`...). */
  protocol: string;
  targetPort?: number | string;
}

export interface MeshService {
  source: Service | ServiceEntry;
  hostname: string;
  namespace: string;
  ports: MeshServicePort[];
  clusterType: ClusterType;
  exportTo: ReadonlySet<string>;
  meshExternal: boolean;
  /** ExternalName Services are aliases: no cluster of their own (spec §7.1). */
  alias: boolean;
  /** The resource's own labels (read only: shared with it, not copied). */
  labels: Readonly<Record<string, string>>;
}

export interface ServiceRegistry {
  /** Every service, in registry order (built when first read). */
  readonly all: readonly MeshService[];
  /** The services of a host name, in registry order (each described when its host is first looked up). */
  byHostname: { get(hostname: string): readonly MeshService[] | undefined };
}

/** Upper-case protocol; the usual already upper-case names are kept as they are (no new string). */
function upperProtocol(protocol: string | undefined): string {
  if (protocol === undefined) return 'TCP';
  switch (protocol) {
    case 'TCP':
    case 'HTTP':
    case 'HTTP2':
    case 'GRPC':
    case 'HTTPS':
    case 'TLS':
    case 'UDP':
      return protocol;
    default:
      return protocol.toUpperCase();
  }
}

type ServiceSpecPort = NonNullable<Service['spec']['ports']>[number];

/** A Service port (the keys in this order; without object spreads, which cost most of describing a service). */
function servicePort(p: ServiceSpecPort): MeshServicePort {
  const protocol = upperProtocol(p.protocol);
  const out: MeshServicePort = p.name !== undefined ? { name: p.name, port: p.port, protocol } : { port: p.port, protocol };
  if (p.targetPort !== undefined) out.targetPort = p.targetPort;
  return out;
}

/** Shared by every port-less Service (nothing mutates a description's ports). */
const NO_PORTS: MeshServicePort[] = [];

function servicePorts(ports: readonly ServiceSpecPort[] | null | undefined): MeshServicePort[] {
  if (!ports || ports.length === 0) return NO_PORTS;
  const out = new Array<MeshServicePort>(ports.length);
  for (let i = 0; i < ports.length; i++) out[i] = servicePort(ports[i] as ServiceSpecPort);
  return out;
}

/**
 * `hostname` is the Service's kubeServiceHostname when the caller has it already (the registry's
 * host map key: the same string, its hash computed, for every later lookup keyed by it).
 */
function fromService(s: Service, domainSuffix: string, defaultExportTo: readonly string[], hostname = kubeServiceHostname(s.name, s.namespace, domainSuffix)): MeshService {
  const annotation = s.metadata.annotations?.['networking.istio.io/exportTo'];
  const exportTo = annotation ? annotation.split(',').map((x) => x.trim()).filter((x) => x !== '') : undefined;
  return {
    source: s,
    hostname,
    namespace: s.namespace,
    ports: servicePorts(s.spec.ports),
    // Headless Services are EDS on gateways too (convertResolution: Passthrough → EDS for routers).
    clusterType: 'EDS',
    exportTo: sharedExportTo(exportTo, s.namespace, defaultExportTo),
    meshExternal: false,
    alias: s.spec.type === 'ExternalName',
    labels: s.metadata.labels ?? NO_LABELS,
  };
}

function seClusterType(resolution: string | undefined): ClusterType {
  switch (resolution) {
    case 'DNS':
      return 'STRICT_DNS';
    case 'DNS_ROUND_ROBIN':
      return 'LOGICAL_DNS';
    default:
      // STATIC and NONE (passthrough falls back to EDS on a gateway).
      return 'EDS';
  }
}

function fromServiceEntry(se: ServiceEntry, defaultExportTo: readonly string[]): MeshService[] {
  const spec = se.spec;
  const ports: MeshServicePort[] = (spec.ports ?? []).map((p) => ({
    name: p.name,
    port: p.number,
    protocol: (p.protocol ?? 'TCP').toUpperCase(),
    ...(p.targetPort !== undefined ? { targetPort: p.targetPort } : {}),
  }));
  const exportTo = spec.exportTo ?? [];
  return spec.hosts.map((hostname) => ({
    source: se,
    hostname,
    namespace: se.namespace,
    ports,
    clusterType: seClusterType(spec.resolution),
    exportTo: sharedExportTo(exportTo.length > 0 ? exportTo : undefined, se.namespace, defaultExportTo),
    meshExternal: spec.location !== 'MESH_INTERNAL',
    alias: false,
    labels: se.metadata.labels ?? NO_LABELS,
  }));
}

/**
 * `serviceRegistry(index).all` of one namespace, in the same order, without building the whole
 * registry when it is not built yet (a gateway's service targets are its own namespace's services).
 */
export function namespaceServices(index: ConfigIndex, namespace: string): readonly MeshService[] {
  return serviceRegistry(index).inNamespace(namespace);
}

interface LazyRegistry extends ServiceRegistry {
  inNamespace(namespace: string): readonly MeshService[];
}

const registries = new WeakMap<ConfigIndex, LazyRegistry>();

/** A source of a host name: a Service, or one host of a ServiceEntry. */
type RawSource = Service | { se: ServiceEntry; host: number };

/**
 * After how many hosts described one by one the registry describes all the others at once. One by
 * one, interleaved with route translation, a host costs two to three times what it costs in one loop
 * over them all (measured on a 20k-resource mesh whose gateway routes name nearly every Service):
 * once a quarter of the hosts were asked for, the rest most likely will be.
 */
export function describeAllAfter(hosts: number): number {
  return Math.max(64, Math.ceil(hosts / 4));
}

/**
 * Built once per index, lazily: a route names a few hosts of a big mesh, so a service is described
 * (ports, exportTo, labels) when its host is first looked up, or when the whole list is read. The
 * same service is always the same object. Order: Services, then ServiceEntry hosts, in input order.
 */
export function serviceRegistry(index: ConfigIndex): LazyRegistry {
  const cached = registries.get(index);
  if (cached) return cached;
  const suffix = index.options.domainSuffix;
  const exportTo = meshOf(index.options).defaultServiceExportTo;
  const services = new Map<Service, MeshService>();
  const entries = new Map<ServiceEntry, MeshService[]>();
  const ofService = (s: Service, hostname?: string): MeshService => {
    let m = services.get(s);
    if (!m) services.set(s, (m = fromService(s, suffix, exportTo, hostname)));
    return m;
  };
  const ofEntry = (se: ServiceEntry): MeshService[] => {
    let m = entries.get(se);
    if (!m) entries.set(se, (m = fromServiceEntry(se, exportTo)));
    return m;
  };
  const sources = (namespace?: string): MeshService[] => {
    const out: MeshService[] = [];
    for (const s of index.ofKind('Service')) if (!s.rejected && (namespace === undefined || s.namespace === namespace)) out.push(ofService(s));
    for (const se of index.ofKind('ServiceEntry')) if (!se.rejected && (namespace === undefined || se.namespace === namespace)) out.push(...ofEntry(se));
    return out;
  };
  let all: MeshService[] | undefined;
  // Host name -> the sources that have it, in registry order; then described once per host.
  let raw: Map<string, RawSource[]> | undefined;
  const described = new Map<string, readonly MeshService[]>();
  const rawHosts = (): Map<string, RawSource[]> => {
    if (raw) return raw;
    raw = new Map();
    const add = (h: string, x: RawSource): void => {
      const list = raw?.get(h);
      if (list) list.push(x);
      else raw?.set(h, [x]);
    };
    for (const s of index.ofKind('Service')) if (!s.rejected) add(kubeServiceHostname(s.name, s.namespace, suffix), s);
    for (const se of index.ofKind('ServiceEntry')) if (!se.rejected) se.spec.hosts.forEach((h, i) => add(h, { se, host: i }));
    return raw;
  };
  const describe = (hostname: string, list: readonly RawSource[]): MeshService[] => {
    const out = new Array<MeshService>(list.length);
    for (let i = 0; i < list.length; i++) {
      const x = list[i] as RawSource;
      out[i] = 'se' in x ? (ofEntry(x.se)[x.host] as MeshService) : ofService(x, hostname);
    }
    described.set(hostname, out);
    return out;
  };
  let lazyMisses = 0;
  const reg: LazyRegistry = {
    get all(): readonly MeshService[] {
      return (all ??= sources());
    },
    byHostname: {
      get(hostname) {
        const hit = described.get(hostname);
        if (hit !== undefined) return hit;
        const hosts = rawHosts();
        const list = hosts.get(hostname);
        if (list === undefined) return undefined;
        if (++lazyMisses < describeAllAfter(hosts.size)) return describe(hostname, list);
        // Most hosts are being asked for (a big gateway's routes): the rest are described now, in one loop.
        for (const [h, l] of hosts) if (!described.has(h)) describe(h, l);
        return described.get(hostname);
      },
    },
    inNamespace: (namespace) => (all ? all.filter((s) => s.namespace === namespace) : sources(namespace)),
  };
  registries.set(index, reg);
  return reg;
}

const aliasing = new WeakMap<ConfigIndex, boolean>();

/**
 * Whether any Service of the index is an ExternalName Service (rejected ones too: over-including is
 * safe): only those are aliases, so without one no destination resolves to an external name and
 * route translation need not look it up.
 */
export function anyAliasService(index: ConfigIndex): boolean {
  let any = aliasing.get(index);
  if (any === undefined) aliasing.set(index, (any = index.ofKind('Service').some((s) => s.spec.type === 'ExternalName')));
  return any;
}

export function serviceVisible(s: MeshService, viewerNamespace: string): boolean {
  return isVisibleTo(s.exportTo, s.namespace, viewerNamespace);
}

/**
 * Istio `ServiceForHostname` as a gateway resolves a destination: prefer the service in
 * `preferNamespace` when visible, else the first visible one.
 */
export function serviceForHostname(reg: ServiceRegistry, hostname: string, viewerNamespace: string, preferNamespace?: string): MeshService | undefined {
  const list = reg.byHostname.get(hostname);
  if (list === undefined) return undefined;
  // One pass (every route's destination is looked up): the first visible one of the preferred
  // namespace, else of the viewer's, else the first visible one.
  let first: MeshService | undefined;
  let viewers: MeshService | undefined;
  for (let i = 0; i < list.length; i++) {
    const s = list[i] as MeshService;
    if (!serviceVisible(s, viewerNamespace)) continue;
    if (s.namespace === preferNamespace) return s;
    if (viewers === undefined && s.namespace === viewerNamespace) viewers = s;
    first ??= s;
  }
  return viewers ?? first;
}

export interface ServiceEntryEndpoint {
  address: string;
  labels: Record<string, string>;
  /** Port name → endpoint port (WorkloadEntry `ports`). */
  ports: Record<string, number>;
}

/** The inline `endpoints` of a ServiceEntry (WorkloadEntry shape). */
export function serviceEntryEndpoints(se: ServiceEntry): ServiceEntryEndpoint[] {
  return (se.spec.endpoints ?? []).map((e) => ({ address: e.address ?? '', labels: { ...(e.labels ?? {}) }, ports: { ...(e.ports ?? {}) } }));
}

/** ServiceEntry workloadSelector labels (empty when absent). */
export function serviceEntrySelector(se: ServiceEntry): Record<string, string> {
  return { ...(se.spec.workloadSelector?.labels ?? {}) };
}
