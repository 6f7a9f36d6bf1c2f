// Sidecar requests: the IP a client would dial for the URL host (a Service's clusterIP), so that
// per-service listeners (`<clusterIP>_<port>`) are found as iptables would find them.
import { isIpAddress } from '../model/hosts.js';
import type { ConfigIndex } from '../model/configIndex.js';

export function destinationAddress(index: ConfigIndex, host: string, clientNamespace: string): string | undefined {
  if (isIpAddress(host)) return host;
  const parts = host.toLowerCase().replace(/\.$/, '').split('.');
  const name = parts[0] ?? '';
  // short name -> the client's namespace; name.ns[.svc[.suffix]] -> that namespace.
  const ns = parts.length === 1 ? clientNamespace : (parts[1] ?? '');
  if (parts.length > 2 && parts[2] !== 'svc') return undefined;
  const svc = index.get('Service', ns, name);
  const ip = svc?.spec.clusterIP;
  return ip && ip !== 'None' ? ip : undefined;
}
