// networking.istio.io Sidecar, field by field (istio.io/api networking/v1alpha3 sidecar.proto).
// Webhook checks: ValidateSidecar in pkg/config/validation/validation.go.
import { z } from 'zod';
import type { Path } from '../../load/sourceMap.js';
import { defineKind, stringMap, uint32, type SemanticReport } from '../common.js';
import { parseProtocol, short } from '../validateNames.js';
import { connectionPool, validateConnectionPool } from './destinationRule.js';
import { serverTls, type ServerTls } from './gateway.js';
import { destination } from './virtualServiceSpec.js';
import {
  fqdnProblem,
  isDnsLabel,
  isIp,
  portProblem,
  validateDestination,
  validateSelectorLabels,
  wildcardDomainProblem,
} from '../istioChecks.js';

export const CAPTURE_MODES = ['DEFAULT', 'IPTABLES', 'NONE'] as const;
export const OUTBOUND_MODES = ['REGISTRY_ONLY', 'ALLOW_ANY'] as const;

export const sidecarPort = z.strictObject({
  number: uint32.optional(),
  protocol: z.string().optional(),
  name: z.string().optional(),
  /** deprecated; has no effect on Sidecars */
  targetPort: uint32.optional(),
});
export type SidecarPort = z.infer<typeof sidecarPort>;

// REQUIRED fields default to the protobuf zero value; the semantic checks report them.
export const ingressListener = z.strictObject({
  port: sidecarPort.default(() => ({})),
  bind: z.string().optional(),
  captureMode: z.enum(CAPTURE_MODES).optional(),
  defaultEndpoint: z.string().optional(),
  tls: serverTls.optional(),
  connectionPool: connectionPool.optional(),
});
export type IngressListener = z.infer<typeof ingressListener>;

export const egressListener = z.strictObject({
  port: sidecarPort.optional(),
  bind: z.string().optional(),
  captureMode: z.enum(CAPTURE_MODES).optional(),
  hosts: z.array(z.string()).default(() => []),
});
export type EgressListener = z.infer<typeof egressListener>;

export const outboundTrafficPolicy = z.strictObject({
  mode: z.enum(OUTBOUND_MODES).optional(),
  egressProxy: destination.optional(),
});

export const sidecarSpec = z.strictObject({
  workloadSelector: z.strictObject({ labels: stringMap.optional() }).optional(),
  ingress: z.array(ingressListener).optional(),
  egress: z.array(egressListener).optional(),
  inboundConnectionPool: connectionPool.optional(),
  outboundTrafficPolicy: outboundTrafficPolicy.optional(),
});
export type SidecarSpec = z.infer<typeof sidecarSpec>;

export const sidecarKind = defineKind({
  kind: 'Sidecar',
  group: 'networking.istio.io',
  versions: ['v1', 'v1beta1', 'v1alpha3'],
  spec: sidecarSpec,
  strict: true,
  semantic: (spec, _name, report) => validateSidecar(spec, report),
});

