// A listener's TLS → the Istio server's TLS settings: certificate Secrets, CA ConfigMaps, ReferenceGrants,
// the Gateway's frontend validation, cipher suites (conversion.go buildTLS, buildSecretReference,
// buildCaCertificateReference, resolveGatewayTLS).
import type { ConfigIndex } from '../../model/configIndex.js';
import type { Path } from '../../load/sourceMap.js';
import type { ServerTls } from '../../schema/kinds/gateway.js';
import type { FrontendTlsConfig, KubernetesGatewaySpec, ListenerTls, ObjectReference } from '../../schema/kinds/gatewayApi.js';
import { configError, joinErrors } from './conditions.js';
import { appendsCerts, configMapBytes, extractCertInfo, extractRoot, keyPairProblem, secretBytes } from './credentials.js';
import type { ReferenceGrants } from './references.js';
import { GK, groupKind, type ConfigError } from './types.js';
import { ownerGroupKind, type ListenerOwner } from './types.js';

/** resolveGatewayTLS: the Gateway's frontend TLS settings for a port (perPort, else default). */
export function frontendTls(port: number, gw: KubernetesGatewaySpec): FrontendTlsConfig | undefined {
  const f = gw.tls?.frontend;
  if (!f) return undefined;
  return f.perPort?.find((p) => p.port === port)?.tls ?? f.default;
}

const refString = (r: { group?: string | undefined; kind?: string | undefined; name: string; namespace?: string | undefined }): string =>
  `${r.group ?? ''}/${r.kind ?? ''}/${r.name}.${r.namespace ?? ''}`;

export interface Ctx {
  index: ConfigIndex;
  grants: ReferenceGrants;
}

/** buildSecretReference: `kubernetes-gateway://ns/name` when the Secret holds a usable key pair. */
function secretReference(ctx: Ctx, ref: { group?: string | undefined; kind?: string | undefined; name: string; namespace?: string | undefined }, ownerNamespace: string, path: Path): { credential: string } | { error: ConfigError } {
  if (groupKind(ref.group, ref.kind, GK.Secret) !== GK.Secret) {
    return { error: configError('InvalidCertificateRef', `invalid certificate reference ${refString(ref)}, only secret is allowed`, path) };
  }
  const ns = ref.namespace ?? ownerNamespace;
  const secret = ctx.index.get('Secret', ns, ref.name);
  if (!secret) return { error: configError('InvalidCertificateRef', `invalid certificate reference ${refString(ref)}, secret ${ns}/${ref.name} not found`, path) };
  const info = extractCertInfo(secretBytes(secret.spec));
  if ('error' in info) return { error: configError('InvalidCertificateRef', `invalid certificate reference ${refString(ref)}, ${info.error}`, path) };
  const problem = keyPairProblem(info.cert, info.key);
  if (problem) return { error: configError('InvalidCertificateRef', `invalid certificate reference ${refString(ref)}, the certificate is malformed: ${problem}`, path) };
  return { credential: `kubernetes-gateway://${ns}/${ref.name}` };
}

/** buildCaCertificateReference: the CA bundle's SDS name, when the ConfigMap or Secret holds one. */
function caReference(ctx: Ctx, ref: ObjectReference, ownerNamespace: string, path: Path): { resourceName: string } | { error: ConfigError } {
  const ns = ref.namespace ?? ownerNamespace;
  const gk = groupKind(ref.group, ref.kind, '/');
  let type: string;
  let data: Map<string, Buffer>;
  if (gk === GK.ConfigMap) {
    type = 'configmap';
    const cm = ctx.index.get('ConfigMap', ns, ref.name);
    if (!cm) return { error: configError('InvalidCACertificateRef', `invalid CA certificate reference ${refString(ref)}, configmap ${ns}/${ref.name} not found`, path) };
    data = configMapBytes(cm.spec);
  } else if (gk === GK.Secret) {
    type = 'kubernetes-gateway';
    const s = ctx.index.get('Secret', ns, ref.name);
    if (!s) return { error: configError('InvalidCACertificateRef', `invalid CA certificate reference ${refString(ref)}, secret ${ns}/${ref.name} not found`, path) };
    data = secretBytes(s.spec);
  } else {
    return { error: configError('InvalidCACertificateKind', `invalid CA certificate reference ${refString(ref)}, only secret and configmap are allowed`, path) };
  }
  const root = extractRoot(data);
  if ('error' in root) return { error: configError('InvalidCACertificateRef', `invalid CA certificate reference ${refString(ref)}, ${root.error}`, path) };
  if (!appendsCerts(root.cert)) return { error: configError('InvalidCACertificateRef', `invalid CA certificate reference ${refString(ref)}, the bundle is malformed`, path) };
  return { resourceName: `${type}://${ns}/${ref.name}-cacert` };
}

