// Whether a gateway credential Secret holds a usable server certificate, the way istiod reads it for
// SDS: non-empty cert+key (or tls.crt+tls.key), the first PEM block parses as X.509 and the clock is
// inside its validity window. Secret values never leave this module.
// node:crypto is loaded only when a certificate is read (src/load/nodeCrypto.ts says why).
import { nodeCrypto } from '../load/nodeCrypto.js';
import { pemDer, pemMatches } from '../model/pem.js';
import type { SecretSpec } from '../schema/kinds/secret.js';

/** The Secret's data as bytes; `stringData` counts only with API-server semantics (it merges it into data). */
export function secretData(spec: SecretSpec, withStringData: boolean): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const [k, v] of Object.entries(spec.data ?? {})) out.set(k, Buffer.from(v, 'base64'));
  if (withStringData) for (const [k, v] of Object.entries(spec.stringData ?? {})) out.set(k, Buffer.from(v, 'utf8'));
  return out;
}

/** The certificate bytes of the first key pair present with non-empty values (Istio's ExtractCertInfo). */
function certificateOf(data: Map<string, Buffer>): Buffer | undefined {
  for (const [cert, key] of [['cert', 'key'], ['tls.crt', 'tls.key']] as const) {
    const c = data.get(cert);
    if (c && c.length > 0 && (data.get(key)?.length ?? 0) > 0) return c;
  }
  return undefined;
}

/** DER bytes of the first PEM block (any type), as Go's pem.Decode finds it. */
function firstPemBlock(text: string): Buffer | undefined {
  const m = pemMatches(text, true).next();
  return m.done ? undefined : pemDer(m.value.body);
}

export function isUsableCredential(data: Map<string, Buffer>, now: number): boolean {
  const cert = certificateOf(data);
  if (!cert) return false;
  const der = firstPemBlock(cert.toString('latin1'));
  if (!der || der.length === 0) return false;
  try {
    const x = new (nodeCrypto().X509Certificate)(der);
    return now >= Date.parse(x.validFrom) && now <= Date.parse(x.validTo);
  } catch {
    return false;
  }
}