function validateSidecar(spec: SidecarSpec, report: SemanticReport): void {
  if (spec.workloadSelector) validateSelectorLabels(spec.workloadSelector.labels ?? {}, ['spec', 'workloadSelector', 'labels'], report);
  const ingress = spec.ingress ?? [];
  const egress = spec.egress ?? [];
  if (egress.length === 0 && ingress.length === 0 && !spec.outboundTrafficPolicy && !spec.inboundConnectionPool) {
    report.error(['spec'], 'a Sidecar must set at least one of egress, ingress, outboundTrafficPolicy or inboundConnectionPool');
    return;
  }

  const ports = new Set<number>();
  ingress.forEach((l, i) => {
    const at: Path = ['spec', 'ingress', i];
    if (l.port.number === undefined) {
      report.error([...at, 'port'], `ingress[${i}] must set port.number`);
      return;
    }
    if (l.port.targetPort) report.error([...at, 'port', 'targetPort'], 'targetPort has no effect on Sidecars');
    validatePort(l.port, [...at, 'port'], report);
    const pp = portProblem(l.port.number ?? 0);
    if (pp) report.error([...at, 'port', 'number'], pp);
    if (l.bind && !isIp(l.bind)) report.error([...at, 'bind'], `bind "${short(l.bind)}" must be an IP address`);
    const n = l.port.number ?? 0;
    if (ports.has(n)) report.error([...at, 'port', 'number'], `ingress port ${n} is used by an earlier listener; ports must be unique`);
    ports.add(n);
    if (l.defaultEndpoint) validateDefaultEndpoint(l.defaultEndpoint, [...at, 'defaultEndpoint'], report);
    if (l.tls) validateIngressTls(l.tls, l.port.protocol, [...at, 'tls'], report);
    validateConnectionPool(l.connectionPool, [...at, 'connectionPool'], report);
    const proto = parseProtocol(l.port.protocol ?? '');
    if (l.connectionPool?.http && !(proto === 'HTTP' || proto === 'HTTP2' || proto === 'HTTP_PROXY' || proto === 'GRPC' || proto === 'GRPC-WEB')) {
      report.warning([...at, 'connectionPool', 'http'], `port ${n} is not HTTP (protocol "${l.port.protocol ?? ''}"), so only the tcp connection pool settings apply`);
    }
  });
  validateConnectionPool(spec.inboundConnectionPool, ['spec', 'inboundConnectionPool'], report);

  const egressPorts = new Set<number>();
  const sockets = new Set<string>();
  egress.forEach((l, i) => {
    const at: Path = ['spec', 'egress', i];
    if (!l.port) {
      // Istio only accepts a port-less (catch-all) listener in the last position.
      if (i !== egress.length - 1) report.error(at, `egress[${i}] has no port; the catch-all egress listener (without port) must be the last one`);
    } else {
      if (l.port.targetPort) report.error([...at, 'port', 'targetPort'], 'targetPort has no effect on Sidecars');
      validatePort(l.port, [...at, 'port'], report);
      const n = l.port.number ?? 0;
      const bind = l.bind ?? '';
      if (n === 0) {
        if (!bind.startsWith('unix://')) report.error([...at, 'bind'], 'a listener with port 0 needs a unix:// bind address');
        else {
          const p = unixAddressProblem(bind.slice('unix://'.length));
          if (p) report.error([...at, 'bind'], p);
        }
        if (l.captureMode === 'IPTABLES') report.error([...at, 'captureMode'], 'unix socket listeners need captureMode DEFAULT or NONE');
        if (sockets.has(bind)) report.error([...at, 'bind'], `unix socket "${short(bind)}" is used by an earlier listener`);
        sockets.add(bind);
      } else {
        const pp = portProblem(n);
        if (pp) report.error([...at, 'port', 'number'], pp);
        if (bind && !isIp(bind)) report.error([...at, 'bind'], `bind "${short(bind)}" must be an IP address`);
        if (egressPorts.has(n)) report.error([...at, 'port', 'number'], `egress port ${n} is used by an earlier listener; ports must be unique`);
        egressPorts.add(n);
      }
    }
    validateEgressHosts(l.hosts, [...at, 'hosts'], report);
  });

  const tp = spec.outboundTrafficPolicy;
  if (tp?.egressProxy) {
    const at: Path = ['spec', 'outboundTrafficPolicy', 'egressProxy'];
    if (tp.mode !== 'ALLOW_ANY') report.error(at, 'egressProxy may only be set with outboundTrafficPolicy mode ALLOW_ANY');
    else {
      const p = fqdnProblem(tp.egressProxy.host);
      if (p) report.error([...at, 'host'], p);
      if (!tp.egressProxy.port) report.error(at, 'egressProxy must set port');
      else validateDestination(tp.egressProxy, at, report);
    }
  }
}

function validatePort(p: z.infer<typeof sidecarPort>, at: Path, report: SemanticReport): void {
  if (p.name && !isDnsLabel(p.name)) report.error([...at, 'name'], `port name "${short(p.name)}" must be a DNS label (letters, digits and "-")`);
  if (p.protocol && !parseProtocol(p.protocol)) report.error([...at, 'protocol'], `unknown protocol "${short(p.protocol)}"`);
}

function unixAddressProblem(path: string): string | undefined {
  if (path === '') return 'unix socket address must not be empty';
  if (path.startsWith('@')) return undefined;
  return path.startsWith('/') && !path.endsWith('/') ? undefined : `"${short(path)}" is not an absolute path to a file`;
}

function validateDefaultEndpoint(ep: string, at: Path, report: SemanticReport): void {
  if (ep.startsWith('unix://')) {
    const p = unixAddressProblem(ep.slice('unix://'.length));
    if (p) report.error(at, p);
    return;
  }
  const m = /^(?:\[([^\]]*)\]|([^:[\]]*)):([^:]*)$/.exec(ep);
  if (!m) {
    report.error(at, `defaultEndpoint "${short(ep)}" must look like 127.0.0.1:<port>, 0.0.0.0:<port>, [::1]:<port>, [::]:<port> or unix://<path>`);
    return;
  }
  const host = m[1] ?? m[2] ?? '';
  if (host !== '' && !['127.0.0.1', '0.0.0.0', '::1', '::'].includes(host)) {
    report.error(at, 'defaultEndpoint must be 127.0.0.1:<port>, 0.0.0.0:<port>, [::1]:<port>, [::]:<port>, unix://<path> or unset');
  }
  const port = m[3] ?? '';
  if (!/^[+-]?\d+$/.test(port)) report.error(at, `defaultEndpoint port "${short(port)}" is not a number`);
  else {
    const p = portProblem(Number(port));
    if (p) report.error(at, p);
  }
}

