// Which TLS an outbound cluster originates (cluster_tls.go buildUpstreamTLSSettings,
// buildUpstreamClusterTLSContext, applyUpstreamTLSSettings; push_context.go
// BestEffortInferServiceMTLSMode):
// - the DestinationRule's tls wins: DISABLE/SIMPLE/MUTUAL as written, ISTIO_MUTUAL with the
//   cluster's SNI `outbound_.<port>_.<subset>_.<host>` unless the rule sets one;
// - without one, auto mTLS (mesh enableAutoMtls, on by default) sends Istio mTLS to mesh-internal
//   services unless their namespace's (or the mesh's) PeerAuthentication disables mTLS, and only to
//   endpoints labelled tlsMode=istio (those with a sidecar): plaintext to the others;
// - on a sidecar, SIMPLE/MUTUAL with a credentialName and no workloadSelector on the rule sends
//   plaintext (istiod refuses to hand the secret to every sidecar).
import type { ConfigIndex } from '../../model/configIndex.js';
import { meshOf } from '../../model/mesh.js';
import type { PeerAuthentication } from '../../model/resource.js';
import type { ClientTls } from '../../schema/kinds/destinationRule.js';
import type { ClusterPolicy } from './policy.js';

export type MtlsMode = 'DISABLE' | 'PERMISSIVE' | 'STRICT' | 'UNKNOWN';

export interface UpstreamTls {
  mode: 'SIMPLE' | 'MUTUAL' | 'ISTIO_MUTUAL';
  /** `destination-rule`: its tls; `auto-mtls`: Istio's auto mTLS (only to endpoints with a sidecar). */
  source: 'destination-rule' | 'auto-mtls';
  sni: string | null;
  subjectAltNames: string[];
  credentialName: string | null;
  caCertificates: string | null;
  insecureSkipVerify: boolean;
}

export interface TlsDecision {
  /** null: plaintext. */
  tls: UpstreamTls | null;
  /** Why a DestinationRule tls setting is not applied, when it is not. */
  ignored: string | null;
}

/** The DNS-SRV style SNI istiod gives ISTIO_MUTUAL clusters. */
export function istioMtlsSni(port: number, subset: string, host: string): string {
  return `outbound_.${port}_.${subset}_.${host}`;
}

const peerAuthCache = new WeakMap<ConfigIndex, Map<string, MtlsMode>>();

function modeOf(pa: PeerAuthentication): MtlsMode {
  const m = pa.spec.mtls?.mode;
  return m === 'DISABLE' ? 'DISABLE' : m === 'PERMISSIVE' ? 'PERMISSIVE' : m === 'STRICT' ? 'STRICT' : 'UNKNOWN';
}

/** GetNamespaceMutualTLSMode: the namespace-wide PeerAuthentication, else the mesh-wide one (root namespace). */
export function namespaceMtlsMode(index: ConfigIndex, namespace: string): MtlsMode {
  let cache = peerAuthCache.get(index);
  if (!cache) peerAuthCache.set(index, (cache = new Map()));
  const hit = cache.get(namespace);
  if (hit) return hit;
  const wide = (ns: string): MtlsMode => {
    const pa = index.ofKind('PeerAuthentication').filter((p) => p.namespace === ns && !p.spec.selector?.matchLabels && !p.rejected)[0];
    return pa ? modeOf(pa) : 'UNKNOWN';
  };
  let mode = wide(namespace);
  if (mode === 'UNKNOWN') mode = wide(meshOf(index.options).rootNamespace);
  cache.set(namespace, mode);
  return mode;
}

export interface TlsInputs {
  index: ConfigIndex;
  proxyMode: 'gateway' | 'sidecar';
  policy: ClusterPolicy | undefined;
  /** The DestinationRule has a workload selector. */
  drWithSelector: boolean;
  meshExternal: boolean;
  /** The service's namespace (its PeerAuthentication decides auto mTLS). */
  serviceNamespace: string;
  /** Passthrough resolution or load balancer: mTLS only when every endpoint is known to have a sidecar. */
  passthrough: boolean;
  port: number;
  subset: string;
  host: string;
  /** Identities of the service's workloads, for ISTIO_MUTUAL SAN checks. */
  serviceAccounts?: readonly string[];
}

function fromRule(t: ClientTls, mode: UpstreamTls['mode']): UpstreamTls {
  return {
    mode,
    source: 'destination-rule',
    sni: t.sni ?? null,
    subjectAltNames: [...(t.subjectAltNames ?? [])],
    credentialName: t.credentialName ?? null,
    caCertificates: t.caCertificates ?? null,
    insecureSkipVerify: t.insecureSkipVerify === true,
  };
}

export function upstreamTls(i: TlsInputs): TlsDecision {
  const t = i.policy?.tls;
  if (t) {
    const mode = t.mode ?? 'DISABLE';
    if (mode === 'DISABLE') return { tls: null, ignored: null };
    const privileged = t.credentialName !== undefined && t.credentialName !== '' && !t.credentialName.startsWith('configmap://');
    if (privileged && i.proxyMode === 'sidecar' && !i.drWithSelector && (mode === 'SIMPLE' || mode === 'MUTUAL')) {
      return { tls: null, ignored: `credentialName ${t.credentialName ?? ''} is only given to sidecars of a DestinationRule with a workloadSelector: this sidecar sends plaintext` };
    }
    if (mode !== 'ISTIO_MUTUAL') return { tls: fromRule(t, mode), ignored: null };
    const out = fromRule(t, 'ISTIO_MUTUAL');
    out.sni = t.sni || istioMtlsSni(i.port, i.subset, i.host);
    if (t.subjectAltNames === undefined) out.subjectAltNames = [...(i.serviceAccounts ?? [])];
    return { tls: out, ignored: null };
  }
  const mesh = meshOf(i.index.options);
  if (i.meshExternal || !mesh.enableAutoMtls) return { tls: null, ignored: null };
  const mode = i.passthrough ? 'DISABLE' : namespaceMtlsMode(i.index, i.serviceNamespace);
  if (mode === 'DISABLE') return { tls: null, ignored: null };
  return {
    tls: {
      mode: 'ISTIO_MUTUAL',
      source: 'auto-mtls',
      sni: istioMtlsSni(i.port, i.subset, i.host),
      subjectAltNames: [...(i.serviceAccounts ?? [])],
      credentialName: null,
      caCertificates: null,
      insecureSkipVerify: false,
    },
    ignored: null,
  };
}
