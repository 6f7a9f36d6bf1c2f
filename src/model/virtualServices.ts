// A VirtualService as istiod sees it after initVirtualServices: hosts expanded to FQDNs, gateway
// references normalised to `ns/name` or `mesh`, exportTo resolved (spec §1.1, §1.2, §1.4).
import { sharedExportTo } from './exportTo.js';
import { MESH_GATEWAY, resolveGatewayName, resolveShortnameToFqdn, type ExportTo } from './hosts.js';
import type { VirtualService } from './resource.js';

export interface NormalizedVirtualService {
  vs: VirtualService;
  /** spec.hosts expanded; [] for a delegate. */
  hosts: string[];
  /** Normalised gateways; an empty spec list means ['mesh']. */
  gateways: string[];
  exportTo: ExportTo;
  isDelegate: boolean;
}

/** `defaultExportTo`: the mesh config's defaultVirtualServiceExportTo, for a VirtualService that sets no exportTo. */
export function normalizeVirtualService(vs: VirtualService, domainSuffix: string, defaultExportTo?: readonly string[]): NormalizedVirtualService {
  const rawHosts = vs.spec.hosts ?? [];
  const rawGateways = vs.spec.gateways ?? [];
  return {
    vs,
    hosts: rawHosts.map((h) => resolveShortnameToFqdn(h, vs.namespace, domainSuffix)),
    gateways: rawGateways.length === 0 ? [MESH_GATEWAY] : rawGateways.map((g) => resolveGatewayName(g, vs.namespace, domainSuffix)),
    // Shared by the VirtualServices exported alike (a sidecar's scope keeps every visible one).
    exportTo: sharedExportTo(vs.spec.exportTo, vs.namespace, defaultExportTo),
    isDelegate: rawHosts.length === 0,
  };
}

/** `match.gateways` normalised the same way; undefined when the match does not restrict gateways. */
export function normalizeMatchGateways(gateways: readonly string[] | undefined, vsNamespace: string, domainSuffix: string): string[] | undefined {
  if (!gateways || gateways.length === 0) return undefined;
  return gateways.map((g) => resolveGatewayName(g, vsNamespace, domainSuffix));
}

/** Istio's metadata path of a VirtualService (`/apis/networking.istio.io/v1/namespaces/<ns>/virtual-service/<name>`). */
export function virtualServiceConfigPath(vs: { name: string; namespace: string }): string {
  return `/apis/networking.istio.io/v1/namespaces/${vs.namespace}/virtual-service/${vs.name}`;
}

/** The resource an Istio metadata path names (`/apis/networking.istio.io/<v>/namespaces/<ns>/<kind>/<name>`); undefined for other paths. */
export function configPathRef(path: string): { kind: string; namespace: string; name: string } | undefined {
  const pieces = path.split('/');
  const [, , , , , namespace, kind, name] = pieces;
  if (!path.startsWith('/apis/networking.istio.io/') || pieces.length !== 8 || namespace === undefined || kind === undefined || name === undefined) return undefined;
  return { kind, namespace, name };
}
