// networking.istio.io DestinationRule, field by field (istio.io/api networking/v1alpha3 destination_rule.proto).
// Webhook checks: ValidateDestinationRule and validateTrafficPolicy in pkg/config/validation/validation.go.
import { z } from 'zod';
import { dict } from '../../load/dict.js';
import type { Path } from '../../load/sourceMap.js';
import { defineKind, duration, int32, stringMap, uint32, type SemanticReport } from '../common.js';
import { short } from '../validateNames.js';
import { portSelector } from './virtualServiceSpec.js';
import {
  checkDuration,
  fqdnProblem,
  isDnsLabel,
  isIp,
  portProblem,
  validateExportTo,
  validateLabels,
  validateSelectorLabels,
  wildcardDomainProblem,
} from '../istioChecks.js';

export const SIMPLE_LB = ['UNSPECIFIED', 'LEAST_CONN', 'RANDOM', 'PASSTHROUGH', 'ROUND_ROBIN', 'LEAST_REQUEST'] as const;
export const CLIENT_TLS_MODES = ['DISABLE', 'SIMPLE', 'MUTUAL', 'ISTIO_MUTUAL'] as const;
const H2_UPGRADE = ['DEFAULT', 'DO_NOT_UPGRADE', 'UPGRADE'] as const;

const failover = z.strictObject({ from: z.string().optional(), to: z.string().optional() });
const localityLbSetting = z.strictObject({
  distribute: z.array(z.strictObject({ from: z.string().optional(), to: dict(uint32).optional() })).optional(),
  failover: z.array(failover).optional(),
  failoverPriority: z.array(z.string()).optional(),
  enabled: z.boolean().optional(),
});
const zoneAwareLbSetting = z.strictObject({
  enabled: z.boolean().optional(),
  failover: z.array(failover).optional(),
  failoverPriority: z.array(z.string()).optional(),
  minClusterSize: z.number().int().min(0).optional(),
});

export const consistentHash = z.strictObject({
  httpHeaderName: z.string().optional(),
  httpCookie: z
    .strictObject({
      name: z.string().default(''),
      path: z.string().optional(),
      ttl: duration.optional(),
      attributes: z.array(z.strictObject({ name: z.string().default(''), value: z.string().optional() })).optional(),
    })
    .optional(),
  useSourceIp: z.boolean().optional(),
  httpQueryParameterName: z.string().optional(),
  ringHash: z.strictObject({ minimumRingSize: z.number().int().min(0).optional() }).optional(),
  maglev: z.strictObject({ tableSize: z.number().int().min(0).optional() }).optional(),
  /** deprecated: use ringHash.minimumRingSize */
  minimumRingSize: z.number().int().min(0).optional(),
});
export type ConsistentHash = z.infer<typeof consistentHash>;

export const loadBalancer = z.strictObject({
  simple: z.enum(SIMPLE_LB).optional(),
  consistentHash: consistentHash.optional(),
  localityLbSetting: localityLbSetting.optional(),
  zoneAwareLbSetting: zoneAwareLbSetting.optional(),
  warmupDurationSecs: duration.optional(),
  warmup: z
    .strictObject({ duration: duration.optional(), minimumPercent: z.number().optional(), aggression: z.number().optional() })
    .optional(),
});
export type LoadBalancer = z.infer<typeof loadBalancer>;

export const connectionPool = z.strictObject({
  tcp: z
    .strictObject({
      maxConnections: int32.optional(),
      connectTimeout: duration.optional(),
      tcpKeepalive: z
        .strictObject({ probes: uint32.optional(), time: duration.optional(), interval: duration.optional() })
        .optional(),
      maxConnectionDuration: duration.optional(),
      idleTimeout: duration.optional(),
    })
    .optional(),
  http: z
    .strictObject({
      http1MaxPendingRequests: int32.optional(),
      http2MaxRequests: int32.optional(),
      maxRequestsPerConnection: int32.optional(),
      maxRetries: int32.optional(),
      idleTimeout: duration.optional(),
      h2UpgradePolicy: z.enum(H2_UPGRADE).optional(),
      useClientProtocol: z.boolean().optional(),
      maxConcurrentStreams: int32.optional(),
      http2KeepAlive: z.strictObject({ interval: duration.optional(), timeout: duration.optional() }).optional(),
    })
    .optional(),
});
export type ConnectionPool = z.infer<typeof connectionPool>;

