// Which services a Gateway binds to and whether they can carry its listeners: extractGatewayServices,
// IsManaged and GetDefaultName (conversion.go, gatewaycommon/gateway_utils.go), and
// ResolveGatewayInstances + SetProgrammedCondition (gatewaycommon/context.go, conversion.go), which
// decide the Gateway's Programmed condition and status addresses.
import { ipFamily } from '../../schema/ip.js';
import type { KubernetesGateway } from '../../model/resource.js';
import type { ClassInfo } from './classes.js';
import type { CondMap } from './conditions.js';
import type { ServiceRegistry } from './registry.js';
import type { ConfigError } from './types.js';

const NAME_OVERRIDE = 'gateway.istio.io/name-override';
const SERVICE_TYPE_ANNOTATION = 'networking.istio.io/service-type';
export const MANAGED_LABEL = 'gateway.istio.io/managed';

/** Istio deploys (and names) the gateway itself: no address, or a single IP address. */
export function isManaged(gw: KubernetesGateway): boolean {
  const addresses = gw.spec.addresses ?? [];
  if (addresses.length === 0) return true;
  if (addresses.length > 1) return false;
  const t = addresses[0]?.type;
  return t === undefined || t === 'IPAddress';
}

/** `<gateway>-<class>` (or `<gateway>` for the waypoint classes). */
export function defaultName(gw: KubernetesGateway, info: ClassInfo): string {
  return info.disableNameSuffix ? gw.name : `${gw.name}-${gw.spec.gatewayClassName}`;
}

/** The Deployment/Service name of a managed Gateway (the name-override annotation wins). */
export function deploymentName(gw: KubernetesGateway, info: ClassInfo): string {
  return gw.metadata.annotations?.[NAME_OVERRIDE] || defaultName(gw, info);
}

/** extractGatewayServices: service hostnames, and a soft or hard error. */
export function gatewayServices(gw: KubernetesGateway, info: ClassInfo, domainSuffix: string): { services: string[]; error?: ConfigError } {
  if (isManaged(gw)) return { services: [`${deploymentName(gw, info)}.${gw.namespace}.svc.${domainSuffix}`] };
  const services: string[] = [];
  const skipped: string[] = [];
  for (const a of gw.spec.addresses ?? []) {
    if (a.type !== undefined && a.type !== 'Hostname') {
      skipped.push(a.value ?? '');
      continue;
    }
    const value = a.value ?? '';
    services.push(value.includes('.') ? value : `${value}.${gw.namespace}.svc.${domainSuffix}`);
  }
  if (skipped.length > 0) {
    return { services, error: { reason: 'UnsupportedAddress', message: `only Hostname is supported, ignoring [${skipped.join(' ')}]`, path: ['spec', 'addresses'] } };
  }
  if (gw.metadata.annotations?.[SERVICE_TYPE_ANNOTATION] !== undefined) {
    return {
      services,
      error: {
        reason: 'DeprecatedField',
        message: `annotation ${SERVICE_TYPE_ANNOTATION} is deprecated, use Spec.Infrastructure.Routeability`,
        path: ['metadata', 'annotations', SERVICE_TYPE_ANNOTATION],
      },
    };
  }
  return { services };
}

export interface Resolved {
  internal: string[];
  internalIP: string[];
  external: string[];
  pending: string[];
  warnings: string[];
  allUsable: boolean;
}

const sorted = (s: Set<string>): string[] => [...s].sort();

