// The SDS secret a `credentialName` names (security/model authentication.go
// ConstructSdsSecretConfigForCredential), for Gateway servers and DestinationRule TLS alike:
// `sds://<name>` is served by the first SDS extension provider of the mesh config (its Service's
// outbound cluster) when there is one, else it falls back to a Kubernetes Secret through istiod;
// any other name is a Kubernetes Secret (`kubernetes://<name>`) unless it already has a scheme.
import type { ConfigIndex } from '../../model/configIndex.js';
import { meshOf } from '../../model/mesh.js';
import { serviceRegistry } from '../gateway/services.js';

export const SDS_EXTERNAL_PREFIX = 'sds://';

export interface CredentialSecret {
  /** The SDS resource name. */
  name: string;
  /** Set when an SDS extension provider serves it: the provider's outbound cluster and host. */
  provider?: { name: string; cluster: string; authority: string };
  /** Set when istiod cannot build it (the provider's Service is not in the registry): no secret is pushed. */
  unresolved?: string;
}

const toResourceName = (n: string): string => (n.startsWith('kubernetes://') || n.startsWith('configmap://') || n.includes('://') ? n : `kubernetes://${n}`);

/** LookupCluster: `namespace/host`, or a host that exactly one namespace defines. */
function lookupCluster(index: ConfigIndex, service: string, port: number): { host: string; cluster: string } | string {
  if (service === '') return 'the provider names no service';
  const reg = serviceRegistry(index);
  const slash = service.split('/');
  if (slash.length === 2) {
    const [ns = '', host = ''] = slash;
    const svc = (reg.byHostname.get(host) ?? []).find((s) => s.namespace === ns);
    return svc ? { host: svc.hostname, cluster: `outbound|${port}||${svc.hostname}` } : `could not find service ${service} in Istio service registry`;
  }
  const namespaces = [...new Set((reg.byHostname.get(service) ?? []).map((s) => s.namespace))];
  if (namespaces.length === 1) return { host: service, cluster: `outbound|${port}||${service}` };
  if (namespaces.length > 1) return `found ${service} in multiple namespaces ${namespaces.join(', ')}, specify the namespace explicitly as <namespace>/<hostname>`;
  return `could not find service ${service} in Istio service registry`;
}

export function credentialSecret(index: ConfigIndex, credential: string): CredentialSecret {
  if (!credential.startsWith(SDS_EXTERNAL_PREFIX)) return { name: toResourceName(credential) };
  const resource = credential.slice(SDS_EXTERNAL_PREFIX.length);
  const provider = meshOf(index.options).extensionProviders.find((p) => p.sds !== undefined);
  if (!provider?.sds) return { name: toResourceName(resource) };
  const found = lookupCluster(index, provider.sds.service, provider.sds.port);
  if (typeof found === 'string') return { name: resource, unresolved: `SDS extension provider ${provider.name}: ${found}` };
  return { name: resource, provider: { name: provider.name, cluster: found.cluster, authority: found.host } };
}

/** The secret's sds_config when an SDS extension provider serves it (ConstructSdsSecretConfigForCredentialSocket). */
export function providerSdsConfig(p: NonNullable<CredentialSecret['provider']>): Record<string, unknown> {
  return {
    apiConfigSource: {
      apiType: 'GRPC',
      transportApiVersion: 'V3',
      grpcServices: [{ envoyGrpc: { clusterName: p.cluster, authority: p.authority } }],
      setNodeOnFirstMessageOnly: true,
    },
    resourceApiVersion: 'V3',
  };
}