export const outlierDetection = z.strictObject({
  /** deprecated */
  consecutiveErrors: int32.optional(),
  splitExternalLocalOriginErrors: z.boolean().optional(),
  consecutiveLocalOriginFailures: uint32.optional(),
  consecutiveGatewayErrors: uint32.optional(),
  consecutive5xxErrors: uint32.optional(),
  interval: duration.optional(),
  baseEjectionTime: duration.optional(),
  maxEjectionPercent: int32.optional(),
  minHealthPercent: int32.optional(),
  outlierDetectionHttpErrorCodes: z.array(uint32).optional(),
});
export type OutlierDetection = z.infer<typeof outlierDetection>;

export const clientTls = z.strictObject({
  mode: z.enum(CLIENT_TLS_MODES).optional(),
  clientCertificate: z.string().optional(),
  privateKey: z.string().optional(),
  caCertificates: z.string().optional(),
  credentialName: z.string().optional(),
  subjectAltNames: z.array(z.string()).optional(),
  sni: z.string().optional(),
  insecureSkipVerify: z.boolean().optional(),
  caCrl: z.string().optional(),
});
export type ClientTls = z.infer<typeof clientTls>;

const portPolicyFields = {
  loadBalancer: loadBalancer.optional(),
  connectionPool: connectionPool.optional(),
  outlierDetection: outlierDetection.optional(),
  tls: clientTls.optional(),
};
export const portTrafficPolicy = z.strictObject({ port: portSelector.optional(), ...portPolicyFields });
export type PortTrafficPolicy = z.infer<typeof portTrafficPolicy>;

export const trafficPolicy = z.strictObject({
  ...portPolicyFields,
  portLevelSettings: z.array(portTrafficPolicy).optional(),
  tunnel: z.strictObject({ protocol: z.string().optional(), targetHost: z.string().default(''), targetPort: uint32.default(0) }).optional(),
  proxyProtocol: z.strictObject({ version: z.enum(['V1', 'V2']).optional() }).optional(),
  retryBudget: z
    .strictObject({ percent: z.number().optional(), minRetryConcurrency: uint32.optional(), budgetInterval: duration.optional() })
    .optional(),
});
export type TrafficPolicy = z.infer<typeof trafficPolicy>;

export const subset = z.strictObject({
  name: z.string().default(''),
  labels: stringMap.optional(),
  trafficPolicy: trafficPolicy.optional(),
});
export type Subset = z.infer<typeof subset>;

// REQUIRED fields default to the protobuf zero value; the semantic checks report them.
export const destinationRuleSpec = z.strictObject({
  host: z.string().default(''),
  trafficPolicy: trafficPolicy.optional(),
  subsets: z.array(subset).optional(),
  exportTo: z.array(z.string()).optional(),
  workloadSelector: z.strictObject({ matchLabels: stringMap.optional() }).optional(),
});
export type DestinationRuleSpec = z.infer<typeof destinationRuleSpec>;

export const destinationRuleKind = defineKind({
  kind: 'DestinationRule',
  group: 'networking.istio.io',
  versions: ['v1', 'v1beta1', 'v1alpha3'],
  spec: destinationRuleSpec,
  strict: true,
  semantic(spec, _name, report) {
    const hostProblem = spec.host === '' ? 'host is required' : wildcardDomainProblem(spec.host);
    if (hostProblem) report.error(['spec', 'host'], hostProblem);
    validateTrafficPolicy(spec.trafficPolicy, ['spec', 'trafficPolicy'], report);
    const subsets = spec.subsets ?? [];
    const names = new Map<string, number>();
    // Paths built only for a problem or a field present: every subset of every DestinationRule comes here.
    for (let i = 0; i < subsets.length; i++) {
      const s = subsets[i] as Subset;
      const first = names.get(s.name);
      if (first !== undefined) report.error(['spec', 'subsets', i, 'name'], `subset name "${short(s.name)}" is already used by subsets[${first}]`);
      else names.set(s.name, i);
      if (s.name === '') report.error(['spec', 'subsets', i, 'name'], 'subset name is required');
      else if (!isDnsLabel(s.name)) report.error(['spec', 'subsets', i, 'name'], `subset name "${short(s.name)}" must be a DNS label (letters, digits and "-")`);
      if (s.labels !== undefined) validateLabels(s.labels, ['spec', 'subsets', i, 'labels'], report);
      if (s.trafficPolicy !== undefined) validateTrafficPolicy(s.trafficPolicy, ['spec', 'subsets', i, 'trafficPolicy'], report);
    }
    validateExportTo(spec.exportTo, ['spec', 'exportTo'], report, { destinationRuleWithSelector: spec.workloadSelector !== undefined });
    if (spec.workloadSelector) validateSelectorLabels(spec.workloadSelector.matchLabels ?? {}, ['spec', 'workloadSelector', 'matchLabels'], report);
  },
});

