// networking.istio.io Gateway, field by field for what gwctl reads (istio.io/api networking/v1 gateway.proto).
import { z } from 'zod';
import { defineKind, port, stringMap } from '../common.js';
import { parseProtocol, serverHostProblem } from '../validateNames.js';

export const TLS_MODES = ['PASSTHROUGH', 'SIMPLE', 'MUTUAL', 'AUTO_PASSTHROUGH', 'ISTIO_MUTUAL', 'OPTIONAL_MUTUAL'] as const;
const TLS_VERSIONS = ['TLS_AUTO', 'TLSV1_0', 'TLSV1_1', 'TLSV1_2', 'TLSV1_3'] as const;

const tlsCertificate = z.strictObject({
  serverCertificate: z.string().optional(),
  privateKey: z.string().optional(),
  caCertificates: z.string().optional(),
});

export const serverTls = z.strictObject({
  httpsRedirect: z.boolean().optional(),
  mode: z.enum(TLS_MODES).optional(),
  serverCertificate: z.string().optional(),
  privateKey: z.string().optional(),
  caCertificates: z.string().optional(),
  caCrl: z.string().optional(),
  credentialName: z.string().optional(),
  credentialNames: z.array(z.string()).optional(),
  caCertCredentialName: z.string().optional(),
  insecureSkipVerify: z.boolean().optional(),
  tlsCertificates: z.array(tlsCertificate).optional(),
  subjectAltNames: z.array(z.string()).optional(),
  verifyCertificateSpki: z.array(z.string()).optional(),
  verifyCertificateHash: z.array(z.string()).optional(),
  minProtocolVersion: z.enum(TLS_VERSIONS).optional(),
  maxProtocolVersion: z.enum(TLS_VERSIONS).optional(),
  cipherSuites: z.array(z.string()).optional(),
});
export type ServerTls = z.infer<typeof serverTls>;

export const gatewayPort = z.strictObject({
  number: port,
  protocol: z.string(),
  name: z.string().optional(),
  targetPort: z.number().int().optional(),
});

export const server = z.strictObject({
  port: gatewayPort.optional(),
  bind: z.string().optional(),
  hosts: z.array(z.string()).optional(),
  tls: serverTls.optional(),
  defaultEndpoint: z.string().optional(),
  name: z.string().optional(),
});
export type Server = z.infer<typeof server>;

export const gatewaySpec = z.strictObject({
  servers: z.array(server).optional(),
  selector: stringMap.optional(),
});
export type GatewaySpec = z.infer<typeof gatewaySpec>;

export const gatewayKind = defineKind({
  kind: 'Gateway',
  group: 'networking.istio.io',
  versions: ['v1', 'v1beta1', 'v1alpha3'],
  spec: gatewaySpec,
  strict: true,
  semantic(spec, _name, report) {
    const servers = spec.servers ?? [];
    if (servers.length === 0) report.error(['spec', 'servers'], 'gateway must have at least one server');
    const portNames = new Map<string, number>();
    servers.forEach((s, i) => {
      const at = ['spec', 'servers', i];
      const hosts = s.hosts ?? [];
      if (hosts.length === 0) report.error([...at, 'hosts'], 'server config must contain at least one host');
      hosts.forEach((h, j) => {
        const problem = serverHostProblem(h);
        if (problem) report.error([...at, 'hosts', j], problem);
      });
      if (!s.port) {
        report.error(at, 'server must have a port');
        return;
      }
      const protocol = parseProtocol(s.port.protocol);
      if (!protocol) report.error([...at, 'port', 'protocol'], `unknown protocol "${s.port.protocol}"`);
      if (!s.port.name) report.error([...at, 'port'], 'port name must be set');
      else {
        const first = portNames.get(s.port.name);
        if (first !== undefined) report.error([...at, 'port', 'name'], `port name "${s.port.name}" is already used by server ${first}; port names must be unique within a Gateway`);
        else portNames.set(s.port.name, i);
      }
      if (s.port.targetPort !== undefined) report.error([...at, 'port', 'targetPort'], 'targetPort has no impact on Gateways');
      if ((protocol === 'HTTPS' || protocol === 'TLS') && !s.tls) {
        report.error([...at, 'port', 'protocol'], `server with protocol ${protocol} must have a tls block`);
      }
      if (s.tls) validateTls(s.tls, protocol, [...at, 'tls'], report);
    });
  },
});

function validateTls(
  tls: ServerTls,
  protocol: string | undefined,
  at: (string | number)[],
  report: { error(path: (string | number)[], detail: string): void },
): void {
  const mode = tls.mode ?? 'PASSTHROUGH';
  if (protocol === 'HTTP' && !tls.httpsRedirect && tls.mode !== undefined) {
    report.error(at, 'server with protocol HTTP may only carry tls.httpsRedirect');
  }
  const hasCredential = Boolean(tls.credentialName) || (tls.credentialNames?.length ?? 0) > 0;
  const hasFiles = Boolean(tls.serverCertificate) || Boolean(tls.privateKey) || (tls.tlsCertificates?.length ?? 0) > 0;
  if (mode === 'SIMPLE' || mode === 'MUTUAL' || mode === 'OPTIONAL_MUTUAL') {
    if (!hasCredential) {
      if (!tls.serverCertificate && !(tls.tlsCertificates?.length ?? 0)) report.error(at, `${mode} TLS requires credentialName or serverCertificate`);
      if (!tls.privateKey && !(tls.tlsCertificates?.length ?? 0)) report.error(at, `${mode} TLS requires credentialName or privateKey`);
      if (mode !== 'SIMPLE' && !tls.caCertificates) report.error(at, `${mode} TLS requires caCertificates when no credentialName is set`);
    }
  }
  if (mode === 'ISTIO_MUTUAL' && (hasCredential || hasFiles || tls.caCertificates)) {
    report.error(at, 'ISTIO_MUTUAL TLS must not set certificates or credentialName');
  }
}
