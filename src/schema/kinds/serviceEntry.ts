// networking.istio.io ServiceEntry, field by field (istio.io/api networking/v1alpha3 service_entry.proto and
// workload_entry.proto for endpoints). Webhook checks: ValidateServiceEntry in pkg/config/validation/validation.go.
import { z } from 'zod';
import { dict } from '../../load/dict.js';
import type { Path } from '../../load/sourceMap.js';
import { defineKind, stringMap, uint32, type SemanticReport } from '../common.js';
import { parseProtocol, short } from '../validateNames.js';
import {
  fqdnProblem,
  ipSubnetProblem,
  isDnsLabel,
  isIp,
  portProblem,
  validateExportTo,
  validateLabels,
  validateSelectorLabels,
  wildcardDomainProblem,
} from '../istioChecks.js';

export const SE_LOCATIONS = ['MESH_EXTERNAL', 'MESH_INTERNAL'] as const;
export const SE_RESOLUTIONS = ['NONE', 'STATIC', 'DNS', 'DNS_ROUND_ROBIN', 'DYNAMIC_DNS'] as const;

// REQUIRED fields default to the protobuf zero value; the semantic checks report them.
export const servicePort = z.strictObject({
  number: uint32.default(0),
  protocol: z.string().optional(),
  name: z.string().default(''),
  targetPort: uint32.optional(),
});
export type ServicePort = z.infer<typeof servicePort>;

export const workloadEntry = z.strictObject({
  address: z.string().optional(),
  ports: dict(uint32).optional(),
  labels: stringMap.optional(),
  network: z.string().optional(),
  locality: z.string().optional(),
  weight: uint32.optional(),
  serviceAccount: z.string().optional(),
});
export type WorkloadEntry = z.infer<typeof workloadEntry>;

export const serviceEntrySpec = z.strictObject({
  hosts: z.array(z.string()).default(() => []),
  addresses: z.array(z.string()).optional(),
  ports: z.array(servicePort).optional(),
  location: z.enum(SE_LOCATIONS).optional(),
  resolution: z.enum(SE_RESOLUTIONS).optional(),
  endpoints: z.array(workloadEntry).optional(),
  workloadSelector: z.strictObject({ labels: stringMap.optional() }).optional(),
  exportTo: z.array(z.string()).optional(),
  subjectAltNames: z.array(z.string()).optional(),
});
export type ServiceEntrySpec = z.infer<typeof serviceEntrySpec>;

export const serviceEntryKind = defineKind({
  kind: 'ServiceEntry',
  group: 'networking.istio.io',
  versions: ['v1', 'v1beta1', 'v1alpha3'],
  spec: serviceEntrySpec,
  strict: true,
  semantic: (spec, _name, report) => validateServiceEntry(spec, report),
});

const isWildcard = (h: string): boolean => h.startsWith('*');