/** Whether any own field of the object is set (not undefined). */
function hasDefinedField(o: object): boolean {
  for (const k in o) if (Object.hasOwn(o, k) && (o as Record<string, unknown>)[k] !== undefined) return true;
  return false;
}

function validateTrafficPolicy(p: TrafficPolicy | undefined, at: Path, report: SemanticReport): void {
  if (!p) return;
  if (!hasDefinedField(p)) {
    report.error(at, 'trafficPolicy must set at least one field');
    return;
  }
  if (p.tunnel && p.proxyProtocol) {
    report.error(at, 'trafficPolicy cannot set both tunnel and proxyProtocol');
    return;
  }
  validatePortPolicy(p, at, report);
  (p.portLevelSettings ?? []).forEach((pl, i) => {
    const plAt: Path = [...at, 'portLevelSettings', i];
    if (!pl.port) report.error(plAt, 'portLevelSettings entries must set port');
    if (!pl.outlierDetection && !pl.connectionPool && !pl.loadBalancer && !pl.tls) {
      report.error(plAt, 'portLevelSettings entries must set at least one of loadBalancer, connectionPool, outlierDetection or tls');
    } else validatePortPolicy(pl, plAt, report);
  });
  if (p.tunnel) {
    const t = p.tunnel;
    if (t.protocol && t.protocol !== 'CONNECT' && t.protocol !== 'POST') report.error([...at, 'tunnel', 'protocol'], 'tunnel protocol must be "CONNECT" or "POST"');
    if (t.targetHost === '') report.error([...at, 'tunnel'], 'tunnel.targetHost is required');
    else if (fqdnProblem(t.targetHost) && !isIp(t.targetHost)) report.error([...at, 'tunnel', 'targetHost'], `tunnel targetHost "${short(t.targetHost)}" must be a host name or an IP address`);
    const pp = portProblem(t.targetPort);
    if (pp) report.error([...at, 'tunnel', 'targetPort'], pp);
  }
}

function validatePortPolicy(p: Omit<PortTrafficPolicy, 'port'>, at: Path, report: SemanticReport): void {
  const o = p.outlierDetection;
  if (o) {
    const oAt: Path = [...at, 'outlierDetection'];
    checkDuration(o.baseEjectionTime, oAt, 'baseEjectionTime', undefined, report);
    if (o.consecutiveErrors) report.warning([...oAt, 'consecutiveErrors'], 'consecutiveErrors is deprecated; use consecutiveGatewayErrors or consecutive5xxErrors');
    if (!o.splitExternalLocalOriginErrors && (o.consecutiveLocalOriginFailures ?? 0) > 0) {
      report.error([...oAt, 'consecutiveLocalOriginFailures'], 'consecutiveLocalOriginFailures only works with splitExternalLocalOriginErrors: true');
    }
    checkDuration(o.interval, oAt, 'interval', undefined, report);
    for (const f of ['maxEjectionPercent', 'minHealthPercent'] as const) {
      const v = o[f] ?? 0;
      if (v < 0 || v > 100) report.error([...oAt, f], `${f} ${v} must be between 0 and 100`);
    }
  }
  // Paths only for the fields present (every DestinationRule and subset comes through here).
  if (p.connectionPool !== undefined) validateConnectionPool(p.connectionPool, [...at, 'connectionPool'], report);
  if (p.loadBalancer !== undefined) validateLoadBalancer(p.loadBalancer, o !== undefined, [...at, 'loadBalancer'], report);
  if (p.tls !== undefined) validateClientTls(p.tls, [...at, 'tls'], report);
}

const HTTP_COUNTS = ['http1MaxPendingRequests', 'http2MaxRequests', 'maxRequestsPerConnection', 'maxRetries', 'maxConcurrentStreams'] as const;

