// Which destination hosts gwctl assumes to exist although no input defines them (model/world.ts):
// hosts the user declared, and Kubernetes service hosts of a namespace the inputs hold no Service or
// ServiceEntry for (the files are then a partial view of that namespace). Never in --strict mode,
// except declared hosts.
import type { ConfigIndex } from './configIndex.js';
import { declaredHost, kubernetesNamespaceOf, worldOf } from './world.js';

export interface HostAssumption {
  host: string;
  /** `declared`: --assume-host; `partial-namespace`: nothing in the inputs lives in that namespace. */
  reason: 'declared' | 'partial-namespace';
  /** The namespace of a Kubernetes service host. */
  namespace?: string;
  /** Ports the declaration lists; empty: any port. */
  ports: readonly number[];
}

const namespacesWithServices = new WeakMap<ConfigIndex, ReadonlySet<string>>();

/** Namespaces where the inputs hold at least one Service or ServiceEntry. */
export function serviceNamespaces(index: ConfigIndex): ReadonlySet<string> {
  let s = namespacesWithServices.get(index);
  if (!s) {
    s = new Set([...index.ofKind('Service').map((r) => r.namespace), ...index.ofKind('ServiceEntry').map((r) => r.namespace)]);
    namespacesWithServices.set(index, s);
  }
  return s;
}

/** Why `fqdn` is taken to exist although the inputs define no service for it; undefined: it is not. */
export function assumedHost(index: ConfigIndex, fqdn: string): HostAssumption | undefined {
  const world = worldOf(index.options);
  const suffix = index.options.domainSuffix;
  const namespace = kubernetesNamespaceOf(fqdn, suffix);
  const declared = declaredHost(world, fqdn, suffix);
  if (declared) return { host: fqdn, reason: 'declared', ...(namespace !== undefined ? { namespace } : {}), ports: declared.ports };
  if (world.strict || namespace === undefined) return undefined;
  if (serviceNamespaces(index).has(namespace)) return undefined;
  return { host: fqdn, reason: 'partial-namespace', namespace, ports: [] };
}
