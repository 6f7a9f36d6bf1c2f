// The credential checks of Istio's Gateway API conversion (credentials/kube ExtractCertInfo and
// ExtractRoot, then Go's tls.X509KeyPair / x509.CertPool.AppendCertsFromPEM): which keys a Secret or
// ConfigMap must hold and whether the PEM parses and the key matches the certificate. Validity dates
// are not checked (Istio does not either). Values never leave this module.
import type { X509Certificate } from 'node:crypto';
import { nodeCrypto } from '../../load/nodeCrypto.js';
import { pemDer, pemMatches } from '../../model/pem.js';
import type { ConfigMapSpec } from '../../schema/kinds/configMap.js';
import type { SecretSpec } from '../../schema/kinds/secret.js';

/** A Secret's data as the API server stores it (stringData merged into data). */
export function secretBytes(spec: SecretSpec): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const [k, v] of Object.entries(spec.data ?? {})) out.set(k, Buffer.from(v, 'base64'));
  for (const [k, v] of Object.entries(spec.stringData ?? {})) out.set(k, Buffer.from(v, 'utf8'));
  return out;
}

export function configMapBytes(spec: ConfigMapSpec): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const [k, v] of Object.entries(spec.data ?? {})) out.set(k, Buffer.from(v, 'utf8'));
  return out;
}

const hasKeys = (d: Map<string, Buffer>, ...keys: string[]): boolean => keys.every((k) => d.has(k));
const hasValue = (d: Map<string, Buffer>, ...keys: string[]): boolean => keys.every((k) => (d.get(k)?.length ?? 0) > 0);

function keysMessage(d: Map<string, Buffer>): string {
  const keys = [...d.keys()].sort();
  return keys.length < 3 ? keys.join(', ') : `${keys.slice(0, 3).join(', ')}, and ${keys.length - 3} more...`;
}

export type Extracted = { cert: Buffer; key: Buffer } | { error: string };

/** ExtractCertInfo: cert+key, else tls.crt+tls.key. */
export function extractCertInfo(d: Map<string, Buffer>): Extracted {
  for (const [c, k] of [
    ['cert', 'key'],
    ['tls.crt', 'tls.key'],
  ] as const) {
    const cert = d.get(c);
    const key = d.get(k);
    if (cert && key && hasValue(d, c, k)) return { cert, key };
  }
  for (const [c, k] of [
    ['cert', 'key'],
    ['tls.crt', 'tls.key'],
  ] as const) {
    if (hasKeys(d, c, k)) return { error: `found keys "${c}" and "${k}", but they were empty` };
  }
  return { error: `found secret, but didn't have expected keys (cert and key) or (tls.crt and tls.key); found: ${keysMessage(d)}` };
}

/** ExtractRoot: cacert, else ca.crt. */
export function extractRoot(d: Map<string, Buffer>): { cert: Buffer } | { error: string } {
  for (const k of ['cacert', 'ca.crt']) {
    const v = d.get(k);
    if (v && v.length > 0) return { cert: v };
  }
  for (const k of ['cacert', 'ca.crt']) if (d.has(k)) return { error: `found key "${k}", but it was empty` };
  return { error: `found secret, but didn't have expected keys cacert or ca.crt; found: ${keysMessage(d)}` };
}

interface PemBlock {
  type: string;
  der: Buffer;
}

/** PEM blocks in order, as Go's pem.Decode finds them (headers skipped; a broken block ends the scan). */
function pemBlocks(data: Buffer): PemBlock[] {
  const text = data.toString('latin1');
  const out: PemBlock[] = [];
  for (const m of pemMatches(text, false)) {
    const der = pemDer(m.body);
    if (!der) break;
    out.push({ type: m.type, der });
  }
  return out;
}

/** tls.X509KeyPair: undefined when the pair is usable, else Go's error text. */
export function keyPairProblem(cert: Buffer, key: Buffer): string | undefined {
  const certBlocks = pemBlocks(cert);
  const certs = certBlocks.filter((b) => b.type === 'CERTIFICATE');
  if (certs.length === 0) {
    if (certBlocks.length === 0) return 'tls: failed to find any PEM data in certificate input';
    if (certBlocks.some((b) => b.type === 'PRIVATE KEY' || b.type.endsWith(' PRIVATE KEY'))) {
      return 'tls: failed to find certificate PEM data in certificate input, but did find a private key; PEM inputs may have been switched';
    }
    return `tls: failed to find "CERTIFICATE" PEM block in certificate input after skipping PEM blocks of the following types: [${certBlocks.map((b) => b.type).join(' ')}]`;
  }
  const keyBlocks = pemBlocks(key);
  const keyBlock = keyBlocks.find((b) => b.type === 'PRIVATE KEY' || b.type.endsWith(' PRIVATE KEY'));
  if (!keyBlock) {
    if (keyBlocks.length === 0) return 'tls: failed to find any PEM data in key input';
    if (keyBlocks.some((b) => b.type === 'CERTIFICATE')) return 'tls: found a certificate rather than a key in the PEM for the private key';
    return `tls: failed to find PEM block with type ending in "PRIVATE KEY" in key input after skipping PEM blocks of the following types: [${keyBlocks.map((b) => b.type).join(' ')}]`;
  }
  let leaf: X509Certificate;
  try {
    leaf = new (nodeCrypto().X509Certificate)(certs[0]?.der ?? Buffer.alloc(0));
  } catch {
    return 'x509: malformed certificate';
  }
  // Go tries PKCS #1, PKCS #8 and SEC 1 whatever the block type says.
  for (const type of ['pkcs1', 'pkcs8', 'sec1'] as const) {
    let privateKey;
    try {
      privateKey = nodeCrypto().createPrivateKey({ key: keyBlock.der, format: 'der', type });
    } catch {
      continue;
    }
    return leaf.checkPrivateKey(privateKey) ? undefined : 'tls: private key does not match public key';
  }
  return 'tls: failed to parse private key';
}

/** x509.CertPool.AppendCertsFromPEM: at least one CERTIFICATE block parses. */
export function appendsCerts(pem: Buffer): boolean {
  for (const b of pemBlocks(pem)) {
    if (b.type !== 'CERTIFICATE') continue;
    try {
      new (nodeCrypto().X509Certificate)(b.der);
      return true;
    } catch {
      // Go skips blocks that do not parse.
    }
  }
  return false;
}