function validateServiceEntry(spec: ServiceEntrySpec, report: SemanticReport): void {
  const resolution = spec.resolution ?? 'NONE';
  const hosts = spec.hosts;
  const addresses = spec.addresses ?? [];
  const ports = spec.ports ?? [];
  if (spec.workloadSelector) validateSelectorLabels(spec.workloadSelector.labels ?? {}, ['spec', 'workloadSelector', 'labels'], report);
  if (spec.workloadSelector && spec.endpoints !== undefined) report.error(['spec', 'endpoints'], 'a ServiceEntry may set only one of workloadSelector or endpoints');

  if (hosts.length === 0) report.error(['spec', 'hosts'], 'a ServiceEntry must have at least one host');
  hosts.forEach((h, i) => {
    if (h === '*') {
      report.error(['spec', 'hosts', i], 'host "*" is not allowed on a ServiceEntry');
      return;
    }
    const p = wildcardDomainProblem(h);
    if (p) report.error(['spec', 'hosts', i], p);
    if (resolution !== 'DYNAMIC_DNS' && h.includes('*') && !h.startsWith('*.')) {
      report.warning(['spec', 'hosts', i], `partial wildcard "${short(h)}" is not allowed; use a "*." prefix`);
    }
  });

  let cidr = false;
  addresses.forEach((a, i) => {
    cidr ||= a.includes('/');
    const p = ipSubnetProblem(a);
    if (p) report.error(['spec', 'addresses', i], p);
  });
  if (cidr && resolution !== 'NONE' && resolution !== 'STATIC') report.error(['spec', 'addresses'], 'CIDR addresses are only allowed with resolution NONE or STATIC');

  const names = new Map<string, number>();
  const numbers = new Map<number, number>();
  ports.forEach((p, i) => {
    const at: Path = ['spec', 'ports', i];
    if (names.has(p.name)) report.error([...at, 'name'], `port name "${short(p.name)}" is already used by ports[${names.get(p.name) ?? 0}]`);
    else names.set(p.name, i);
    if (numbers.has(p.number)) report.error([...at, 'number'], `port ${p.number} is already defined by ports[${numbers.get(p.number) ?? 0}]`);
    else numbers.set(p.number, i);
    if (p.targetPort) {
      const tp = portProblem(p.targetPort);
      if (tp) report.error([...at, 'targetPort'], tp);
    }
    // IP auto-allocation (on by default) gives an address unless resolution is NONE.
    if (addresses.length === 0 && resolution === 'NONE' && (!p.protocol || p.protocol === 'TCP')) {
      report.warning(at, 'a TCP (or unset protocol) port needs addresses when the ServiceEntry gets no automatically allocated IP (resolution NONE)');
    }
    if (p.name === '') report.error([...at, 'name'], 'port name is required');
    else if (!isDnsLabel(p.name)) report.error([...at, 'name'], `port name "${short(p.name)}" must be a DNS label (letters, digits and "-")`);
    if (p.protocol && !parseProtocol(p.protocol)) report.error([...at, 'protocol'], `unknown protocol "${short(p.protocol)}"`);
    const np = p.number === 0 ? 'port number is required' : portProblem(p.number);
    if (np) report.error([...at, 'number'], np);
  });

  const endpoints = spec.endpoints ?? [];
  switch (resolution) {
    case 'NONE':
      if (endpoints.length > 0) report.error(['spec', 'endpoints'], 'resolution NONE takes no endpoints');
      if (spec.workloadSelector) report.warning(['spec', 'workloadSelector'], 'workloadSelector has no effect with resolution NONE');
      break;
    case 'STATIC':
      endpoints.forEach((e, i) => validateEndpoint(e, ['spec', 'endpoints', i], names, false, report));
      break;
    case 'DNS':
    case 'DNS_ROUND_ROBIN': {
      if (endpoints.length === 0) {
        const bad = hosts.findIndex((h) => fqdnProblem(h) !== undefined);
        if (bad !== -1) report.error(['spec', 'hosts', bad], `without endpoints, resolution ${resolution} needs fully qualified host names: ${fqdnProblem(hosts[bad] ?? '') ?? ''}`);
      }
      if (resolution === 'DNS_ROUND_ROBIN' && endpoints.length > 1) report.error(['spec', 'endpoints'], 'resolution DNS_ROUND_ROBIN allows at most one endpoint');
      endpoints.forEach((e, i) => validateEndpoint(e, ['spec', 'endpoints', i], names, true, report));
      if (addresses.length > 0 && hosts.length > 1 && ports.some((p) => isTcp(p.protocol))) {
        report.warning(['spec', 'hosts'], 'a ServiceEntry with addresses and a TCP port should have only one host');
      }
      break;
    }
    case 'DYNAMIC_DNS':
      hosts.forEach((h, i) => {
        if (!isWildcard(h)) report.error(['spec', 'hosts', i], 'resolution DYNAMIC_DNS needs wildcard hosts');
      });
      if (addresses.length > 0) report.error(['spec', 'addresses'], 'resolution DYNAMIC_DNS takes no addresses');
      if (endpoints.length > 0) report.error(['spec', 'endpoints'], 'resolution DYNAMIC_DNS takes no endpoints');
      ports.forEach((p, i) => {
        const proto = parseProtocol(p.protocol ?? '');
        if (proto !== 'HTTP' && proto !== 'TLS' && proto !== 'GRPC' && proto !== 'HTTP2') {
          report.error(['spec', 'ports', i, 'protocol'], 'resolution DYNAMIC_DNS supports only HTTP, TLS, GRPC and HTTP2 ports');
        }
      });
      break;
  }

  if (resolution !== 'NONE' && hosts.length > 1) {
    const bad = ports.findIndex((p) => !isHttp(p.protocol) && !isTls(p.protocol));
    if (bad !== -1) report.error(['spec', 'ports', bad], 'a ServiceEntry with several hosts needs HTTP or TLS ports (plain TCP cannot tell the hosts apart), unless resolution is NONE');
  }
  validateExportTo(spec.exportTo, ['spec', 'exportTo'], report, { serviceEntry: true });
}