/** validateConnectionPool; shared with Sidecar. */
export function validateConnectionPool(c: ConnectionPool | undefined, at: Path, report: SemanticReport): void {
  if (!c) return;
  if (!c.http && !c.tcp) {
    report.error(at, 'connectionPool must set tcp, http or both');
    return;
  }
  if (c.http) {
    const h = c.http;
    const hAt: Path = [...at, 'http'];
    for (const f of HTTP_COUNTS) if ((h[f] ?? 0) < 0) report.error([...hAt, f], `${f} must not be negative`);
    checkDuration(h.idleTimeout, hAt, 'idleTimeout', undefined, report);
    if (h.h2UpgradePolicy === 'UPGRADE' && h.useClientProtocol) report.error([...hAt, 'useClientProtocol'], 'useClientProtocol must not be true when h2UpgradePolicy is UPGRADE');
    if (h.http2KeepAlive) {
      for (const f of ['interval', 'timeout'] as const) {
        const d = h.http2KeepAlive[f];
        if (d === undefined) report.error([...hAt, 'http2KeepAlive'], `http2KeepAlive.${f} is required`);
        else checkDuration(d, hAt, 'http2KeepAlive', f, report);
      }
    }
  }
  if (c.tcp) {
    const t = c.tcp;
    const tAt: Path = [...at, 'tcp'];
    if ((t.maxConnections ?? 0) < 0) report.error([...tAt, 'maxConnections'], 'maxConnections must not be negative');
    checkDuration(t.connectTimeout, tAt, 'connectTimeout', undefined, report);
    checkDuration(t.maxConnectionDuration, tAt, 'maxConnectionDuration', undefined, report);
    if (t.idleTimeout !== undefined && !/^0+(\.0+)?(h|m|s|ms|us|µs|ns)$/.test(t.idleTimeout)) checkDuration(t.idleTimeout, tAt, 'idleTimeout', undefined, report);
    checkDuration(t.tcpKeepalive?.time, tAt, 'tcpKeepalive', 'time', report);
    checkDuration(t.tcpKeepalive?.interval, tAt, 'tcpKeepalive', 'interval', report);
  }
}

function isPrime(x: number): boolean {
  if (x !== 0 && x < 4) return true;
  if (x % 2 === 0) return false;
  for (let f = 3; f <= Math.floor(Math.sqrt(x)); f += 2) if (x % f === 0) return false;
  return true;
}

const TOPOLOGY_LABELS = new Set(['topology.kubernetes.io/region', 'topology.kubernetes.io/zone', 'topology.istio.io/subzone']);

