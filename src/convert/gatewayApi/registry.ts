// The service registry the Gateway API controller asks (istiod's PushContext ServiceIndex): which
// services a Gateway's addresses resolve to (its Programmed condition) and which hostnames a
// `Hostname` backendRef may name. gwctl builds it from the inputs' Services and ServiceEntries,
// assuming each Service port has endpoints (targetPort, else the port itself): the inputs rarely hold
// the pods, and a gateway workload missing from them is "unknown", not "not running".
import type { ConfigIndex } from '../../model/configIndex.js';
import type { Service } from '../../model/resource.js';

export interface RegistryService {
  hostname: string;
  /** The namespace the service belongs to (a ServiceEntry's own namespace). */
  namespace: string;
  ports: readonly number[];
  /** Endpoint ports per service port (an empty list: the port has no endpoints). */
  endpoints: ReadonlyMap<number, readonly number[]>;
  /** External (load balancer) addresses; undefined when the inputs cannot say (status not given). */
  externalAddresses: readonly string[] | undefined;
  clusterAddresses: readonly string[];
  loadBalancer: boolean;
  labels: Readonly<Record<string, string>>;
}

export interface ServiceRegistry {
  service(hostname: string, namespace: string): RegistryService | undefined;
  /** Namespaces that hold a service with this hostname, for "found in another namespace" hints. */
  namespacesOf(hostname: string): string[];
}

export function registryOf(services: readonly RegistryService[]): ServiceRegistry {
  const byHost = new Map<string, Map<string, RegistryService>>();
  for (const s of services) {
    const m = byHost.get(s.hostname) ?? new Map<string, RegistryService>();
    if (!m.has(s.namespace)) m.set(s.namespace, s);
    byHost.set(s.hostname, m);
  }
  return {
    service: (hostname, namespace) => byHost.get(hostname)?.get(namespace),
    namespacesOf: (hostname) => [...(byHost.get(hostname)?.keys() ?? [])],
  };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** status.loadBalancer.ingress[].ip/hostname of a Service, when its status is in the inputs. */
function loadBalancerAddresses(svc: Service): string[] | undefined {
  const status = svc.status;
  if (!isRecord(status) || !isRecord(status['loadBalancer'])) return undefined;
  const ingress = status['loadBalancer']['ingress'];
  if (!Array.isArray(ingress)) return undefined;
  return ingress.flatMap((i: unknown) => (isRecord(i) ? [i['ip'], i['hostname']].filter((v): v is string => typeof v === 'string' && v !== '') : []));
}

export function kubeRegistryService(svc: Service, domainSuffix: string): RegistryService {
  const ports = (svc.spec.ports ?? []).map((p) => p.port);
  const endpoints = new Map<number, number[]>();
  for (const p of svc.spec.ports ?? []) endpoints.set(p.port, [typeof p.targetPort === 'number' ? p.targetPort : p.port]);
  const clusterIPs = (svc.spec.clusterIPs ?? (svc.spec.clusterIP ? [svc.spec.clusterIP] : [])).filter((ip) => ip !== 'None' && ip !== '');
  return {
    hostname: `${svc.name}.${svc.namespace}.svc.${domainSuffix}`,
    namespace: svc.namespace,
    ports,
    endpoints,
    externalAddresses: loadBalancerAddresses(svc),
    clusterAddresses: clusterIPs,
    loadBalancer: svc.spec.type === 'LoadBalancer',
    labels: svc.metadata.labels ?? {},
  };
}

/** The registry gwctl assumes from the inputs: Kubernetes Services and ServiceEntry hosts. */
export function registryFromIndex(index: ConfigIndex, extra: readonly Service[] = []): ServiceRegistry {
  const suffix = index.options.domainSuffix;
  const services: RegistryService[] = [...index.ofKind('Service'), ...extra].map((s) => kubeRegistryService(s, suffix));
  for (const se of index.ofKind('ServiceEntry')) {
    if (se.rejected) continue;
    const ports = (se.spec.ports ?? []).map((p) => p.number);
    const endpoints = new Map<number, number[]>((se.spec.ports ?? []).map((p) => [p.number, [p.targetPort ?? p.number]]));
    for (const host of se.spec.hosts ?? []) {
      services.push({ hostname: host, namespace: se.namespace, ports, endpoints, externalAddresses: undefined, clusterAddresses: [], loadBalancer: false, labels: se.metadata.labels ?? {} });
    }
  }
  return registryOf(services);
}