function isHttp(p: string | undefined): boolean {
  const v = parseProtocol(p ?? '');
  return v === 'HTTP' || v === 'HTTP2' || v === 'HTTP_PROXY' || v === 'GRPC' || v === 'GRPC-WEB';
}
function isTls(p: string | undefined): boolean {
  const v = parseProtocol(p ?? '');
  return v === 'HTTPS' || v === 'TLS';
}
function isTcp(p: string | undefined): boolean {
  const v = parseProtocol(p ?? '');
  return v === 'TCP' || v === 'HTTPS' || v === 'TLS' || v === 'MONGO' || v === 'REDIS' || v === 'MYSQL';
}

/** validateWorkloadEntry (STATIC) and the DNS endpoint checks. */
function validateEndpoint(e: WorkloadEntry, at: Path, servicePorts: ReadonlyMap<string, number>, dns: boolean, report: SemanticReport): void {
  const addr = e.address ?? '';
  let unix = false;
  if (dns) {
    if (!isIp(addr) && fqdnProblem(addr)) report.error([...at, 'address'], `endpoint address "${short(addr)}" is neither a host name nor an IP address`);
  } else if (addr === '') {
    if (!e.network) {
      report.error(at, 'endpoint address is required (unless network is set)');
      return;
    }
    report.warning(at, `endpoint has no address, only network "${short(e.network)}"`);
  } else if (addr.startsWith('unix://')) {
    unix = true;
    const path = addr.slice('unix://'.length);
    if (path === '') report.error([...at, 'address'], 'unix socket address must not be empty');
    else if (!path.startsWith('@') && (!path.startsWith('/') || path.endsWith('/'))) report.error([...at, 'address'], `"${short(path)}" is not an absolute path to a file`);
    if (Object.keys(e.ports ?? {}).length > 0) report.error([...at, 'ports'], 'a unix socket endpoint must not set ports');
  } else if (!isIp(addr)) {
    report.error([...at, 'address'], `endpoint address "${short(addr)}" must be an IP address with resolution STATIC`);
  }
  for (const [name, port] of Object.entries(e.ports ?? {})) {
    if (!servicePorts.has(name)) report.error([...at, 'ports', name], `endpoint port "${short(name)}" is not one of the ServiceEntry's port names`);
    if (!isDnsLabel(name)) report.error([...at, 'ports', name], `port name "${short(name)}" must be a DNS label`);
    const p = portProblem(port);
    if (p) report.error([...at, 'ports', name], p);
  }
  validateLabels(e.labels, [...at, 'labels'], report);
  if (unix && servicePorts.size !== 1) report.error(at, 'a unix socket endpoint needs exactly one service port');
}