function validateLoadBalancer(lb: LoadBalancer | undefined, hasOutlier: boolean, at: Path, report: SemanticReport): void {
  if (!lb) return;
  if (lb.simple !== undefined && lb.consistentHash) report.error(at, 'loadBalancer may set only one of simple or consistentHash');
  const ch = lb.consistentHash;
  if (ch) {
    const cAt: Path = [...at, 'consistentHash'];
    const keys = (['httpHeaderName', 'httpCookie', 'useSourceIp', 'httpQueryParameterName'] as const).filter((k) => ch[k] !== undefined);
    if (keys.length > 1) report.error(cAt, `consistentHash may set only one of httpHeaderName, httpCookie, useSourceIp or httpQueryParameterName (found ${keys.join(', ')})`);
    if (ch.ringHash && ch.maglev) report.error(cAt, 'consistentHash may set only one of ringHash or maglev');
    const cookie = ch.httpCookie;
    if (cookie) {
      if (cookie.name === '') report.error([...cAt, 'httpCookie', 'name'], 'httpCookie.name is required');
      const seen = new Set<string>();
      (cookie.attributes ?? []).forEach((a, i) => {
        if (a.name === '') report.error([...cAt, 'httpCookie', 'attributes', i, 'name'], 'cookie attribute names must not be empty');
        else if (seen.has(a.name)) report.error([...cAt, 'httpCookie', 'attributes', i, 'name'], `cookie attribute "${short(a.name)}" is listed twice`);
        seen.add(a.name);
      });
    }
    if (ch.minimumRingSize) {
      report.warning([...cAt, 'minimumRingSize'], 'minimumRingSize is deprecated; use ringHash.minimumRingSize');
      if (ch.ringHash || ch.maglev) report.error([...cAt, 'minimumRingSize'], 'minimumRingSize cannot be combined with ringHash or maglev');
    }
    if (ch.maglev) {
      const size = ch.maglev.tableSize ?? 0;
      const mAt: Path = [...cAt, 'maglev', 'tableSize'];
      if (size === 0) report.error(mAt, 'maglev.tableSize is required');
      if (size >= 5000011) report.error(mAt, 'maglev.tableSize must be less than 5000011');
      if (!isPrime(size)) report.error(mAt, `maglev.tableSize ${size} must be a prime number`);
    }
  }
  if (lb.localityLbSetting && lb.zoneAwareLbSetting) report.error(at, 'loadBalancer may set only one of localityLbSetting or zoneAwareLbSetting');
  const loc = lb.localityLbSetting;
  if (loc) {
    const lAt: Path = [...at, 'localityLbSetting'];
    if ((loc.distribute ?? []).length > 0 && (loc.failover ?? []).length > 0) report.error(lAt, 'localityLbSetting cannot set both distribute and failover');
    else {
      if ((loc.failover ?? []).length > 0 && (loc.failoverPriority ?? []).some((l) => TOPOLOGY_LABELS.has(l))) {
        report.error([...lAt, 'failoverPriority'], 'failoverPriority cannot use region, zone or subzone labels together with failover');
      }
      (loc.distribute ?? []).forEach((d, i) => {
        const weights = Object.values(d.to ?? {});
        if (weights.some((w) => w <= 0 || w > 100)) report.error([...lAt, 'distribute', i, 'to'], 'locality weights must be between 1 and 100');
        else if (weights.reduce((a, b) => a + b, 0) !== 100) report.error([...lAt, 'distribute', i, 'to'], 'locality weights must add up to 100');
      });
    }
  }
  for (const [key, s] of [['localityLbSetting', loc], ['zoneAwareLbSetting', lb.zoneAwareLbSetting]] as const) {
    if (!s) continue;
    if (((s.failover ?? []).length > 0 || (s.failoverPriority ?? []).length > 0) && !hasOutlier) {
      report.warning([...at, key], 'failover needs an outlierDetection policy');
    }
    (s.failover ?? []).forEach((f, i) => {
      const fAt: Path = [...at, key, 'failover', i];
      if ((f.from ?? '') === (f.to ?? '')) report.error(fAt, 'failover from and to must be different regions');
      if (`${f.from ?? ''}${f.to ?? ''}`.includes('/')) report.error(fAt, 'failover from and to must be regions (no "/")');
      if (`${f.from ?? ''}${f.to ?? ''}`.includes('*')) report.error(fAt, 'failover regions must not contain "*"');
    });
  }
  if (lb.zoneAwareLbSetting && (lb.zoneAwareLbSetting.failoverPriority ?? []).some((l) => TOPOLOGY_LABELS.has(l))) {
    report.error([...at, 'zoneAwareLbSetting', 'failoverPriority'], 'zoneAwareLbSetting.failoverPriority must not use region, zone or subzone labels');
  }
  if (lb.warmup) {
    if (lb.warmup.duration === undefined) report.error([...at, 'warmup'], 'warmup.duration is required');
    checkDuration(lb.warmup.duration, at, 'warmup', 'duration', report);
    if ((lb.warmup.minimumPercent ?? 0) > 100) report.error([...at, 'warmup', 'minimumPercent'], 'warmup.minimumPercent must be at most 100');
    if (lb.warmup.aggression !== undefined && lb.warmup.aggression <= 0) report.error([...at, 'warmup', 'aggression'], 'warmup.aggression must be greater than 0');
  }
}

/** agent.ValidateTLS (the configmap:// credentialName check needs the namespace and is not done). */
function validateClientTls(t: ClientTls | undefined, at: Path, report: SemanticReport): void {
  if (!t) return;
  const sans = t.subjectAltNames !== undefined;
  if (t.insecureSkipVerify) {
    if (t.mode === 'SIMPLE' && (t.caCertificates || t.credentialName || sans)) {
      report.error(at, 'insecureSkipVerify cannot be combined with caCertificates, credentialName or subjectAltNames');
    }
    if (t.mode === 'MUTUAL' && (t.caCertificates || sans)) report.error(at, 'insecureSkipVerify cannot be combined with caCertificates or subjectAltNames');
  }
  if ((t.mode === 'SIMPLE' || t.mode === 'MUTUAL') && t.credentialName) {
    if (t.clientCertificate || t.caCertificates || t.privateKey || t.caCrl) {
      report.error(at, 'with credentialName set, clientCertificate, privateKey, caCertificates and caCrl must not be set');
    }
    return;
  }
  if (t.mode === 'MUTUAL') {
    if (!t.clientCertificate) report.error(at, 'MUTUAL TLS requires clientCertificate (or credentialName)');
    if (!t.privateKey) report.error(at, 'MUTUAL TLS requires privateKey (or credentialName)');
  }
}
