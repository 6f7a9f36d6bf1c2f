// The upstream TLS context of a cluster (cluster_tls.go buildUpstreamClusterTLSContext): Istio
// mTLS's shared CommonTlsContext, or SIMPLE/MUTUAL with a credential or CA file.
import { sharedPart } from '../../model/sharedParts.js';
import type { Ctx, Wrapper } from './assembly.js';
import { credentialSecret, providerSdsConfig } from './credentials.js';
import { autoMtlsMatches, sdsSecretConfig, tlsSocket } from './envoyParts.js';
import type { TlsDecision, UpstreamTls } from './tls.js';

const TLS_PARAMS = { tlsMinimumProtocolVersion: 'TLSv1_2', tlsMaximumProtocolVersion: 'TLSv1_3' } as const;
const exact = (sans: readonly string[]) => sans.map((s) => ({ exact: s }));

/**
 * Istio mTLS's CommonTlsContext depends only on the SANs and h2: one frozen object for each, shared by
 * every cluster that has it (auto mTLS gives one to almost every cluster: about 30 objects each).
 */
const istioMutualContexts = new Map<string, Readonly<Record<string, unknown>>>();
const MAX_SHARED_CONTEXTS = 10_000;

function istioMutualContext(subjectAltNames: readonly string[], h2: boolean): Readonly<Record<string, unknown>> {
  const key = `${h2 ? 'h2' : ''}\u0000${subjectAltNames.join('\u0000')}`;
  let common = istioMutualContexts.get(key);
  if (!common) {
    common = sharedPart({
      tlsParams: TLS_PARAMS,
      tlsCertificateSdsSecretConfigs: [sdsSecretConfig('default')],
      combinedValidationContext: { defaultValidationContext: subjectAltNames.length > 0 ? { matchSubjectAltNames: exact(subjectAltNames) } : {}, validationContextSdsSecretConfig: sdsSecretConfig('ROOTCA') },
      alpnProtocols: h2 ? ['istio-peer-exchange', 'istio', 'h2'] : ['istio-peer-exchange', 'istio'],
    });
    if (istioMutualContexts.size >= MAX_SHARED_CONTEXTS) istioMutualContexts.clear();
    istioMutualContexts.set(key, common);
  }
  return common;
}

/** UpstreamTlsContext for a TLS decision (buildUpstreamClusterTLSContext). */
function tlsContext(t: UpstreamTls, w: Wrapper, ctx: Ctx): Record<string, unknown> {
  const h2 = w.http?.explicitHttpConfig?.http2ProtocolOptions !== undefined;
  if (t.mode === 'ISTIO_MUTUAL') {
    return { commonTlsContext: istioMutualContext(t.subjectAltNames, h2), ...(t.sni ? { sni: t.sni } : {}) };
  }
  // SIMPLE / MUTUAL (constructUpstreamTLS): auto SNI and SAN validation when the rule sets neither.
  const autoSni = !t.sni;
  const autoSan = autoSni && t.subjectAltNames.length === 0 && !t.insecureSkipVerify;
  if (autoSni || autoSan) {
    w.http ??= {};
    w.http.upstreamHttpProtocolOptions = { ...(autoSni ? { autoSni: true } : {}), ...(autoSan ? { autoSanValidation: true } : {}) };
  }
  const common: Record<string, unknown> = { tlsParams: TLS_PARAMS };
  if (t.credentialName) {
    // ConstructSdsSecretConfigForCredential: a Kubernetes Secret through istiod, or an SDS extension provider for `sds://`.
    const ads = (name: string) => {
      const secret = credentialSecret(ctx.index, name);
      return { name: secret.name, sdsConfig: secret.provider ? providerSdsConfig(secret.provider) : { ads: {}, resourceApiVersion: 'V3' } };
    };
    if (t.mode === 'MUTUAL') common['tlsCertificateSdsSecretConfigs'] = [ads(t.credentialName)];
    if (!t.insecureSkipVerify) {
      common['combinedValidationContext'] = { defaultValidationContext: t.subjectAltNames.length > 0 ? { matchSubjectAltNames: exact(t.subjectAltNames) } : {}, validationContextSdsSecretConfig: ads(`${t.credentialName}-cacert`) };
    }
  } else {
    const ca = t.caCertificates ?? 'system';
    if (t.insecureSkipVerify) common['validationContext'] = {};
    else {
      common['combinedValidationContext'] = {
        defaultValidationContext: t.subjectAltNames.length > 0 ? { matchSubjectAltNames: exact(t.subjectAltNames) } : {},
        validationContextSdsSecretConfig: sdsSecretConfig(`file-root:${ca}`),
      };
    }
  }
  if (h2) common['alpnProtocols'] = ['h2'];
  void ctx;
  return { commonTlsContext: common, ...(t.sni ? { sni: t.sni } : {}) };
}

export function applyTls(w: Wrapper, decision: TlsDecision, ctx: Ctx): void {
  const t = decision.tls;
  if (!t) return;
  const socket = tlsSocket(tlsContext(t, w, ctx));
  if (t.source === 'auto-mtls' && w.cluster.type !== 'ORIGINAL_DST') w.cluster.transportSocketMatches = autoMtlsMatches(socket);
  else w.cluster.transportSocket = socket;
}
