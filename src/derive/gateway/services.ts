// The service registry a gateway sees (spec §1.5, §7.1): Kubernetes Services as
// `name.ns.svc.<suffix>` and ServiceEntry hosts, with ports, exportTo and cluster discovery type.
import { meshOf } from '../../model/mesh.js';
import type { ConfigIndex } from '../../model/configIndex.js';
import { effectiveExportTo, isVisibleTo, kubeServiceHostname } from '../../model/hosts.js';
import type { Service, ServiceEntry } from '../../model/resource.js';
import type { ClusterType } from '../envoy.js';

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
  labels: Record<string, string>;
}

export interface ServiceRegistry {
  all: readonly MeshService[];
  byHostname: ReadonlyMap<string, readonly MeshService[]>;
}

const registries = new WeakMap<ConfigIndex, ServiceRegistry>();

function fromService(s: Service, domainSuffix: string, defaultExportTo: readonly string[]): MeshService {
  const annotation = s.metadata.annotations?.['networking.istio.io/exportTo'];
  const exportTo = annotation ? annotation.split(',').map((x) => x.trim()).filter((x) => x !== '') : undefined;
  return {
    source: s,
    hostname: kubeServiceHostname(s.name, s.namespace, domainSuffix),
    namespace: s.namespace,
    ports: (s.spec.ports ?? []).map((p) => ({
      ...(p.name !== undefined ? { name: p.name } : {}),
      port: p.port,
      protocol: (p.protocol ?? 'TCP').toUpperCase(),
      ...(p.targetPort !== undefined ? { targetPort: p.targetPort } : {}),
    })),
    // Headless Services are EDS on gateways too (convertResolution: Passthrough → EDS for routers).
    clusterType: 'EDS',
    exportTo: effectiveExportTo(exportTo, s.namespace, defaultExportTo),
    meshExternal: false,
    alias: s.spec.type === 'ExternalName',
    labels: { ...(s.metadata.labels ?? {}) },
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
    exportTo: effectiveExportTo(exportTo.length > 0 ? exportTo : undefined, se.namespace, defaultExportTo),
    meshExternal: spec.location !== 'MESH_INTERNAL',
    alias: false,
    labels: { ...(se.metadata.labels ?? {}) },
  }));
}

/** The registry's services in its order (Services, then ServiceEntry hosts), of one namespace when `namespace` is given. */
function registryServices(index: ConfigIndex, namespace?: string): MeshService[] {
  const all: MeshService[] = [];
  const exportTo = meshOf(index.options).defaultServiceExportTo;
  for (const s of index.ofKind('Service')) if (!s.rejected && (namespace === undefined || s.namespace === namespace)) all.push(fromService(s, index.options.domainSuffix, exportTo));
  for (const se of index.ofKind('ServiceEntry')) if (!se.rejected && (namespace === undefined || se.namespace === namespace)) all.push(...fromServiceEntry(se, exportTo));
  return all;
}

/**
 * `serviceRegistry(index).all` of one namespace, in the same order, without building the whole
 * registry when it is not built yet (a gateway's service targets are its own namespace's services).
 */
export function namespaceServices(index: ConfigIndex, namespace: string): readonly MeshService[] {
  const built = registries.get(index);
  return built ? built.all.filter((s) => s.namespace === namespace) : registryServices(index, namespace);
}

/** Built once per index. */
export function serviceRegistry(index: ConfigIndex): ServiceRegistry {
  const cached = registries.get(index);
  if (cached) return cached;
  const all = registryServices(index);
  const byHostname = new Map<string, MeshService[]>();
  for (const s of all) {
    const list = byHostname.get(s.hostname);
    if (list) list.push(s);
    else byHostname.set(s.hostname, [s]);
  }
  const reg = { all, byHostname };
  registries.set(index, reg);
  return reg;
}

export function serviceVisible(s: MeshService, viewerNamespace: string): boolean {
  return isVisibleTo(s.exportTo, s.namespace, viewerNamespace);
}

/**
 * Istio `ServiceForHostname` as a gateway resolves a destination: prefer the service in
 * `preferNamespace` when visible, else the first visible one.
 */
export function serviceForHostname(reg: ServiceRegistry, hostname: string, viewerNamespace: string, preferNamespace?: string): MeshService | undefined {
  const list = reg.byHostname.get(hostname) ?? [];
  const visible = list.filter((s) => serviceVisible(s, viewerNamespace));
  return visible.find((s) => s.namespace === preferNamespace) ?? visible.find((s) => s.namespace === viewerNamespace) ?? visible[0];
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
