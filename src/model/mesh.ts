// The mesh config istiod runs with: Istio's defaults (pkg/config/mesh DefaultMeshConfig) with the
// user's `mesh` text merged over them as ApplyMeshConfig merges it: every top-level field given
// replaces the default, except `defaultConfig` (merged; proxyMetadata maps merged) and
// `extensionProviders` (merged by name, new ones appended).
import type { HttpRetry } from '../schema/kinds/virtualService.js';
import type { MeshConfigInput } from '../schema/mesh.js';

export type OutboundTrafficMode = 'ALLOW_ANY' | 'REGISTRY_ONLY' | 'ALLOW_ANY_DYNAMIC_DNS';

export interface ExtensionProvider {
  name: string;
  /** Which provider it is (`sds`, `prometheus`, `envoyFileAccessLog`, ...): the first provider field set. */
  type: string;
  /** For `sds`: the service and port serving the secrets. */
  sds?: { name: string; service: string; port: number };
}

export interface MeshConfig {
  rootNamespace: string;
  trustDomain: string;
  outboundTrafficPolicy: OutboundTrafficMode;
  inboundTrafficPolicy: 'PASSTHROUGH' | 'LOCALHOST';
  /** Envoy's cluster connect_timeout, as protojson prints it ("10s"). */
  connectTimeout: string;
  dnsRefreshRate: string;
  enableAutoMtls: boolean;
  h2UpgradePolicy: 'DO_NOT_UPGRADE' | 'UPGRADE';
  defaultServiceExportTo: readonly string[];
  defaultVirtualServiceExportTo: readonly string[];
  defaultDestinationRuleExportTo: readonly string[];
  defaultHttpRetryPolicy?: HttpRetry;
  ingressClass: string;
  ingressService: string;
  ingressSelector?: string;
  ingressControllerMode: 'UNSPECIFIED' | 'OFF' | 'DEFAULT' | 'STRICT';
  outboundClusterStatName?: string;
  inboundClusterStatName?: string;
  tcpKeepalive?: { probes?: number; time?: string; interval?: string };
  localityLbEnabled: boolean;
  /** defaultConfig.proxyMetadata. */
  proxyMetadata: Readonly<Record<string, string>>;
  extensionProviders: readonly ExtensionProvider[];
  /** The user gave a mesh config (false: every field is Istio's default). */
  given: boolean;
}

export const DEFAULT_MESH: MeshConfig = {
  rootNamespace: 'istio-system',
  trustDomain: 'cluster.local',
  outboundTrafficPolicy: 'ALLOW_ANY',
  inboundTrafficPolicy: 'PASSTHROUGH',
  connectTimeout: '10s',
  dnsRefreshRate: '60s',
  enableAutoMtls: true,
  h2UpgradePolicy: 'DO_NOT_UPGRADE',
  defaultServiceExportTo: ['*'],
  defaultVirtualServiceExportTo: ['*'],
  defaultDestinationRuleExportTo: ['*'],
  ingressClass: 'istio',
  ingressService: 'istio-ingressgateway',
  ingressControllerMode: 'STRICT',
  localityLbEnabled: true,
  proxyMetadata: {},
  extensionProviders: [
    { name: 'prometheus', type: 'prometheus' },
    { name: 'stackdriver', type: 'stackdriver' },
    { name: 'envoy', type: 'envoyFileAccessLog' },
  ],
  given: false,
};

function providerOf(p: MeshConfigInput['extensionProviders'] extends readonly (infer E)[] | undefined ? E : never): ExtensionProvider {
  const type = Object.keys(p).find((k) => k !== 'name') ?? 'unknown';
  const out: ExtensionProvider = { name: p.name, type };
  if (p.sds) out.sds = { name: p.sds.name ?? p.name, service: p.sds.service ?? '', port: p.sds.port ?? 0 };
  return out;
}

/** `input` over Istio's defaults. */
export function mergeMeshConfig(input: MeshConfigInput): MeshConfig {
  const d = DEFAULT_MESH;
  const providers = [...d.extensionProviders];
  for (const raw of input.extensionProviders ?? []) {
    const p = providerOf(raw);
    const i = providers.findIndex((e) => e.name === p.name);
    if (i >= 0) providers[i] = p;
    else providers.push(p);
  }
  const out: MeshConfig = {
    rootNamespace: input.rootNamespace || d.rootNamespace,
    trustDomain: input.trustDomain || d.trustDomain,
    outboundTrafficPolicy: input.outboundTrafficPolicy ? (input.outboundTrafficPolicy.mode ?? 'REGISTRY_ONLY') : d.outboundTrafficPolicy,
    inboundTrafficPolicy: input.inboundTrafficPolicy ? (input.inboundTrafficPolicy.mode ?? 'PASSTHROUGH') : d.inboundTrafficPolicy,
    connectTimeout: input.connectTimeout ?? d.connectTimeout,
    dnsRefreshRate: input.dnsRefreshRate ?? d.dnsRefreshRate,
    enableAutoMtls: input.enableAutoMtls ?? d.enableAutoMtls,
    h2UpgradePolicy: input.h2UpgradePolicy ?? d.h2UpgradePolicy,
    defaultServiceExportTo: input.defaultServiceExportTo ?? d.defaultServiceExportTo,
    defaultVirtualServiceExportTo: input.defaultVirtualServiceExportTo ?? d.defaultVirtualServiceExportTo,
    defaultDestinationRuleExportTo: input.defaultDestinationRuleExportTo ?? d.defaultDestinationRuleExportTo,
    ingressClass: input.ingressClass ?? d.ingressClass,
    ingressService: input.ingressService ?? d.ingressService,
    ingressControllerMode: input.ingressControllerMode ?? d.ingressControllerMode,
    localityLbEnabled: input.localityLbSetting ? input.localityLbSetting.enabled !== false : d.localityLbEnabled,
    proxyMetadata: { ...d.proxyMetadata, ...(input.defaultConfig?.proxyMetadata ?? {}) },
    extensionProviders: providers,
    given: true,
  };
  if (input.defaultHttpRetryPolicy) out.defaultHttpRetryPolicy = input.defaultHttpRetryPolicy;
  if (input.ingressSelector !== undefined) out.ingressSelector = input.ingressSelector;
  if (input.outboundClusterStatName) out.outboundClusterStatName = input.outboundClusterStatName;
  if (input.inboundClusterStatName) out.inboundClusterStatName = input.inboundClusterStatName;
  if (input.tcpKeepalive) {
    const k = input.tcpKeepalive;
    out.tcpKeepalive = { ...(k.probes !== undefined ? { probes: k.probes } : {}), ...(k.time ? { time: k.time } : {}), ...(k.interval ? { interval: k.interval } : {}) };
  }
  return out;
}

/** The mesh config of a workspace's options (Istio's defaults when none was given). */
export function meshOf(options: { mesh?: MeshConfig }): MeshConfig {
  return options.mesh ?? DEFAULT_MESH;
}