function validateIngressTls(tls: ServerTls, protocol: string | undefined, at: Path, report: SemanticReport): void {
  const unsupported: [keyof ServerTls, boolean][] = [
    ['subjectAltNames', (tls.subjectAltNames ?? []).length > 0],
    ['httpsRedirect', tls.httpsRedirect === true],
    ['credentialName', Boolean(tls.credentialName)],
    ['credentialNames', (tls.credentialNames ?? []).length > 0],
    ['tlsCertificates', (tls.tlsCertificates ?? []).length > 0],
  ];
  for (const [field, set] of unsupported) if (set) report.error([...at, field], `${field} is not supported in Sidecar ingress tls`);
  const mode = tls.mode ?? 'PASSTHROUGH';
  if (mode === 'ISTIO_MUTUAL' || mode === 'AUTO_PASSTHROUGH') report.error([...at, 'mode'], `tls mode ${mode} cannot be used in Sidecar ingress`);
  const proto = parseProtocol(protocol ?? '');
  if (proto !== 'HTTPS' && proto !== 'TLS') report.error(at, 'tls settings need an HTTPS or TLS port');
  if ((tls.minProtocolVersion === 'TLSV1_0' || tls.minProtocolVersion === 'TLSV1_1') && (tls.cipherSuites ?? []).length === 0) {
    report.warning([...at, 'minProtocolVersion'], 'TLS versions below 1.2 need cipherSuites: the default ciphers no longer include compatible ones');
  }
  if (mode === 'ISTIO_MUTUAL') return;
  if ((mode === 'PASSTHROUGH' || mode === 'AUTO_PASSTHROUGH') && (tls.caCrl || tls.serverCertificate || tls.privateKey || tls.caCertificates)) {
    report.warning(at, `${mode} mode does not use certificates; they are ignored`);
  }
  if (mode === 'SIMPLE' || mode === 'MUTUAL' || mode === 'OPTIONAL_MUTUAL') {
    const prefix = mode === 'SIMPLE' ? 'SIMPLE TLS' : 'MUTUAL TLS';
    if (mode !== 'SIMPLE' && !tls.caCertificates) report.error(at, `${prefix} requires caCertificates`);
    if (!tls.serverCertificate) report.error(at, `${prefix} requires serverCertificate`);
    if (!tls.privateKey) report.error(at, `${prefix} requires privateKey`);
  }
  if (tls.caCrl && mode === 'SIMPLE') report.error([...at, 'caCrl'], 'caCrl is not supported with SIMPLE TLS');
}

/** Egress hosts are `namespace/dnsName` (ValidateNamespaceSlashWildcardHostname), plus Istio's duplicate warnings. */
function validateEgressHosts(hosts: readonly string[], at: Path, report: SemanticReport): void {
  if (hosts.length === 0) {
    report.error(at, 'an egress listener must list at least one host');
    return;
  }
  const seen = new Map<string, Set<string>>();
  hosts.forEach((h, i) => {
    const slash = h.indexOf('/');
    const ns = slash === -1 ? '' : h.slice(0, slash);
    const name = slash === -1 ? h : h.slice(slash + 1);
    if (slash !== -1 && !ns.startsWith('~')) {
      const names = seen.get(ns) ?? new Set<string>();
      const dup = name === '*' ? names.size > 0 : names.has(name) || names.has('*');
      if (dup) report.warning([...at, i], `egress host "${short(h)}" is already covered by an earlier entry`);
      names.add(name);
      seen.set(ns, names);
    }
    if (slash === -1) {
      report.error([...at, i], `egress host "${short(h)}" must be written namespace/dnsName (for example "*/${short(h)}" or "./${short(h)}")`);
      return;
    }
    if (ns === '' || name === '') {
      report.error([...at, i], `egress host "${short(h)}" needs both a namespace and a host name`);
      if (name === '') return;
    }
    const bareNs = ns.replace(/^~/, '');
    if (bareNs !== '' && bareNs !== '*' && bareNs !== '.' && !isDnsLabel(bareNs)) report.error([...at, i], `namespace "${short(ns)}" in egress host "${short(h)}" must be "*", ".", or a namespace name`);
    if (name !== '*' && !name.includes('.')) report.error([...at, i], `egress host "${short(h)}" uses a short name; write the full host name (for example "${short(ns)}/${short(name)}.${bareNs && bareNs !== '*' && bareNs !== '.' ? bareNs : '<namespace>'}.svc.cluster.local")`);
    const p = wildcardDomainProblem(name);
    if (p) report.error([...at, i], p);
    if (name.includes('*') && name !== '*' && !name.startsWith('*.')) report.error([...at, i], `partial wildcard "${short(name)}" is not allowed; use "*" or a "*." prefix`);
  });
  if (seen.get('*')?.has('*') && seen.size !== 1) report.warning(at, '"*/*" already selects every host; the other entries have no effect');
}
