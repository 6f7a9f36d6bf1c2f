// The mesh config (the `mesh` text of the istio ConfigMap, istio.io/api mesh/v1alpha1 MeshConfig),
// reduced to the fields gwctl honours. Loose: istiod accepts unknown fields (ApplyJSON retries with
// AllowUnknownFields), so they are ignored here too.
import { z } from 'zod';
import { duration, stringMap } from './common.js';
import { httpRetry } from './kinds/virtualService.js';

const mode = <const T extends readonly [string, ...string[]]>(values: T) => z.object({ mode: z.enum(values).optional() }).loose();

const extensionProvider = z
  .object({
    name: z.string(),
    /** An SDS provider (credentialName `sds://<name>` on a Gateway server fetches its certificate from it). */
    sds: z.object({ name: z.string().optional(), service: z.string().optional(), port: z.number().int().optional() }).loose().optional(),
  })
  .loose();
export type ExtensionProviderInput = z.infer<typeof extensionProvider>;

export const meshConfigSchema = z
  .object({
    rootNamespace: z.string().optional(),
    trustDomain: z.string().optional(),
    outboundTrafficPolicy: mode(['REGISTRY_ONLY', 'ALLOW_ANY', 'ALLOW_ANY_DYNAMIC_DNS']).optional(),
    inboundTrafficPolicy: mode(['PASSTHROUGH', 'LOCALHOST']).optional(),
    connectTimeout: duration.optional(),
    dnsRefreshRate: duration.optional(),
    enableAutoMtls: z.boolean().optional(),
    h2UpgradePolicy: z.enum(['DO_NOT_UPGRADE', 'UPGRADE']).optional(),
    defaultServiceExportTo: z.array(z.string()).optional(),
    defaultVirtualServiceExportTo: z.array(z.string()).optional(),
    defaultDestinationRuleExportTo: z.array(z.string()).optional(),
    defaultHttpRetryPolicy: httpRetry.optional(),
    ingressClass: z.string().optional(),
    ingressService: z.string().optional(),
    ingressSelector: z.string().optional(),
    ingressControllerMode: z.enum(['UNSPECIFIED', 'OFF', 'DEFAULT', 'STRICT']).optional(),
    outboundClusterStatName: z.string().optional(),
    inboundClusterStatName: z.string().optional(),
    tcpKeepalive: z.object({ probes: z.number().int().optional(), time: duration.optional(), interval: duration.optional() }).loose().optional(),
    localityLbSetting: z.object({ enabled: z.boolean().optional() }).loose().optional(),
    defaultConfig: z.object({ proxyMetadata: stringMap.optional() }).loose().optional(),
    extensionProviders: z.array(extensionProvider).optional(),
  })
  .loose();

export type MeshConfigInput = z.infer<typeof meshConfigSchema>;