/** buildTLS: the server TLS settings, or the reason the listener's TLS is unusable (with the settings so far). */
export function buildTls(
  ctx: Ctx,
  gatewayTls: FrontendTlsConfig | undefined,
  gatewayTlsPath: Path,
  tls: ListenerTls | undefined,
  owner: ListenerOwner,
  autoPassthrough: boolean,
  at: Path,
): { tls?: ServerTls; error?: ConfigError } {
  if (!tls) return {};
  const out: ServerTls = {};
  const mode = tls.mode ?? 'Terminate';
  const namespace = owner.namespace;
  if (mode === 'Terminate') {
    out.mode = 'SIMPLE';
    const terminate = tls.options?.['gateway.istio.io/tls-terminate-mode'];
    if (terminate === 'MUTUAL') out.mode = 'MUTUAL';
    else if (terminate === 'OPTIONAL_MUTUAL') out.mode = 'OPTIONAL_MUTUAL';
    else if (terminate === 'ISTIO_SIMPLE') return { tls: { mode: 'SIMPLE', credentialName: 'builtin://' } };
    else if (terminate === 'ISTIO_MUTUAL') return { tls: { mode: 'ISTIO_MUTUAL' } };
    const refs = tls.certificateRefs ?? [];
    if (refs.length > 2) return { tls: out, error: configError('InvalidCertificateRef', 'TLS mode can only support up to 2 server certificates', [...at, 'tls', 'certificateRefs']) };
    const names: string[] = refs.map(() => '');
    let valid = 0;
    let combined: ConfigError | undefined;
    refs.forEach((ref, i) => {
      const path = [...at, 'tls', 'certificateRefs', i];
      const credNs = ref.namespace ?? namespace;
      if (credNs !== namespace && !ctx.grants.allowed(ownerGroupKind(owner), namespace, GK.Secret, credNs, ref.name)) {
        combined = joinErrors(
          combined,
          configError('RefNotPermitted', `certificateRef ${ref.name}/${credNs} not accessible to a Gateway in namespace "${namespace}" (missing a ReferenceGrant?)`, path),
        );
        return;
      }
      const r = secretReference(ctx, ref, namespace, path);
      if ('error' in r) {
        combined = joinErrors(combined, r.error);
        return;
      }
      names[i] = r.credential;
      valid++;
    });
    if (valid === 0) return combined ? { tls: out, error: combined } : { tls: out };
    if (valid === 1) out.credentialName = names.find((n) => n !== '') ?? '';
    else out.credentialNames = names;
    const validation = gatewayTls?.validation;
    const caRefs = validation?.caCertificateRefs ?? [];
    if (validation && caRefs.length > 0) {
      const vpath = [...gatewayTlsPath, 'validation', 'caCertificateRefs'];
      if (caRefs.length > 1) return { tls: out, error: configError('InvalidCACertificateRef', 'only one caCertificateRef is supported', vpath) };
      const ca = caRefs[0];
      if (ca) {
        const caNs = ca.namespace ?? namespace;
        const caKind = groupKind(ca.group, ca.kind, '/') === GK.Secret ? GK.Secret : GK.ConfigMap;
        if (caNs !== namespace && !ctx.grants.allowed(ownerGroupKind(owner), namespace, caKind, caNs, ca.name)) {
          return {
            tls: out,
            error: configError('RefNotPermitted', `caCertificateRef ${caNs}/${ca.name} not accessible to a Gateway in namespace "${namespace}" (missing a ReferenceGrant?)`, [...vpath, 0]),
          };
        }
        const r = caReference(ctx, ca, namespace, [...vpath, 0]);
        if ('error' in r) return { tls: out, error: r.error };
        out.mode = 'MUTUAL';
        out.insecureSkipVerify = false;
        if (validation.mode === 'AllowInsecureFallback') {
          out.mode = 'OPTIONAL_MUTUAL';
          out.insecureSkipVerify = true;
        }
        out.caCertCredentialName = r.resourceName;
        if (terminate === 'MUTUAL' || terminate === 'OPTIONAL_MUTUAL') {
          out.mode = terminate;
          out.insecureSkipVerify = false;
        }
      }
    }
  } else {
    out.mode = autoPassthrough ? 'AUTO_PASSTHROUGH' : 'PASSTHROUGH';
  }
  const ciphers = tls.options?.['gateway.istio.io/tls-cipher-suites'];
  if (ciphers) {
    const list = filterCipherSuites(ciphers.split(',').map((c) => c.trim()));
    if (list.length > 0) out.cipherSuites = list;
  }
  return { tls: out };
}

/** security.FilterCipherSuites: the names Envoy knows, without duplicates. */
const VALID_CIPHERS = new Set([
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES128-GCM-SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-CHACHA20-POLY1305',
  'ECDHE-RSA-CHACHA20-POLY1305',
  'ECDHE-ECDSA-AES128-SHA',
  'ECDHE-RSA-AES128-SHA',
  'ECDHE-ECDSA-AES256-SHA',
  'ECDHE-RSA-AES256-SHA',
  'AES128-GCM-SHA256',
  'AES256-GCM-SHA384',
  'AES128-SHA',
  'AES256-SHA',
  'DES-CBC3-SHA',
]);
function filterCipherSuites(list: readonly string[]): string[] {
  const out: string[] = [];
  for (const c of list) if (VALID_CIPHERS.has(c) && !out.includes(c)) out.push(c);
  return out;
}