/** ResolveGatewayInstances: where the gateway's services can carry the servers' ports. */
export function resolveGatewayInstances(registry: ServiceRegistry, namespace: string, services: readonly string[], ports: readonly number[]): Resolved {
  const portSet = [...new Set(ports)];
  const internal = new Set<string>();
  const internalIP = new Set<string>();
  const external = new Set<string>();
  const pending = new Set<string>();
  const warnings: string[] = [];
  let unusable = false;
  for (const g of services) {
    const svc = registry.service(g, namespace);
    if (!svc) {
      const others = registry
        .namespacesOf(g)
        .sort()
        .map((n) => `"${n}"`);
      warnings.push(
        others.length > 0
          ? `hostname "${g}" not found in namespace "${namespace}", but it was found in namespace(s) ${others.join(', ')}`
          : `hostname "${g}" not found`,
      );
      unusable = true;
      continue;
    }
    for (const port of portSet) {
      const instances = svc.endpoints.get(port) ?? [];
      if (instances.length > 0) {
        internal.add(`${g}:${port}`);
        for (const ip of svc.clusterAddresses) internalIP.add(ip);
        if (svc.externalAddresses !== undefined && svc.externalAddresses.length > 0) {
          for (const a of svc.externalAddresses) external.add(a);
        } else if (svc.loadBalancer && svc.externalAddresses !== undefined && !pending.has(g)) {
          warnings.push(`address pending for hostname "${g}"`);
          pending.add(g);
        }
        continue;
      }
      const all = [...svc.endpoints.entries()];
      if (all.every(([, e]) => e.length === 0)) {
        warnings.push(`no instances found for hostname "${g}"`);
        continue;
      }
      const hint = new Set<string>();
      for (const [servicePort, eps] of all) if (eps.includes(port)) hint.add(String(servicePort));
      if (hint.size > 0) {
        warnings.push(
          `port ${port} not found for hostname "${g}" (hint: the service port should be specified, not the workload port. Did you mean one of these ports: [${sorted(hint).join(' ')}]?)`,
        );
        unusable = true;
      } else if (!Object.hasOwn(svc.labels, MANAGED_LABEL) || !svc.ports.includes(port)) {
        warnings.push(`port ${port} not found for hostname "${g}"`);
        unusable = true;
      }
    }
  }
  warnings.sort();
  return { internal: sorted(internal), internalIP: sorted(internalIP), external: sorted(external), pending: sorted(pending), warnings, allUsable: !unusable };
}

export function humanReadableJoin(ss: readonly string[]): string {
  if (ss.length <= 1) return ss.join('');
  if (ss.length === 2) return `${ss[0]} and ${ss[1]}`;
  return `${ss.slice(0, -1).join(', ')}, and ${ss[ss.length - 1]}`;
}

/** SetProgrammedCondition. */
export function setProgrammed(conds: CondMap, r: Resolved, services: readonly string[], addressPath: (string | number)[]): void {
  const programmed = conds.get('Programmed');
  if (!programmed) return;
  if (r.internal.length > 0) programmed.message = `Resource programmed, assigned to service(s) ${humanReadableJoin(r.internal)}`;
  if (services.length === 0) {
    programmed.error = { reason: 'UnsupportedAddress', message: 'Failed to assign to any requested addresses', path: addressPath };
  } else if (r.warnings.length > 0) {
    const message =
      r.internal.length > 0
        ? `Assigned to service(s) ${humanReadableJoin(r.internal)}, but failed to assign to all requested addresses: ${r.warnings.join('; ')}`
        : `Failed to assign to any requested addresses: ${r.warnings.join('; ')}`;
    programmed.error = { reason: r.allUsable ? 'AddressNotAssigned' : 'AddressNotUsable', message, path: addressPath };
  }
}

/** The addresses a Gateway reports: external ones, else the internal IPs and/or hostnames. */
export function statusAddresses(r: Resolved, addressType: string): { type: string; value: string }[] {
  let report = r.external;
  if (report.length === 0) {
    report = [];
    if (addressType !== 'Hostname') report.push(...r.internalIP);
    if (addressType !== 'IPAddress') {
      for (const hostport of r.internal) {
        const host = hostport.slice(0, hostport.lastIndexOf(':'));
        if (!r.pending.includes(host) && !report.includes(host)) report.push(host);
      }
    }
  }
  return report.map((value) => ({ type: ipFamily(value) ? 'IPAddress' : 'Hostname', value }));
}
